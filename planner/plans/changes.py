"""Saving a change to a plan: withdraw approvals that no longer match, audit, commit."""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from planner import signals
from planner.audit.models import record
from planner.extensions import db
from planner.models_base import utcnow
from planner.plans import approval


def commit_plan_change(plan, before: dict) -> bool:
    """Commit a change to the plan or one of its parts; False when someone else saved first
    (optimistic locking), in which case nothing of this change is kept."""
    after = approval.plan_content(plan)
    if after != before:
        now = utcnow()
        current = approval.fingerprint(after)
        withdrawn = []
        for standing in plan.approvals:
            if standing.withdrawn_at is None and standing.fingerprint != current:
                standing.withdrawn_at = now
                withdrawn.append(standing)
        if plan.status == "approved" and not approval.is_approved(
            plan.agreement.institution_ids, plan.approvals, current
        ):
            plan.status = "proposed"
        plan.updated_at = now  # bumps the version even when only a part changed
        record(current_user.id, "update", "plan", plan.id, before=before, after=after)
        if withdrawn:  # TEMP(notifications): the operation sends this
            signals.plan_approvals_withdrawn.send(
                plan,
                actor=current_user,
                before=withdrawn[-1].snapshot,
                after=after,
                withdrawn={a.institution_id for a in withdrawn},
            )
    try:
        db.session.commit()
        return True
    except StaleDataError:
        db.session.rollback()
        return False
