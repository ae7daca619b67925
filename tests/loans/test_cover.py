"""The cover checks on plain data: period and sums per currency, never across currencies."""

from datetime import date
from decimal import Decimal

from planner.loans.cover import ObjectValue, Shortfall, check_cover, values_by_currency

BOWL = ObjectValue("bowl", date(2026, 11, 20), date(2027, 3, 1), Decimal("45000"), "EUR")
LAMP = ObjectValue("lamp", date(2026, 11, 20), date(2027, 3, 1), Decimal("12000"), "EUR")
COIN = ObjectValue("coin", date(2026, 11, 25), date(2027, 2, 1), Decimal("5000"), "USD")


def test_a_cover_spanning_every_period_and_value_is_ok():
    check = check_cover([BOWL, LAMP, COIN], date(2026, 11, 1), date(2027, 3, 31), {"EUR": Decimal(57000), "USD": 5000})
    assert check.ok


def test_values_are_added_per_currency_only():
    assert values_by_currency([BOWL, LAMP, COIN]) == {"EUR": Decimal(57000), "USD": Decimal(5000)}


def test_a_sum_in_another_currency_covers_nothing():
    """62 000 insured in EUR does not cover 5 000 USD, though 62 000 ≥ 57 000 + 5 000."""
    check = check_cover([BOWL, LAMP, COIN], date(2026, 11, 1), date(2027, 3, 31), {"EUR": Decimal(62000)})
    assert check.shortfalls == [Shortfall("USD", Decimal(5000), Decimal(0))]
    assert not check.ok


def test_a_sum_below_the_values_of_one_currency_is_short():
    check = check_cover([BOWL, LAMP], date(2026, 11, 1), date(2027, 3, 31), {"EUR": Decimal(56999)})
    assert check.shortfalls == [Shortfall("EUR", Decimal(57000), Decimal(56999))]


def test_an_object_lent_beyond_the_cover_period_is_named():
    check = check_cover([BOWL, COIN], date(2026, 11, 21), date(2027, 3, 31), {"EUR": 45000, "USD": 5000})
    assert check.outside_period == ["bowl"]
    check = check_cover([BOWL, COIN], date(2026, 11, 1), date(2027, 2, 28), {"EUR": 45000, "USD": 5000})
    assert check.outside_period == ["bowl"]


def test_an_object_without_dates_is_not_covered_and_no_record_is_no_cover():
    undated = ObjectValue("undated", None, None, Decimal(1), "EUR")
    assert check_cover([undated], date(2026, 1, 1), date(2027, 1, 1), {"EUR": 1}).outside_period == ["undated"]
    assert check_cover([BOWL], None, None, None).no_cover
