"""Helpers for the tests of party amendments: the Ganja partnership and a change of its parties
proposed through the operation the pages and the API call."""

from __future__ import annotations

from sqlalchemy import select


def ganja_agreement(session):
    from planner.agreements.models import Agreement

    return next(a for a in session.scalars(select(Agreement)) if "Ganja" in a.title["en"])


def institution_id(session, short_name: str) -> int:
    from planner.agreements.models import Institution

    return session.scalar(select(Institution.id).where(Institution.short_name == short_name))


def propose(app, session, username: str, agreement, institution_ids: list[int]) -> int:
    """The pending amendment `username` proposes (its id)."""
    from planner.accounts.models import User
    from planner.agreements.operations import PartyValues, update_agreement

    user = session.scalar(select(User).where(User.username == username))
    from planner.unit_of_work import unit_of_work

    with app.test_request_context(), unit_of_work():
        amendment = update_agreement(agreement, user, {}, [PartyValues(i) for i in institution_ids])
    assert amendment is not None and amendment.status == "pending"
    return amendment.id
