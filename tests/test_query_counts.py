"""Pages issue a bounded number of SQL statements whatever the data size: counted at two sizes."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from tests.conftest import statements_of


@pytest.fixture(autouse=True)
def pages_made_every_time(app, monkeypatch):
    """What a page's own queries cost: no kept page and no shared part (tests/test_page_cache.py
    counts a kept page, tests/test_shared_parts.py a shared one)."""
    monkeypatch.setitem(app.config, "PAGE_CACHE", False)
    monkeypatch.setitem(app.config, "SHARED_PARTS", False)


def grow(db, plans: int) -> None:
    """Add plans with venues, costs, people, stops and events to the Ganja partnership."""
    from planner.agreements.models import Agreement
    from planner.plans.events import Event
    from planner.plans.models import CostItem, Participant, Plan, PlanVenue, RouteStop
    from planner.plans.occurrences import series_range

    agreement = next(a for a in db.session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    lead, partner = (p.institution for p in agreement.parties)
    site = lead.sites[0]
    for n in range(plans):
        plan = Plan(
            agreement=agreement,
            kind="seminar",
            title={"en": f"Seminar {n}"},
            lead_institution=lead,
            partners=[partner],
            articles=[agreement.articles[4]],
        )
        plan.venues = [PlanVenue(site=site, opens_on=date(2026, 12, 1), closes_on=date(2026, 12, 2))]
        plan.cost_items = [CostItem(payer=lead, amount=10, currency="AZN")]
        plan.participants = [Participant(name=f"Person {n}", home_institution=lead, host_institution=partner)]
        plan.route_stops = [RouteStop(site=site, position=1)]
        for k in range(3):
            item = Event(
                uid=f"grow-{n}-{k}@test",
                title=f"Session {n}.{k}",
                timezone="Asia/Baku",
                site=site,
                starts_at=datetime(2026, 12, 1 + k, 8),
                ends_at=datetime(2026, 12, 1 + k, 9),
                recurrence_frequency="weekly" if k == 0 else None,
                recurrence_count=4 if k == 0 else None,
            )
            item.plan = plan
            item.range_start, item.range_end = series_range(item)
        db.session.add(plan)
    db.session.commit()


def count_statements(app, client, path: str) -> int:
    """A feed is counted as served from its stored texts: the build before it (once per change,
    a statement per chunk of changed events) is checked in tests/schedule/test_incremental_feeds.py."""
    if path.endswith(".ics"):
        client.get(path).get_data()
    return len(statements_of(app, client, path))


def main_pages(app, db) -> list[str]:
    """Every main page and feed of the Ganja partnership, and the curator's own."""
    from planner.agreements.models import Agreement

    agreement = next(a for a in db.session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    plan_id, institution_id = agreement.plans[0].id, agreement.parties[0].institution_id
    event_id = next(e.id for p in agreement.plans for e in p.events)
    feeds = app.test_cli_runner().invoke(args=["feeds", "urls", "--user", "curator"]).output.split()
    scoped_feed = lambda kind, scope_id: next(f for f in feeds if f.endswith(f"/{kind}/{scope_id}.ics"))  # noqa: E731
    return [
        "/",
        "/agreements",
        f"/agreements/{agreement.id}",
        f"/plans/{plan_id}",
        f"/plans/new?agreement={agreement.id}",
        f"/events/{event_id}",
        "/calendar?month=2026-12",
        "/calendar?month=2026-12&view=agenda",
        "/calendar?view=week&day=2026-12-02",
        f"/calendar?view=week&day=2026-12-02&agreement={agreement.id}&plan={plan_id}",
        f"/plans/{plan_id}/calendar?view=week&day=2026-12-02",
        f"/agreements/{agreement.id}/calendar?month=2026-12",
        f"/plans/{plan_id}/calendar?month=2026-12",
        f"/institutions/{institution_id}/calendar?month=2026-12",
        f"/institutions/{institution_id}",
        feeds[0],
        scoped_feed("agreements", agreement.id),
        scoped_feed("plans", plan_id),
        scoped_feed("institutions", institution_id),
        "/map",
        f"/agreements/{agreement.id}/map",
        f"/plans/{plan_id}/map",
        "/map.geojson",
        f"/agreements/{agreement.id}/map.geojson",
        f"/plans/{plan_id}/map.geojson",
    ]


def test_statements_per_page_do_not_grow_with_the_data(app, as_user, demo):
    client = as_user("curator")
    pages = main_pages(app, demo)
    small = {path: count_statements(app, client, path) for path in pages}
    grow(demo, 40)
    large = {path: count_statements(app, client, path) for path in pages}
    assert large == small
    # a page reads a fixed number of times whatever the data; the busiest (the dashboard: agreements,
    # events, to-do with approvals, tasks and loans; the plan page with its loans, checklist and
    # timeline) stay within this
    assert max(small.values()) <= 24
