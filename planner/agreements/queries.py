"""Database reads for agreement pages, each a bounded number of statements."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from planner.accounts.permissions import readable_agreements
from planner.agreements.models import Agreement, Article, Institution, Party
from planner.extensions import db
from planner.pagination import page_number
from planner.plans.models import CostItem, Plan, plan_article


def agreement_page(user, per_page: int = 20, filters=None):
    """One page of the agreements the user may read, parties loaded in one more statement."""
    query = (
        select(Agreement)
        .where(readable_agreements(user))
        .options(selectinload(Agreement.parties).selectinload(Party.institution))
        .order_by(Agreement.id)
    )
    if filters is not None:
        query = filtered_agreements(query, filters)
    return db.paginate(query, page=page_number(), per_page=per_page, error_out=False)


def agreement_with_everything(agreement_id: int) -> Agreement | None:
    """The agreement as a document: parties, articles in every language, protocols. Its plans,
    which grow with the years, are read a page at a time (`plans_page`, `plan_totals`)."""
    return db.session.scalar(
        select(Agreement)
        .where(Agreement.id == agreement_id)
        .options(
            selectinload(Agreement.parties).selectinload(Party.institution),
            selectinload(Agreement.articles).selectinload(Article.versions),
            selectinload(Agreement.protocols),
        )
    )


def _live_plans(agreement_id: int, user) -> Select:
    """The agreement's live plans the user may read (another institution's drafts are not)."""
    from planner.plans.access import draft_rule

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


def agreement_for_report(agreement_id: int) -> Agreement | None:
    """The agreement with each article's plans and what dates them (events, venues, route)."""
    plans = selectinload(Agreement.articles).selectinload(Article.plans)
    return db.session.scalar(
        select(Agreement)
        .where(Agreement.id == agreement_id)
        .options(
            selectinload(Agreement.parties),
            plans.selectinload(Plan.events),
            plans.selectinload(Plan.venues),
            plans.selectinload(Plan.route_stops),
        )
    )


def institution_with_agreements(institution_id: int, user):
    institution = db.session.get(Institution, institution_id)
    if institution is None:
        return None, []
    agreements = db.session.scalars(
        select(Agreement)
        .join(Party)
        .where(Party.institution_id == institution_id, readable_agreements(user))
        .options(selectinload(Agreement.parties).selectinload(Party.institution))
        .order_by(Agreement.id)
    ).all()
    return institution, agreements


def filtered_agreements(query: Select, filters) -> Select:
    """Agreements with the institution as a party, in that stored status and kind, signed that year."""
    from datetime import date

    if filters.partner is not None:
        query = query.where(Agreement.id.in_(select(Party.agreement_id).where(Party.institution_id == filters.partner)))
    if filters.status is not None:
        query = query.where(Agreement.status == filters.status)
    if filters.kind is not None:
        query = query.where(Agreement.kind == filters.kind)
    if filters.year is not None:
        query = query.where(
            Agreement.signed_on >= date(filters.year, 1, 1), Agreement.signed_on < date(filters.year + 1, 1, 1)
        )
    return query


def partner_choices(user) -> list[Institution]:
    """The institutions that are parties to agreements the user may read (the partner filter)."""
    parties = (
        select(Party.institution_id)
        .join(Agreement, Party.agreement_id == Agreement.id)
        .where(readable_agreements(user))
    )
    return list(db.session.scalars(select(Institution).where(Institution.id.in_(parties)).order_by(Institution.id)))


def list_filters(user, args, *, statuses, kinds) -> tuple:
    """The filters a list's URL asks for, and what its filter bar shows (the partners the user
    may see among them); shared by the agreement and plan lists."""
    from planner.listing import parse_filters

    filters, problems = parse_filters(args, statuses=statuses, kinds=kinds)
    bar = {"filters": filters, "problems": problems, "partners": partner_choices(user), "statuses": statuses}
    return filters, {**bar, "kinds": list(kinds)}
