"""The month view: a multi-day event is one bar per week row, today is marked, and the calendar
of a plan or agreement opens on the month of its next (or first) event."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from sqlalchemy import select

from planner.plans.occurrences import Occurrence
from planner.schedule.calendar import month_grid

BAKU = ZoneInfo("Asia/Baku")


def test_a_six_week_exhibition_is_one_bar_per_week_row():
    exhibition = Occurrence(SimpleNamespace(id=1), date(2026, 12, 4), date(2027, 2, 1), True)
    weeks = month_grid(2026, 12, [exhibition], BAKU)
    bars = [bar for week in weeks for day in week for bar in day.bars]
    assert len(bars) == sum(1 for week in weeks if any(date(2026, 12, 4) <= d.day < date(2027, 2, 1) for d in week))
    assert sum(bar.span for bar in bars) == sum(1 for w in weeks for d in w if date(2026, 12, 4) <= d.day)
    assert not any(day.items for week in weeks for day in week)
    assert not bars[0].continues_before and bars[0].continues_after and bars[-1].continues_before


def test_a_one_day_event_stays_in_its_cell():
    talk = Occurrence(SimpleNamespace(id=2), date(2026, 12, 9), date(2026, 12, 10), True)
    days = {d.day: d for week in month_grid(2026, 12, [talk], BAKU) for d in week}
    assert days[date(2026, 12, 9)].items == [talk] and not days[date(2026, 12, 9)].bars


def test_today_is_marked(as_user, demo):
    page = as_user("staff").get("/calendar").get_data(as_text=True)
    assert page.count('aria-current="date"') == 1


def test_plan_calendars_open_on_their_next_or_first_event(as_user, demo):
    from planner.plans.models import Plan

    plan = next(p for p in demo.session.scalars(select(Plan)) if p.kind == "conservation")  # February 2027
    page = as_user("staff").get(f"/plans/{plan.id}/calendar").get_data(as_text=True)
    assert 'name="month" value="2027-02"' in page
    assert "cal-bar" in as_user("staff").get("/calendar?month=2026-12").get_data(as_text=True)
