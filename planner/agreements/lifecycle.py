"""Term arithmetic of an agreement, as pure functions (no Flask, no database).

An MoU typically says: "in force from the date of signing for 5 years; extended
automatically for another 5 years unless a party gives written notice at least 1 month
before expiry". The conventions below turn such a clause into dates; the pages show
these dates in these words, so the wording here is the contract.

Periods
    Period 1 runs from ``signed_on`` up to and including the day before
    ``add_years(signed_on, term_years)``: signed 2026-03-15 for 5 years, the last day in
    force is 2031-03-14. A renewal period starts the next day (2031-03-15) and lasts
    ``renewal_years`` from its own start, so renewals chain one after the other.
    Renewals go on indefinitely unless notice stops them.

29 February
    A date ``years`` later from 29 February falls on 28 February in a common year. Signed
    2024-02-29 for 5 years: the period ends 2029-02-27, because 2029-02-28 is the first
    day after it (the exclusive end). Renewals then run from 28 February (the chain does
    not go back to the 29th in later leap years).

Notice deadline
    For a period that would renew, the notice deadline is the next period's first day
    minus the notice interval (calendar months and years, clipped at month ends: one month
    before 2031-03-31 is 2031-02-28). Written notice received ON OR BEFORE that day stops
    the renewal: the agreement expires at the end of that period. Notice received later
    is late for that period and takes effect at the end of the following one. With a
    notice period of zero, or a renewal clause but no notice clause, notice may be given
    up to and including the period's last day in force.

Termination
    ``terminated_on`` (early or mutual termination) is the first day the agreement is no
    longer in force; the period it falls in is cut short and nothing renews after it.

Recorded dates are facts
    ``notice_given_on`` and ``terminated_on`` are used as recorded, even if they lie after
    the ``today`` being asked about (a termination agreed in advance shortens the current
    period from the day it is recorded).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import takewhile

from dateutil.relativedelta import relativedelta

from planner.mou.vocabulary import NOTICE_UNITS

ONE_DAY = timedelta(days=1)
# Codes from validate_term that make the arithmetic meaningless (a zero-year period would
# never advance); the other codes flag a clause a person should look at, but dates still follow.
_BLOCKING_ERRORS = frozenset(
    {"term_years_not_positive", "renewal_years_not_positive", "notice_unit_unknown", "notice_amount_negative"}
)


@dataclass(frozen=True)
class Term:
    """The term clause of an agreement plus what happened to it (notice, termination)."""

    signed_on: date | None
    term_years: int
    renewal_years: int | None = None  # None: no automatic renewal
    notice_amount: int | None = None  # the notice clause needs both amount and unit
    notice_unit: str | None = None  # "day" | "week" | "month" | "year"
    notice_given_on: date | None = None  # a party's written notice of termination
    terminated_on: date | None = None  # terminated early / by mutual agreement, effective that day


@dataclass(frozen=True)
class LifecycleState:
    """Where an agreement stands on one day; every date inclusive.

    status: "unknown" (no signing date, or a zero/negative length or an unknown notice unit:
    nothing can be computed), "not_yet_in_force" (before signing), "in_force", "expired" (its
    last period ended), "terminated" (from ``terminated_on``).
    For "unknown" every other field is None (and ``renewed`` False). For "expired" and
    "terminated" the period fields describe the last period in force and the rest is None
    (all None if it was terminated before it ever entered into force).
    notice_deadline: the last day on which notice still stops the renewal at ``next_renewal``;
    None once that day has passed (the renewal is then certain), when notice was already given,
    or when there is no renewal or no notice clause. days_to_*: from today, never negative.
    """

    status: str
    period_number: int | None = None  # 1 = initial term, 2 = first renewal, ...
    period_start: date | None = None
    period_end: date | None = None  # last day in force of the current (or last) period
    notice_deadline: date | None = None
    renewed: bool = False  # renewed at least once as of today
    next_renewal: date | None = None  # first day of the next period, if it will renew
    days_to_notice_deadline: int | None = None
    days_to_period_end: int | None = None


@dataclass(frozen=True)
class _Period:
    number: int
    start: date
    end: date  # last day in force, inclusive
    renews: bool  # whether another period follows this one
    deadline: date | None  # notice deadline; None unless the period renews and has a notice clause
    terminated: bool  # cut short by terminated_on


def add_years(d: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February in a common year."""
    return d + relativedelta(years=years)


def subtract_notice(d: date, amount: int, unit: str) -> date:
    """The day ``amount`` units before ``d``; months and years are calendar ones, clipped at
    month ends (1 month before 31 March is 28 or 29 February)."""
    if unit not in NOTICE_UNITS:
        raise ValueError(f"unknown notice unit: {unit!r}")
    if amount < 0:
        raise ValueError(f"negative notice amount: {amount}")
    return d - relativedelta(**{f"{unit}s": amount})


def validate_term(term_years, renewal_years, notice_amount, notice_unit) -> list[str]:
    """Error codes for a term clause as typed or parsed; an empty list means it is usable.

    "notice_incomplete": only one of amount and unit is given (the arithmetic then ignores
    the notice clause). "notice_longer_than_term": the notice interval is longer than the
    shorter of the term and the renewal period, measured from 1 January 2001, so the deadline
    would fall before the period it belongs to even begins (an equal length is allowed).
    """
    errors = []
    if not _is_int(term_years) or term_years < 1:
        errors.append("term_years_not_positive")
    if renewal_years is not None and (not _is_int(renewal_years) or renewal_years < 1):
        errors.append("renewal_years_not_positive")
    if notice_unit is not None and notice_unit not in NOTICE_UNITS:
        errors.append("notice_unit_unknown")
    if notice_amount is not None and (not _is_int(notice_amount) or notice_amount < 0):
        errors.append("notice_amount_negative")
    if (notice_amount is None) != (notice_unit is None):
        errors.append("notice_incomplete")
    if not errors and notice_amount is not None:
        shortest = min(term_years, renewal_years or term_years)
        start = date(2001, 1, 1)
        if subtract_notice(add_years(start, shortest), notice_amount, notice_unit) < start:
            errors.append("notice_longer_than_term")
    return errors


def periods(term: Term, until: date) -> list[tuple[date, date]]:
    """The successive (first day, last day) periods that start on or before ``until``.

    Contiguous: each starts the day after the previous one ends. The last one listed may
    end after ``until``. A termination cuts the period it falls in short. Empty when the
    signing date is unknown or the term is unusable.
    """
    return [(p.start, p.end) for p in takewhile(lambda p: p.start <= until, _timeline(term))]


def lifecycle_on(term: Term, today: date) -> LifecycleState:
    """Where the agreement stands on ``today`` (see the module docstring for the conventions)."""
    last = None
    for period in _timeline(term):
        last = period
        if today <= period.end:
            break
    if last is None:
        return _never_in_force(term, today)
    if today < last.start:
        return _open_state("not_yet_in_force", last, today)
    if today <= last.end:
        return _open_state("in_force", last, today)
    return LifecycleState(
        status="terminated" if last.terminated else "expired",
        period_number=last.number,
        period_start=last.start,
        period_end=last.end,
        renewed=last.number > 1,
    )


def _never_in_force(term: Term, today: date) -> LifecycleState:
    """Unknown signing date or unusable term; or terminated on or before the signing date."""
    if term.signed_on is None or term.terminated_on is None:
        return LifecycleState(status="unknown")
    return LifecycleState(status="terminated" if today >= term.terminated_on else "not_yet_in_force")


def _open_state(status: str, period: _Period, today: date) -> LifecycleState:
    """The state inside (or before) a period: what is still ahead of ``today``."""
    deadline = period.deadline if period.deadline is not None and today <= period.deadline else None
    return LifecycleState(
        status=status,
        period_number=period.number,
        period_start=period.start,
        period_end=period.end,
        notice_deadline=deadline,
        renewed=period.number > 1,
        next_renewal=period.end + ONE_DAY if period.renews else None,
        days_to_notice_deadline=(deadline - today).days if deadline is not None else None,
        days_to_period_end=(period.end - today).days,
    )


def _timeline(term: Term) -> Iterator[_Period]:
    """Every period the agreement is (or will be) in force, in order; stops when it ends."""
    if not _computable(term):
        return
    start, years, number = term.signed_on, term.term_years, 1
    if term.terminated_on is not None and term.terminated_on <= start:
        return
    while True:
        end = _last_day(start, years)
        if term.terminated_on is not None and (term.terminated_on - end).days <= 1:
            yield _Period(number, start, term.terminated_on - ONE_DAY, False, None, True)
            return
        deadline = _notice_deadline(term, end)
        renews = _renews(term, end, deadline)
        yield _Period(number, start, end, renews, deadline if renews else None, False)
        if not renews:
            return
        start, years, number = end + ONE_DAY, term.renewal_years, number + 1


def _computable(term: Term) -> bool:
    errors = validate_term(term.term_years, term.renewal_years, term.notice_amount, term.notice_unit)
    return term.signed_on is not None and not _BLOCKING_ERRORS.intersection(errors)


def _last_day(start: date, years: int) -> date:
    """Last day of a period of ``years`` from ``start``; the calendar's last day if beyond it."""
    try:
        return add_years(start, years) - ONE_DAY
    except (ValueError, OverflowError):
        return date.max


def _notice_deadline(term: Term, end: date) -> date | None:
    """Notice deadline of the period ending on ``end``; never later than ``end`` itself."""
    if term.renewal_years is None or term.notice_amount is None or term.notice_unit is None or end == date.max:
        return None
    try:
        return min(subtract_notice(end + ONE_DAY, term.notice_amount, term.notice_unit), end)
    except (ValueError, OverflowError):
        return date.min


def _renews(term: Term, end: date, deadline: date | None) -> bool:
    """Whether the period ending on ``end`` is followed by a renewal period."""
    if term.renewal_years is None or end == date.max:
        return False
    last_day_for_notice = deadline if deadline is not None else end
    return term.notice_given_on is None or term.notice_given_on > last_day_for_notice


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
