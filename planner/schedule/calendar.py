"""The month and week grids, as plain data: rows of seven days, each day with the occurrences it
shows; a row starts on the reader's first day of the week (Babel's, from the locale)."""

from __future__ import annotations

import calendar as stdlib_calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel import Locale

from planner.days import day_in_range

CELL_ITEMS = 3  # what a month cell shows before "+N more" (a reader scans a few, then opens the day)


@dataclass
class Day:
    day: date
    in_month: bool
    items: list = field(default_factory=list)  # occurrences within this one day
    bars: list = field(default_factory=list)  # occurrences of several days that start their week row here

    def cell(self, limit: int = CELL_ITEMS) -> tuple[list, list, int]:
        """What a month cell shows: the first `limit` of its bars, then of its single-day items,
        and how many of them it leaves to the day's own page ("+N more")."""
        bars = self.bars[:limit]
        items = self.items[: limit - len(bars)]
        return bars, items, len(self.bars) + len(self.items) - len(bars) - len(items)


@dataclass(frozen=True)
class Bar:
    """A multi-day occurrence drawn once per week row: from its first day in the row, ``span`` days."""

    occurrence: object
    span: int
    continues_before: bool
    continues_after: bool


@dataclass(frozen=True)
class HourRow:
    """One hour of the week view: per day, the timed occurrences that start in it (local time)."""

    hour: time
    cells: list


def first_weekday(locale: str) -> int:
    """The day a week starts on where the reader lives (0 Monday ... 6 Sunday), as CLDR says."""
    return Locale.parse(locale).first_week_day


def week_start(day: date, first: int = 0) -> date:
    """The first day of the week that holds `day`."""
    return day - timedelta(days=(day.weekday() - first) % 7)


def _midnights(first: date, end: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    return datetime.combine(first, time(), tzinfo=zone), datetime.combine(end, time(), tzinfo=zone)


def month_bounds(year: int, month: int, zone: ZoneInfo, first: int = 0) -> tuple[datetime, datetime]:
    """The visible grid's first and last instants in the viewer's zone (whole weeks)."""
    last = date(year, month, stdlib_calendar.monthrange(year, month)[1])
    return _midnights(week_start(date(year, month, 1), first), week_start(last, first) + timedelta(days=7), zone)


def week_bounds(day: date, zone: ZoneInfo, first: int = 0) -> tuple[datetime, datetime]:
    """The first and last instants of the week holding `day`, in the viewer's zone."""
    start = week_start(day, first)
    return _midnights(start, start + timedelta(days=7), zone)


def date_span(start: date | datetime, end: date | datetime, zone: ZoneInfo) -> tuple[date, date]:
    """The first and last local dates an occurrence touches: all-day ends are exclusive, timed ends too."""
    if isinstance(start, datetime):
        first = start.astimezone(zone).date()
        last = (end.astimezone(zone) - timedelta(microseconds=1)).date()
    else:
        first, last = start, end - timedelta(days=1)
    return first, max(first, last)


def days_covered(start: date | datetime, end: date | datetime, zone: ZoneInfo) -> list[date]:
    """Every local date an occurrence touches (see `date_span`)."""
    first, last = date_span(start, end, zone)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def month_grid(year: int, month: int, occurrences, zone: ZoneInfo, first: int = 0) -> list[list[Day]]:
    grid_start, grid_end = month_bounds(year, month, zone, first)
    return day_rows(grid_start.date(), grid_end.date(), occurrences, zone, month)


def week_grid(day: date, occurrences, zone: ZoneInfo, first: int = 0) -> list[Day]:
    """The seven days of the week holding `day`, filled as a month row is (one bar per multi-day
    occurrence, single-day ones in their day)."""
    start = week_start(day, first)
    return day_rows(start, start + timedelta(days=7), occurrences, zone)[0]


def day_rows(first: date, end: date, occurrences, zone: ZoneInfo, month: int | None = None) -> list[list[Day]]:
    """Rows of seven days from `first` to `end` (exclusive); a day is "in the month" when no month
    is given. A single-day occurrence goes in its day, a longer one is a bar per row."""
    days = {}
    weeks = []
    current = first
    while current < end:
        week = []
        for _ in range(7):
            days[current] = Day(current, month is None or current.month == month)
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


def drawn(weeks: list[list[Day]], limit: int = CELL_ITEMS) -> list:
    """The occurrences the month cells draw (the rest are counted in "+N more")."""
    found = []
    for week in weeks:
        for day in week:
            bars, items, _hidden = day.cell(limit)
            found += [bar.occurrence for bar in bars] + items
    return found


def with_events(weeks: list[list[Day]], swap) -> None:
    """Every occurrence of the grid passed through `swap` (which gives it the event it draws)."""
    for week in weeks:
        for day in week:
            day.items = [swap(o) for o in day.items]
            day.bars = [
                Bar(swap(bar.occurrence), bar.span, bar.continues_before, bar.continues_after) for bar in day.bars
            ]


def hour_rows(days: list[Day], zone: ZoneInfo, first_hour: int = 8, last_hour: int = 18) -> list[HourRow]:
    """The week view's hours: each timed single-day occurrence in the row of its local start hour.
    The rows run from 8:00 to 18:00 and stretch to hold an earlier or later occurrence."""
    timed = [(n, o, o.start.astimezone(zone).hour) for n, day in enumerate(days) for o in day.items if not o.all_day]
    hours = [hour for _n, _o, hour in timed]
    rows = [
        HourRow(time(hour), [[] for _ in days])
        for hour in range(min([first_hour, *hours]), max([last_hour, *hours]) + 1)
    ]
    for n, occurrence, hour in timed:
        rows[hour - rows[0].hour.hour].cells[n].append(occurrence)
    return rows


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


VIEWS = ("month", "week", "agenda", "day")  # a day's page is where a month cell's "+N more" leads


@dataclass(frozen=True)
class Period:
    """What a calendar page shows: the month (month and agenda views) or the week holding `focus`."""

    view: str
    focus: date
    first: date  # the first day shown (the month's, the week's or the day itself)
    end: date  # the day after the last one

    @classmethod
    def of(cls, view: str, focus: date, first_weekday: int) -> Period:
        if view == "day":
            return cls(view, focus, focus, focus + timedelta(days=1))
        if view == "week":
            first = week_start(focus, first_weekday)
            return cls(view, focus, first, first + timedelta(days=7))
        first = focus.replace(day=1)
        return cls(view, focus, first, date(*shift_month(first.year, first.month, 1), 1))

    def bounds(self, tz: ZoneInfo, first_weekday: int) -> tuple[datetime, datetime]:
        """The instants to read: whole weeks of the month grid, the week, or the day."""
        if self.view == "day":
            return _midnights(self.first, self.end, tz)
        if self.view == "week":
            return week_bounds(self.focus, tz, first_weekday)
        return month_bounds(self.first.year, self.first.month, tz, first_weekday)

    def holds(self, occurrence, tz: ZoneInfo) -> bool:
        """Whether an occurrence touches a day of the period (the agenda lists only those)."""
        first, last = date_span(occurrence.start, occurrence.end, tz)
        return first < self.end and last >= self.first


def parse_day(value: str | None) -> date | None:
    """`YYYY-MM-DD` from the query string, or None for anything else."""
    try:
        return day_in_range(value or "")
    except ValueError:
        return None


def focus_day(day_value: str | None, month_value: str | None, opening: date) -> date:
    """The day a calendar page is about (?day=, else ?month=, else `opening`): the week view shows
    its week, the month and agenda views its month; switching views keeps it. A month without a
    day means its first day, or `opening` when that is in it."""
    day = parse_day(day_value)
    year, month = parse_month(month_value, day or opening)
    for candidate in (day, opening):
        if candidate is not None and (candidate.year, candidate.month) == (year, month):
            return candidate
    return date(year, month, 1)
