"""The feed's own VEVENT serializer writes the bytes `icalendar` writes for the same event.

`ical.vevent_text` is a few string operations instead of icalendar's components (40 times
faster: a cold 100x feed in seconds, not a minute). These tests keep it honest: the reference
below builds the same VEVENT with icalendar's public API, as the feeds did before, and every
generated event must serialize to the same text, folding, escaping and time zones included."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.plans.recurrence import Recurrence
from planner.schedule.ical import (
    STATUS,
    FeedEvent,
    _excluded,
    _in_zone,
    _rrule,
    _utc,
    clean_line,
    clean_text,
    fold,
    vevent_text,
)
from planner.timezones import known_zones
from tests.budget import examples

STAMP = datetime(2026, 1, 1, tzinfo=UTC)
ZONES = ["UTC", "Asia/Baku", "Asia/Almaty", "Europe/Moscow", "Europe/Berlin", "America/New_York", "Asia/Kolkata"]


def reference(event: FeedEvent, stamp: datetime) -> str:
    """The VEVENT as icalendar builds it (the serializer before it was replaced)."""
    component = icalendar.Event()
    component.add("uid", clean_line(event.uid))
    component.add("dtstamp", _utc(event.last_modified or stamp))
    component.add("dtstart", _in_zone(event.start, event))
    component.add("dtend", _in_zone(event.end, event))
    component.add("sequence", event.sequence)
    component.add("summary", clean_text(event.title))
    if event.description:
        component.add("description", clean_text(event.description))
    if event.location:
        component.add("location", clean_text(event.location))
    if clean_line(event.url):
        component.add("url", clean_line(event.url))
    if event.categories:
        component.add("categories", [clean_text(category) for category in event.categories])
    component.add("status", STATUS.get(event.status, "CONFIRMED"))
    component.add("transp", "TRANSPARENT" if event.transparent else "OPAQUE")
    if event.created:
        component.add("created", _utc(event.created))
    component.add("last-modified", _utc(event.last_modified or stamp))
    if event.recurrence:
        component.add("rrule", _rrule(event))
        for value in _excluded(event):
            component.add("exdate", value)
    if event.recurrence_id is not None:
        component.add("recurrence-id", _in_zone(event.recurrence_id, event))
    if event.alarm_before:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", clean_text(event.alarm_text or event.title))
        alarm.add("trigger", -event.alarm_before)
        component.add_component(alarm)
    return component.to_ical().decode()


# Text as users type it: every script the app serves, the characters iCalendar escapes, line
# breaks of every kind, controls; long enough to fold. (icalendar turns a typed backslash-N
# into a line break; the feeds keep what was typed, so that one pair is left out here.)
texts = st.text(
    alphabet=st.sampled_from(list("aZ 09,;:\\^\"'\n\r\t\x00\x0b\u2028әıöüğçşҚқҮүӘЁёЖж€😀漢")),
    max_size=200,
).filter(lambda text: "\\N" not in clean_text(text))
moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1))
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1))


@st.composite
def feed_events(draw) -> FeedEvent:
    all_day = draw(st.booleans())
    zone = None if all_day else draw(st.sampled_from(ZONES))
    if all_day:
        start = draw(days)
        end = start + timedelta(days=draw(st.integers(1, 90)))
    else:
        start = draw(moments).replace(tzinfo=ZoneInfo(zone))
        end = start + timedelta(minutes=draw(st.integers(0, 5000)))
    recurrence = draw(st.none() | recurrences(start))
    moved = draw(st.none() | st.just(start)) if not recurrence else None
    alarm = draw(st.none() | st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=60)))
    return FeedEvent(
        uid=draw(texts) or "uid@test",
        sequence=draw(st.integers(0, 10_000)),
        title=draw(texts),
        start=start,
        end=end,
        timezone=zone,
        description=draw(texts),
        location=draw(texts),
        url=draw(st.sampled_from(["", "https://example.org/a?b=1&c=2;d,e", "http://x.y/\n"])),
        categories=tuple(draw(st.lists(texts, max_size=3))),
        status=draw(st.sampled_from(["confirmed", "tentative", "cancelled", "odd"])),
        transparent=draw(st.booleans()),
        recurrence=recurrence,
        recurrence_id=moved,
        created=draw(st.none() | moments.map(lambda m: m.replace(tzinfo=UTC))),
        last_modified=draw(moments.map(lambda m: m.replace(microsecond=123, tzinfo=UTC))),
        alarm_before=alarm,
        alarm_text=draw(texts),
    )


@st.composite
def recurrences(draw, start) -> Recurrence:
    count = draw(st.none() | st.integers(1, 50))
    until = None if count else draw(st.none() | days)
    excluded = []
    for offset in draw(st.lists(st.integers(1, 30), max_size=3)):
        day = (start if isinstance(start, date) and not isinstance(start, datetime) else start.date()) + timedelta(
            days=offset
        )
        excluded.append(datetime.combine(day, start.timetz()) if isinstance(start, datetime) else day)
    return Recurrence(
        draw(st.sampled_from(["daily", "weekly", "monthly"])),
        interval=draw(st.integers(1, 12)),
        until=until,
        count=count,
        excluded=tuple(excluded),
    )


@settings(max_examples=examples(400))
@given(feed_events())
def test_the_serializer_writes_what_icalendar_writes(event):
    assert vevent_text(event) == reference(event, event.last_modified)


def test_every_zone_the_app_accepts_is_written_as_icalendar_writes_it():
    """UTC as Z, every other canonical zone by its TZID (icalendar knows equivalent names)."""
    for name in sorted(known_zones()):
        start = datetime(2026, 6, 1, 10, tzinfo=ZoneInfo(name))
        event = FeedEvent(uid="z", sequence=0, title="Zone", start=start, end=start, timezone=name)
        assert vevent_text(event, datetime(2026, 1, 1, tzinfo=UTC)) == reference(
            event, datetime(2026, 1, 1, tzinfo=UTC)
        )


def test_a_typed_backslash_n_is_kept_as_typed():
    """icalendar would read the two characters as a line break; the feed escapes the backslash."""
    event = FeedEvent(uid="n", sequence=0, title="C:\\New", start=date(2026, 1, 1), end=date(2026, 1, 2))
    text = vevent_text(event, datetime(2026, 1, 1, tzinfo=UTC))
    assert "SUMMARY:C:\\\\New\r\n" in text
    assert icalendar.Calendar.from_ical("BEGIN:VCALENDAR\r\n" + text + "END:VCALENDAR\r\n").walk("VEVENT")[0][
        "SUMMARY"
    ] == ("C:\\New")


@pytest.mark.parametrize("before", ["x" * 65, "я" * 32 + "x", "x" * 64])
def test_folding_never_splits_an_escape_or_a_character(before):
    """The backslash lands on the 74th octet (or just before it): it moves to the next line."""
    line = "SUMMARY:" + before + "\\," + "ә" * 60
    folded = fold(line)
    for part in folded.split("\r\n "):
        assert len(part.encode()) < 75
        assert not part.endswith("\\")
    assert folded.replace("\r\n ", "") == line
    event = FeedEvent(uid="f", sequence=0, title=before + ",", start=date(2026, 1, 1), end=date(2026, 1, 2))
    assert vevent_text(event, STAMP) == reference(event, STAMP)
