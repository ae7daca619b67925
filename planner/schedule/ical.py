"""RFC 5545 feeds from plain event data, built with the `icalendar` library.

Built deterministically so the same feed is byte-identical in every process (an ETag stays
valid across gunicorn workers): no random calendar UID, DTSTAMP from the caller, time zones
sorted by TZID and each VTIMEZONE generated for a fixed span of years."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, vDuration, vText

from planner.schedule.recurrence import Recurrence

STATUS = {"confirmed": "CONFIRMED", "tentative": "TENTATIVE", "cancelled": "CANCELLED"}
FREQUENCY = {"daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY"}


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    sequence: int
    title: str
    start: date | datetime
    end: date | datetime
    timezone: str | None = None
    description: str = ""
    location: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()
    status: str = "confirmed"
    transparent: bool = False
    recurrence: Recurrence | None = None
    recurrence_id: date | datetime | None = None
    created: datetime | None = None
    last_modified: datetime | None = None
    alarm_before: timedelta | None = None
    alarm_text: str = ""


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _in_zone(value: date | datetime, event: FeedEvent) -> date | datetime:
    """Timed values carry the event's IANA zone (never floating); dates stay dates."""
    if isinstance(value, datetime):
        return value.astimezone(ZoneInfo(event.timezone or "UTC"))
    return value


def _rrule(event: FeedEvent) -> dict:
    rec = event.recurrence
    rule: dict = {"FREQ": FREQUENCY[rec.frequency]}
    if rec.interval and rec.interval > 1:
        rule["INTERVAL"] = rec.interval
    if rec.count:
        rule["COUNT"] = rec.count
    elif rec.until:
        if isinstance(event.start, datetime):  # UNTIL in UTC when DTSTART has a TZID
            last_local = datetime.combine(rec.until, time(23, 59, 59), tzinfo=ZoneInfo(event.timezone or "UTC"))
            rule["UNTIL"] = last_local.astimezone(UTC)
        else:
            rule["UNTIL"] = rec.until
    return rule


def _excluded(event: FeedEvent) -> list[date | datetime]:
    """EXDATE values of the same type as DTSTART (an excluded date of a timed series becomes
    that day's local start time)."""
    values = []
    for value in event.recurrence.excluded:
        if isinstance(event.start, datetime):
            if not isinstance(value, datetime):
                value = datetime.combine(value, event.start.timetz())
            values.append(_in_zone(value.replace(tzinfo=value.tzinfo or ZoneInfo(event.timezone or "UTC")), event))
        else:
            values.append(value.date() if isinstance(value, datetime) else value)
    return values


def _vevent(event: FeedEvent, stamp: datetime) -> Event:
    component = Event()
    component.add("uid", event.uid)
    component.add("dtstamp", _utc(stamp))
    component.add("dtstart", _in_zone(event.start, event))
    component.add("dtend", _in_zone(event.end, event))
    component.add("sequence", event.sequence)
    component.add("summary", event.title)
    if event.description:
        component.add("description", event.description)
    if event.location:
        component.add("location", event.location)
    if event.url:
        component.add("url", event.url)
    if event.categories:
        component.add("categories", list(event.categories))
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
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", event.alarm_text or event.title)
        alarm.add("trigger", -event.alarm_before)
        component.add_component(alarm)
    return component


def _timezones(events: list[FeedEvent]) -> list[Timezone]:
    """One VTIMEZONE per TZID used, sorted, each for the whole years the feed spans."""
    zones = sorted({e.timezone for e in events if isinstance(e.start, datetime) and e.timezone})
    if not zones:
        return []
    years = [value.year for e in events for value in (e.start, e.end)]
    years += [e.recurrence.until.year for e in events if e.recurrence and e.recurrence.until]
    first, last = date(min(years) - 1, 1, 1), date(max(years) + 2, 1, 1)
    return [_one_rdate_per_line(Timezone.from_tzid(name, first_date=first, last_date=last)) for name in zones]


def _one_rdate_per_line(zone: Timezone) -> Timezone:
    """ical.js (Thunderbird) reads only the first date of a comma-separated RDATE."""
    for rule in zone.subcomponents:
        if "RDATE" in rule:
            lists = rule.pop("RDATE")
            for dates in lists if isinstance(lists, list) else [lists]:
                for moment in dates.dts:
                    rule.add("rdate", moment.dt)
    return zone


def _calendar(name: str, description: str, refresh: timedelta, prodid: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
    if description:
        calendar.add("x-wr-caldesc", vText(description))
    calendar.add("refresh-interval", vDuration(refresh), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(refresh))
    return calendar


def build_feed(
    name: str,
    events: Iterable[FeedEvent],
    *,
    stamp: datetime,
    description: str = "",
    refresh: timedelta = timedelta(hours=1),
    prodid: str = "-//MoU Planner//Feeds//EN",
) -> bytes:
    """A whole VCALENDAR; events in a stable order (start, then UID)."""
    events = sorted(events, key=lambda e: (_sort_instant(e.start), e.uid, e.recurrence_id is not None))
    calendar = _calendar(name, description, refresh, prodid)
    for zone in _timezones(events):
        calendar.add_component(zone)
    for event in events:
        calendar.add_component(_vevent(event, stamp))
    return calendar.to_ical()


def _sort_instant(value: date | datetime) -> datetime:
    return _utc(value) if isinstance(value, datetime) else datetime.combine(value, time(), tzinfo=UTC)


def build_event_file(event: FeedEvent, *, stamp: datetime, name: str = "") -> bytes:
    return build_feed(name, [event], stamp=stamp)


def feed_etag(feed_bytes: bytes) -> str:
    return '"' + hashlib.sha256(feed_bytes).hexdigest()[:32] + '"'
