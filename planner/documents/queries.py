"""Reading a plan into `AgreementData`: the plan comes with its parts from the plan pages'
read (`plan_with_everything`); what that read leaves out (article versions, the institutions
that pay or lend, the events' sites) is fetched here in three statements, whatever the size."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from planner.agreements.models import ArticleVersion, Institution
from planner.documents.data import (
    AgreementData,
    ArticleData,
    CostData,
    EventData,
    LoanData,
    ParticipantData,
    PartyData,
    PlaceData,
)
from planner.extensions import db
from planner.maps.models import Site
from planner.multilingual import texts
from planner.plans import approval
from planner.plans.events import event_titles
from planner.plans.occurrences import local_bounds


def agreement_data(plan) -> AgreementData:
    """The project agreement's data of ``plan`` (loaded by `plan_with_everything`)."""
    state = approval.approval_state(plan)
    institutions = _institutions(plan)
    last_approval = max((a.approved_at for a in state.standing.values()), default=None)
    return AgreementData(
        plan_id=plan.id,
        kind=plan.kind,
        title=dict(plan.title or {}),
        description=dict(plan.description or {}),
        terms=plan.terms,
        reference=plan.project_agreement_ref or "",
        signing_date=plan.project_agreement_date,
        memorandum_title=dict(plan.agreement.title or {}),
        memorandum_signed_on=plan.agreement.signed_on,
        parties=_parties(plan),
        articles=_articles(plan),
        venues=tuple(PlaceData(v.site.name, v.opens_on, v.closes_on) for v in plan.venues),
        events=_events(plan),
        route=tuple(PlaceData(s.site.name, s.arrival, s.departure) for s in plan.route_stops),
        participants=tuple(
            ParticipantData(
                p.name,
                dict(texts(p, "role")),
                p.home_institution.name,
                p.host_institution.name if p.host_institution else None,
                p.from_date,
                p.to_date,
            )
            for p in plan.participants
        ),
        costs=tuple(
            CostData(
                c.payer_institution_id,
                institutions[c.payer_institution_id].name,
                c.category,
                c.description,
                c.amount,
                c.currency,
            )
            for c in plan.cost_items
        ),  # fmt: skip
        loans=tuple(
            LoanData(
                institutions[o.lender_institution_id].name,
                o.inventory_number,
                dict(texts(o, "title")),
                o.insurance_value,
                o.insurance_currency,
                dict(texts(o, "condition_departure")),
            )
            for o in plan.loan_objects
        ),  # fmt: skip
        fingerprint=state.fingerprint,
        approved=state.approved,
        last_approval=last_approval.date() if last_approval else None,
    )


def _parties(plan) -> tuple[PartyData, ...]:
    """The plan's lead and partners, in that order, with their signatories from the memorandum;
    all the memorandum's parties when the plan names none."""
    signing = {party.institution_id: party for party in plan.agreement.parties}
    institutions = [i for i in (plan.lead_institution, *plan.partners) if i is not None]
    institutions = list({i.id: i for i in institutions}.values()) or [p.institution for p in plan.agreement.parties]
    parties = []
    for institution in institutions:
        party = signing.get(institution.id)
        parties.append(
            PartyData(
                institution_id=institution.id,
                name=dict(institution.name or {}),
                city=institution.city or "",
                document_languages=tuple(institution.document_languages or ()),
                signatory_name=dict(party.signatory_name or {}) if party else {},
                signatory_title=dict(party.signatory_title or {}) if party else {},
            )
        )
    return tuple(parties)


def _institutions(plan) -> dict[int, Institution]:
    """Every institution that pays a cost or lends an object (one statement for those not loaded)."""
    known = {p.institution_id: p.institution for p in plan.agreement.parties}
    wanted = {c.payer_institution_id for c in plan.cost_items} | {o.lender_institution_id for o in plan.loan_objects}
    missing = wanted - set(known)
    if missing:
        known.update({i.id: i for i in db.session.scalars(select(Institution).where(Institution.id.in_(missing)))})
    return known


def _articles(plan) -> tuple[ArticleData, ...]:
    ids = [article.id for article in plan.articles]
    headings: dict[int, dict] = {article_id: {} for article_id in ids}
    if ids:
        for version in db.session.scalars(select(ArticleVersion).where(ArticleVersion.article_id.in_(ids))):
            headings[version.article_id][version.language] = version.heading
    return tuple(ArticleData(article.number, headings[article.id]) for article in plan.articles)


def _events(plan) -> tuple[EventData, ...]:
    events = [e for e in plan.events if e.deleted_at is None and e.override_of_id is None]
    site_ids = {e.site_id for e in events if e.site_id}
    sites = {s.id: s for s in db.session.scalars(select(Site).where(Site.id.in_(site_ids)))} if site_ids else {}
    found = []
    for event in events:
        start, end = local_bounds(event)
        found.append(
            EventData(
                title=event_titles(event),
                timezone=event.timezone,
                place=sites[event.site_id].name if event.site_id in sites else None,
                online=bool(event.online_url),
                all_day=event.all_day,
                start_date=start if event.all_day else None,
                end_date=end - timedelta(days=1) if event.all_day and end else None,
                starts_at=None if event.all_day else start,
                ends_at=None if event.all_day else end,
                repeats=event.recurrence_frequency,
                count=event.recurrence_count,
                status=event.status,
            )
        )
    return tuple(found)
