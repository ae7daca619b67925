"""Database reads for plan pages, each a bounded number of statements."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from planner.agreements.models import Agreement, Article, Party
from planner.attachments.models import Attachment
from planner.extensions import db
from planner.pagination import page_number
from planner.plans.drafts import draft_rule
from planner.plans.models import (
    Approval,
    CostItem,
    Participant,
    Plan,
    PlanComment,
    PlanVenue,
    RouteStop,
    SignedCopy,
    person_key,
    plan_article,
)


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
            selectinload(Plan.signed_copies).joinedload(SignedCopy.attachment).joinedload(Attachment.uploaded_by),
            selectinload(Plan.signed_copies).joinedload(SignedCopy.institution),
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


def stays_of_the_same_people(plan: Plan, user) -> list[Participant]:
    """Every stay, in any live plan the user may see (another institution's drafts are not), of
    the people travelling under this plan (one statement)."""
    names = {person_key(p.name) for p in plan.participants}
    if not names:
        return []
    return list(
        db.session.scalars(
            select(Participant)
            .join(Plan, Participant.plan_id == Plan.id)
            .where(
                Participant.name_key.in_(names),
                Plan.deleted_at.is_(None),
                Plan.status != "cancelled",
                draft_rule(user),
            )
        )
    )


def plan_page(user, filters, per_page: int = 20):
    """One page of the live plans the user may read, filtered by partner (lead or partner
    institution), status, kind and year (an event that year), agreement and lead loaded."""
    from datetime import datetime

    from planner.pagination import page_number
    from planner.plans.access import readable_plans
    from planner.plans.events import Event
    from planner.plans.models import plan_partner

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


# An agreement's plans, for the agreement's page and its implementation report.


def _live_plans(agreement_id: int, user) -> Select:
    """The agreement's live plans the user may read (another institution's drafts are not)."""
    return select(Plan).where(Plan.agreement_id == agreement_id, Plan.deleted_at.is_(None), draft_rule(user))


def plans_page(agreement_id: int, user, per_page: int):
    """One page of the agreement's live plans, with the articles they implement."""
    query = _live_plans(agreement_id, user).options(selectinload(Plan.articles)).order_by(Plan.id)
    return db.paginate(query, page=page_number(), per_page=per_page, error_out=False)


def plan_totals(agreement_id: int, user) -> dict[str, dict]:
    """How many live plans under each terms, and their costs by currency (never added across
    currencies), summed in SQL: {terms: {"plans": n, "costs": {currency: total}}}."""
    plans = _live_plans(agreement_id, user).subquery()
    totals = {
        terms: {"plans": count, "costs": {}}
        for terms, count in db.session.execute(
            select(plans.c.terms, func.count()).group_by(plans.c.terms).order_by(plans.c.terms)
        )
    }
    for terms, currency, amount in db.session.execute(
        select(plans.c.terms, CostItem.currency, func.sum(CostItem.amount, type_=CostItem.amount.type))
        .join(CostItem, CostItem.plan_id == plans.c.id)
        .group_by(plans.c.terms, CostItem.currency)
        .order_by(plans.c.terms, CostItem.currency)
    ):
        totals[terms]["costs"][currency] = amount
    return totals


def planned_article_ids(agreement_id: int, user) -> set[int]:
    """The articles of the agreement that some plan the user may read implements."""
    plans = _live_plans(agreement_id, user).with_only_columns(Plan.id)
    return set(
        db.session.scalars(
            select(plan_article.c.article_id)
            .distinct()
            .join(Article, Article.id == plan_article.c.article_id)
            .where(Article.agreement_id == agreement_id, plan_article.c.plan_id.in_(plans))
        )
    )
