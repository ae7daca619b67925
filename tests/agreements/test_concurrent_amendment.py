"""Two parties approving a change of parties at the same moment, on PostgreSQL (as under
gunicorn): threads with their own app contexts, sessions and connections start together at a
barrier. The amendment must end applied exactly once: the new parties hold, one "apply" in the
audit log, one withdrawal round for the plans. Without the row lock each would count only its
own consent and the proposer's, and neither would apply it. (SQLite has one writer and one
shared in-memory connection in tests, so there is nothing to race there.)"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from tests.agreements.amendments import ganja_agreement, institution_id, propose
from tests.conftest import ON_POSTGRES, add_users_of_another_partnership

ROUNDS = 10

pytestmark = pytest.mark.skipif(not ON_POSTGRES, reason="concurrency is tested on PostgreSQL")


def _approve_together(app, agreement_id: int, amendment_id: int, usernames: list[str]) -> list[str]:
    from planner.accounts.models import User
    from planner.agreements import operations
    from planner.errors import DomainError
    from planner.extensions import db
    from planner.unit_of_work import unit_of_work

    barrier = threading.Barrier(len(usernames))
    outcomes: list[str] = [""] * len(usernames)

    def decide(index: int, username: str) -> None:
        with app.test_request_context():
            user = db.session.scalar(select(User).where(User.username == username))
            db.session.commit()
            barrier.wait()
            try:
                with unit_of_work():
                    outcomes[index] = operations.approve_amendment(agreement_id, amendment_id, user).status
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


def _count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_two_missing_parties_approving_at_once_apply_it_exactly_once(app, demo):
    from planner.agreements.models import Agreement, PartyAmendment
    from planner.audit.models import AuditEntry

    session = demo.session
    tashkent = add_users_of_another_partnership(session).id
    session.commit()
    agreement = ganja_agreement(session)
    ganja, turkestan = institution_id(session, "Ganja Reserve"), institution_id(session, "Aziret Sultan")
    for round_number in range(ROUNDS):
        # swap back and forth: Turkestan out, Tashkent in; then Tashkent out, Turkestan in
        leaving, joining = (turkestan, tashkent) if round_number % 2 == 0 else (tashkent, turkestan)
        aid = propose(app, session, "curator", agreement, [ganja, joining])
        approvers = {turkestan: "curator-turkestan", tashkent: "curator_other"}
        outcomes = _approve_together(app, agreement.id, aid, [approvers[leaving], approvers[joining]])
        session.expire_all()
        agreement = session.get(Agreement, agreement.id)
        amendment = session.get(PartyAmendment, aid)
        assert sorted(outcomes) == ["applied", "pending"], (round_number, outcomes)
        assert amendment.status == "applied" and amendment.approved_ids == {ganja, leaving, joining}
        assert agreement.institution_ids == {ganja, joining}, round_number
        applied = (AuditEntry.entity == "party_amendment", AuditEntry.entity_id == aid, AuditEntry.action == "apply")
        assert _count(session, AuditEntry, *applied) == 1, round_number
