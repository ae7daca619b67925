"""A plan's anchors and sides read from its records, as plain data for the pure arithmetic
(`planner.tasks.anchors`): the day of each anchor, and the institutions behind each side.

The loan anchors follow the loan record when it has transport legs (the first outbound leg's
departure, the return leg's arrival, each taken in its own end's zone), else the loan list's
dates (the earliest `loan_from`, the latest `loan_to`)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from planner.extensions import db
from planner.loans.models import Loan, TransportLeg
from planner.plans.models import Plan
from planner.plans.occurrences import first_occurrence
from planner.tasks.anchors import anchor_day


def plan_zone(plan: Plan) -> str:
    """The zone a moment of the plan is dated in when it has none of its own: the first venue's
    institution's, else the lead institution's, else UTC."""
    for venue in plan.venues:
        institution = getattr(venue.site, "institution", None)
        if institution is not None and institution.timezone:
            return institution.timezone
    lead = plan.lead_institution
    return lead.timezone if lead is not None and lead.timezone else "UTC"


def plan_anchors(plan: Plan) -> dict[str, date | None]:
    """The day of every anchor of the plan (None where the plan does not have it yet)."""
    venues = [v for v in plan.venues if v.opens_on or v.closes_on]
    events = [e for e in plan.events if e.deleted_at is None and e.status != "cancelled" and e.override_of_id is None]
    firsts = [_first_day(e) for e in events]
    lasts = [_last_day(e) for e in events]
    stops = plan.route_stops
    people = plan.participants
    arrivals = [p.from_date for p in people if p.from_date]
    departures = [p.to_date for p in people if p.to_date]
    opens = [v.opens_on for v in venues if v.opens_on]
    closes = [v.closes_on for v in venues if v.closes_on]
    openings = [d for e, d in zip(events, firsts, strict=True) if e.kind == "opening"]
    starts = [*opens, *firsts, *[s.arrival for s in stops if s.arrival], *arrivals]
    ends = [*closes, *lasts, *[s.departure for s in stops if s.departure], *departures]
    departure, back = _loan_moves(plan)
    return {
        "plan_start": min(starts, default=None),
        "plan_end": max(ends, default=None),
        "opening": opens[0] if opens else min(openings or starts, default=None),
        "closing": closes[-1] if closes else max(ends, default=None),
        "first_event": min(firsts, default=None),
        "last_event": max(lasts, default=None),
        "loan_departure": departure,
        "loan_return": back,
        "participant_arrival": min(arrivals or [s.arrival for s in stops if s.arrival], default=None),
        "participant_departure": max(departures or [s.departure for s in stops if s.departure], default=None),
    }


def _first_day(event) -> date:
    start = first_occurrence(event).start
    return start.date() if hasattr(start, "date") else start


def _last_day(event) -> date:
    """The last day the event (or its series) takes place, in its own zone."""
    if event.recurrence_frequency:
        return anchor_day(event.range_end - timedelta(microseconds=1), event.timezone)
    if event.all_day:
        return (event.end_date or event.start_date) - timedelta(days=1) if event.end_date else event.start_date
    return anchor_day(event.ends_at or event.starts_at, event.timezone)


def _loan_moves(plan: Plan) -> tuple[date | None, date | None]:
    legs = list(
        db.session.scalars(
            select(TransportLeg).join(Loan, TransportLeg.loan_id == Loan.id).where(Loan.plan_id == plan.id)
        )
    )
    zone = lambda own: own if own and own != "UTC" else plan_zone(plan)  # noqa: E731  (a leg's zone left unset)
    outbound = sorted(
        anchor_day(leg.departs_at, zone(leg.departure_timezone)) for leg in legs if not leg.is_return and leg.departs_at
    )
    returns = sorted(
        anchor_day(leg.arrives_at, zone(leg.arrival_timezone)) for leg in legs if leg.is_return and leg.arrives_at
    )
    objects = plan.loan_objects
    departure = outbound[0] if outbound else min((o.loan_from for o in objects if o.loan_from), default=None)
    back = returns[-1] if returns else max((o.loan_to for o in objects if o.loan_to), default=None)
    return departure, back


def plan_sides(plan: Plan, loans: list | None = None) -> dict[str, set[int]]:
    """The institutions behind each responsible side of the plan. A side the plan does not name
    (no loan record: no borrower yet) falls back to what the plan says: the venues' hosts borrow
    from the lenders of the loan list, the lead is home to its own people. `loans`: the plan's
    loan records when the caller read them for many plans at once."""
    parties = set(plan.agreement.institution_ids)
    lead = {plan.lead_institution_id} - {None}
    partners = set(plan.partner_ids) or (parties - lead)
    if loans is None:
        loans = db.session.scalars(select(Loan).where(Loan.plan_id == plan.id)).all()
    lenders = {loan.lender_institution_id for loan in loans} or {o.lender_institution_id for o in plan.loan_objects}
    venue_hosts = {v.site.institution_id for v in plan.venues if v.site is not None and v.site.institution_id}
    borrowers = {loan.borrower_institution_id for loan in loans} or ((venue_hosts or parties) - lenders) or partners
    hosts = {p.host_institution_id for p in plan.participants if p.host_institution_id} or venue_hosts or partners
    homes = {p.home_institution_id for p in plan.participants} or lead
    return {
        "lead": lead or parties,
        "partner": partners,
        "lender": lenders or lead,
        "borrower": borrowers,
        "host": hosts,
        "home": homes,
        "every_party": {*lead, *partners} or parties,
    }
