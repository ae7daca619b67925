"""Database reads for plan pages, each a bounded number of statements."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from planner.agreements.models import Agreement, Party
from planner.extensions import db
from planner.plans.models import Approval, Participant, Plan, PlanComment, PlanVenue, RouteStop, person_key


def plan_with_everything(plan_id: int) -> Plan | None:
    return db.session.scalar(
        select(Plan)
        .where(Plan.id == plan_id)
        .options(
            joinedload(Plan.agreement).selectinload(Agreement.parties).selectinload(Party.institution),
            joinedload(Plan.lead_institution),
            selectinload(Plan.partners),
            selectinload(Plan.articles),
            selectinload(Plan.venues).joinedload(PlanVenue.site),
            selectinload(Plan.cost_items),
            selectinload(Plan.loan_objects),
            selectinload(Plan.participants).joinedload(Participant.home_institution),
            selectinload(Plan.participants).joinedload(Participant.host_institution),
            selectinload(Plan.route_stops).joinedload(RouteStop.site),
            selectinload(Plan.events),
            selectinload(Plan.approvals).joinedload(Approval.user),
        )
    )


def plan_comments(plan_id: int) -> list[PlanComment]:
    """The plan's discussion, oldest first, with each writer and institution (one statement)."""
    return list(
        db.session.scalars(
            select(PlanComment)
            .where(PlanComment.plan_id == plan_id)
            .options(joinedload(PlanComment.user), joinedload(PlanComment.institution))
            .order_by(PlanComment.id)
        )
    )


def stays_of_the_same_people(plan: Plan) -> list[Participant]:
    """Every stay, in any live plan, of the people travelling under this plan (one statement)."""
    names = {person_key(p.name) for p in plan.participants}
    if not names:
        return []
    return list(
        db.session.scalars(
            select(Participant)
            .join(Plan, Participant.plan_id == Plan.id)
            .where(Participant.name_key.in_(names), Plan.deleted_at.is_(None), Plan.status != "cancelled")
        )
    )


def plan_page(user, filters, per_page: int = 20):
    """One page of the live plans the user may read, filtered by partner (lead or partner
    institution), status, kind and year (an event that year), agreement and lead loaded."""
    from datetime import datetime

    from planner.pagination import page_number
    from planner.plans.access import readable_plans
    from planner.plans.models import plan_partner
    from planner.schedule.models import Event

    query = (
        select(Plan)
        .join(Agreement, Plan.agreement_id == Agreement.id)
        .where(Plan.deleted_at.is_(None), readable_plans(user))
        .options(joinedload(Plan.agreement), joinedload(Plan.lead_institution))
        .order_by(Plan.id)
    )
    if filters.partner is not None:
        partners = select(plan_partner.c.plan_id).where(plan_partner.c.institution_id == filters.partner)
        query = query.where((Plan.lead_institution_id == filters.partner) | Plan.id.in_(partners))
    if filters.status is not None:
        query = query.where(Plan.status == filters.status)
    if filters.kind is not None:
        query = query.where(Plan.kind == filters.kind)
    if filters.year is not None:
        first, after = datetime(filters.year, 1, 1), datetime(filters.year + 1, 1, 1)
        events = select(Event.plan_id).where(
            Event.deleted_at.is_(None), Event.range_start < after, Event.range_end >= first
        )
        query = query.where(Plan.id.in_(events))
    return db.paginate(query, page=page_number(), per_page=per_page, error_out=False)
