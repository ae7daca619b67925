"""From stored events to dated occurrences, and back: the bridge between the Event model and
the pure recurrence functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from planner.plans.recurrence import Recurrence, occurrences
from planner.timezones import zone

FAR_FUTURE = datetime(2200, 1, 1, tzinfo=UTC)
FAR_PAST = datetime(1900, 1, 1, tzinfo=UTC)
LONG_SPAN = timedelta(days=62)  # longer series are flagged `long_running` (see Event)


@dataclass(frozen=True)
class Occurrence:
    """One dated occurrence of an event, as the calendar pages show it."""

    event: object
    start: date | datetime
    end: date | datetime
    all_day: bool

    @property
    def sort_key(self) -> datetime:
        return utc_instant(self.start)


def utc_instant(moment: date | datetime) -> datetime:
    """All-day dates sort at their UTC midnight; timed values by their instant."""
    if isinstance(moment, datetime):
        return moment.astimezone(UTC)
    return datetime.combine(moment, time(), tzinfo=UTC)


def local_bounds(event) -> tuple[date | datetime, date | datetime]:
    """The event's own start and end: aware datetimes in its zone, or dates (end exclusive)."""
    if event.all_day:
        return event.start_date, event.end_date
    tz = zone(event.timezone)
    as_local = lambda moment: moment.replace(tzinfo=UTC).astimezone(tz)  # noqa: E731
    return as_local(event.starts_at), as_local(event.ends_at)


def event_recurrence(event) -> Recurrence | None:
    if not event.recurrence_frequency:
        return None
    excluded = tuple(_parse_excluded(value, event) for value in event.excluded_dates or ())
    return Recurrence(
        frequency=event.recurrence_frequency,
        interval=event.recurrence_interval or 1,
        until=event.recurrence_until,
        count=event.recurrence_count,
        excluded=excluded,
    )


def _parse_excluded(value: str, event) -> date | datetime:
    """Excluded occurrences are stored as ISO dates (all-day) or local ISO datetimes; an all-day
    event that was timed when a date was excluded excludes that date's day."""
    if event.all_day or len(value) == 10:
        return date.fromisoformat(value[:10])
    return datetime.fromisoformat(value).replace(tzinfo=zone(event.timezone))


def occurrence_key(local_start: date | datetime) -> str:
    """How a moved occurrence names the one it replaces: the original local start, as ISO text."""
    if isinstance(local_start, datetime):
        return local_start.replace(tzinfo=None).isoformat(timespec="minutes")
    return local_start.isoformat()


def expand(
    event, window_start: datetime, window_end: datetime, moved: frozenset[str] = frozenset()
) -> list[Occurrence]:
    """The event's occurrences in the window, less those moved elsewhere (their keys in `moved`)."""
    start, end = local_bounds(event)
    found = occurrences(start, end, event_recurrence(event), window_start, window_end)
    if moved:  # the key of each occurrence only when there is something to compare it with
        found = [(s, e) for s, e in found if occurrence_key(s) not in moved]
    return [Occurrence(event, s, e, event.all_day) for s, e in found]


def series_range(event) -> tuple[datetime, datetime]:
    """Naive-UTC bounds of the whole series, stored so a window query needs one index range."""
    found = expand(event, FAR_PAST, FAR_FUTURE)
    start, end = local_bounds(event)
    first = utc_instant(found[0].start if found else start)
    last = utc_instant(found[-1].end if found else end)
    if event.all_day:  # an all-day date covers every zone of the world: widen by a day each side
        first, last = first - timedelta(days=1), last + timedelta(days=1)
    return first.replace(tzinfo=None), last.replace(tzinfo=None)


def is_long_running(range_start: datetime | None, range_end: datetime | None) -> bool:
    """Whether a series' stored range is longer than LONG_SPAN (then window queries cannot
    bound where it starts)."""
    return range_start is not None and range_end is not None and range_end - range_start > LONG_SPAN


def first_occurrence(event) -> Occurrence:
    """The series' first occurrence (the event itself when it does not repeat)."""
    start, end = local_bounds(event)
    found = expand(event, FAR_PAST, FAR_FUTURE)
    return found[0] if found else Occurrence(event, start, end, event.all_day)
