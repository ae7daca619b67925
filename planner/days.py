"""Dates typed into a URL (feeds, calendars, filters, reports): one range every surface accepts,
checked before the date is used, so arithmetic near year 1 or 9999 never overflows mid-answer."""

from __future__ import annotations

from datetime import date

FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)


def day_in_range(text: str) -> date:
    """`YYYY-MM-DD` between FIRST_DAY and LAST_DAY; ValueError for anything else."""
    day = date.fromisoformat(text.strip())
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{day.isoformat()} is outside {FIRST_DAY.year}–{LAST_DAY.year}")
    return day
