"""Reading a report's facts: the plans whose dated parts reach into the period (found in SQL, so a
year of a busy institution reads only that year's plans), with their parts, as plain data for
`planner.reports.figures`. Drafts and deleted plans never reach a report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import and_, func, or_, select, union
from sqlalchemy.orm import selectinload

from planner.agreements.access import readable_agreements
from planner.agreements.models import Agreement, Article, Institution, Party
from planner.extensions import db
from planner.loans.operations import default_borrower
from planner.plans.events import Event
from planner.plans.models import LoanObject, Participant, Plan, PlanVenue, RouteStop
from planner.plans.occurrences import expand
from planner.reports import figures
from planner.timezones import zone
from planner.vocabulary import PlanStatus


@dataclass(frozen=True)
class Scope:
    """What a report is about: one agreement, or every agreement of one institution."""

    agreement_ids: tuple[int, ...]
    institution_id: int | None = None


def agreement_scope(agreement: Agreement) -> Scope:
    return Scope((agreement.id,))


def institution_scope(institution: Institution, user) -> Scope:
    """The institution's agreements that the reader may read (drafts of agreements included only
    for those who read them anyway)."""
    ids = db.session.scalars(
        select(Agreement.id)
        .join(Party, Party.agreement_id == Agreement.id)
        .where(Party.institution_id == institution.id, readable_agreements(user), *_observer_rule(user))
        .order_by(Agreement.id)
    )
    return Scope(tuple(dict.fromkeys(ids)), institution.id)


def _observer_rule(user) -> tuple:
    return (Agreement.status != "draft",) if user.role == "observer" else ()


def read_report(scope: Scope, first: date, last: date) -> figures.Report:
    found = _plans(scope, first, last)
    spans = _event_spans([plan.id for plan in found])
    plans = [_facts(plan, first, last, spans.get(plan.id)) for plan in found]
    return figures.build_report(plans, _articles(scope), first, last)


def _event_spans(plan_ids: list[int]) -> dict[int, tuple[date, date]]:
    """Each plan's events' whole span, from the stored series ranges (one grouped read, per zone):
    the report prints a plan's own dates even when only part of them falls in the period."""
    if not plan_ids:
        return {}
    rows = db.session.execute(
        select(Event.plan_id, Event.all_day, Event.timezone, func.min(Event.range_start), func.max(Event.range_end))
        .where(Event.plan_id.in_(plan_ids), Event.deleted_at.is_(None), Event.status != "cancelled")
        .group_by(Event.plan_id, Event.all_day, Event.timezone)
    )
    spans: dict[int, tuple[date, date]] = {}
    for plan_id, all_day, timezone, start, end in rows:
        if all_day:  # stored widened by a day each side (occurrences.series_range), the end exclusive
            first, last = (start + timedelta(days=1)).date(), (end - timedelta(days=2)).date()
        else:
            local = zone(timezone)
            first = start.replace(tzinfo=UTC).astimezone(local).date()
            last = (end - timedelta(seconds=1)).replace(tzinfo=UTC).astimezone(local).date()
        known = spans.get(plan_id, (first, last))
        spans[plan_id] = (min(known[0], first), max(known[1], last))
    return spans


def _reaching(scope: Scope, first: date, last: date):
    """The ids of the scope's plans with a dated part in the period (one UNION of index reads)."""
    start = datetime.combine(first, time()) - timedelta(days=1)  # zones: a day either side
    end = datetime.combine(last, time()) + timedelta(days=2)
    return union(
        select(PlanVenue.plan_id).where(_dates(PlanVenue.opens_on, PlanVenue.closes_on, first, last)),
        select(RouteStop.plan_id).where(_dates(RouteStop.arrival, RouteStop.departure, first, last)),
        select(Participant.plan_id).where(_dates(Participant.from_date, Participant.to_date, first, last)),
        select(LoanObject.plan_id).where(_dates(LoanObject.loan_from, LoanObject.loan_to, first, last)),
        select(Event.plan_id).where(Event.deleted_at.is_(None), Event.range_start < end, Event.range_end > start),
    )


def _dates(start, end, first: date, last: date):
    """SQL for `figures.overlaps`: [start, end] reaches into [first, last]."""
    return or_(
        and_(start.is_not(None), start <= last, or_(end.is_(None), end >= first)),
        and_(start.is_(None), end.is_not(None), end >= first, end <= last),
    )


def _plans(scope: Scope, first: date, last: date) -> list[Plan]:
    if not scope.agreement_ids:
        return []
    start = datetime.combine(first, time()) - timedelta(days=1)
    end = datetime.combine(last, time()) + timedelta(days=2)
    events = Event.deleted_at.is_(None) & (Event.range_start < end) & (Event.range_end > start)
    query = (
        select(Plan)
        .where(
            Plan.agreement_id.in_(scope.agreement_ids),
            Plan.deleted_at.is_(None),
            Plan.status != PlanStatus.DRAFT.value,
            Plan.id.in_(_reaching(scope, first, last)),
        )
        .options(
            selectinload(Plan.articles),
            selectinload(Plan.venues).selectinload(PlanVenue.site),
            selectinload(Plan.route_stops).selectinload(RouteStop.site),
            selectinload(Plan.participants),
            selectinload(Plan.loan_objects).selectinload(LoanObject.loan),
            selectinload(Plan.cost_items),
            selectinload(Plan.events.and_(events)),
        )
        .order_by(Plan.id)
    )
    return list(db.session.scalars(query))


def _facts(plan: Plan, first: date, last: date, span=None) -> figures.PlanFacts:
    window = (datetime.combine(first, time(), tzinfo=UTC) - timedelta(days=1),
              datetime.combine(last, time(), tzinfo=UTC) + timedelta(days=2))  # fmt: skip
    return figures.PlanFacts(
        id=plan.id,
        agreement_id=plan.agreement_id,
        title=plan.title or {},
        kind=plan.kind,
        status=plan.status,
        articles=tuple(a.number for a in plan.articles),
        venues=tuple(
            figures.VenueRun(v.site.name or {}, v.site.city or "", v.opens_on, v.closes_on, v.visitors)
            for v in plan.venues
        ),
        occurrences=tuple(
            figures.Occurrence(
                e.id,
                e.titles or {"en": e.title},
                e.kind,
                _day(o.start),
                e.held,
                e.attendance_on_site,
                e.attendance_online,
            )
            for e in plan.events
            if e.deleted_at is None and e.status != "cancelled"
            for o in expand(e, *window)
        ),  # fmt: skip
        objects=tuple(
            figures.LentObject(
                o.lender_institution_id,
                _borrower(plan, o),
                o.inventory_number,
                o.titles or {"en": o.title},
                o.loan_from,
                o.loan_to,
            )
            for o in plan.loan_objects
        ),  # fmt: skip
        people=tuple(
            figures.Stay(p.name, p.home_institution_id, p.host_institution_id, p.from_date, p.to_date)
            for p in plan.participants
        ),
        stops=tuple(
            figures.Stop(s.site.name or {}, s.site.latitude, s.site.longitude, s.arrival, s.departure)
            for s in plan.route_stops
        ),
        costs=tuple(
            figures.Cost(c.payer_institution_id, c.currency, Decimal(c.amount), c.actual_amount)
            for c in plan.cost_items
        ),
        outcome=plan.outcome or {},
        span=span,
    )


def _borrower(plan: Plan, loan_object: LoanObject) -> int | None:
    """The borrower of the object's loan, or the one the loans would give it (`default_borrower`)."""
    loan = loan_object.loan
    return loan.borrower_institution_id if loan is not None else default_borrower(plan, loan_object.lender_institution_id)


def _day(moment) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _articles(scope: Scope) -> list[figures.ArticleFacts]:
    if not scope.agreement_ids:
        return []
    query = (
        select(Article)
        .where(Article.agreement_id.in_(scope.agreement_ids))
        .options(selectinload(Article.versions))
        .order_by(Article.agreement_id, Article.number)
    )
    return [
        figures.ArticleFacts(a.agreement_id, a.number, _headings(a), tuple(a.activities or ()))
        for a in db.session.scalars(query)
    ]


def _headings(article) -> dict:
    return {v.language: v.heading for v in article.versions if v.heading}


def institutions(ids: set[int]) -> dict[int, Institution]:
    if not ids:
        return {}
    return {i.id: i for i in db.session.scalars(select(Institution).where(Institution.id.in_(ids)))}


def agreements(ids: tuple[int, ...]) -> dict[int, Agreement]:
    if not ids:
        return {}
    return {a.id: a for a in db.session.scalars(select(Agreement).where(Agreement.id.in_(ids)))}
