"""Database reads for agreement pages, each a bounded number of statements."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from planner.agreements.access import editable_agreements, readable_agreements
from planner.agreements.models import Agreement, Article, Institution, Party, PartyAmendment
from planner.extensions import db
from planner.pagination import page_number


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


def agreements_to_plan_under(user) -> list[Agreement]:
    """The agreements in which ``user`` may start a plan (those they may change), newest first:
    the choice behind "New plan" on the plans list."""
    return list(db.session.scalars(select(Agreement).where(editable_agreements(user)).order_by(Agreement.id.desc())))


def agreement_with_everything(agreement_id: int) -> Agreement | None:
    """The agreement as a document: parties, articles in every language, protocols. Its plans,
    which grow with the years, are read a page at a time (`planner.plans.queries.plans_page`,
    `plan_totals`)."""
    return db.session.scalar(
        select(Agreement)
        .where(Agreement.id == agreement_id)
        .options(
            selectinload(Agreement.parties).selectinload(Party.institution),
            selectinload(Agreement.articles).selectinload(Article.versions),
            selectinload(Agreement.protocols),
            selectinload(Agreement.amendments).selectinload(PartyAmendment.approvals),
        )
    )


def amendment_institutions(agreement: Agreement) -> dict[int, Institution]:
    """The institutions the agreement's party amendments name (joining ones included), by id:
    one query, none when there are no amendments."""
    ids = {i for amendment in agreement.amendments for i in (*amendment.proposed_ids, *amendment.removed)}
    if not ids:
        return {}
    return {i.id: i for i in db.session.scalars(select(Institution).where(Institution.id.in_(ids)))}


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
