"""Restoring a deleted plan, in one place for the plan page and /admin/deleted.

Seam for the merge: when planner/plans/operations.py (the rulebook work) lands, the body of
`restore_plan` becomes one call to its restore operation.
"""

from __future__ import annotations

from planner.audit.models import record
from planner.extensions import db


def restore_plan(plan, user) -> None:
    """Bring a deleted plan back (administrators only; the caller checked), audited."""
    if plan.deleted_at is None:
        return
    plan.deleted_at = None
    record(user.id, "restore", "plan", plan.id)
    db.session.commit()
