"""The due-date arithmetic, pure: months follow the calendar across month ends and leap years,
offsets run both ways, and a moment is dated where it happens."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.tasks.anchors import anchor_day, due_on, moved_by, shifted


@pytest.mark.parametrize(
    "day, amount, unit, expected",
    [
        (date(2027, 1, 31), 1, "months", date(2027, 2, 28)),  # the end of a short month
        (date(2028, 1, 31), 1, "months", date(2028, 2, 29)),  # a leap year's February
        (date(2028, 2, 29), 12, "months", date(2029, 2, 28)),  # a leap day a year on
        (date(2028, 2, 29), -12, "months", date(2027, 2, 28)),  # and a year back
        (date(2027, 3, 31), -1, "months", date(2027, 2, 28)),  # before the end of March
        (date(2026, 12, 4), -12, "months", date(2025, 12, 4)),  # a loan request a year ahead
        (date(2026, 12, 4), -10, "months", date(2026, 2, 4)),
        (date(2026, 12, 4), -2, "weeks", date(2026, 11, 20)),
        (date(2026, 12, 4), 1, "weeks", date(2026, 12, 11)),
        (date(2026, 12, 4), -60, "days", date(2026, 10, 5)),
        (date(2026, 12, 31), 1, "days", date(2027, 1, 1)),
        (date(2027, 1, 15), 0, "months", date(2027, 1, 15)),
    ],
)
def test_offsets_in_days_weeks_and_months(day, amount, unit, expected):
    assert shifted(day, amount, unit) == expected


def test_no_anchor_no_date_and_an_unknown_unit_is_refused():
    assert due_on(None, -3, "months") is None
    with pytest.raises(ValueError):
        shifted(date(2027, 1, 1), 1, "fortnights")


def test_a_moment_is_dated_in_its_zone():
    """A lorry leaving Ganja at 23:30 on 19 November (Baku, UTC+4) leaves on the 19th there,
    the 19th in UTC too; one leaving Turkestan at 02:00 on 20 November (UTC+5) left on the 19th
    in UTC but on the 20th where it leaves."""
    baku_evening = datetime(2026, 11, 19, 19, 30, tzinfo=UTC)
    assert anchor_day(baku_evening, "Asia/Baku") == date(2026, 11, 19)
    turkestan_night = datetime(2026, 11, 19, 21, 0)  # naive: UTC, as stored
    assert anchor_day(turkestan_night, "Asia/Almaty") == date(2026, 11, 20)
    assert anchor_day(turkestan_night, "UTC") == date(2026, 11, 19)
    assert anchor_day(turkestan_night, "Not/A_Zone") == date(2026, 11, 19)  # a bad name: UTC, no crash
    assert anchor_day(date(2026, 12, 4), "Asia/Almaty") == date(2026, 12, 4)
    assert anchor_day(None) is None


def test_how_far_a_deadline_moved():
    assert moved_by(date(2026, 11, 20), date(2026, 12, 21)) == 31
    assert moved_by(date(2026, 12, 21), date(2026, 11, 20)) == -31
    assert moved_by(None, date(2026, 11, 20)) is None


@given(st.dates(date(1950, 1, 1), date(2150, 12, 31)), st.integers(-240, 240))
def test_months_there_and_back_land_in_the_same_month(day, months):
    there = shifted(day, months, "months")
    assert (there.year * 12 + there.month) - (day.year * 12 + day.month) == months
    assert there.day == day.day or there.day < day.day  # clipped at a month's end, never past it
    assert shifted(day, months * 7, "days") == shifted(day, months, "weeks")
