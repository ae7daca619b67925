"""Loan fixtures: the demo (with its Silk Road loan), API callers by username, and a fresh loan
made the way users make one (a plan with an object, gathered by the receiver)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.conftest import add_users_of_another_partnership


@pytest.fixture()
def tokens(app, demo):
    from planner.accounts.models import Token, User

    session = demo.session
    add_users_of_another_partnership(session)
    found = {"anonymous": "not-a-token"}
    for user in session.scalars(select(User)):
        token, secret = Token.issue(user, "api", "tests")
        session.add(token)
        found[user.username] = secret
    session.commit()
    return found


@pytest.fixture()
def api(app, tokens):
    """`api("curator").get(path)`: a test client with that user's bearer token."""

    class Caller:
        def __init__(self, username: str, language: str = "en"):
            self.client = app.test_client()
            self.headers = {"Authorization": f"Bearer {tokens[username]}", "Accept-Language": language}

        def __getattr__(self, method):
            def call(path, headers=None, **kwargs):
                return getattr(self.client, method)(path, headers={**self.headers, **(headers or {})}, **kwargs)

            return call

    return Caller


@pytest.fixture()
def silk_road(demo):
    from planner.loans.models import Loan
    from planner.plans.models import Plan

    plan = demo.session.scalar(select(Plan).where(Plan.title["en"].as_string() == "Ganja: a city on the Silk Road"))
    return demo.session.scalar(select(Loan).where(Loan.plan_id == plan.id))


@pytest.fixture()
def fresh_loan(app, demo):
    """A new exhibition of Ganja (lead) and Aziret Sultan with one object lent by Ganja, proposed:
    its loan id (status requested, gathered by the plan content receiver)."""
    from planner.accounts.models import User
    from planner.agreements.models import Agreement, Institution
    from planner.loans.models import Loan
    from planner.plans import operations
    from planner.unit_of_work import unit_of_work

    session = demo.session
    curator = session.scalar(select(User).where(User.username == "curator"))
    agreement = next(a for a in session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    aziret = session.scalar(select(Institution).where(Institution.short_name.contains("Aziret")))
    with app.test_request_context(), unit_of_work():
        plan = operations.create_plan(
            agreement,
            curator,
            {"kind": "exhibition", "title": {"en": "Fresh loan test"}, "partner_ids": [aziret.id]},
        )
        operations.add_part(
            plan,
            curator,
            "loan_objects",
            {
                "lender_institution_id": curator.institution_id,
                "inventory_number": "GQ-TEST-1",
                "title": "Test jug",
                "loan_from": date(2027, 3, 1),
                "loan_to": date(2027, 6, 30),
                "insurance_value": Decimal("1000"),
                "insurance_currency": "EUR",
            },
        )
        operations.propose(plan, curator)  # a draft is its lead institution's alone
        plan_id = plan.id
    return session.scalar(select(Loan.id).where(Loan.plan_id == plan_id))
