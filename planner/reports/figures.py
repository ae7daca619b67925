"""The figures of an implementation report, computed from plain data (pure: no Flask, no
database), so the page, the JSON, the documents, the spreadsheet and the CSV all show the same.

What counts for a period [first, last] (both days included):
- a plan counts when any of its dated parts (venue runs, event occurrences, route stops, people's
  stays) reaches into the period; drafts never reach a report (the caller leaves them out);
- a venue run counts with all its visitors when it overlaps the period (visitors are counted per
  run, not per day); an event occurrence counts on the local day it starts;
- a person's days are the days of their stay inside the period, both ends included;
- costs are the plan's whole costs, planned and actual, per payer and currency: amounts in
  different currencies are never added up; a plan whose dates reach into two periods shows its
  costs in both (its dates are printed beside them);
- an article "has no activity" when no plan that implements it counts."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

Texts = dict  # a text per language, as stored ({"en": ..., "kk": ...})


# --- the input: plain facts read from the database (planner.reports.queries) -------------------


@dataclass(frozen=True)
class VenueRun:
    site: Texts
    city: str
    opens_on: date | None
    closes_on: date | None
    visitors: int | None


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of an event, on the local day it starts."""

    event_id: int
    title: Texts
    kind: str
    day: date
    held: bool | None
    on_site: int | None
    online: int | None


@dataclass(frozen=True)
class LentObject:
    lender_id: int
    borrower_id: int | None
    inventory_number: str
    title: Texts
    loan_from: date | None
    loan_to: date | None


@dataclass(frozen=True)
class Stay:
    name: str
    home_id: int
    host_id: int | None
    from_date: date | None
    to_date: date | None


@dataclass(frozen=True)
class Stop:
    site: Texts
    latitude: float
    longitude: float
    arrival: date | None
    departure: date | None


@dataclass(frozen=True)
class Cost:
    payer_id: int
    currency: str
    planned: Decimal
    actual: Decimal | None


@dataclass(frozen=True)
class PlanFacts:
    id: int
    agreement_id: int
    title: Texts
    kind: str
    status: str
    articles: tuple[int, ...]
    venues: tuple[VenueRun, ...] = ()
    occurrences: tuple[Occurrence, ...] = ()
    objects: tuple[LentObject, ...] = ()
    people: tuple[Stay, ...] = ()
    stops: tuple[Stop, ...] = ()
    costs: tuple[Cost, ...] = ()
    outcome: Texts = field(default_factory=dict)
    # The whole plan's first and last day, when the caller read its events beyond the period
    # (the occurrences above are only those near the period); else computed from the parts.
    span: tuple[date | None, date | None] | None = None


@dataclass(frozen=True)
class ArticleFacts:
    agreement_id: int
    number: int
    headings: Texts
    activities: tuple[str, ...]


# --- the output --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exhibition:
    plan_id: int
    title: Texts
    site: Texts
    city: str
    opens_on: date | None
    closes_on: date | None
    visitors: int | None


@dataclass(frozen=True)
class PlanLine:
    id: int
    agreement_id: int
    title: Texts
    kind: str
    status: str
    articles: tuple[int, ...]
    first_day: date | None
    last_day: date | None
    outcome: Texts
    distance_km: float
    stops: int


@dataclass(frozen=True)
class ArticleLine:
    agreement_id: int
    number: int
    headings: Texts
    activities: tuple[str, ...]
    plans: tuple[int, ...]  # plan ids that count
    statuses: dict[str, int]  # plans by status


@dataclass(frozen=True)
class Direction:
    home_id: int
    host_id: int | None
    people: int
    person_days: int


@dataclass(frozen=True)
class Money:
    payer_id: int
    currency: str
    planned: Decimal
    actual: Decimal  # what is known of it
    actual_known: bool  # every item of this payer and currency has its actual amount


@dataclass(frozen=True)
class Report:
    first: date
    last: date
    plans: tuple[PlanLine, ...]
    articles: tuple[ArticleLine, ...]
    exhibitions: tuple[Exhibition, ...]
    occurrences: tuple[Occurrence, ...]
    objects_by_lender: dict[int, tuple[LentObject, ...]]
    directions: tuple[Direction, ...]
    stays: tuple[Stay, ...]
    money: tuple[Money, ...]
    months: tuple[tuple[date, int], ...]  # the first day of each month and its activities

    @property
    def statuses(self) -> dict[str, int]:
        return dict(Counter(plan.status for plan in self.plans))

    @property
    def visitors(self) -> int:
        return sum(e.visitors or 0 for e in self.exhibitions)

    @property
    def held(self) -> tuple[Occurrence, ...]:
        return tuple(o for o in self.occurrences if o.held)

    @property
    def attendance(self) -> tuple[int, int]:
        """(on site, online) of the events held: a series' results are recorded once for the
        series (planner.plans.results), so each event counts once, however often it recurs."""
        events = {o.event_id: o for o in self.held}
        return sum(o.on_site or 0 for o in events.values()), sum(o.online or 0 for o in events.values())

    @property
    def objects(self) -> int:
        return sum(len(found) for found in self.objects_by_lender.values())

    @property
    def person_days(self) -> int:
        return sum(d.person_days for d in self.directions)

    @property
    def distance_km(self) -> float:
        return round(sum(plan.distance_km for plan in self.plans), 1)

    @property
    def idle_articles(self) -> tuple[ArticleLine, ...]:
        return tuple(article for article in self.articles if not article.plans)


# --- the computation ---------------------------------------------------------------------------


def overlaps(start: date | None, end: date | None, first: date, last: date) -> bool:
    """Whether [start, end] reaches into [first, last]; an open end runs on, a missing start
    is the end (and a part with no date at all reaches nowhere)."""
    start = start or end
    if start is None:
        return False
    return start <= last and (end or start) >= first


def days_within(start: date | None, end: date | None, first: date, last: date) -> int:
    """The days of [start, end] inside [first, last], both ends included."""
    if start is None:
        return 0
    low, high = max(start, first), min(end or start, last)
    return (high - low).days + 1 if high >= low else 0


def plan_span(plan: PlanFacts) -> tuple[date | None, date | None]:
    days = [d for v in plan.venues for d in (v.opens_on, v.closes_on) if d]
    days += [o.day for o in plan.occurrences]
    days += [d for s in plan.stops for d in (s.arrival, s.departure) if d]
    days += [d for p in plan.people for d in (p.from_date, p.to_date) if d]
    days += [d for o in plan.objects for d in (o.loan_from, o.loan_to) if d]
    return (min(days), max(days)) if days else (None, None)


def _whole_span(plan: PlanFacts) -> tuple[date | None, date | None]:
    """The plan's own first and last day: its parts', widened by its events' whole span."""
    days = [d for d in (*plan_span(plan), *(plan.span or ())) if d]
    return (min(days), max(days)) if days else (None, None)


def counts(plan: PlanFacts, first: date, last: date) -> bool:
    """Whether any dated part of the plan reaches into the period."""
    return (
        any(overlaps(v.opens_on, v.closes_on, first, last) for v in plan.venues)
        or any(first <= o.day <= last for o in plan.occurrences)
        or any(overlaps(s.arrival, s.departure, first, last) for s in plan.stops)
        or any(overlaps(p.from_date, p.to_date, first, last) for p in plan.people)
        or any(overlaps(o.loan_from, o.loan_to, first, last) for o in plan.objects)
    )


def distance_km(stops: tuple[Stop, ...]) -> float:
    """The route's length along its stops in order, as the crow flies (haversine, R = 6371 km)."""
    total = 0.0
    for a, b in zip(stops, stops[1:], strict=False):
        p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
        dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
        h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        total += 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
    return round(total, 1)


def build_report(plans: list[PlanFacts], articles: list[ArticleFacts], first: date, last: date) -> Report:
    """The report of the plans and articles given (already limited to what the reader may see)."""
    kept = sorted((p for p in plans if counts(p, first, last)), key=lambda p: (_whole_span(p)[0] or last, p.id))
    return Report(
        first=first,
        last=last,
        plans=tuple(_plan_line(p) for p in kept),
        articles=_articles(articles, kept),
        exhibitions=tuple(
            Exhibition(p.id, p.title, v.site, v.city, v.opens_on, v.closes_on, v.visitors)
            for p in kept
            for v in p.venues
            if overlaps(v.opens_on, v.closes_on, first, last)
        ),
        occurrences=tuple(
            sorted(
                (o for p in kept for o in p.occurrences if first <= o.day <= last), key=lambda o: (o.day, o.event_id)
            )
        ),
        objects_by_lender=_objects(kept),
        directions=_directions(kept, first, last),
        stays=tuple(s for p in kept for s in p.people if overlaps(s.from_date, s.to_date, first, last)),
        money=_money(kept),
        months=_months(kept, first, last),
    )


def _plan_line(plan: PlanFacts) -> PlanLine:
    start, end = _whole_span(plan)
    return PlanLine(
        plan.id, plan.agreement_id, plan.title, plan.kind, plan.status, plan.articles, start, end,
        plan.outcome, distance_km(plan.stops), len(plan.stops),
    )  # fmt: skip


def _articles(articles: list[ArticleFacts], kept: list[PlanFacts]) -> tuple[ArticleLine, ...]:
    """Each article with the plans under it, the plans looked up by agreement (not every plan
    for every article: a ministry's year has thousands of each)."""
    by_agreement: dict[int, list[PlanFacts]] = defaultdict(list)
    for plan in kept:
        by_agreement[plan.agreement_id].append(plan)
    lines = []
    for article in sorted(articles, key=lambda a: (a.agreement_id, a.number)):
        found = [p for p in by_agreement[article.agreement_id] if article.number in p.articles]
        statuses = dict(Counter(p.status for p in found))
        lines.append(
            ArticleLine(article.agreement_id, article.number, article.headings, article.activities,
                        tuple(p.id for p in found), statuses)
        )  # fmt: skip
    return tuple(lines)


def _objects(kept: list[PlanFacts]) -> dict[int, tuple[LentObject, ...]]:
    by_lender: dict[int, list[LentObject]] = defaultdict(list)
    for plan in kept:
        for lent in plan.objects:
            by_lender[lent.lender_id].append(lent)
    return {
        lender: tuple(sorted(found, key=lambda o: o.inventory_number)) for lender, found in sorted(by_lender.items())
    }


def _directions(kept: list[PlanFacts], first: date, last: date) -> tuple[Direction, ...]:
    people: dict[tuple, set] = defaultdict(set)
    days: Counter = Counter()
    for plan in kept:
        for stay in plan.people:
            inside = days_within(stay.from_date, stay.to_date, first, last)
            if inside:
                key = (stay.home_id, stay.host_id)
                people[key].add(stay.name)
                days[key] += inside
    return tuple(
        Direction(home, host, len(people[(home, host)]), days[(home, host)])
        for home, host in sorted(people, key=lambda k: (k[0], k[1] or 0))
    )


def _money(kept: list[PlanFacts]) -> tuple[Money, ...]:
    planned: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    actual: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    unknown: set[tuple[int, str]] = set()
    for plan in kept:
        for cost in plan.costs:
            key = (cost.payer_id, cost.currency)
            planned[key] += cost.planned
            if cost.actual is None:
                unknown.add(key)
            else:
                actual[key] += cost.actual
    return tuple(
        Money(payer, currency, planned[(payer, currency)], actual[(payer, currency)], (payer, currency) not in unknown)
        for payer, currency in sorted(planned)
    )


def _months(kept: list[PlanFacts], first: date, last: date) -> tuple[tuple[date, int], ...]:
    """Per month of the period: the events that start in it and the venue runs that open in it."""
    found: Counter = Counter()
    for plan in kept:
        found.update(date(o.day.year, o.day.month, 1) for o in plan.occurrences if first <= o.day <= last)
        found.update(
            date(v.opens_on.year, v.opens_on.month, 1)
            for v in plan.venues
            if v.opens_on and first <= v.opens_on <= last
        )
    months, month = [], date(first.year, first.month, 1)
    while month <= last and len(months) < 240:
        months.append((month, found[month]))
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return tuple(months)
