"""Venues, loan objects, participants and route stops refuse an end date before the start, on
the plan page and in the API; the same part with its dates in order is saved (so a refusal is
the date rule's, not another field's)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token

EARLY, LATE = "2027-05-01", "2027-05-10"
# part (page key, API slug, model relation), plan kind, the fields besides the dates, the date fields
PARTS = {
    "venues": ("venues", "exhibition", {"site_id": "SITE"}, ("opens_on", "closes_on")),
    "loans": (
        "loan-objects",
        "exhibition",
        {"lender_institution_id": "GANJA", "inventory_number": "KP-1", "title": "Vase", "insurance_currency": "AZN"},
        ("loan_from", "loan_to"),
    ),
    "participants": (
        "participants",
        "staff_exchange",
        {"name": "Aygun Aliyeva", "home_institution_id": "GANJA", "host_institution_id": "TURKESTAN"},
        ("from_date", "to_date"),
    ),
    "stops": ("route-stops", "heritage_route", {"site_id": "SITE"}, ("arrival", "departure")),
}
RELATIONS = {"venues": "venues", "loans": "loan_objects", "participants": "participants", "stops": "route_stops"}
PAGE_FIELDS = {"title": "title-en"}  # the page's title has one field per language


def world(db, kind: str):
    from planner.agreements.models import Agreement
    from planner.maps.models import Site

    agreement = next(a for a in db.session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    plan = next(p for p in agreement.plans if p.kind == kind)
    ids = {party.institution.short_name: party.institution_id for party in agreement.parties}
    site = db.session.scalar(select(Site.id).order_by(Site.id))
    return plan, {
        "SITE": site,
        "GANJA": ids["Ganja Reserve"],
        "TURKESTAN": next(v for k, v in ids.items() if k != "Ganja Reserve"),
    }


def count(db, plan, key: str) -> int:
    from planner.plans.models import LoanObject, Participant, PlanVenue, RouteStop

    model = {"venues": PlanVenue, "loans": LoanObject, "participants": Participant, "stops": RouteStop}[key]
    return db.session.scalar(select(func.count()).select_from(model).where(model.plan_id == plan.id))


def values(fields: dict, ids: dict) -> dict:
    return {name: ids.get(value, value) if isinstance(value, str) else value for name, value in fields.items()}


@pytest.mark.parametrize("key", PARTS)
def test_page_part_forms_refuse_an_end_before_the_start(as_user, demo, key):
    _slug, kind, fields, (first, last) = PARTS[key]
    plan, ids = world(demo, kind)
    client = as_user("curator")
    before = count(demo, plan, key)

    def post(start: str, end: str):
        token = csrf_token(client.get(f"/plans/{plan.id}/edit").data)
        demo.session.expire_all()
        data = {"csrf_token": token, "version_id": demo.session.get(type(plan), plan.id).version_id}
        data.update(
            {f"{RELATIONS[key]}-{PAGE_FIELDS.get(name, name)}": value for name, value in values(fields, ids).items()}
        )
        data.update({f"{RELATIONS[key]}-{first}": start, f"{RELATIONS[key]}-{last}": end})
        return client.post(f"/plans/{plan.id}/{key}", data=data)

    refused = post(LATE, EARLY)
    assert refused.status_code == 400 and b"The end date is before the start date." in refused.data
    assert count(demo, plan, key) == before
    assert post(EARLY, LATE).status_code == 302
    assert count(demo, plan, key) == before + 1


@pytest.mark.parametrize("key", PARTS)
def test_api_parts_refuse_an_end_before_the_start(app, api, api_world, demo, key):
    slug, kind, fields, (first, last) = PARTS[key]
    plan, ids = world(demo, kind)
    before = count(demo, plan, key)
    curator = api("curator")
    body = values(fields, ids)
    refused = curator.post(f"/api/v1/plans/{plan.id}/{slug}", json={**body, first: LATE, last: EARLY})
    assert refused.status_code == 422, refused.json
    assert "The end date is before the start date." in str(refused.json["error"]["fields"])
    assert count(demo, plan, key) == before
    accepted = curator.post(f"/api/v1/plans/{plan.id}/{slug}", json={**body, first: EARLY, last: LATE})
    assert accepted.status_code == 201, accepted.json
    assert count(demo, plan, key) == before + 1
