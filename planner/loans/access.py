"""Loading a loan and checking the caller's right to it: one function for pages and API.

A loan is the lender's and the borrower's business: administrators, and the curators (who
work on it), staff and partner viewers (who read it) of those two institutions. Nobody else
learns that it exists (NotFound, as for a plan), not even the other parties of a plan with
three partners, nor readers of the plan from outside it. A loan of a plan the caller may not
read (a draft, a deleted plan) does not exist for them either (`planner.plans.access`)."""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from planner.errors import MAX_ID, Forbidden, Invalid, NotFound
from planner.extensions import db
from planner.loans.models import ConditionCheck, ConditionPhoto, Courier, Loan, LoanInsurance, TransportLeg
from planner.plans.access import check_plan
from planner.plans.models import LoanObject

#: The roles of the two institutions that read a loan; curators also change it.
READERS = ("curator", "staff", "partner")
LENDER, BORROWER = "lender", "borrower"


def side_of(user, loan: Loan) -> str | None:
    """Which side of the loan the user's institution is ("lender" or "borrower"), or None."""
    institution = getattr(user, "institution_id", None)
    if institution == loan.lender_institution_id:
        return LENDER
    if institution == loan.borrower_institution_id:
        return BORROWER
    return None


def may_read(user, loan: Loan) -> bool:
    """`user` may be a feed's reader (id, role and institution only: its token was its log-in)."""
    if not getattr(user, "is_authenticated", True):
        return False
    return user.role == "admin" or (user.role in READERS and side_of(user, loan) is not None)


def may_edit(user, loan: Loan) -> bool:
    return user.is_authenticated and (user.role == "admin" or (user.role == "curator" and side_of(user, loan)))


def check_loan(loan: Loan | None, user, *, edit: bool = False) -> Loan:
    """NotFound for whoever may not read the loan (or its plan); Forbidden for a reader who
    may not change it."""
    if loan is None or not may_read(user, loan):
        raise NotFound()
    check_plan(loan.plan, user)
    if edit and (not may_edit(user, loan) or loan.plan.deleted_at is not None):
        raise Forbidden()
    return loan


def load_loan(loan_id: int | None, user, *, edit: bool = False) -> Loan:
    """The loan with its parts (one bounded read, kept for the rest of the request: the page,
    its forms and the operation use the same rows), if `user` may read it (and change it)."""
    if loan_id is None or not 0 < loan_id <= MAX_ID:
        raise NotFound()
    cache = g.setdefault("loans_loaded", {})
    if loan_id not in cache:
        cache[loan_id] = db.session.scalar(
            select(Loan)
            .where(Loan.id == loan_id)
            .options(
                selectinload(Loan.objects),
                selectinload(Loan.history),
                selectinload(Loan.condition_checks)
                .selectinload(ConditionCheck.photos)
                .joinedload(ConditionPhoto.thumbnail),
                selectinload(Loan.insurance).selectinload(LoanInsurance.sums),
                selectinload(Loan.transport_legs).selectinload(TransportLeg.couriers),
                selectinload(Loan.couriers).joinedload(Courier.participant),
                selectinload(Loan.permits),
            )
        )
    return check_loan(cache[loan_id], user, edit=edit)


def load_check(loan: Loan, check_id: int) -> ConditionCheck:
    """One condition check of this loan, or NotFound."""
    found = next((check for check in loan.condition_checks if check.id == check_id), None)
    if found is None:
        raise NotFound()
    return found


def loan_object(loan: Loan, object_id: int | None) -> LoanObject:
    """One object of this loan; Invalid for any other (an object of another loan is not this one's)."""
    found = next((item for item in loan.objects if item.id == object_id), None)
    if found is None:
        raise Invalid("object_id", _("Choose one of the loan's objects."))
    return found
