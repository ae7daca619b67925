"""Who sees a draft: it belongs to its lead institution until it is proposed (administrators
and the lead institution's curators and staff see it; nobody else). One rule, for a loaded plan
(`may_see_draft`) and as WHERE clauses for every list, calendar, feed, search and map; kept apart
from access.py so that the plan queries can use it too."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, true

from planner.agreements.access import readable_agreements, readable_agreements_key
from planner.plans.models import Plan
from planner.vocabulary import PlanStatus

#: The roles of the lead institution that see its drafts (besides administrators).
DRAFT_READERS = ("curator", "staff")


def may_see_draft(user, plan: Plan) -> bool:
    """True unless the plan is a draft of an institution other than the user's (see above)."""
    if plan.status != PlanStatus.DRAFT or user.role == "admin":
        return True
    return _draft_reader(user) and plan.lead_institution_id == user.institution_id


def _draft_reader(user) -> bool:
    return user.role in DRAFT_READERS and user.institution_id is not None


def readable_plans(user) -> ColumnElement[bool]:
    """A WHERE clause on a query joined to Agreement: the plans `user` may read (deleted ones
    are each query's own concern)."""
    return and_(readable_agreements(user), draft_rule(user))


def reader_set(user) -> tuple:
    """What decides `readable_plans` for this user, as a value: two users with equal keys see
    the same plans, drafts included (the calendar grid they share is kept under it); a reader
    who may see another set of drafts gets another key."""
    if user.role == "admin":
        drafts = ("all",)
    else:
        drafts = ("led by", user.institution_id if _draft_reader(user) else None)
    return (readable_agreements_key(user), drafts)


def draft_rule(user) -> ColumnElement[bool]:
    """`may_see_draft` as a WHERE clause on Plan (for lists already kept to readable agreements)."""
    if user.role == "admin":  # feeds check a plain reader (id, role, institution_id), not a User
        return true()
    return visible_drafts(user.institution_id if _draft_reader(user) else None)


def visible_drafts(institution_id: int | None) -> ColumnElement[bool]:
    """Plans that are not drafts, or drafts led by `institution_id` (None: no draft at all)."""
    if institution_id is None:
        return Plan.status != PlanStatus.DRAFT
    return or_(Plan.status != PlanStatus.DRAFT, Plan.lead_institution_id == institution_id)
