"""Recurring events as plain data, validated and expanded with dateutil's rrule.

Timed events repeat at the same local wall-clock time in their own zone, so a weekly 10:00
Europe/Berlin meeting stays at 10:00 across a daylight-saving change (its UTC time moves).
All-day events repeat by date. An endless rule is refused: every series has an end date or a
count, and at most MAX_OCCURRENCES occurrences."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule

FREQUENCIES = ("daily", "weekly", "monthly")
MAX_OCCURRENCES = 500
DAY = timedelta(days=1)
_FIXED_STEPS = {"daily": timedelta(days=1), "weekly": timedelta(weeks=1)}
_RRULE_FREQUENCY = {"daily": DAILY, "weekly": WEEKLY, "monthly": MONTHLY}


@dataclass(frozen=True)
class Recurrence:
    frequency: str
    interval: int = 1
    until: date | None = None  # the last local date an occurrence may start on, inclusive
    count: int | None = None
    excluded: tuple = ()  # dates (all-day) or aware local datetimes (timed) of occurrences left out


def _rule(rec: Recurrence, start: date | datetime) -> rrule:
    """A dateutil rule over naive local values (wall-clock time), bounded by until or count."""
    until = datetime.combine(rec.until, time.max) if rec.until else None
    count = rec.count if rec.count else (None if until else MAX_OCCURRENCES + 1)
    return rrule(
        _RRULE_FREQUENCY[rec.frequency], dtstart=_naive(start), interval=rec.interval, until=until, count=count
    )


def _is_excluded(local_start: datetime, rec: Recurrence) -> bool:
    """An excluded datetime matches that exact local start; an excluded date, any start that day."""
    for value in rec.excluded:
        if isinstance(value, datetime):
            if value.replace(tzinfo=None) == local_start:
                return True
        elif value == local_start.date():
            return True
    return False


def validate_recurrence(rec: Recurrence, start: date | datetime) -> list[str]:
    """Error codes; an empty list means the rule is safe to store and expand."""
    errors = []
    if rec.frequency not in FREQUENCIES:
        return ["frequency_unknown"]
    if not isinstance(rec.interval, int) or rec.interval < 1:
        errors.append("interval_not_positive")
    if rec.until and rec.count:
        errors.append("until_and_count")
    if not rec.until and not rec.count:
        errors.append("no_end")
    start_day = start.date() if isinstance(start, datetime) else start
    if rec.until and rec.until < start_day:
        errors.append("until_before_start")
    if rec.count and rec.count > MAX_OCCURRENCES:
        errors.append("count_too_large")
    if errors:
        return errors
    starts = list(_rule(rec, start))
    if len(starts) > MAX_OCCURRENCES:
        return ["too_many_occurrences"]
    if any(
        not any(_is_excluded(s, Recurrence(rec.frequency, excluded=(value,))) for s in starts) for value in rec.excluded
    ):
        errors.append("excluded_not_an_occurrence")
    return errors


def _local(value: datetime, like: date | datetime) -> date | datetime:
    """Put a naive rrule value back in the start's terms: a date, or an aware local time."""
    if isinstance(like, datetime):
        return value.replace(tzinfo=like.tzinfo)
    return value.date()


def _as_utc(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.combine(value, time(), tzinfo=UTC)


def occurrences(
    start: date | datetime, end: date | datetime, rec: Recurrence | None, window_start: datetime, window_end: datetime
) -> list[tuple]:
    """(start, end) of every occurrence overlapping [window_start, window_end)."""
    duration = end - start
    if rec is None:
        starts = [start]
    else:
        starts = [
            _local(s, start)
            for s in _starts_near(rec, start, duration, window_start, window_end)
            if not _is_excluded(s, rec)
        ]
    found = []
    for first in starts:
        last = _shift(first, duration)
        if _as_utc(first) < window_end and _as_utc(last) > window_start:
            found.append((first, last))
    return found


def _starts_near(
    rec: Recurrence, start: date | datetime, duration: timedelta, window_start: datetime, window_end: datetime
) -> Iterator[datetime]:
    """The rule's naive local starts that may overlap the window (a day's margin each side for
    zone offsets), so a series costs what the window holds, not its up to 500 occurrences.
    Daily and weekly rules are arithmetic progressions of wall-clock times, entered right at
    the window; monthly ones (months differ in length) go through rrule from the start."""
    zone = start.tzinfo if isinstance(start, datetime) else UTC
    earliest = _naive_in(window_start, zone, -DAY - duration)
    stop = _naive_in(window_end, zone, DAY)
    step = _FIXED_STEPS.get(rec.frequency)
    if step is None:
        candidates = islice(_rule(rec, start), MAX_OCCURRENCES)
    else:
        candidates = _progression(rec, _naive(start), step * rec.interval, earliest)
    for local_start in candidates:
        if local_start > stop:
            return
        yield local_start


def _progression(rec: Recurrence, first: datetime, step: timedelta, earliest: datetime) -> Iterator[datetime]:
    """What rrule yields for a daily or weekly rule (no BY-parts: first + k * step, at most
    `count` or MAX_OCCURRENCES of them, none after `until`), from the first one not before `earliest`."""
    until = datetime.combine(rec.until, time.max) if rec.until else None
    total = min(rec.count, MAX_OCCURRENCES) if rec.count else MAX_OCCURRENCES
    for k in range(max(0, (earliest - first) // step), total):
        local_start = first + k * step
        if until is not None and local_start > until:
            return
        yield local_start


def _naive(start: date | datetime) -> datetime:
    return start.replace(tzinfo=None) if isinstance(start, datetime) else datetime.combine(start, time())


def _naive_in(moment: datetime, zone, margin: timedelta) -> datetime:
    """A window bound as naive wall-clock time in the series' zone, widened by the margin."""
    try:
        return moment.astimezone(zone).replace(tzinfo=None) + margin
    except OverflowError:  # an open window (datetime.min or max) stays open
        return datetime.max if margin > timedelta(0) else datetime.min


def _shift(first: date | datetime, duration) -> date | datetime:
    """End of an occurrence: same wall-clock duration in the event's zone."""
    if isinstance(first, datetime):
        return (first.replace(tzinfo=None) + duration).replace(tzinfo=first.tzinfo)
    return first + duration
