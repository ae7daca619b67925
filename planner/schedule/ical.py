"""RFC 5545 feeds from plain event data: the header and VTIMEZONEs by the `icalendar` library,
each VEVENT by a few string operations that write the same bytes icalendar does (see `_vevent`).

Built deterministically so the same feed is byte-identical in every process (an ETag stays
valid across gunicorn workers): no random calendar UID, each event's DTSTAMP its own last
change, time zones sorted by TZID and each VTIMEZONE generated for a fixed span of years.

A feed is four kinds of text laid end to end: the calendar's header, its VTIMEZONEs, one
VEVENT text per event and the footer. Each VEVENT text depends on its event alone, so feeds
keep them (`feeds.py`) and re-serialize only the events that changed; `build_feed` lays the
same texts end to end in one go, and the two give the same bytes.

Every text that reaches a feed goes through `clean_text`: a title with a line break or a
control character can neither break a line nor inject a property."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone, vDuration, vText
from icalendar.timezone.tzid import tzids_from_tzinfo

from planner.plans.recurrence import Recurrence

STATUS = {"confirmed": "CONFIRMED", "tentative": "TENTATIVE", "cancelled": "CANCELLED"}
FREQUENCY = {"daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY"}
FOOTER = "END:VCALENDAR\r\n"
# Line breaks of every kind become the one TEXT escapes (\n); other control characters
# (C0 but tab and line feed, DEL, C1) are not allowed in iCalendar text and are dropped.
LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85\x0b\x0c]")
CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def clean_text(text: str) -> str:
    """Text as iCalendar may carry it: one kind of line break, no control characters."""
    return CONTROLS.sub("", LINE_BREAKS.sub("\n", text or ""))


def clean_line(text: str) -> str:
    """A value that must stay on one line (a URL): no line breaks, no control characters."""
    return CONTROLS.sub("", LINE_BREAKS.sub("", text or "").replace("\n", ""))


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


def _vevent(event: FeedEvent, stamp: datetime) -> list[str]:
    """The VEVENT's content lines, unfolded, in the order `icalendar` writes them (its
    canonical order, then the other properties by name), so a feed reads the same as one
    built with the library."""
    lines = [
        "SUMMARY:" + _text(event.title),
        _timed("DTSTART", _in_zone(event.start, event)),
        _timed("DTEND", _in_zone(event.end, event)),
        "DTSTAMP:" + _utc_text(event.last_modified or stamp),
        "UID:" + _text(clean_line(event.uid)),
    ]
    if event.recurrence_id is not None:
        lines.append(_timed("RECURRENCE-ID", _in_zone(event.recurrence_id, event)))
    lines.append(f"SEQUENCE:{event.sequence}")
    if event.recurrence:
        lines.append("RRULE:" + _rrule_text(_rrule(event)))
        lines += [_timed("EXDATE", value) for value in _excluded(event)]
    if event.categories:
        lines.append("CATEGORIES:" + ",".join(_text(clean_text(category)) for category in event.categories))
    if event.created:
        lines.append("CREATED:" + _utc_text(event.created))
    if event.description:
        lines.append("DESCRIPTION:" + _text(event.description))
    lines.append("LAST-MODIFIED:" + _utc_text(event.last_modified or stamp))
    if event.location:
        lines.append("LOCATION:" + _text(event.location))
    lines.append("STATUS:" + STATUS.get(event.status, "CONFIRMED"))
    lines.append("TRANSP:" + ("TRANSPARENT" if event.transparent else "OPAQUE"))
    if clean_line(event.url):
        lines.append("URL:" + clean_line(event.url))  # a URI: nothing escaped
    if event.alarm_before:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:" + _text(event.alarm_text or event.title),
            "TRIGGER:" + _duration(-event.alarm_before),
            "END:VALARM",
        ]
    return lines


# Why our own serializer and not `icalendar` (which still writes the header and the VTIMEZONEs,
# and parses every feed back in the tests): its component machinery costs about 1.4 ms per
# event, 43 s for a 30,000-event feed built cold, against some 30 µs for these few string
# operations. tests/schedule/test_vevent_serializer.py holds the two to the same bytes.
def _text(value: str) -> str:
    """An RFC 5545 TEXT value, escaped (after `clean_text`, whose only line break is \\n)."""
    value = clean_text(value)
    if not ESCAPED.search(value):
        return value
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


ESCAPED = re.compile(r"[\\;,\n]")


def _utc_text(moment: datetime) -> str:
    return _wall_text(_utc(moment)) + "Z"


def _date_text(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _wall_text(moment: datetime) -> str:
    return f"{_date_text(moment)}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"


def _timed(name: str, value: date | datetime) -> str:
    """A DATE (VALUE=DATE), a UTC DATE-TIME (Z) or a local one with its TZID."""
    if not isinstance(value, datetime):
        return f"{name};VALUE=DATE:{_date_text(value)}"
    if _is_utc(value):
        return f"{name}:{_wall_text(value)}Z"
    return f"{name};TZID={value.tzinfo.key}:{_wall_text(value)}"


def _is_utc(value: datetime) -> bool:
    return value.tzinfo is UTC or _utc_equivalent(getattr(value.tzinfo, "key", ""))


@lru_cache(maxsize=1024)
def _utc_equivalent(name: str) -> bool:
    """Zones icalendar writes as UTC (Z): UTC itself and those always equal to it (Africa/Abidjan)."""
    return "UTC" in tzids_from_tzinfo(ZoneInfo(name)) if name else False


RRULE_ORDER = ("FREQ", "UNTIL", "COUNT", "INTERVAL")


def _rrule_text(rule: dict) -> str:
    parts = []
    for name in RRULE_ORDER:
        if name in rule:
            value = rule[name]
            if isinstance(value, datetime):
                value = _utc_text(value)
            elif isinstance(value, date):
                value = _date_text(value)
            parts.append(f"{name}={value}")
    return ";".join(parts)


def _duration(delta: timedelta) -> str:
    """A DURATION as `icalendar` writes it (days, then hours, minutes, seconds)."""
    sign = "-" if delta.days < 0 else ""
    delta = -delta if delta.days < 0 else delta
    hours, minutes, seconds = delta.seconds // 3600, delta.seconds % 3600 // 60, delta.seconds % 60
    time_part = ("T" if delta.seconds else "") + (f"{hours}H" if hours else "")
    time_part += f"{minutes}M" if minutes or (hours and seconds) else ""
    time_part += f"{seconds}S" if seconds else ""
    if delta.days == 0 and time_part:
        return f"{sign}P{time_part}"
    return f"{sign}P{delta.days}D{time_part}"


def fold(line: str, limit: int = 75) -> str:
    """RFC 5545 folding as `icalendar` does it: at most `limit` - 1 octets a line, never inside
    a character, nor between a backslash (or ^) and the character it escapes. Cut in the UTF-8
    bytes, a line at a time: a character at a time costs more than the rest of the event."""
    data = line.encode()
    if len(data) < limit:
        return line
    parts, start = [], 0
    while len(data) - start >= limit:
        cut = start + limit - 1
        while data[cut] & 0xC0 == 0x80:  # inside a character: cut before it
            cut -= 1
        if data[cut - 1] in b"\\^" and cut - 1 > start:
            cut -= 1
        parts.append(data[start:cut])
        start = cut
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode()


def event_years(event: FeedEvent) -> tuple[int, ...]:
    """The years an event touches, for the span of the VTIMEZONEs (UTC years, as `feeds.py`
    reads them from the columns)."""
    years = (_sort_instant(event.start).year, _sort_instant(event.end).year)
    if event.recurrence and event.recurrence.until:
        years += (event.recurrence.until.year,)
    return years


def zone_of(event: FeedEvent) -> str | None:
    """The TZID a timed event's values carry; None for all-day ones."""
    return event.timezone if isinstance(event.start, datetime) and event.timezone else None


def timezones_text(zones: Iterable[str | None], years: Iterable[int]) -> str:
    """One VTIMEZONE per TZID used, sorted, each for the whole years the feed spans."""
    names, years = sorted({name for name in zones if name}), list(years)
    if not names:
        return ""
    return "".join(_timezone_text(name, min(years) - 1, max(years) + 2) for name in names)


@lru_cache(maxsize=256)
def _timezone_text(name: str, first_year: int, last_year: int) -> str:
    """A VTIMEZONE depends only on these three, and generating one takes milliseconds."""
    zone = Timezone.from_tzid(name, first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1))
    return _one_rdate_per_line(zone).to_ical().decode()


def _one_rdate_per_line(zone: Timezone) -> Timezone:
    """ical.js (Thunderbird) reads only the first date of a comma-separated RDATE."""
    for rule in zone.subcomponents:
        if "RDATE" in rule:
            lists = rule.pop("RDATE")
            for dates in lists if isinstance(lists, list) else [lists]:
                for moment in dates.dts:
                    rule.add("rdate", moment.dt)
    return zone


def calendar_header(
    name: str,
    description: str = "",
    refresh: timedelta = timedelta(hours=1),
    prodid: str = "-//MoU Planner//Feeds//EN",
) -> str:
    """The VCALENDAR's opening and properties, everything before its first component."""
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if clean_text(name):
        calendar.add("name", vText(clean_text(name)))
        calendar.add("x-wr-calname", vText(clean_text(name)))
    if clean_text(description):
        calendar.add("x-wr-caldesc", vText(clean_text(description)))
    calendar.add("refresh-interval", vDuration(refresh), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(refresh))
    text = calendar.to_ical().decode()
    assert text.endswith(FOOTER)
    return text[: -len(FOOTER)]


def vevent_text(event: FeedEvent, stamp: datetime | None = None) -> str:
    """One event's VEVENT, alarm included; DTSTAMP is its last change (else `stamp`)."""
    lines = ["BEGIN:VEVENT", *_vevent(event, stamp or event.last_modified), "END:VEVENT"]
    return "".join(fold(line) + "\r\n" for line in lines)


def feed_order(event: FeedEvent) -> tuple:
    """Events in a stable order: start, then UID, a moved occurrence after its series."""
    return (_sort_instant(event.start), event.uid, event.recurrence_id is not None)


def build_feed(
    name: str,
    events: Iterable[FeedEvent],
    *,
    stamp: datetime,
    description: str = "",
    refresh: timedelta = timedelta(hours=1),
    prodid: str = "-//MoU Planner//Feeds//EN",
) -> bytes:
    """A whole VCALENDAR at once (the reference the incremental feeds of `feeds.py` equal)."""
    events = sorted(events, key=feed_order)
    zones = timezones_text((zone_of(e) for e in events), (year for e in events for year in event_years(e)))
    parts = [calendar_header(name, description, refresh, prodid), zones]
    parts += [vevent_text(event, stamp) for event in events]
    return ("".join(parts) + FOOTER).encode()


def _sort_instant(value: date | datetime) -> datetime:
    return _utc(value) if isinstance(value, datetime) else datetime.combine(value, time(), tzinfo=UTC)


def build_event_file(event: FeedEvent, *, stamp: datetime, name: str = "") -> bytes:
    return build_feed(name, [event], stamp=stamp)


def feed_etag(feed_bytes: bytes) -> str:
    return '"' + hashlib.sha256(feed_bytes).hexdigest()[:32] + '"'
