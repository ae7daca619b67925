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
    items: list = field(default_factory=list)


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
        for day in days_covered(occurrence.start, occurrence.end, zone):
            if day in days:
                days[day].items.append(occurrence)
    return weeks


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
