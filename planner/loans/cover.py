"""Whether an insurance or indemnity covers a loan: pure functions on plain data, no Flask and
no database. Sums are compared per currency and never added across currencies (a EUR value is
not covered by a USD sum, whatever the exchange rate of the day)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class ObjectValue:
    """What the cover must cover of one object: its loan period and its value."""

    label: str
    loan_from: date | None
    loan_to: date | None
    value: Decimal | None
    currency: str | None


@dataclass(frozen=True)
class Shortfall:
    currency: str
    needed: Decimal
    insured: Decimal


@dataclass
class CoverCheck:
    """The result: objects whose period the cover does not span (or whose period is unknown),
    and the currencies whose sum insured is below the objects' values."""

    outside_period: list[str] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)
    no_cover: bool = False

    @property
    def ok(self) -> bool:
        return not (self.no_cover or self.outside_period or self.shortfalls)


def values_by_currency(objects: Iterable[ObjectValue]) -> dict[str, Decimal]:
    """The objects' insurance values added up per currency (objects without a value count nothing)."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for item in objects:
        if item.value is not None and item.currency:
            totals[item.currency] += Decimal(item.value)
    return dict(totals)


def check_cover(
    objects: Iterable[ObjectValue],
    cover_from: date | None,
    cover_to: date | None,
    sums: dict[str, Decimal] | None,
) -> CoverCheck:
    """Does a cover from `cover_from` to `cover_to` with `sums` (currency → amount) cover the
    objects? None for the dates and sums means no cover record at all."""
    objects = list(objects)
    if sums is None:
        return CoverCheck(no_cover=True)
    result = CoverCheck()
    for item in objects:
        spans = (
            cover_from is not None
            and cover_to is not None
            and item.loan_from is not None
            and item.loan_to is not None
            and cover_from <= item.loan_from
            and item.loan_to <= cover_to
        )
        if not spans:
            result.outside_period.append(item.label)
    for currency, needed in sorted(values_by_currency(objects).items()):
        insured = Decimal(sums.get(currency, 0))
        if insured < needed:
            result.shortfalls.append(Shortfall(currency, needed, insured))
    return result
