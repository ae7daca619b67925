"""The arithmetic of a task's due date, pure: an anchor's day, moved by an offset in days, weeks
or months (negative: before it). Months follow the calendar (`dateutil.relativedelta`): a month
after 31 January is the last day of February, 28th or 29th as the year has it, and a month
before 31 March is the end of February too. An anchor that is a moment (an opening at 16:00, a
lorry leaving at 23:30) counts from its date where it happens: the moment taken in its zone."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

UNITS = ("days", "weeks", "months")


def anchor_day(moment: date | datetime | None, zone: str | None = None) -> date | None:
    """The calendar day of an anchor: a date as it is; a moment (naive means UTC, as stored)
    taken in `zone` (the venue's or the institution's; UTC when unknown)."""
    if moment is None:
        return None
    if not isinstance(moment, datetime):
        return moment
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(_zone(zone)).date()


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ValueError, KeyError, OSError):  # a bad name stored long ago: UTC rather than a crash
        return ZoneInfo("UTC")


def shifted(day: date, amount: int, unit: str) -> date:
    """`day` moved by `amount` units (negative: earlier)."""
    if unit == "days":
        return day + timedelta(days=amount)
    if unit == "weeks":
        return day + timedelta(weeks=amount)
    if unit == "months":
        return day + relativedelta(months=amount)
    raise ValueError(f"unknown unit {unit!r}")


def due_on(anchor: date | None, amount: int, unit: str) -> date | None:
    """A task's due date: None while its anchor is unknown (no venue, no loan yet)."""
    if anchor is None:
        return None
    return shifted(anchor, amount, unit)


def moved_by(before: date | None, after: date | None) -> int | None:
    """How many days a deadline moved (None when it appeared or vanished)."""
    if before is None or after is None:
        return None
    return (after - before).days
