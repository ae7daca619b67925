"""Plans through the pages: create from an article, parts, two-party approval and its
withdrawal with a readable diff, validation, optimistic locking, delete and restore."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token, log_in


def ganja_agreement(db):
    from planner.agreements.models import Agreement

    return next(a for a in db.session.scalars(select(Agreement)) if "Ganja" in a.title["en"])


def create_plan(client, agreement, *, proposed: bool = True, **overrides) -> int:
    """A new plan through the page (a draft), proposed to the partners unless `proposed` is False."""
    page = client.get(f"/agreements/{agreement.id}/plans/new?article=5&kind=exhibition")
    assert page.status_code == 200
    parties = [p.institution_id for p in agreement.parties]
    data = {
        "csrf_token": csrf_token(page.data),
        "kind": "exhibition",
        "title-en": "Treasures of two reserves",
        "lead_institution_id": parties[0],
        "partner_ids": parties[1],
        "terms": "free_of_charge",
        "article_ids": next(a.id for a in agreement.articles if a.number == 5),
    }
    data.update(overrides)
    response = client.post(f"/agreements/{agreement.id}/plans/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    plan_id = int(response.headers["Location"].rsplit("/", 1)[1])
    if proposed:
        assert propose(client, plan_id).status_code == 302
    return plan_id


def propose(client, plan_id: int):
    """The plan page's "Propose to partners" button."""
    token = csrf_token(client.get(f"/plans/{plan_id}").data)
    return client.post(f"/plans/{plan_id}/proposal", data={"csrf_token": token})


PART_PREFIX = {
    "venues": "venues",
    "costs": "cost_items",
    "loans": "loan_objects",
    "participants": "participants",
    "stops": "route_stops",
}


def add_part(client, plan_id: int, part: str, fields: dict):
    from planner.extensions import db
    from planner.plans.models import Plan

    plan = db.session.get(Plan, plan_id)
    db.session.refresh(plan)
    token = csrf_token(client.get(f"/plans/{plan_id}/edit").data)
    data = {"csrf_token": token, "version_id": plan.version_id}
    data.update({f"{PART_PREFIX[part]}-{name}": value for name, value in fields.items()})
    return client.post(f"/plans/{plan_id}/{part}", data=data)


def approve(client, plan_id: int):
    page = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    import re

    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page).group(1)
    return client.post(
        f"/plans/{plan_id}/approve",
        data={"csrf_token": csrf_token(page), "fingerprint": fingerprint},
        follow_redirects=True,
    )


def test_article_page_offers_a_plan_per_activity(as_user, demo):
    client = as_user("curator")
    page = client.get(f"/agreements/{ganja_agreement(demo).id}/articles/5").get_data(as_text=True)
    assert page.count("Plan this") >= 3
    assert "kind=exhibition" in page and "kind=webinar" in page and "kind=seminar" in page


def test_new_plan_is_prefilled_from_the_article(as_user, demo):
    client = as_user("curator")
    agreement = ganja_agreement(demo)
    page = client.get(f"/agreements/{agreement.id}/plans/new?article=5&kind=webinar").get_data(as_text=True)
    assert '<option selected value="webinar">' in page
    assert "Ganja Reserve" in page and "Aziret Sultan" in page  # the title names the parties


def test_two_party_approval_and_withdrawal_on_change(client, demo):
    from planner.plans.models import Plan

    agreement = ganja_agreement(demo)
    log_in(client, "curator")
    plan_id = create_plan(client, agreement)
    site_id = agreement.parties[1].institution.sites[0].id
    assert (
        add_part(
            client, plan_id, "venues", {"site_id": site_id, "opens_on": "2027-06-01", "closes_on": "2027-07-01"}
        ).status_code
        == 302
    )
    assert b"Your approval is recorded" in approve(client, plan_id).data
    assert demo.session.get(Plan, plan_id).status == "proposed"  # one party is not enough
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/").data)})
    log_in(client, "curator-turkestan")
    approve(client, plan_id)
    demo.session.expire_all()
    assert demo.session.get(Plan, plan_id).status == "approved"
    # a change of dates withdraws both approvals and shows what changed
    venue_id = demo.session.get(Plan, plan_id).venues[0].id
    token = csrf_token(client.get(f"/plans/{plan_id}/edit").data)
    version = demo.session.get(Plan, plan_id).version_id
    client.post(f"/plans/{plan_id}/venues/{venue_id}/delete", data={"csrf_token": token, "version_id": version})
    add_part(client, plan_id, "venues", {"site_id": site_id, "opens_on": "2027-06-15", "closes_on": "2027-07-01"})
    demo.session.expire_all()
    plan = demo.session.get(Plan, plan_id)
    assert plan.status == "proposed"
    assert all(a.withdrawn_at is not None for a in plan.approvals)
    page = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    summary = page.split("An approval was withdrawn", 1)[1].split("</div>", 1)[0]
    assert "June 1, 2027" in summary and "June 15, 2027" in summary and "2027-06" not in summary


def test_compensated_plan_cannot_be_approved_without_its_project_agreement(client, demo):
    agreement = ganja_agreement(demo)
    log_in(client, "curator")
    from planner.plans.models import Plan

    plan_id = create_plan(client, agreement, terms="compensated")
    page = approve(client, plan_id).get_data(as_text=True)
    assert "needs its separate project agreement" in page and "Your approval is recorded" not in page
    demo.session.expire_all()
    plan = demo.session.get(Plan, plan_id)
    assert plan.approvals == [] and plan.status == "proposed"


def test_cost_item_validation_keeps_what_was_typed(client, demo):
    from planner.plans.models import CostItem

    agreement = ganja_agreement(demo)
    log_in(client, "curator")
    plan_id = create_plan(client, agreement)
    payer = agreement.parties[0].institution_id
    response = add_part(
        client,
        plan_id,
        "costs",
        {
            "payer_institution_id": payer,
            "incurred_by_institution_id": payer,
            "category": "transport",
            "description-en": "Trucks to Turkestan",
            "amount": "-5",
            "currency": "AZN",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "cannot be negative" in page and "Trucks to Turkestan" in page
    assert demo.session.scalars(select(CostItem).where(CostItem.plan_id == plan_id)).all() == []
    too_precise = add_part(
        client,
        plan_id,
        "costs",
        {
            "payer_institution_id": payer,
            "incurred_by_institution_id": payer,
            "category": "fees",
            "amount": "1.001",
            "currency": "EUR",
        },
    )
    assert too_precise.status_code == 400 and "decimal places" in too_precise.get_data(as_text=True)


def test_lead_institution_must_be_a_party(client, demo):
    from planner.agreements.models import Institution

    agreement = ganja_agreement(demo)
    outsider = demo.session.scalar(select(Institution).where(Institution.short_name == "Uzbek Art Museum"))
    log_in(client, "curator")
    page = client.get(f"/agreements/{agreement.id}/plans/new")
    response = client.post(
        f"/agreements/{agreement.id}/plans/new",
        data={
            "csrf_token": csrf_token(page.data),
            "kind": "exhibition",
            "title-en": "X",
            "lead_institution_id": outsider.id,
            "terms": "free_of_charge",
        },
    )
    assert response.status_code == 400 and "Not a valid choice" in response.get_data(as_text=True)


def test_concurrent_edit_is_a_conflict_not_an_overwrite(client, demo):
    from planner.plans.models import Plan

    agreement = ganja_agreement(demo)
    log_in(client, "curator")
    plan_id = create_plan(client, agreement)
    page = client.get(f"/plans/{plan_id}/edit")
    stale_version = demo.session.get(Plan, plan_id).version_id
    base = {
        "csrf_token": csrf_token(page.data),
        "kind": "exhibition",
        "lead_institution_id": agreement.parties[0].institution_id,
        "partner_ids": agreement.parties[1].institution_id,
        "terms": "free_of_charge",
        "version_id": stale_version,
    }
    first = client.post(f"/plans/{plan_id}/edit", data={**base, "title-en": "First curator's title"})
    assert first.status_code == 302
    second = client.post(f"/plans/{plan_id}/edit", data={**base, "title-en": "Second curator's title"})
    text = second.get_data(as_text=True)
    assert second.status_code == 409
    assert "First curator&#39;s title" in text and "Second curator&#39;s title" in text
    demo.session.expire_all()
    assert demo.session.get(Plan, plan_id).title["en"] == "First curator's title"


def test_delete_asks_then_admin_restores(client, demo):
    from planner.plans.models import Plan

    agreement = ganja_agreement(demo)
    log_in(client, "curator")
    plan_id = create_plan(client, agreement)
    confirm = client.get(f"/plans/{plan_id}/delete")
    assert confirm.status_code == 200 and b"An administrator can restore it" in confirm.data
    client.post(f"/plans/{plan_id}/delete", data={"csrf_token": csrf_token(confirm.data)})
    assert client.get(f"/plans/{plan_id}").status_code == 404
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/").data)})
    log_in(client, "admin")
    page = client.get(f"/plans/{plan_id}")
    client.post(f"/plans/{plan_id}/restore", data={"csrf_token": csrf_token(page.data)})
    demo.session.expire_all()
    assert demo.session.get(Plan, plan_id).deleted_at is None


def test_route_stops_can_be_reordered(client, demo):
    from planner.plans.models import Plan

    plan = next(p for p in demo.session.scalars(select(Plan)) if p.kind == "heritage_route")
    log_in(client, "curator")
    last = plan.route_stops[-1]
    token = csrf_token(client.get(f"/plans/{plan.id}/edit").data)
    client.post(
        f"/plans/{plan.id}/stops/{last.id}/move",
        data={"csrf_token": token, "version_id": plan.version_id, "direction": "up"},
    )
    demo.session.expire_all()
    cities = [s.site.city for s in demo.session.get(Plan, plan.id).route_stops]
    assert cities == ["Ganja", "Turkistan", "Baku"]


def test_agreement_page_sums_plans_by_terms_and_currency(as_user, demo):
    from planner.agreements.models import Agreement

    carpet = next(a for a in demo.session.scalars(select(Agreement)) if "Carpet" in a.title["en"])
    page = as_user("staff").get(f"/agreements/{carpet.id}").get_data(as_text=True)
    assert "Compensated" in page and "11,700.00" in page and "1,750,000.00" in page


@pytest.mark.parametrize("name", ["Leyla Mammadova", "Айгерим Сапарова"])
def test_a_person_booked_in_two_places_at_once_is_flagged(client, demo, name):
    """Names match whatever their case, Cyrillic too (SQLite's lower() knows only ASCII)."""
    from datetime import date

    from planner.plans.models import Participant, Plan

    exchange = next(p for p in demo.session.scalars(select(Plan)) if p.kind == "staff_exchange")
    other = next(p for p in demo.session.scalars(select(Plan)) if p.kind == "heritage_route")
    home = exchange.participants[0].home_institution_id
    exchange.participants.append(
        Participant(name=name, home_institution_id=home, from_date=date(2027, 3, 1), to_date=date(2027, 3, 15))
    )
    other.participants.append(
        Participant(name=name.upper(), home_institution_id=home, from_date=date(2027, 3, 10), to_date=date(2027, 3, 20))
    )
    demo.session.commit()
    log_in(client, "staff")
    page = client.get(f"/plans/{exchange.id}").get_data(as_text=True)
    assert f"{name} is booked in two places at once" in page


def test_yearly_implementation_report_as_page_and_csv(as_user, demo):
    import csv
    import io

    agreement = ganja_agreement(demo)
    client = as_user("partner")
    page = client.get(f"/agreements/{agreement.id}/report?year=2027").get_data(as_text=True)
    assert "Study trip: from Ganja to Turkestan" in page and "Exchange of conservators, spring 2027" in page
    assert "No activity" in page  # Article 1 (information exchange) has no plan
    response = client.get(f"/agreements/{agreement.id}/report.csv?year=2027")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert response.mimetype == "text/csv"
    plans = rows[rows.index(["Plans"]) + 1 :]
    header, plans = plans[0], plans[1 : plans.index([])]
    assert header[:3] == ["Plan No.", "Plan", "Kind"]
    by_plan = {row[1]: row for row in plans}
    assert by_plan["Study trip: from Ganja to Turkestan"][5:7] == ["2027-05-10", "2027-05-18"]
    assert by_plan["Heritage Tuesdays: a webinar series"][5:7] == ["2026-12-01", "2027-02-02"]
    articles = rows[rows.index(["Articles"]) + 2 :]
    assert [row[0] for row in articles[: articles.index([])]] == [str(n) for n in range(1, 12)]


def test_the_loan_form_refuses_an_object_already_on_the_list(client, demo):
    from planner.extensions import db
    from planner.plans.models import LoanObject

    log_in(client, "curator")
    agreement = ganja_agreement(db)
    plan_id = create_plan(client, agreement)
    lender = agreement.parties[0].institution_id
    jug = {"lender_institution_id": lender, "inventory_number": "GR-7", "title-en": "Jug", "insurance_currency": "AZN"}
    assert add_part(client, plan_id, "loans", jug).status_code == 302
    again = add_part(client, plan_id, "loans", {**jug, "title-en": "The same jug", "title-ru": "Тот же кувшин"})
    page = client.get(again.headers.get("Location", f"/plans/{plan_id}/edit")).get_data(as_text=True)
    assert "already on the plan" in page
    assert db.session.scalar(select(func.count()).select_from(LoanObject).where(LoanObject.plan_id == plan_id)) == 1
