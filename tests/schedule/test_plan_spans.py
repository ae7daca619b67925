"""Venue runs, stays and route stops in calendars and feeds without hand-made events; "My
calendar" and my.ics hold the partnerships of one's own institution (an admin's: all)."""

from __future__ import annotations

import icalendar
from sqlalchemy import select

from tests.conftest import add_users_of_another_partnership, csrf_token, log_in
from tests.schedule.test_feed_pages import feed_paths

SILK_ROAD = "Ganja: a city on the Silk Road"


def silk_road(session):
    from planner.plans.models import Plan

    return session.scalar(select(Plan).where(Plan.title["en"].as_string() == SILK_ROAD))


def feed(client, path: str) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(client.get(path).data)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_a_venue_run_is_an_all_day_span_in_the_calendar_and_the_feed_and_follows_the_plan(app, client, demo):
    from planner.plans.models import Plan

    plan = silk_road(demo.session)
    venue = plan.venues[0]  # Turkestan, 4 December 2026 to 31 January 2027
    uid = f"plan-{plan.id}-venue-{venue.id}@mou-planner"
    log_in(client, "curator-turkestan")
    page = client.get("/calendar?month=2026-12&view=agenda").get_data(as_text=True)
    assert f'href="/plans/{plan.id}">{SILK_ROAD} at ' in page
    path = feed_paths(app, "curator-turkestan")[0]
    span = feed(client, path)[uid]
    assert (span["DTSTART"].dt.isoformat(), span["DTEND"].dt.isoformat()) == ("2026-12-04", "2027-02-01")
    sequence = int(span["SEQUENCE"])

    log_in(client, "curator")
    edit = client.get(f"/plans/{plan.id}/edit").get_data(as_text=True)
    version = demo.session.get(Plan, plan.id).version_id
    client.post(
        f"/plans/{plan.id}/venues/{venue.id}/delete", data={"csrf_token": csrf_token(edit), "version_id": version}
    )
    client.post(
        f"/plans/{plan.id}/venues",
        data={
            "csrf_token": csrf_token(edit),
            "version_id": version + 1,
            "venues-site_id": venue.site_id,
            "venues-opens_on": "2026-12-10",
            "venues-closes_on": "2027-01-31",
        },
    )
    log_in(client, "curator-turkestan")
    moved = [e for u, e in feed(client, path).items() if u.startswith(f"plan-{plan.id}-venue-")]
    assert uid not in feed(client, path)
    assert "2026-12-10" in {e["DTSTART"].dt.isoformat() for e in moved}
    assert all(int(e["SEQUENCE"]) > sequence for e in moved)


def test_stays_and_route_stops_are_spans_too(app, client, demo):
    from planner.plans.models import Plan

    log_in(client, "admin")
    uids = set(feed(client, feed_paths(app, "admin")[0]))
    plans = demo.session.scalars(select(Plan)).all()
    stays = {f"plan-{p.id}-stay-{x.id}@mou-planner" for p in plans for x in p.participants if x.from_date}
    stops = {f"plan-{p.id}-stop-{x.id}@mou-planner" for p in plans for x in p.route_stops if x.arrival}
    assert stays and stops and stays | stops <= uids


def test_my_calendar_holds_only_my_institutions_partnerships(app, client, demo):
    """The Carpet Museum and Aziret Sultan exhibition is no partnership of Ganja: not in the
    Ganja curator's or staff's calendar; in Turkestan's and the admin's."""
    carpets = "Carpets of the Great Steppe"
    mine = {}
    for username in ("curator", "staff", "curator-turkestan", "admin"):
        log_in(client, username)
        body = client.get("/calendar?month=2027-06&view=agenda").get_data(as_text=True)
        titles = {str(e["SUMMARY"]) for e in feed(client, feed_paths(app, username)[0]).values()}
        mine[username] = (carpets in body, any(carpets in t for t in titles))
    assert mine == {
        "curator": (False, False),
        "staff": (False, False),
        "curator-turkestan": (True, True),
        "admin": (True, True),
    }


def test_nobody_sees_the_spans_of_a_partnership_they_may_not_read(app, client, demo):
    add_users_of_another_partnership(demo.session)
    demo.session.commit()
    log_in(client, "partner_other")
    page = client.get("/calendar?month=2026-12&view=agenda").get_data(as_text=True)
    assert SILK_ROAD not in page
    assert not [u for u in feed(client, feed_paths(app, "partner_other")[0]) if u.startswith("plan-")]


def test_a_cancelled_plan_has_no_spans(app, client, demo):
    plan = silk_road(demo.session)
    log_in(client, "curator")
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    client.post(f"/plans/{plan.id}/status", data={"csrf_token": csrf_token(page), "status": "cancelled"})
    uids = feed(client, feed_paths(app, "curator")[0])
    assert not [u for u in uids if u.startswith(f"plan-{plan.id}-")]


def test_my_calendar_filters_by_agreement_and_plan(client, demo):
    from planner.plans.models import Plan

    carpets = demo.session.scalar(select(Plan).where(Plan.title["en"].as_string() == "Carpets of the Great Steppe"))
    ganja = silk_road(demo.session).agreement_id
    log_in(client, "curator-turkestan")

    def shown(query: str) -> bool:
        response = client.get(f"/calendar?month=2027-06&view=agenda&{query}")
        assert response.status_code == 200
        return "Carpets of the Great Steppe" in response.get_data(as_text=True)

    assert shown("") and shown(f"agreement={carpets.agreement_id}") and shown(f"plan={carpets.id}")
    assert not shown(f"agreement={ganja}") and not shown(f"plan={silk_road(demo.session).id}")
    assert shown("agreement=x&plan=-1")  # malformed: ignored
    page = client.get(f"/calendar?agreement={ganja}").get_data(as_text=True)
    assert f'<option value="{ganja}" selected>' in page and f"agreement={ganja}" in page  # kept in the month links
