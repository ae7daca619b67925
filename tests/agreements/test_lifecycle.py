"""Term arithmetic: the seed MoU's Article 9 (5 years, renewed for 5, notice 1 month) on the
days that matter, the calendar edge cases, and properties over random terms."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.agreements.lifecycle import (
    LifecycleState,
    Term,
    add_years,
    lifecycle_on,
    periods,
    subtract_notice,
    validate_term,
)
from tests.budget import examples

SEED = Term(signed_on=date(2026, 3, 15), term_years=5, renewal_years=5, notice_amount=1, notice_unit="month")
FIRST_END = date(2031, 3, 14)
DEADLINE = date(2031, 2, 15)
RENEWAL = date(2031, 3, 15)


# --- the seed MoU -------------------------------------------------------------------------


def test_before_signing_shows_the_first_period_ahead():
    state = lifecycle_on(SEED, date(2026, 3, 1))
    assert state == LifecycleState(
        status="not_yet_in_force",
        period_number=1,
        period_start=date(2026, 3, 15),
        period_end=FIRST_END,
        notice_deadline=DEADLINE,
        renewed=False,
        next_renewal=RENEWAL,
        days_to_notice_deadline=1812,
        days_to_period_end=1839,
    )


def test_day_of_signing_is_in_force():
    state = lifecycle_on(SEED, date(2026, 3, 15))
    assert (state.status, state.period_number, state.period_start, state.period_end) == (
        "in_force",
        1,
        date(2026, 3, 15),
        FIRST_END,
    )
    assert (state.notice_deadline, state.next_renewal, state.renewed) == (DEADLINE, RENEWAL, False)
    assert (state.days_to_notice_deadline, state.days_to_period_end) == (1798, 1825)


def test_day_before_the_notice_deadline():
    state = lifecycle_on(SEED, date(2031, 2, 14))
    assert (state.notice_deadline, state.days_to_notice_deadline, state.days_to_period_end) == (DEADLINE, 1, 28)


def test_on_the_notice_deadline_notice_is_still_in_time():
    state = lifecycle_on(SEED, DEADLINE)
    assert (state.notice_deadline, state.days_to_notice_deadline, state.next_renewal) == (DEADLINE, 0, RENEWAL)


def test_after_the_deadline_the_renewal_is_certain():
    state = lifecycle_on(SEED, date(2031, 2, 16))
    assert (state.status, state.period_number, state.notice_deadline, state.days_to_notice_deadline) == (
        "in_force",
        1,
        None,
        None,
    )
    assert (state.next_renewal, state.renewed) == (RENEWAL, False)


def test_renewed_period_and_its_own_deadline():
    state = lifecycle_on(SEED, RENEWAL)
    assert state == LifecycleState(
        status="in_force",
        period_number=2,
        period_start=RENEWAL,
        period_end=date(2036, 3, 14),
        notice_deadline=date(2036, 2, 15),
        renewed=True,
        next_renewal=date(2036, 3, 15),
        days_to_notice_deadline=1798,
        days_to_period_end=1826,
    )  # 2032 and 2036 are leap years
    assert lifecycle_on(SEED, date(2046, 3, 15)).period_number == 5  # renewals go on


def test_renewal_periods_have_their_own_length():
    term = replace(SEED, renewal_years=1)
    assert periods(term, date(2032, 3, 15)) == [
        (date(2026, 3, 15), FIRST_END),
        (RENEWAL, date(2032, 3, 14)),
        (date(2032, 3, 15), date(2033, 3, 14)),
    ]


def test_notice_on_the_deadline_ends_the_agreement_with_the_period():
    term = replace(SEED, notice_given_on=DEADLINE)
    during = lifecycle_on(term, date(2031, 2, 20))
    assert (during.status, during.next_renewal, during.notice_deadline) == ("in_force", None, None)
    assert lifecycle_on(term, FIRST_END).status == "in_force"
    assert lifecycle_on(term, RENEWAL) == LifecycleState(
        status="expired", period_number=1, period_start=date(2026, 3, 15), period_end=FIRST_END
    )
    assert periods(term, date(2050, 1, 1)) == [(date(2026, 3, 15), FIRST_END)]


def test_notice_in_a_renewal_period_ends_that_period():
    term = replace(SEED, notice_given_on=date(2033, 6, 1))
    assert lifecycle_on(term, date(2034, 1, 1)).next_renewal is None
    assert lifecycle_on(term, date(2036, 3, 15)).status == "expired"
    assert lifecycle_on(term, date(2036, 3, 15)).period_end == date(2036, 3, 14)


def test_late_notice_takes_effect_at_the_end_of_the_following_period():
    term = replace(SEED, notice_given_on=DEADLINE + timedelta(days=1))
    assert lifecycle_on(term, FIRST_END).next_renewal == RENEWAL
    second = lifecycle_on(term, RENEWAL)
    assert (second.status, second.period_number, second.renewed) == ("in_force", 2, True)
    assert (second.next_renewal, second.notice_deadline, second.period_end) == (None, None, date(2036, 3, 14))
    ended = lifecycle_on(term, date(2036, 3, 15))
    assert (ended.status, ended.period_number, ended.period_end, ended.renewed) == (
        "expired",
        2,
        date(2036, 3, 14),
        True,
    )


# --- calendar edge cases ------------------------------------------------------------------


def test_add_years_from_29_february():
    assert add_years(date(2024, 2, 29), 5) == date(2029, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_years(date(2026, 3, 15), 5) == date(2031, 3, 15)


def test_signed_on_29_february():
    term = replace(SEED, signed_on=date(2024, 2, 29))
    state = lifecycle_on(term, date(2024, 2, 29))
    assert (state.period_end, state.next_renewal, state.notice_deadline) == (
        date(2029, 2, 27),
        date(2029, 2, 28),
        date(2029, 1, 28),
    )
    assert periods(term, date(2034, 3, 1)) == [  # the chain stays on 28 February
        (date(2024, 2, 29), date(2029, 2, 27)),
        (date(2029, 2, 28), date(2034, 2, 27)),
        (date(2034, 2, 28), date(2039, 2, 27)),
    ]


@pytest.mark.parametrize(
    ("day", "amount", "unit", "expected"),
    [
        (date(2031, 3, 31), 1, "month", date(2031, 2, 28)),
        (date(2032, 3, 31), 1, "month", date(2032, 2, 29)),
        (date(2031, 5, 31), 3, "month", date(2031, 2, 28)),
        (date(2031, 3, 15), 10, "day", date(2031, 3, 5)),
        (date(2031, 3, 15), 2, "week", date(2031, 3, 1)),
        (date(2029, 2, 28), 1, "year", date(2028, 2, 28)),
        (date(2031, 3, 15), 0, "month", date(2031, 3, 15)),
    ],
)
def test_subtract_notice(day, amount, unit, expected):
    assert subtract_notice(day, amount, unit) == expected


def test_subtract_notice_rejects_bad_input():
    with pytest.raises(ValueError, match="unit"):
        subtract_notice(date(2031, 3, 15), 1, "fortnight")
    with pytest.raises(ValueError, match="negative"):
        subtract_notice(date(2031, 3, 15), -1, "day")


def test_month_end_notice_deadline():
    term = replace(SEED, signed_on=date(2026, 3, 31))
    state = lifecycle_on(term, date(2030, 1, 1))
    assert (state.period_end, state.notice_deadline, state.next_renewal) == (
        date(2031, 3, 30),
        date(2031, 2, 28),
        date(2031, 3, 31),
    )


def test_zero_notice_means_up_to_the_last_day_in_force():
    term = replace(SEED, notice_amount=0)
    assert lifecycle_on(term, date(2031, 3, 1)).notice_deadline == FIRST_END
    assert lifecycle_on(replace(term, notice_given_on=FIRST_END), RENEWAL).status == "expired"


# --- clauses missing ----------------------------------------------------------------------


def test_no_renewal_clause_expires_after_the_first_term():
    term = replace(SEED, renewal_years=None)
    last_day = lifecycle_on(term, FIRST_END)
    assert (last_day.status, last_day.notice_deadline, last_day.next_renewal, last_day.days_to_period_end) == (
        "in_force",
        None,
        None,
        0,
    )
    assert lifecycle_on(term, RENEWAL) == LifecycleState(
        status="expired", period_number=1, period_start=date(2026, 3, 15), period_end=FIRST_END
    )


def test_no_notice_clause_renews_without_a_deadline():
    term = replace(SEED, notice_amount=None, notice_unit=None)
    state = lifecycle_on(term, date(2031, 3, 1))
    assert (state.notice_deadline, state.days_to_notice_deadline, state.next_renewal) == (None, None, RENEWAL)
    assert lifecycle_on(term, RENEWAL).period_number == 2
    # any notice up to the last day in force still stops the renewal
    assert lifecycle_on(replace(term, notice_given_on=FIRST_END), RENEWAL).status == "expired"


def test_unknown_signing_date():
    term = replace(SEED, signed_on=None)
    assert lifecycle_on(term, date(2030, 1, 1)) == LifecycleState(
        status="unknown",
        period_number=None,
        period_start=None,
        period_end=None,
        notice_deadline=None,
        renewed=False,
        next_renewal=None,
        days_to_notice_deadline=None,
        days_to_period_end=None,
    )
    assert periods(term, date(2030, 1, 1)) == []


def test_unusable_term_is_unknown_rather_than_an_error():
    assert lifecycle_on(replace(SEED, term_years=0), date(2030, 1, 1)).status == "unknown"
    assert lifecycle_on(replace(SEED, notice_unit="fortnight"), date(2030, 1, 1)).status == "unknown"


# --- termination --------------------------------------------------------------------------


def test_terminated_early():
    term = replace(SEED, terminated_on=date(2028, 6, 1))
    before = lifecycle_on(term, date(2028, 5, 31))
    assert (before.status, before.period_end, before.next_renewal, before.notice_deadline) == (
        "in_force",
        date(2028, 5, 31),
        None,
        None,
    )
    assert lifecycle_on(term, date(2028, 6, 1)) == LifecycleState(
        status="terminated", period_number=1, period_start=date(2026, 3, 15), period_end=date(2028, 5, 31)
    )
    assert periods(term, date(2040, 1, 1)) == [(date(2026, 3, 15), date(2028, 5, 31))]


def test_terminated_on_the_renewal_day_prevents_the_renewal():
    state = lifecycle_on(replace(SEED, terminated_on=RENEWAL), RENEWAL)
    assert (state.status, state.period_number, state.period_end) == ("terminated", 1, FIRST_END)


def test_terminated_in_a_renewal_period():
    state = lifecycle_on(replace(SEED, terminated_on=date(2033, 1, 1)), date(2035, 1, 1))
    assert (state.status, state.period_number, state.period_end, state.renewed) == (
        "terminated",
        2,
        date(2032, 12, 31),
        True,
    )


def test_terminated_before_it_entered_into_force():
    term = replace(SEED, terminated_on=date(2026, 3, 1))
    assert lifecycle_on(term, date(2026, 2, 1)) == LifecycleState(status="not_yet_in_force")
    assert lifecycle_on(term, date(2026, 4, 1)) == LifecycleState(status="terminated")
    assert periods(term, date(2030, 1, 1)) == []


def test_termination_after_natural_expiry_leaves_it_expired():
    term = replace(SEED, renewal_years=None, terminated_on=date(2032, 1, 1))
    assert lifecycle_on(term, date(2033, 1, 1)).status == "expired"


def test_far_future_signing_does_not_overflow():
    state = lifecycle_on(replace(SEED, signed_on=date(9990, 1, 1)), date(9999, 12, 31))
    assert (state.status, state.period_number, state.period_end, state.next_renewal) == ("in_force", 2, date.max, None)


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "errors"),
    [
        ((5, 5, 1, "month"), []),
        ((5, None, None, None), []),
        ((1, None, 12, "month"), []),
        ((0, 5, 1, "month"), ["term_years_not_positive"]),
        ((-2, 5, 1, "month"), ["term_years_not_positive"]),
        (("5", 5, 1, "month"), ["term_years_not_positive"]),
        ((5, 0, 1, "month"), ["renewal_years_not_positive"]),
        ((5, 5, 1, "fortnight"), ["notice_unit_unknown"]),
        ((5, 5, -1, "month"), ["notice_amount_negative"]),
        ((5, 5, 1, None), ["notice_incomplete"]),
        ((5, 5, None, "month"), ["notice_incomplete"]),
        ((1, None, 13, "month"), ["notice_longer_than_term"]),
        ((5, 1, 2, "year"), ["notice_longer_than_term"]),
        ((1, None, 366, "day"), ["notice_longer_than_term"]),
        (
            (0, 0, -1, "fortnight"),
            ["term_years_not_positive", "renewal_years_not_positive", "notice_unit_unknown", "notice_amount_negative"],
        ),
    ],
)
def test_validate_term(args, errors):
    assert validate_term(*args) == errors


# --- properties ---------------------------------------------------------------------------

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2120, 12, 31))
terms = st.builds(
    Term,
    signed_on=days,
    term_years=st.integers(1, 10),
    renewal_years=st.none() | st.integers(1, 10),
    notice_amount=st.none() | st.integers(0, 30),
    notice_unit=st.sampled_from(["day", "week", "month", "year"]),
    notice_given_on=st.none() | days,
    terminated_on=st.none() | days,
)


@settings(max_examples=examples(300), database=None)
@given(term=terms, today=days)
def test_state_agrees_with_the_periods(term, today):
    state = lifecycle_on(term, today)
    found = periods(term, today)
    if state.status == "in_force":
        assert state.period_start <= today <= state.period_end
        assert (state.period_start, state.period_end) == found[-1]
        assert state.period_number == len(found) and state.renewed == (len(found) > 1)
        assert state.days_to_period_end == (state.period_end - today).days >= 0
    if state.notice_deadline is not None:
        assert today <= state.notice_deadline < state.period_end + timedelta(days=1)
        assert state.next_renewal == state.period_end + timedelta(days=1)
        assert state.days_to_notice_deadline >= 0
    if state.next_renewal is not None:
        assert state.status in ("in_force", "not_yet_in_force")
        assert lifecycle_on(term, state.next_renewal).period_number == state.period_number + 1
    if state.status in ("expired", "terminated") and found:
        assert (state.period_start, state.period_end) == found[-1] and today > state.period_end


@settings(max_examples=examples(200), database=None)
@given(term=terms, until=days)
def test_periods_are_contiguous(term, until):
    found = periods(term, until)
    if found:
        assert found[0][0] == term.signed_on
    for start, end in found:
        assert start <= end and start <= until
    for (_, end), (start, _) in zip(found, found[1:], strict=False):
        assert start == end + timedelta(days=1)
