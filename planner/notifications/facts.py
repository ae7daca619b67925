"""What a director decides from, said in an e-mail about a plan: its title, when it runs, where,
and what it costs in each currency. Amounts in different currencies are never added together:
there is no rate the parties agreed on, so each currency keeps its own total."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency

from planner.i18n import pick_text
from planner.plans.occurrences import local_bounds


@dataclass(frozen=True)
class PlanFacts:
    """A plan's facts as text in one language (empty parts are left out of the message)."""

    title: str
    dates: str = ""
    venues: list[str] = field(default_factory=list)
    totals: list[str] = field(default_factory=list)


def totals_per_currency(costs: Iterable[tuple[Decimal | str | None, str | None]]) -> dict[str, Decimal]:
    """(amount, currency) pairs summed per currency, in currency order; an amount without a
    currency or a currency without an amount is left out rather than guessed."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for amount, currency in costs:
        if amount is None or not currency:
            continue
        totals[currency] += Decimal(amount)
    return dict(sorted(totals.items()))


def formatted_totals(totals: dict[str, Decimal], locale: str) -> list[str]:
    return [format_currency(amount, currency, locale=locale) for currency, amount in totals.items()]


def span(first: date | None, last: date | None, locale: str) -> str:
    """ "3 March 2027 – 30 June 2027", one day once, or "" when neither is known."""
    start = format_date(first, "long", locale=locale) if first else ""
    end = format_date(last, "long", locale=locale) if last else ""
    if start and end and start != end:
        return f"{start} – {end}"
    return start or end


def plan_facts(plan, locale: str) -> PlanFacts:
    """The plan's facts in `locale`: title (with the multilingual fallback), the days from its
    first event, venue or route stop to its last, each venue with its days, and the totals."""
    places = [*plan.venues, *plan.route_stops]
    days = [day for event in _live_events(plan) for day in _event_days(event)]
    days += [day for place in places for day in _place_days(place) if day]
    venues = []
    for place in places:
        name = pick_text(place.site.name, locale).text if place.site is not None else ""
        when = span(*_place_days(place), locale)
        venues.append(f"{name} ({when})" if name and when else name or when)
    totals = totals_per_currency((item.amount, item.currency) for item in plan.cost_items)
    return PlanFacts(
        title=pick_text(plan.title, locale).text,
        dates=span(min(days), max(days), locale) if days else "",
        venues=[venue for venue in venues if venue],
        totals=formatted_totals(totals, locale),
    )


def _live_events(plan):
    return [
        event
        for event in plan.events
        if event.deleted_at is None and event.override_of_id is None and event.status != "cancelled"
    ]


def _event_days(event) -> list[date]:
    """The first day of the event and the last one it (or its series) runs on, in its own zone."""
    try:
        start, end = local_bounds(event)
    except (TypeError, AttributeError):  # an event without its moments: no days rather than none at all
        return []
    first = start.date() if isinstance(start, datetime) else start
    last = end.date() if isinstance(end, datetime) else (end - timedelta(days=1) if end else None)
    if event.recurrence_until:
        last = max(filter(None, (last, event.recurrence_until)))
    return [day for day in (first, last) if day]


def _place_days(place) -> tuple[date | None, date | None]:
    if hasattr(place, "opens_on"):
        return place.opens_on, place.closes_on
    return place.arrival, place.departure
