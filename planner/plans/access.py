"""Loading a plan and checking the caller's right to it: one function for pages and API.

Decided once: a deleted plan exists only for administrators (who may read it, to restore
it); nobody changes a deleted plan. A plan whose agreement the caller may not read does not
exist for them; one they may read but not change is Forbidden.

A draft belongs to its lead institution until it is proposed: it exists only for the
administrators and for the lead institution's curators (who write it) and staff (who read it:
they prepare the project with their curators and read every agreement of their institution
anyway; it is still not shared outside the institution). Everybody else, partners' curators,
staff and viewers included, gets NotFound, never Forbidden, so a draft's existence does not
leak. `readable_plans` is the same rule as a WHERE clause for every list, calendar, feed,
search and map."""

from __future__ import annotations

from planner.agreements.access import check_agreement, load_agreement, load_institution
from planner.errors import MAX_ID, Forbidden, NotFound
from planner.extensions import db
from planner.plans.drafts import (  # noqa: F401 (said here too: the plan's access rules)
    DRAFT_READERS,
    draft_rule,
    may_see_draft,
    readable_plans,
    visible_drafts,
)
from planner.plans.models import Plan
from planner.plans.queries import plan_with_everything

#: The roles of a party that write in a plan's discussion (see `may_comment`).
COMMENTERS = ("curator", "staff")


def load_plan(plan_id: int | None, user, *, edit: bool = False) -> Plan:
    """The plan with all its parts (one bounded read), if `user` may read it (and change it
    when `edit`)."""
    plan = plan_with_everything(plan_id) if plan_id is not None and 0 < plan_id <= MAX_ID else None
    return check_plan(plan, user, edit=edit)


def load_plan_alone(plan_id: int, user) -> Plan:
    """The plan without its parts, if `user` may read it: the check before a page whose body
    is shared (planner.shared_parts) and may not need the parts read at all."""
    plan = db.session.get(Plan, plan_id) if 0 < plan_id <= MAX_ID else None
    return check_plan(plan, user)


def check_plan(plan: Plan | None, user, *, edit: bool = False) -> Plan:
    """The same check on a plan already loaded."""
    if plan is None or (plan.deleted_at is not None and not user.is_admin):
        raise NotFound()
    if not may_see_draft(user, plan):
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


def may_request_changes(user, plan: Plan) -> bool:
    """A partner's curator: a curator of a party of the agreement other than the lead institution."""
    return may_approve(user, plan) and user.institution_id != plan.lead_institution_id


def may_comment(user, plan: Plan) -> bool:
    """The discussion is the parties': administrators, and the curators and staff of a party
    of the agreement (staff carry the projects out, and see what their curators miss).
    Partner viewers read the thread but do not write in it: they read what is shared with their
    institution, which speaks through its curators; curators and staff of institutions outside
    the agreement read every agreement but are not in its discussion."""
    if not user.is_authenticated:
        return False
    if user.role == "admin":
        return True
    return user.role in COMMENTERS and user.institution_id in plan.agreement.institution_ids


def check_may_comment(plan: Plan, user) -> None:
    """Forbidden unless the user writes in this (live) plan's discussion (`may_comment`)."""
    if plan.deleted_at is not None or not may_comment(user, plan):
        raise Forbidden()


def check_may_request_changes(plan: Plan, user) -> None:
    """Forbidden unless the user is a partner's curator of this live plan (`may_request_changes`)."""
    if plan.deleted_at is not None or not may_request_changes(user, plan):
        raise Forbidden()
