"""A report as tables of typed cells: the one shape the page, the PDF and Word documents, the
spreadsheet and the CSV are all made from, so they cannot disagree. A cell keeps its value
(numbers as numbers, dates as dates, texts per language, vocabulary keys) and each output shows
it in its own language (`shown`); pure apart from the labels' translations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from planner.i18n import pick_text
from planner.reports.figures import Report


def N_(text: str) -> str:  # noqa: N802 (Babel's marker: extracted, translated when shown)
    return text


@dataclass(frozen=True)
class Text:
    """A text a user typed, one value per language."""

    values: dict


@dataclass(frozen=True)
class Label:
    """A vocabulary key shown as its label: kind "status", "activity", "held" or "word"."""

    kind: str
    key: str | None


@dataclass(frozen=True)
class Institution:
    id: int | None


Cell = str | int | float | Decimal | date | Text | Label | Institution | None


@dataclass(frozen=True)
class ReportTable:
    key: str  # the sheet's name and the CSV section's first cell
    title: str  # English msgid, translated when shown
    headers: tuple[str, ...]  # English msgids
    rows: tuple[tuple[Cell, ...], ...]
    numeric: tuple[int, ...] = ()


def report_tables(report: Report, agreement_titles: dict[int, dict] | None = None) -> list[ReportTable]:
    """Every table of the report, in the order the page prints them."""
    many = agreement_titles is not None and len(agreement_titles) > 1
    return [
        _summary(report),
        _articles(report, agreement_titles if many else None),
        _plans(report),
        _exhibitions(report),
        _events(report),
        _objects(report),
        _directions(report),
        _stays(report),
        _routes(report),
        _costs(report),
    ]


def _summary(report: Report) -> ReportTable:
    on_site, online = report.attendance
    rows = [(Label("word", N_("Plans")), len(report.plans))]
    rows += [(Label("status", status), count) for status, count in sorted(report.statuses.items())]
    rows += [
        (Label("word", N_("Exhibition venues")), len(report.exhibitions)),
        (Label("word", N_("Visitors")), report.visitors),
        (Label("word", N_("Events held")), len(report.held)),
        (Label("word", N_("Attendance on site")), on_site),
        (Label("word", N_("Attendance online")), online),
        (Label("word", N_("Objects lent")), report.objects),
        (Label("word", N_("People exchanged")), sum(d.people for d in report.directions)),
        (Label("word", N_("Person-days")), report.person_days),
        (Label("word", N_("Route stops")), sum(p.stops for p in report.plans)),
        (Label("word", N_("Route distance, km")), Decimal(str(report.distance_km))),
        (Label("word", N_("Articles with no activity")), len(report.idle_articles)),
    ]
    return ReportTable("summary", N_("Summary"), (N_("Figure"), N_("Value")), tuple(rows), numeric=(1,))


def _articles(report: Report, agreement_titles: dict[int, dict] | None) -> ReportTable:
    headers = (N_("Article"), N_("Heading"), N_("Activities"), N_("Plans"), N_("By status"))
    rows = []
    for article in report.articles:
        statuses = Label("statuses", ";".join(f"{k}={v}" for k, v in sorted(article.statuses.items())) or None)
        activities = Label("activities", " ".join(article.activities) or None)
        heading: Cell = Text(article.headings)
        if agreement_titles:
            heading = Text(
                {k: f"{agreement_titles[article.agreement_id].get(k) or ''} · {v}" for k, v in article.headings.items()}
            )
        plans = len(article.plans) if article.plans else Label("word", N_("No activity"))
        rows.append((article.number, heading, activities, plans, statuses))
    return ReportTable("articles", N_("Articles"), headers, tuple(rows), numeric=(0,))


def _plans(report: Report) -> ReportTable:
    headers = (N_("Plan No."), N_("Plan"), N_("Kind"), N_("Status"), N_("Articles"), N_("First day"),
               N_("Last day"), N_("Outcome"))  # fmt: skip
    rows = tuple(
        (p.id, Text(p.title), Label("activity", p.kind), Label("status", p.status),
         ", ".join(str(n) for n in p.articles), p.first_day, p.last_day, Text(p.outcome))
        for p in report.plans
    )  # fmt: skip
    return ReportTable("plans", N_("Plans"), headers, rows, numeric=(0,))


def _exhibitions(report: Report) -> ReportTable:
    headers = (N_("Plan"), N_("Venue"), N_("City"), N_("Opens"), N_("Closes"), N_("Visitors"))
    rows = tuple((Text(e.title), Text(e.site), e.city, e.opens_on, e.closes_on, e.visitors) for e in report.exhibitions)
    return ReportTable("exhibitions", N_("Exhibitions"), headers, rows, numeric=(5,))


def _events(report: Report) -> ReportTable:
    headers = (N_("Date"), N_("Event"), N_("Kind"), N_("Took place"), N_("Attendance on site"), N_("Attendance online"))
    rows = tuple(
        (o.day, Text(o.title), Label("event_kind", o.kind), Label("held", _held_key(o.held)), o.on_site, o.online)
        for o in report.occurrences
    )
    return ReportTable("events", N_("Events"), headers, rows, numeric=(4, 5))


def _held_key(held: bool | None) -> str:
    return {True: "yes", False: "no", None: "unknown"}[held]


def _objects(report: Report) -> ReportTable:
    headers = (N_("Lender"), N_("Borrower"), N_("Inventory number"), N_("Object"), N_("Loan from"), N_("Loan to"))
    rows = tuple(
        (
            Institution(o.lender_id),
            Institution(o.borrower_id),
            o.inventory_number,
            Text(o.title),
            o.loan_from,
            o.loan_to,
        )
        for objects in report.objects_by_lender.values()
        for o in objects
    )
    return ReportTable("objects", N_("Objects lent and borrowed"), headers, rows)


def _directions(report: Report) -> ReportTable:
    headers = (N_("From"), N_("To"), N_("People"), N_("Person-days"))
    rows = tuple((Institution(d.home_id), Institution(d.host_id), d.people, d.person_days) for d in report.directions)
    return ReportTable("people", N_("People exchanged, by direction"), headers, rows, numeric=(2, 3))


def _stays(report: Report) -> ReportTable:
    headers = (N_("Name"), N_("From"), N_("To"), N_("Arrival"), N_("Departure"))
    rows = tuple((s.name, Institution(s.home_id), Institution(s.host_id), s.from_date, s.to_date) for s in report.stays)
    return ReportTable("stays", N_("Stays"), headers, rows)


def _routes(report: Report) -> ReportTable:
    headers = (N_("Plan"), N_("Route stops"), N_("Route distance, km"))
    rows = tuple((Text(p.title), p.stops, Decimal(str(p.distance_km))) for p in report.plans if p.stops)
    return ReportTable("routes", N_("Heritage routes"), headers, rows, numeric=(1, 2))


def _costs(report: Report) -> ReportTable:
    headers = (N_("Payer"), N_("Currency"), N_("Planned"), N_("Actual"), N_("Actual known for every item"))
    rows = tuple(
        (Institution(m.payer_id), m.currency, m.planned, m.actual, Label("held", "yes" if m.actual_known else "no"))
        for m in report.money
    )
    return ReportTable("costs", N_("Costs per payer and currency"), headers, rows, numeric=(2, 3))


# --- showing a cell in a language -------------------------------------------------------------


@dataclass(frozen=True)
class Showing:
    """What a language needs to show cells: the translations and the institutions' names."""

    language: str
    translate: Callable[[str], str]  # an English msgid in this language
    label: Callable[[str, str], str]  # (kind, key) -> label in this language
    institution_names: dict[int, dict]
    number: Callable[[object], str]
    day: Callable[[date], str]


def shown(cell: Cell, showing: Showing) -> str:
    """The cell as text in the showing's language (the page, the documents, the CSV)."""
    if cell is None:
        return ""
    if isinstance(cell, Text):
        return pick_text(cell.values, showing.language, order=()).text
    if isinstance(cell, Institution):
        if cell.id is None:
            return ""
        return pick_text(showing.institution_names.get(cell.id, {}), showing.language, order=()).text
    if isinstance(cell, Label):
        return _label(cell, showing)
    if isinstance(cell, bool):
        return showing.label("held", "yes" if cell else "no")
    if isinstance(cell, int | float | Decimal):
        return showing.number(cell)
    if isinstance(cell, date):
        return showing.day(cell)
    return str(cell)


def _label(cell: Label, showing: Showing) -> str:
    if cell.key is None:
        return ""
    if cell.kind == "word":
        return showing.translate(cell.key)
    if cell.kind == "statuses":
        parts = (item.split("=") for item in cell.key.split(";"))
        return ", ".join(f"{showing.label('status', key)}: {showing.number(int(count))}" for key, count in parts)
    if cell.kind == "activities":
        return ", ".join(showing.label("activity", key) for key in cell.key.split())
    return showing.label(cell.kind, cell.key)
