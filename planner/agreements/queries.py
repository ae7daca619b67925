"""Database reads for agreement pages, each a bounded number of statements."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from planner.accounts.permissions import readable_agreements
from planner.agreements.models import Agreement, Article, Institution, Party
from planner.extensions import db
from planner.pagination import page_number
from planner.plans.models import Plan


def agreement_page(user, per_page: int = 20):
    """One page of the agreements the user may read, parties loaded in one more statement."""
    query = (select(Agreement).where(readable_agreements(user))
             .options(selectinload(Agreement.parties).selectinload(Party.institution))
             .order_by(Agreement.id))
    return db.paginate(query, page=page_number(), per_page=per_page, error_out=False)


def agreement_with_everything(agreement_id: int) -> Agreement | None:
    return db.session.scalar(
        select(Agreement).where(Agreement.id == agreement_id).options(
            selectinload(Agreement.parties).selectinload(Party.institution),
            selectinload(Agreement.articles).selectinload(Article.versions),
            selectinload(Agreement.articles).selectinload(Article.plans),
            selectinload(Agreement.protocols),
            selectinload(Agreement.plans).selectinload(Plan.cost_items),
            selectinload(Agreement.plans).selectinload(Plan.lead_institution),
            selectinload(Agreement.plans).selectinload(Plan.articles),
        ))


def agreement_for_report(agreement_id: int) -> Agreement | None:
    """The agreement with each article's plans and what dates them (events, venues, route)."""
    plans = selectinload(Agreement.articles).selectinload(Article.plans)
    return db.session.scalar(select(Agreement).where(Agreement.id == agreement_id).options(
        selectinload(Agreement.parties), plans.selectinload(Plan.events), plans.selectinload(Plan.venues),
        plans.selectinload(Plan.route_stops)))


def institution_with_agreements(institution_id: int, user):
    institution = db.session.get(Institution, institution_id)
    if institution is None:
        return None, []
    agreements = db.session.scalars(
        select(Agreement).join(Party).where(Party.institution_id == institution_id,
                                            readable_agreements(user))
        .options(selectinload(Agreement.parties).selectinload(Party.institution))
        .order_by(Agreement.id)).all()
    return institution, agreements
