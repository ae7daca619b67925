"""Where an institution's objects are: those it has lent (away, or about to leave) and those it has
borrowed, with the loan's status, where the object is now, its return date and whether that
return is overdue. Read in a fixed number of statements, whatever the number of loans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from planner.errors import NotFound
from planner.extensions import db
from planner.loans.models import Loan
from planner.plans.models import Plan, PlanVenue
from planner.vocabulary import LoanStatus

#: A loan in one of these is over: its objects are home (or never left).
FINISHED = (LoanStatus.RETURNED.value, LoanStatus.CLOSED.value, LoanStatus.CANCELLED.value)
#: The objects have left the lender in these (before them they are still at the lender's).
GONE = (
    LoanStatus.IN_TRANSIT.value,
    LoanStatus.RECEIVED.value,
    LoanStatus.ON_DISPLAY.value,
    LoanStatus.DEINSTALLED.value,
)
HOME, TRAVELLING, AT_BORROWER = "home", "travelling", "at_borrower"


@dataclass(frozen=True)
class Whereabouts:
    """One object of an open loan as the page lists it."""

    loan: Loan
    item: object  # the LoanObject
    lent: bool  # True: the institution lent it; False: borrowed it
    where: str  # HOME, TRAVELLING or AT_BORROWER
    place: dict | str  # a site's name per language, a leg's "from → to", or a city
    return_by: date | None
    overdue: bool


def may_see_objects(user, institution_id: int) -> bool:
    """Users of the institution and administrators: which objects are where is the museum's own
    business (and a thief's interest)."""
    if not user.is_authenticated:
        return False
    return user.role == "admin" or getattr(user, "institution_id", None) == institution_id


def check_objects_reader(user, institution_id: int) -> None:
    if not may_see_objects(user, institution_id):
        raise NotFound()


def open_loans(institution_id: int) -> list[Loan]:
    """Every loan of the institution, either side, that is not over, of a plan not deleted."""
    return list(
        db.session.scalars(
            select(Loan)
            .join(Plan, Plan.id == Loan.plan_id)
            .where(
                or_(Loan.lender_institution_id == institution_id, Loan.borrower_institution_id == institution_id),
                Loan.status.not_in(FINISHED),
                Plan.deleted_at.is_(None),
            )
            .options(
                joinedload(Loan.lender),
                joinedload(Loan.borrower),
                joinedload(Loan.plan),
                selectinload(Loan.objects),
                selectinload(Loan.transport_legs),
                selectinload(Loan.plan, Plan.venues).joinedload(PlanVenue.site),
            )
            .order_by(Loan.id)
        ).unique()
    )


def whereabouts(institution_id: int, today: date | None = None, now: datetime | None = None) -> list[Whereabouts]:
    """The objects of the institution's open loans, those overdue first, then by return date."""
    today = today or date.today()
    now = now or datetime.now(UTC).replace(tzinfo=None)
    found = []
    for loan in open_loans(institution_id):
        where, place = _location(loan, now)
        for item in loan.objects:
            overdue = item.loan_to is not None and today > item.loan_to
            found.append(
                Whereabouts(loan, item, loan.lender_institution_id == institution_id, where, place, item.loan_to, overdue)
            )
    return sorted(found, key=lambda w: (not w.overdue, w.return_by or date.max, w.item.inventory_number))


def _location(loan: Loan, now: datetime) -> tuple[str, dict | str]:
    """Before departure: the lender's city; in transit: the current (or last departed) leg;
    at the borrower: the plan's venue of the borrower (its first venue otherwise), or its city."""
    if loan.status == LoanStatus.IN_TRANSIT.value:
        legs = [leg for leg in loan.transport_legs if not leg.is_return]
        if legs:
            started = [leg for leg in legs if leg.departs_at is None or leg.departs_at <= now] or legs[:1]
            leg = started[-1]
            return TRAVELLING, " → ".join(p for p in (leg.departure_place, leg.arrival_place) if p)
        return TRAVELLING, ""
    if loan.status in GONE:
        venues = [v for v in loan.plan.venues if v.site is not None]
        own = [v for v in venues if v.site.institution_id == loan.borrower_institution_id]
        chosen = (own or venues)[:1]
        if chosen:
            return AT_BORROWER, dict(chosen[0].site.name or {})
        return AT_BORROWER, loan.borrower.city or ""
    return HOME, loan.lender.city or ""


def load_institution_or_404(institution_id: int):
    from planner.agreements.models import Institution

    found = db.session.get(Institution, institution_id) if 0 < institution_id < 2**31 else None
    if found is None:
        raise NotFound()
    return found
