"""One bar per exhibition venue run: an all-day event that repeats a venue run (or another span)
of its own plan is drawn once, as the span; anything else stays."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

from planner.plans.occurrences import Occurrence
from planner.schedule.spans import PlanSpan, drawn_once

RUN = (date(2026, 12, 4), date(2027, 2, 1))  # exclusive end, as all-day events


def span(plan_id: int = 1, site_id: int | None = 7, days=RUN) -> Occurrence:
    plan = SimpleNamespace(id=plan_id)
    return PlanSpan("plan-1-venue-1@x", "Run", plan, *days, site_id=site_id).occurrence()


def event(plan_id: int = 1, site_id: int | None = 7, days=RUN, all_day: bool = True) -> Occurrence:
    return Occurrence(SimpleNamespace(id=5, plan_id=plan_id, site_id=site_id), *days, all_day)


def test_an_all_day_event_repeating_a_venue_run_of_its_plan_is_drawn_once():
    run = span()
    assert drawn_once([run, event()]) == [run]
    assert drawn_once([event(site_id=None), run]) == [run]  # an event naming no site
    stay = span(site_id=None)  # a stay names no site: an event on the same days repeats it
    assert drawn_once([stay, event()]) == [stay]


def test_events_that_differ_stay():
    run = span()
    others = [
        event(plan_id=2),  # another plan's
        event(site_id=8),  # at another site
        event(days=(date(2026, 12, 4), date(2027, 1, 31))),  # other days
        event(all_day=False),
    ]
    assert drawn_once([run, *others]) == [run, *others]


def test_the_demo_exhibition_is_one_bar_per_week_in_the_month_view(as_user, demo):
    """The Silk Road exhibition has its Turkestan run as a venue and as an all-day event: one bar."""
    page = as_user("curator-turkestan").get("/calendar?month=2026-12").get_data(as_text=True)
    month = page.partition('<table class="month"')[2].partition("</table>")[0]
    # five week rows from 4 December on, one bar each (ten when the event was drawn as well)
    bars = re.findall(r'<a[^>]*cal-bar[^>]*>.*?</a>', month, flags=re.S)
    assert len(bars) == 5 and all("Ganja: a city on the Silk Road" in bar for bar in bars)
    assert "Ganja: a city on the Silk Road (Turkestan)" not in month
