"""The small things of #33 item 7 on the pages: the loan period of loan objects and a cost's
"for the part of" on the plan page; no internal "Version" row on the event page; the personal
feed first on /account/feeds."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from planner.formatting import day_range


def plan_titled(session, title: str):
    from planner.plans.models import Plan

    return session.scalar(select(Plan).where(Plan.title["en"].as_string() == title))


def test_the_plan_page_shows_each_loan_objects_period(as_user, demo):
    plan = plan_titled(demo.session, "Ganja: a city on the Silk Road")
    page = as_user("curator").get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "Loan period" in page
    assert page.count(day_range(date(2026, 11, 20), date(2027, 4, 30), "en")) == len(plan.loan_objects)


def test_the_plan_page_shows_for_whose_part_a_cost_is(app, as_user, demo):
    from planner.plans.models import CostItem
    from planner.unit_of_work import unit_of_work

    plan = plan_titled(demo.session, "Carpets of the Great Steppe")
    client = as_user("curator-turkestan")
    assert "For the part of" not in client.get(f"/plans/{plan.id}").get_data(as_text=True)
    with app.test_request_context(), unit_of_work():
        from planner.extensions import db

        item = db.session.scalar(select(CostItem).where(CostItem.plan_id == plan.id, CostItem.category == "per_diem"))
        item.incurred_by_institution_id = plan.lead_institution_id  # the Carpet Museum's courier, paid by Turkestan
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    costs = page.partition('id="costs"')[2]
    assert (
        "For the part of" in costs and '<td class="part-of"><span lang="en">Azerbaijan National Carpet Museum' in costs
    )


def test_the_event_page_has_no_version_row(as_user, demo):
    from planner.plans.events import Event

    event = demo.session.scalars(select(Event).order_by(Event.id)).first()
    page = as_user("curator").get(f"/events/{event.id}").get_data(as_text=True)
    assert "<dt>Version</dt>" not in page


def test_the_personal_feed_comes_first(as_user, demo):
    page = as_user("curator").get("/account/feeds").get_data(as_text=True)
    headings = [
        page.index(f'id="feeds-{kind}"') for kind in ("my", "agreement", "plan") if f'id="feeds-{kind}"' in page
    ]
    assert len(headings) >= 2 and headings == sorted(headings) and page.index('id="feeds-my"') == headings[0]
