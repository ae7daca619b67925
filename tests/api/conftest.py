"""API fixtures: the demo data, a user of every role with an API token, and the ids to use."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.agreements.amendments import propose
from tests.conftest import add_users_of_another_partnership


@pytest.fixture()
def api_world(app, demo):
    """Tokens by role (Tashkent users for the *_other roles) and the Ganja partnership's ids."""
    from planner.accounts.models import Token, User
    from planner.agreements.models import Agreement
    from planner.maps.models import Site

    session = demo.session
    tashkent = add_users_of_another_partnership(session)
    tokens = {"anonymous": "not-a-token"}
    for user in session.scalars(select(User)):
        token, secret = Token.issue(user, "api", "tests")
        session.add(token)
        tokens[user.username] = secret
    agreement = next(a for a in session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    ganja = next(p.institution for p in agreement.parties if p.institution.short_name == "Ganja Reserve")
    spare_site = Site(name={"en": "Spare hall"}, latitude=40.68, longitude=46.36, institution=ganja)
    session.add(spare_site)
    session.commit()
    route = next(p for p in agreement.plans if p.kind == "heritage_route")
    _make_checklist(session, route)
    # a pending change of the parties, Tashkent to join, proposed (and so approved) by Ganja
    amendment = propose(app, session, "curator", agreement, [*agreement.institution_ids, tashkent.id])
    return {
        **loan_ids(session),
        "amendment": amendment,
        "tokens": tokens,
        "agreement": agreement.id,
        "plan": route.id,
        "event": route.events[0].id,
        "institution": ganja.id,
        "site": ganja.sites[0].id,
        "spare_site": spare_site.id,
        "stop": route.route_stops[0].id,
        "fingerprint": route.current_fingerprint,
        "tashkent": tashkent.id,
        "task": _first_task(session, route.id),
        "template": _first_template(session),
    }


def _make_checklist(session, plan) -> None:
    """The demo gives the Silk Road exhibition alone its checklist: the route gets one here."""
    from planner.tasks.operations import make_checklist

    make_checklist(plan)
    session.commit()


def _first_task(session, plan_id: int) -> int:
    from planner.tasks.models import Task

    return session.scalar(select(Task.id).where(Task.plan_id == plan_id).order_by(Task.id).limit(1))


def _first_template(session) -> int:
    from planner.tasks.models import TaskTemplate

    return session.scalar(select(TaskTemplate.id).order_by(TaskTemplate.id).limit(1))


def loan_ids(session) -> dict:
    """The demo's Silk Road loan (Ganja lends to Aziret Sultan), one of its objects and the
    arrival check Turkestan made (awaiting Ganja's countersignature)."""
    from planner.loans.models import Loan

    loan = session.scalar(select(Loan).order_by(Loan.id).limit(1))
    arrival = next(c for c in loan.condition_checks if c.checkpoint == "arrival")
    return {
        "loan": loan.id,
        "loan_plan": loan.plan_id,
        "loan_object": loan.objects[0].id,
        "arrival_check": arrival.id,
        "loan_permit": loan.permits[0].id,
    }


@pytest.fixture()
def api(app, api_world):
    """`api("curator").get(path)`: a test client sending that role's bearer token."""

    class Caller:
        def __init__(self, role: str, language: str = "en"):
            self.client = app.test_client()
            self.headers = {"Authorization": f"Bearer {api_world['tokens'][role]}", "Accept-Language": language}

        def __getattr__(self, method):
            def call(path, headers=None, **kwargs):
                return getattr(self.client, method)(path, headers={**self.headers, **(headers or {})}, **kwargs)

            return call

    return Caller
