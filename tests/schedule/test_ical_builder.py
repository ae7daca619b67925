"""The iCal builder and recurrence expansion, checked by real calendar parsers."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.plans.recurrence import Recurrence, occurrences, validate_recurrence
from planner.schedule.ical import FeedEvent, build_feed
from tests.budget import examples

BERLIN, BAKU = ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Baku")
STAMP = datetime(2026, 11, 1, tzinfo=UTC)
WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))


def weekly_berlin() -> FeedEvent:
    return FeedEvent(
        uid="berlin@test",
        sequence=2,
        title="Curators' call",
        timezone="Europe/Berlin",
        start=datetime(2026, 10, 13, 10, tzinfo=BERLIN),
        end=datetime(2026, 10, 13, 11, tzinfo=BERLIN),
        recurrence=Recurrence("weekly", until=date(2026, 11, 10)),
        categories=("webinar",),
    )


def sample_feed() -> bytes:
    return build_feed(
        "Sample",
        [
            weekly_berlin(),
            FeedEvent(
                uid="baku@test",
                sequence=0,
                title="Heritage Tuesdays",
                timezone="Asia/Baku",
                start=datetime(2026, 12, 1, 11, tzinfo=BAKU),
                end=datetime(2026, 12, 1, 12, 30, tzinfo=BAKU),
                recurrence=Recurrence("weekly", count=10, excluded=(datetime(2026, 12, 29, 11, tzinfo=BAKU),)),
            ),
            FeedEvent(
                uid="expo@test",
                sequence=1,
                title="Silk Road exhibition",
                start=date(2026, 12, 4),
                end=date(2027, 2, 1),
                transparent=True,
                status="tentative",
            ),
            FeedEvent(
                uid="notice@test",
                sequence=0,
                title="Notice deadline",
                start=date(2031, 2, 15),
                end=date(2031, 2, 16),
                alarm_before=timedelta(days=14),
                alarm_text="Notice deadline in 14 days",
            ),
            FeedEvent(
                uid="gone@test",
                sequence=3,
                title="Cancelled visit",
                start=date(2026, 12, 10),
                end=date(2026, 12, 11),
                status="cancelled",
            ),
        ],
        stamp=STAMP,
    )


def test_weekly_event_keeps_local_time_across_the_dst_change():
    event = weekly_berlin()
    found = occurrences(event.start, event.end, event.recurrence, *WINDOW)
    assert [o[0].date() for o in found] == [
        date(2026, 10, 13),
        date(2026, 10, 20),
        date(2026, 10, 27),
        date(2026, 11, 3),
        date(2026, 11, 10),
    ]
    assert {o[0].hour for o in found} == {10}
    assert [o[0].astimezone(UTC).hour for o in found] == [8, 8, 9, 9, 9]


def test_parsers_expand_the_feed_to_the_same_dates():
    calendar = icalendar.Calendar.from_ical(sample_feed())
    expanded = recurring_ical_events.of(calendar).between(date(2026, 10, 1), date(2027, 3, 1))
    berlin = sorted(e["DTSTART"].dt for e in expanded if str(e["UID"]) == "berlin@test")
    assert [d.astimezone(UTC).hour for d in berlin] == [8, 8, 9, 9, 9]
    baku = [e for e in expanded if str(e["UID"]) == "baku@test"]
    assert len(baku) == 9 and date(2026, 12, 29) not in {e["DTSTART"].dt.date() for e in baku}
    parsed = next(vobject.readComponents(sample_feed().decode()))
    assert len(parsed.vevent_list) == 5


def test_rfc5545_details():
    text = sample_feed().decode()
    assert "\r\n" in text and all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in text and "X-PUBLISHED-TTL:PT1H" in text
    assert "X-WR-TIMEZONE" not in text and "X-WR-CALNAME:Sample" in text and "NAME:Sample" in text
    assert "RRULE:FREQ=WEEKLY;UNTIL=20261110T225959Z" in text  # UNTIL in UTC
    assert "EXDATE;TZID=Asia/Baku:20261229T110000" in text  # EXDATE typed like DTSTART
    assert "DTEND;VALUE=DATE:20270201" in text and "TRANSP:TRANSPARENT" in text
    assert "STATUS:CANCELLED" in text and "STATUS:TENTATIVE" in text
    assert "TRIGGER:-P14D" in text and "CATEGORIES:webinar" in text
    calendar = icalendar.Calendar.from_ical(text)
    used = {str(e["DTSTART"].params.get("TZID")) for e in calendar.walk("VEVENT") if "TZID" in e["DTSTART"].params}
    assert used == {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    assert all(line.count(",") == 0 for line in text.split("\r\n") if line.startswith("RDATE"))


@pytest.mark.parametrize("title", ["Evil\r\nBEGIN:VEVENT\r\nUID:x", "a;b,c\\d", "line\nbreak", "END:VCALENDAR"])
def test_text_cannot_inject_properties_or_components(title):
    feed = build_feed(
        "Injection",
        [
            FeedEvent(
                uid="i@test",
                sequence=0,
                title=title,
                description=title,
                location=title,
                start=date(2027, 1, 1),
                end=date(2027, 1, 2),
            )
        ],
        stamp=STAMP,
    )
    events = icalendar.Calendar.from_ical(feed).walk("VEVENT")
    assert len(events) == 1 and str(events[0]["UID"]) == "i@test"
    assert str(events[0]["SUMMARY"]).replace("\r", "") == title.replace("\r", "")


def test_same_feed_is_byte_identical_in_two_processes():
    script = (
        "import sys; from tests.schedule.test_ical_builder import sample_feed; sys.stdout.buffer.write(sample_feed())"
    )
    first, second = (
        subprocess.run([sys.executable, "-c", script], capture_output=True, check=True).stdout for _ in range(2)
    )
    assert first == second == sample_feed()


def test_sequence_passes_through():
    calendar = icalendar.Calendar.from_ical(sample_feed())
    assert {str(e["UID"]): int(e["SEQUENCE"]) for e in calendar.walk("VEVENT")}["gone@test"] == 3


@pytest.mark.parametrize(
    "rule, codes",
    [
        (Recurrence("yearly", count=3), ["frequency_unknown"]),
        (Recurrence("weekly"), ["no_end"]),
        (Recurrence("weekly", count=3, until=date(2027, 1, 1)), ["until_and_count"]),
        (Recurrence("daily", count=100000), ["count_too_large"]),
        (Recurrence("daily", until=date(2099, 1, 1)), ["too_many_occurrences"]),
        (Recurrence("weekly", until=date(2020, 1, 1)), ["until_before_start"]),
        (Recurrence("weekly", count=3, interval=0), ["interval_not_positive"]),
        (Recurrence("weekly", count=3, excluded=(date(2026, 10, 14),)), ["excluded_not_an_occurrence"]),
        (Recurrence("weekly", count=3, excluded=(date(2026, 10, 20),)), []),
    ],
)
def test_validation(rule, codes):
    assert validate_recurrence(rule, datetime(2026, 10, 13, 10, tzinfo=BERLIN)) == codes


def test_monthly_all_day_series():
    found = occurrences(date(2027, 1, 31), date(2027, 2, 1), Recurrence("monthly", count=3), *WINDOW)
    assert [o[0] for o in found] == [date(2027, 1, 31), date(2027, 3, 31), date(2027, 5, 31)]


ICALJS = __import__("pathlib").Path(__file__).resolve().parent / "icaljs"


def test_thunderbirds_parser_expands_the_feed_like_the_python_parsers(tmp_path):
    """Mozilla's ical.js (installed from the npm registry by `make test`) reads the feed, its
    time zones, the DST change and the exclusions, and finds the same occurrences."""
    import json
    import shutil

    if not (shutil.which("node") and (ICALJS / "node_modules" / "ical.js").exists()):
        if __import__("os").environ.get("CI") == "true":
            pytest.fail("node and ical.js are needed in CI (make test installs ical.js)")
        pytest.skip("node or ical.js missing: `make test` installs ical.js with npm")
    feed = tmp_path / "feed.ics"
    feed.write_bytes(sample_feed())
    result = subprocess.run(
        ["node", str(ICALJS / "expand.mjs"), str(feed), "2026-09-01", "2027-03-01"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ICALJS,
    )
    found = json.loads(result.stdout)
    calendar = icalendar.Calendar.from_ical(sample_feed())
    expected = sorted(
        [
            str(e["UID"]),
            e["DTSTART"].dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
            if isinstance(e["DTSTART"].dt, datetime)
            else None,
        ]
        for e in recurring_ical_events.of(calendar).between(date(2026, 9, 1), date(2027, 3, 1))
    )
    timed = [pair for pair in found if pair[0] in ("berlin@test", "baku@test")]
    assert timed == [pair for pair in expected if pair[0] in ("berlin@test", "baku@test")]
    assert len(timed) == 5 + 9


def _rrule_reference(start, end, rec: Recurrence, window_start, window_end) -> list[tuple]:
    """dateutil's rrule over the whole series, then the window: what expansion must equal."""
    from itertools import islice

    from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule

    naive = start.replace(tzinfo=None) if isinstance(start, datetime) else datetime.combine(start, datetime.min.time())
    until = datetime.combine(rec.until, datetime.max.time()) if rec.until else None
    rule = rrule(
        {"daily": DAILY, "weekly": WEEKLY, "monthly": MONTHLY}[rec.frequency],
        dtstart=naive,
        interval=rec.interval,
        count=rec.count,
        until=until,
    )
    found = []
    for value in islice(rule, 500):
        first = value.replace(tzinfo=start.tzinfo) if isinstance(start, datetime) else value.date()
        last = (
            (first.replace(tzinfo=None) + (end - start)).replace(tzinfo=first.tzinfo)
            if isinstance(first, datetime)
            else first + (end - start)
        )
        as_utc = [
            v.astimezone(UTC) if isinstance(v, datetime) else datetime.combine(v, datetime.min.time(), tzinfo=UTC)
            for v in (first, last)
        ]
        if as_utc[0] < window_end and as_utc[1] > window_start:
            found.append((first, last))
    return found


@settings(max_examples=examples(400), database=None)
@given(
    frequency=st.sampled_from(["daily", "weekly", "monthly"]),
    interval=st.integers(1, 3),
    count=st.one_of(st.none(), st.integers(1, 500)),
    until_days=st.integers(0, 3000),
    zone_name=st.sampled_from(["Europe/Berlin", "Asia/Baku", "America/New_York", "UTC"]),
    all_day=st.booleans(),
    start_hours=st.integers(0, 24 * 900),
    length_minutes=st.integers(30, 60 * 24 * 9),
    window_hours=st.integers(-3000, 30000),
    window_length=st.integers(1, 24 * 120),
)
def test_expanding_a_window_gives_what_rrule_gives_for_it(
    frequency, interval, count, until_days, zone_name, all_day, start_hours, length_minutes, window_hours, window_length
):
    """Windows are entered directly (daily and weekly rules are arithmetic progressions) and left
    a day after their end: the result must be rrule's, across DST changes too."""
    zone = ZoneInfo(zone_name)
    if all_day:
        start = date(2024, 1, 1) + timedelta(hours=start_hours) // timedelta(days=1) * timedelta(days=1)
        end = start + timedelta(days=1 + length_minutes // (60 * 24))
    else:
        start = datetime(2024, 1, 1, tzinfo=zone) + timedelta(hours=start_hours)
        end = (start.replace(tzinfo=None) + timedelta(minutes=length_minutes)).replace(tzinfo=zone)
    first_day = start if all_day else start.date()
    rec = Recurrence(
        frequency, interval=interval, count=count, until=None if count else first_day + timedelta(days=until_days)
    )
    window_start = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=window_hours)
    window_end = window_start + timedelta(hours=window_length)
    assert occurrences(start, end, rec, window_start, window_end) == _rrule_reference(
        start, end, rec, window_start, window_end
    )


def test_a_window_past_the_500th_occurrence_holds_nothing_more():
    start = datetime(2026, 1, 1, 10, tzinfo=BAKU)
    rec = Recurrence("daily", until=date(2030, 1, 1))
    window = (datetime(2027, 5, 10, tzinfo=UTC), datetime(2027, 5, 20, tzinfo=UTC))
    found = occurrences(start, start + timedelta(hours=1), rec, *window)
    assert [o[0].date() for o in found] == [date(2027, 5, 10) + timedelta(days=n) for n in range(6)]
    assert found == _rrule_reference(start, start + timedelta(hours=1), rec, *window)
