"""The yearly implementation report of an agreement: for every article, the plans that
implement it with their status, dates and terms. Plain rows, for the page and for CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from planner.plans.occurrences import FAR_FUTURE, FAR_PAST, expand


@dataclass(frozen=True)
class ReportRow:
    article: int
    activities: tuple[str, ...]
    plan_id: int | None
    plan_title: str
    kind: str
    status: str
    terms: str
    first_day: date | None
    last_day: date | None


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


def implementation_rows(articles, year: int, title_of, shown=lambda plan: True) -> list[ReportRow]:
    """One row per (article, plan active in the year, `shown` to the reader); an article without
    such a plan gets one row with no plan, so the report shows what is not yet planned."""
    rows = []
    for article in articles:
        found = False
        for plan in article.plans:
            if plan.deleted_at is not None or not shown(plan):
                continue
            first, last = plan_days(plan)
            if first and (first.year > year or last.year < year):
                continue
            found = True
            rows.append(
                ReportRow(
                    article.number,
                    tuple(article.activities),
                    plan.id,
                    title_of(plan),
                    plan.kind,
                    plan.status,
                    plan.terms,
                    first,
                    last,
                )
            )
        if not found:
            rows.append(ReportRow(article.number, tuple(article.activities), None, "", "", "", "", None, None))
    return rows


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


def report_csv(rows: list[ReportRow], headers: list[str]) -> str:
    return write_csv(
        headers,
        (
            [
                row.article,
                " ".join(row.activities),
                row.plan_id or "",
                row.plan_title,
                row.kind,
                row.status,
                row.terms,
                row.first_day or "",
                row.last_day or "",
            ]
            for row in rows
        ),
    )
