"""Reads of loans for the pages, the to-do list, reminders and calendars: each a bounded query,
filtered by who may read the loan (`planner.loans.access`: the lender's and the borrower's
people, and administrators)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import case, exists, func, or_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload, selectinload

from planner.extensions import db
from planner.loans.access import may_read
from planner.loans.models import ConditionCheck, Courier, ExportPermit, Loan
from planner.plans.models import LoanObject, Plan
from planner.vocabulary import Condition, LoanStatus

TODO_LIMIT = 20


def plan_loans(plan: Plan, user) -> list[Loan]:
    """The plan's loans this user may read, with their institutions, in one statement; each
    carries `object_count` and `damaged` (an object worse on arrival than at departure)."""
    objects = select(func.count(LoanObject.id)).where(LoanObject.loan_id == Loan.id).scalar_subquery()
    rows = db.session.execute(
        select(Loan, objects, damaged_clause())
        .where(Loan.plan_id == plan.id)
        .options(joinedload(Loan.lender), joinedload(Loan.borrower))
        .order_by(Loan.id)
    ).all()
    found = []
    for loan, count, damaged in rows:
        loan.object_count, loan.damaged = count, bool(damaged)
        if may_read(user, loan):
            found.append(loan)
    return found


def _live_loans_of(institution_id: int):
    return (
        select(Loan)
        .join(Plan, Loan.plan_id == Plan.id)
        .where(
            or_(Loan.lender_institution_id == institution_id, Loan.borrower_institution_id == institution_id),
            Loan.status.not_in((LoanStatus.CLOSED.value, LoanStatus.CANCELLED.value)),
            Plan.deleted_at.is_(None),
            Plan.status != "draft",
        )
    )


def _rank(column):
    return case({condition.value: condition.rank for condition in Condition}, value=column, else_=0)


@cache
def damaged_clause():
    """Whether a loan has an object checked worse on arrival than at departure, as SQL (for
    lists: the to-do and the plan page; the loan page compares the latest checks,
    `operations.damaged_objects`). Built once: it takes no argument, and building it cost
    more than running it."""
    arrival, departure = aliased(ConditionCheck), aliased(ConditionCheck)
    return exists().where(
        arrival.loan_id == Loan.id,
        arrival.checkpoint == "arrival",
        departure.loan_object_id == arrival.loan_object_id,
        departure.checkpoint == "departure",
        _rank(arrival.condition) > _rank(departure.condition),
    )


def damaged_loans(institution_id: int | None) -> list[Loan]:
    """The institution's open loans with an object worse on arrival than at departure (both
    parties see it in their to-do list): one statement."""
    if institution_id is None:
        return []
    return list(
        db.session.scalars(
            _live_loans_of(institution_id)
            .where(damaged_clause())
            .options(contains_eager(Loan.plan))
            .order_by(Loan.id)
            .limit(TODO_LIMIT)
        )
    )


def checks_to_countersign(institution_id: int | None) -> list[ConditionCheck]:
    """Condition checks made by the other party that await this institution's countersignature."""
    if institution_id is None:
        return []
    loans = _live_loans_of(institution_id).with_only_columns(Loan.id)
    return list(
        db.session.scalars(
            select(ConditionCheck)
            .where(
                ConditionCheck.loan_id.in_(loans),
                ConditionCheck.checker_institution_id != institution_id,
                ConditionCheck.countersigned_by_id.is_(None),
            )
            .options(joinedload(ConditionCheck.loan_object))
            .order_by(ConditionCheck.id)
            .limit(TODO_LIMIT)
        )
    )


@dataclass(frozen=True)
class ReturnDue:
    """A permit's return-by date: the objects must be back in their country by then."""

    permit: ExportPermit
    loan: Loan
    day: date


def permits_due(today: date, horizon_days: int) -> list[ReturnDue]:
    """Permits whose objects are not back yet and whose return-by date falls within the horizon
    (or has passed): `flask notify due` reminds both parties."""
    found = db.session.execute(
        select(ExportPermit, Loan)
        .join(Loan, ExportPermit.loan_id == Loan.id)
        .join(Plan, Loan.plan_id == Plan.id)
        .where(
            ExportPermit.return_by.is_not(None),
            ExportPermit.return_by <= today + timedelta(days=horizon_days),
            ExportPermit.status == "granted",
            Loan.status.not_in(("returned", "closed", "cancelled")),
            Plan.deleted_at.is_(None),
        )
        .options(selectinload(Loan.plan).selectinload(Plan.agreement))
        .order_by(ExportPermit.return_by, ExportPermit.id)
    ).all()
    return [ReturnDue(permit, loan, permit.return_by) for permit, loan in found]


@dataclass(frozen=True)
class LoanItem:
    """A dated item of a loan for a plan's calendar and feeds: a leg, a courier's trip, a
    permit's return-by day. Times in UTC (naive) or whole days; `uid`/`sequence` as for events."""

    uid: str
    sequence: int
    kind: str  # "transport_leg" | "courier" | "permit_return"
    loan_id: int
    plan_id: int
    title: str
    start: datetime | date
    end: datetime | date
    all_day: bool
    zone: str = "UTC"


def loan_items(plan_ids, user=None) -> Iterator[LoanItem]:
    """The calendar items of the loans of these plans (the one extension point calendars and
    feeds call); with `user`, only the loans that user may read."""
    plan_ids = list(plan_ids)
    if not plan_ids:
        return
    loans = db.session.scalars(
        select(Loan)
        .where(Loan.plan_id.in_(plan_ids), Loan.status != LoanStatus.CANCELLED.value)
        .options(
            selectinload(Loan.transport_legs),
            selectinload(Loan.couriers).selectinload(Courier.participant),
            selectinload(Loan.permits),
            selectinload(Loan.lender),
            selectinload(Loan.borrower),
        )
        .order_by(Loan.id)
    )
    for loan in loans:
        if user is not None and not may_read(user, loan):
            continue
        yield from _items_of(loan)


def _items_of(loan: Loan) -> Iterator[LoanItem]:
    for leg in loan.transport_legs:
        if leg.departs_at is None:
            continue
        end = leg.arrives_at or leg.departs_at + timedelta(hours=1)
        title = _(
            "Transport: %(from)s → %(to)s", **{"from": leg.departure_place or "?", "to": leg.arrival_place or "?"}
        )
        yield LoanItem(
            leg.uid,
            leg.sequence,
            "transport_leg",
            loan.id,
            loan.plan_id,
            title,
            leg.departs_at,
            end,
            False,
            leg.departure_timezone,
        )
    for courier in loan.couriers:
        if courier.travels_out_on is None:
            continue
        last = courier.travels_back_on or courier.travels_out_on
        title = _("Courier: %(name)s", name=courier.participant.name)
        yield LoanItem(
            courier.uid,
            courier.sequence,
            "courier",
            loan.id,
            loan.plan_id,
            title,
            courier.travels_out_on,
            last + timedelta(days=1),
            True,
        )
    for permit in loan.permits:
        if permit.return_by is None:
            continue
        title = _("Return by (export permit %(number)s)", number=permit.number or permit.country)
        yield LoanItem(
            permit.uid,
            permit.sequence,
            "permit_return",
            loan.id,
            loan.plan_id,
            title,
            permit.return_by,
            permit.return_by + timedelta(days=1),
            True,
        )


def as_utc_range(item: LoanItem) -> tuple[datetime, datetime]:
    """The item's span as naive UTC datetimes (whole days from midnight UTC), to filter by range."""
    if item.all_day:
        return datetime.combine(item.start, time()), datetime.combine(item.end, time())
    return item.start, item.end


def plan_page_loans(plan: Plan, user) -> dict:
    """The plan page's "Loans" section: the loans this user may read, and which are flagged
    damaged on arrival."""
    loans = plan_loans(plan, user)
    return {"plan_loans": loans, "damaged_loans": {loan.id for loan in loans if loan.damaged}}
