"""What the results and the period refuse, each with the field that is wrong."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from planner.errors import Invalid


@pytest.fixture()
def checking(app):
    with app.test_request_context():
        yield


def refused(sent: dict) -> str:
    from planner.plans.results import check_results

    with pytest.raises(Invalid) as raised:
        check_results(sent, {1}, {2}, {3})
    return raised.value.field


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({"venues": {"1": -1}}, "venues-1-visitors"),
        ({"venues": {"1": "many"}}, "venues-1-visitors"),
        ({"venues": {"1": True}}, "venues-1-visitors"),
        ({"venues": {"9": 5}}, "venues"),  # another plan's venue
        ({"events": {"2": {"held": "perhaps"}}}, "events-2-held"),
        ({"events": {"2": {"attendance_online": 10**9}}}, "events-2-attendance_online"),
        ({"costs": {"3": "-0.01"}}, "costs-3-actual_amount"),
        ({"costs": {"3": "NaN"}}, "costs-3-actual_amount"),
        ({"costs": {"3": "1e30"}}, "costs-3-actual_amount"),
        ({"outcome": {"fr": "Bien"}}, "outcome"),
        ({"outcome": {"en": 5}}, "outcome"),
        ({"outcome": ["Done"]}, "outcome"),
        ({"outcome": {"en": "x" * 4001}}, "outcome-en"),
    ],
)
def test_each_wrong_value_is_refused_with_its_field(checking, sent, field):
    assert refused(sent) == field


def test_good_values_are_kept_as_numbers(checking):
    from planner.plans.results import check_results

    found = check_results(
        {"venues": {"1": "1200"}, "events": {"2": {"held": "no", "attendance_on_site": ""}}, "costs": {"3": "1 250,5"},
         "outcome": {"kk": " Сәтті ", "ru": ""}},
        {1}, {2}, {3},
    )  # fmt: skip
    assert found.visitors == {1: 1200} and found.held == {2: False} and found.on_site == {2: None}
    assert found.actual == {3: Decimal("1250.500")} and found.outcome == {"kk": "Сәтті"}


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"from": "2027-12-31", "to": "2027-01-01"}, "to"),
        ({"from": "2000-01-01", "to": "2027-01-01"}, "to"),  # more than ten years
        ({"from": "31.12.2027"}, "from"),
        ({"to": "2300-01-01"}, "to"),
        ({"year": "twenty"}, "year"),
    ],
)
def test_a_period_that_cannot_be_read(checking, args, field):
    from planner.reports.reading import asked_period

    with pytest.raises(Invalid) as raised:
        asked_period(args, today=date(2027, 6, 1))
    assert raised.value.field == field


def test_the_default_period_is_this_calendar_year(checking):
    from planner.reports.reading import asked_period

    assert asked_period({}, today=date(2027, 6, 1)).first == date(2027, 1, 1)
    assert asked_period({"year": "2026"}).last == date(2026, 12, 31)
    assert asked_period({"from": "2027-03-01"}, today=date(2027, 6, 1)).last == date(2027, 12, 31)
