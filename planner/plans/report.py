"""A plan's first and last day, and the one way the app writes CSV (cells made inert against
formulas): used by the implementation reports (planner.reports) and every CSV download."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

from planner.plans.occurrences import FAR_FUTURE, FAR_PAST, expand


def plan_days(plan) -> tuple[date | None, date | None]:
    """First and last day a plan occupies, from its events, venues and route."""
    days = []
    for event in plan.events:
        if event.deleted_at is None and event.status != "cancelled":
            found = expand(event, FAR_PAST, FAR_FUTURE)
            days += [_day(found[0].start), _day(found[-1].end, end=True)] if found else []
    days += [d for v in plan.venues for d in (v.opens_on, v.closes_on) if d]
    days += [d for s in plan.route_stops for d in (s.arrival, s.departure) if d]
    return (min(days), max(days)) if days else (None, None)


def _day(moment: date | datetime, end: bool = False) -> date:
    """The local calendar day of an occurrence bound (all-day ends are exclusive)."""
    if isinstance(moment, datetime):
        return moment.date()
    return moment - timedelta(days=1) if end else moment


# A cell starting with one of these is a formula to Excel and LibreOffice (OWASP: CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A text cell made inert the way OWASP recommends: a leading formula character gets a
    single quote in front, so spreadsheets show the text instead of evaluating it. Numbers and
    dates pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_csv(header: list[str], rows) -> str:
    """CSV text (RFC 4180 quoting by the csv module) with every cell through `csv_cell`: the one
    place the app writes CSV."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in [header, *rows]:
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue()
