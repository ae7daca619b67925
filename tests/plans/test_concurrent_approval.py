"""Approvals at the same moment, on PostgreSQL (as under gunicorn): threads with their own app
contexts, sessions and connections start together at a barrier. When both parties approve
the same version at once, the plan ends approved with exactly two approvals; when one
institution approves twice at once, one approval is stored and the other answers "already
approved". Runs in the PostgreSQL pass of `make test` (SQLite has one writer and one shared
in-memory connection in tests, so there is nothing to race there)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from tests.conftest import ON_POSTGRES

ROUNDS = 20

pytestmark = pytest.mark.skipif(not ON_POSTGRES, reason="concurrency is tested on PostgreSQL")


def _fresh_plan(session, parties: list[int]) -> int:
    from planner.agreements.models import Agreement, Party
    from planner.plans.models import Plan

    agreement = Agreement(title={"en": "Race memorandum"}, status="in_force", term_years=5)
    agreement.parties = [Party(institution_id=i, position=n) for n, i in enumerate(parties, start=1)]
    plan = Plan(
        agreement=agreement, kind="seminar", title={"en": "Race"}, status="proposed", lead_institution_id=parties[0]
    )
    session.add_all([agreement, plan])
    session.commit()
    return plan.id


def _approve_together(app, plan_id: int, fingerprint: str, usernames: list[str]) -> list[str]:
    """Each user approves in their own thread, all released at once; what each one got."""
    from planner.accounts.models import User
    from planner.errors import DomainError
    from planner.extensions import db
    from planner.plans import operations
    from planner.unit_of_work import unit_of_work

    barrier = threading.Barrier(len(usernames))
    outcomes: list[str] = [""] * len(usernames)

    def decide(index: int, username: str) -> None:
        with app.test_request_context():
            user = db.session.scalar(select(User).where(User.username == username))
            db.session.commit()  # the user is read before the start, as a request does at log-in
            barrier.wait()
            try:
                with unit_of_work():
                    operations.approve(plan_id, user, fingerprint)
                outcomes[index] = "approved"
            except DomainError as refusal:
                outcomes[index] = getattr(refusal, "code", type(refusal).__name__)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=decide, args=(n, name)) for n, name in enumerate(usernames)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _standing(session, plan_id: int) -> int:
    from planner.plans.models import Approval

    return session.scalar(
        select(func.count()).select_from(Approval).where(Approval.plan_id == plan_id, Approval.withdrawn_at.is_(None))
    )


def _race(app, demo, usernames: list[str]):
    """ROUNDS fresh plans of the Ganja partnership, each approved by `usernames` at once:
    (round, outcomes, the plan as stored after the race, its standing approvals)."""
    from planner.agreements.models import Agreement
    from planner.plans.models import Plan

    session = demo.session
    ganja_agreement = next(a for a in session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    parties = [p.institution_id for p in ganja_agreement.parties]
    for round_number in range(ROUNDS):
        plan_id = _fresh_plan(session, parties)
        outcomes = _approve_together(app, plan_id, session.get(Plan, plan_id).current_fingerprint, usernames)
        session.expire_all()
        yield round_number, outcomes, session.get(Plan, plan_id), _standing(session, plan_id)


def test_both_parties_approving_at_once_always_end_approved(app, demo):
    for round_number, outcomes, plan, standing in _race(app, demo, ["curator", "curator-turkestan"]):
        assert outcomes == ["approved", "approved"], (round_number, outcomes)
        assert plan.status == "approved" and standing == 2, (round_number, plan.status, standing)


def test_one_institution_approving_twice_at_once_stores_one_approval(app, demo):
    for round_number, outcomes, plan, standing in _race(app, demo, ["curator", "curator"]):
        assert sorted(outcomes) == ["already_approved", "approved"], (round_number, outcomes)
        assert standing == 1 and plan.status == "proposed", (round_number, standing)
