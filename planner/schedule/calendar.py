"""The month grid, as plain data: weeks of days, each day with the occurrences it shows."""

from __future__ import annotations

import calendar as stdlib_calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass
class Day:
    day: date
    in_month: bool
    items: list = field(default_factory=list)  # occurrences within this one day
    bars: list = field(default_factory=list)  # occurrences of several days that start their week row here


@dataclass(frozen=True)
class Bar:
    """A multi-day occurrence drawn once per week row: from its first day in the row, ``span`` days."""

    occurrence: object
    span: int
    continues_before: bool
    continues_after: bool


def month_bounds(year: int, month: int, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The visible grid's first and last instants in the viewer's zone (whole weeks)."""
    first = date(year, month, 1)
    grid_start = first - timedelta(days=first.weekday())
    last = date(year, month, stdlib_calendar.monthrange(year, month)[1])
    grid_end = last + timedelta(days=7 - last.weekday())
    return (datetime.combine(grid_start, time(), tzinfo=zone), datetime.combine(grid_end, time(), tzinfo=zone))


def days_covered(start: date | datetime, end: date | datetime, zone: ZoneInfo) -> list[date]:
    """The local dates an occurrence touches: all-day ends are exclusive, timed ends too."""
    if isinstance(start, datetime):
        first = start.astimezone(zone).date()
        last = (end.astimezone(zone) - timedelta(microseconds=1)).date()
    else:
        first, last = start, end - timedelta(days=1)
    last = max(first, last)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def month_grid(year: int, month: int, occurrences, zone: ZoneInfo) -> list[list[Day]]:
    grid_start, grid_end = month_bounds(year, month, zone)
    days = {}
    weeks = []
    current = grid_start.date()
    while current < grid_end.date():
        week = []
        for _ in range(7):
            days[current] = Day(current, current.month == month)
            week.append(days[current])
            current += timedelta(days=1)
        weeks.append(week)
    for occurrence in occurrences:
        every_day = days_covered(occurrence.start, occurrence.end, zone)
        if len(every_day) == 1:
            if every_day[0] in days:
                days[every_day[0]].items.append(occurrence)
        else:
            _add_bars(weeks, occurrence, [day for day in every_day if day in days], every_day)
    return weeks


def _add_bars(weeks: list[list[Day]], occurrence, covered: list[date], every_day: list[date]) -> None:
    """One bar per week row the occurrence touches (a six-week exhibition: six bars, not 42 cells)."""
    covered_set = set(covered)
    for week in weeks:
        in_row = [d for d in week if d.day in covered_set]
        if not in_row:
            continue
        first, last = in_row[0].day, in_row[-1].day
        in_row[0].bars.append(Bar(occurrence, len(in_row), first > every_day[0], last < every_day[-1]))


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def parse_month(value: str | None, today: date) -> tuple[int, int]:
    """`YYYY-MM` from the query string; anything else means the current month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 1900 <= year <= 2200 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    return today.year, today.month
