"""Saving a change to a plan: withdraw approvals that no longer match, audit, commit."""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

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
        for standing in plan.approvals:
            if standing.withdrawn_at is None and standing.fingerprint != current:
                standing.withdrawn_at = now
        if plan.status == "approved" and not approval.is_approved(
            plan.agreement.institution_ids, plan.approvals, current
        ):
            plan.status = "proposed"
        plan.updated_at = now  # bumps the version even when only a part changed
        record(current_user.id, "update", "plan", plan.id, before=before, after=after)
    try:
        db.session.commit()
        return True
    except StaleDataError:
        db.session.rollback()
        return False
