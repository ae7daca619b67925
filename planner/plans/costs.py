"""Cost totals: per payer and per currency, never adding different currencies together."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal


def totals_by_payer(cost_items: Iterable) -> dict[int, dict[str, Decimal]]:
    """{payer institution id: {currency: total}}."""
    totals: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for item in cost_items:
        totals[item.payer_institution_id][item.currency] += Decimal(item.amount)
    return {payer: dict(by_currency) for payer, by_currency in totals.items()}


def totals_by_currency(cost_items: Iterable) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for item in cost_items:
        totals[item.currency] += Decimal(item.amount)
    return dict(sorted(totals.items()))
