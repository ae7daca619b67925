"""Loading a plan and checking the caller's right to it: one function for pages and API.

Decided once: a deleted plan exists only for administrators (who may read it, to restore
it); nobody changes a deleted plan. A plan whose agreement the caller may not read does not
exist for them; one they may read but not change is Forbidden."""

from __future__ import annotations

from planner.agreements.access import check_agreement, load_agreement, load_institution
from planner.errors import MAX_ID, NotFound
from planner.extensions import db
from planner.plans.models import Plan
from planner.plans.queries import plan_with_everything


def load_plan(plan_id: int | None, user, *, edit: bool = False) -> Plan:
    """The plan with all its parts (one bounded read), if `user` may read it (and change it
    when `edit`)."""
    plan = plan_with_everything(plan_id) if plan_id is not None and 0 < plan_id <= MAX_ID else None
    return check_plan(plan, user, edit=edit)


def check_plan(plan: Plan | None, user, *, edit: bool = False) -> Plan:
    """The same check on a plan already loaded."""
    if plan is None or (plan.deleted_at is not None and not user.is_admin):
        raise NotFound()
    check_agreement(plan.agreement, user, edit=edit)
    if edit and plan.deleted_at is not None:
        raise NotFound()
    return plan


def may_approve(user, plan: Plan) -> bool:
    """Only a curator of one of the agreement's parties approves, for their institution."""
    return user.is_authenticated and user.role == "curator" and user.institution_id in plan.agreement.institution_ids


def load_scope(kind: str, scope_id: int | None, user):
    """The plan, agreement or institution a calendar, a feed or a map is about, if `user` may
    read it: the same loaders as every page and the API (None for "my" and "all", the user's
    own view). A deleted plan is the scope of nothing, even for administrators."""
    if kind == "plan":
        plan = db.session.get(Plan, scope_id) if scope_id is not None and 0 < scope_id <= MAX_ID else None
        return check_plan(None if plan is None or plan.deleted_at is not None else plan, user)
    if kind == "agreement":
        return load_agreement(scope_id, user)
    if kind == "institution":
        return load_institution(scope_id, user)
    return None
