"""Database reads for plan pages, each a bounded number of statements."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from planner.agreements.models import Agreement, Party
from planner.extensions import db
from planner.plans.models import Approval, Participant, Plan, PlanVenue, RouteStop, person_key


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
