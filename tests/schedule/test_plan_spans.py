"""Venue runs, stays and route stops in calendars and feeds without hand-made events; "My
calendar" and my.ics hold the partnerships of one's own institution (an admin's: all)."""

from __future__ import annotations

import icalendar
from sqlalchemy import select

from tests.conftest import add_users_of_another_partnership, csrf_token, log_in

SILK_ROAD = "Ganja: a city on the Silk Road"


def silk_road(session):
    from planner.plans.models import Plan

    return session.scalar(select(Plan).where(Plan.title["en"].as_string() == SILK_ROAD))


def feed(client, path: str) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(client.get(path).data)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def agenda(client, month: str) -> str:
    return client.get(f"/calendar?month={month}&view=agenda").get_data(as_text=True)


def test_a_venue_run_is_an_all_day_span_in_the_calendar(app, client, demo):
    plan = silk_road(demo.session)
    plan_id = plan.id  # its first venue: Turkestan, 4 December 2026 to 31 January 2027
    log_in(client, "curator-turkestan")
    page = agenda(client, "2026-12")
    assert (
        f'href="/plans/{plan_id}"><span lang="en">{SILK_ROAD} at ' in page
        and "Dec 4, 2026\u2009–\u2009Jan 31, 2027" in page
    )


def current_version(demo, plan_id: int) -> int:
    from planner.plans.models import Plan

    demo.session.expire_all()
    return demo.session.get(Plan, plan_id).version_id


def test_stays_and_route_stops_are_spans_too(app, demo):
    from datetime import date

    from planner.accounts.models import User
    from planner.plans.models import Plan
    from planner.schedule.spans import spans_in_window

    admin = demo.session.scalar(select(User).where(User.username == "admin"))
    with app.test_request_context():
        uids = {span.uid for span in spans_in_window(admin, date(1900, 1, 1), date(2199, 12, 31))}
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
        mine[username] = carpets in body
    assert mine == {"curator": False, "staff": False, "curator-turkestan": True, "admin": True}


def test_nobody_sees_the_spans_of_a_partnership_they_may_not_read(app, client, demo):
    add_users_of_another_partnership(demo.session)
    demo.session.commit()
    log_in(client, "partner_other")
    page = client.get("/calendar?month=2026-12&view=agenda").get_data(as_text=True)
    assert SILK_ROAD not in page


def test_a_cancelled_plan_has_no_spans(app, client, demo):
    plan = silk_road(demo.session)
    log_in(client, "curator")
    assert f"{SILK_ROAD} at " in agenda(client, "2026-12")
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    client.post(f"/plans/{plan.id}/status", data={"csrf_token": csrf_token(page), "status": "cancelled"})
    assert f"{SILK_ROAD} at " not in agenda(client, "2026-12")


def test_my_calendar_filters_by_agreement_and_plan(client, demo):
    from planner.plans.models import Plan

    carpets = demo.session.scalar(select(Plan).where(Plan.title["en"].as_string() == "Carpets of the Great Steppe"))
    ganja = silk_road(demo.session).agreement_id
    log_in(client, "curator-turkestan")

    def shown(query: str) -> bool:
        response = client.get(f"/calendar?month=2027-06&view=agenda&{query}")
        assert response.status_code == 200
        listed = response.get_data(as_text=True).partition('<ul class="agenda">')[2]  # not the plan filter's options
        return "Carpets of the Great Steppe" in listed

    assert shown("") and shown(f"agreement={carpets.agreement_id}") and shown(f"plan={carpets.id}")
    assert not shown(f"agreement={ganja}") and not shown(f"plan={silk_road(demo.session).id}")
    assert shown("agreement=x&plan=-1")  # malformed: ignored
    page = client.get(f"/calendar?agreement={ganja}").get_data(as_text=True)
    assert f'<option value="{ganja}" selected>' in page and f"agreement={ganja}" in page  # kept in the month links


def my_feed(app, client, username: str) -> dict[str, icalendar.Event]:
    output = app.test_cli_runner().invoke(args=["feeds", "urls", "--user", username]).output
    return feed(client, next(line for line in output.split() if line.endswith("/my.ics")))


def test_my_ics_holds_only_my_institutions_partnerships(app, client, demo):
    """As the page: the Carpet Museum and Aziret Sultan partnership is in Turkestan's and the
    admin's my.ics, not in the Ganja curator's or staff's."""
    from planner.plans.models import Plan

    carpets = demo.session.scalar(select(Plan).where(Plan.title["en"].as_string() == "Carpets of the Great Steppe"))
    marker = f"plan-{carpets.id}-"
    found = {}
    for username in ("curator", "staff", "curator-turkestan", "admin"):
        found[username] = any(uid.startswith(marker) for uid in my_feed(app, client, username))
    assert found == {"curator": False, "staff": False, "curator-turkestan": True, "admin": True}


def test_a_venue_run_is_an_all_day_span_in_the_feed_and_follows_the_plan(app, client, demo, as_user):
    from datetime import date

    plan = silk_road(demo.session)
    venue = plan.venues[0]
    uid = f"plan-{plan.id}-venue-{venue.id}@mou-planner"
    before = my_feed(app, client, "curator-turkestan")
    span = before[uid]
    assert span["DTSTART"].dt == date(2026, 12, 4) and span["DTEND"].dt == date(2027, 2, 1)  # exclusive end
    curator = as_user("curator")  # Ganja adds a second venue run through the plan page
    page = curator.get(f"/plans/{plan.id}/edit").get_data(as_text=True)
    answer = curator.post(
        f"/plans/{plan.id}/venues",
        data={
            "csrf_token": csrf_token(page),
            "version_id": plan.version_id,
            "venues-site_id": venue.site_id,
            "venues-opens_on": "2027-03-01",
            "venues-closes_on": "2027-03-10",
        },
    )
    assert answer.status_code in (302, 303), answer.get_data(as_text=True)[:300]
    spans = my_feed(app, client, "curator-turkestan")
    added = [e for u, e in spans.items() if u.startswith(f"plan-{plan.id}-venue-") and u not in before]
    assert [(e["DTSTART"].dt, e["DTEND"].dt) for e in added] == [(date(2027, 3, 1), date(2027, 3, 11))]
    assert int(spans[uid]["SEQUENCE"]) > int(span["SEQUENCE"])  # the plan changed: a new version of its spans
