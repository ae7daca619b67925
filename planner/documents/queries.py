"""Reading a plan into `AgreementData`: the plan's approvable content
(`planner.plans.approval.plan_content`, the same the fingerprint hashes) plus what its ids are
called, its signatories and article headings (`documents.content.Presentation`), fetched in
three statements whatever the size."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from sqlalchemy import select

from planner.agreements.models import Article, ArticleVersion, Institution
from planner.documents.content import Presentation, agreement_data_from
from planner.documents.data import AgreementData, LoanRecordData, PartyData
from planner.extensions import db
from planner.maps.models import Site
from planner.plans import approval
from planner.plans.approval import INSTITUTION_COLUMNS

#: Who gives the plan's loan records' current state for the annex's part "for information"
#: (planner.loans registers it at start-up: the loans package prints through this one, so this
#: one does not import it).
loan_record_sources: list[Callable[[object], tuple[LoanRecordData, ...]]] = []


def agreement_data(plan) -> AgreementData:
    """The project agreement's data of ``plan`` (loaded by `plan_with_everything`), with its loan
    records' state of today beside it (not content: printed apart, labelled so)."""
    data = _content_data(plan)
    records = tuple(record for source in loan_record_sources for record in source(plan))
    return replace(data, loan_records=records, record_date=date.today()) if records else data


def _content_data(plan) -> AgreementData:
    state = approval.approval_state(plan)
    last_approval = max((a.approved_at for a in state.standing.values()), default=None)
    return agreement_data_from(
        state.content,
        presentation(plan, state.content),
        fingerprint=state.fingerprint,
        approved=state.approved,
        last_approval=last_approval.date() if last_approval else None,
    )


def presentation(plan, content: dict) -> Presentation:
    """The names and signatories the content's ids stand for."""
    agreement = plan.agreement
    known = {p.institution_id: p.institution for p in agreement.parties}
    wanted = {i for i in (content["lead"], *content["partners"]) if i is not None}
    wanted |= {row[column] for part, column in INSTITUTION_COLUMNS for row in content[part] if row[column] is not None}
    missing = wanted - set(known)
    if missing:
        known.update({i.id: i for i in db.session.scalars(select(Institution).where(Institution.id.in_(missing)))})
    site_ids = {row["site_id"] for part in ("venues", "route", "events") for row in content[part] if row["site_id"]}
    sites = db.session.scalars(select(Site).where(Site.id.in_(site_ids))) if site_ids else []
    return Presentation(
        plan_id=plan.id,
        institutions={i: dict(institution.name or {}) for i, institution in known.items()},
        sites={site.id: dict(site.name or {}) for site in sites},
        parties=_parties(agreement, known),
        headings=_headings(agreement.id, content["articles"]),
        memorandum_title=dict(agreement.title or {}),
        memorandum_signed_on=agreement.signed_on,
    )


def _parties(agreement, institutions: dict) -> tuple[PartyData, ...]:
    return tuple(
        PartyData(
            institution_id=party.institution_id,
            name=dict(party.institution.name or {}),
            city=party.institution.city or "",
            document_languages=tuple(party.institution.document_languages or ()),
            signatory_name=dict(party.signatory_name or {}),
            signatory_title=dict(party.signatory_title or {}),
        )
        for party in agreement.parties
    )


def _headings(agreement_id: int, numbers: list[int]) -> dict[int, dict]:
    headings: dict[int, dict] = {number: {} for number in numbers}
    if numbers:
        rows = db.session.execute(
            select(Article.number, ArticleVersion.language, ArticleVersion.heading)
            .join(ArticleVersion, ArticleVersion.article_id == Article.id)
            .where(Article.agreement_id == agreement_id, Article.number.in_(numbers))
        )
        for number, language, heading in rows:
            headings[number][language] = heading
    return headings
