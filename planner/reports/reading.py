"""One report, for the pages and the API alike: the period asked, the scope the reader may read,
the figures, the tables, and the files made from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from planner.days import day_in_range
from planner.documents.languages import asked_languages, default_languages
from planner.errors import Invalid, NotFound
from planner.i18n import pick_text
from planner.reports import charts, outputs, queries
from planner.reports.figures import Report
from planner.reports.presenting import month_label, showing_in
from planner.reports.tables import ReportTable, report_tables, shown

MAX_YEARS = 10
PDF, DOCX, CSV = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/csv",
)
FORMATS = ("pdf", "docx", "xlsx", "csv")


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @property
    def slug(self) -> str:
        return f"{self.first.isoformat()}_{self.last.isoformat()}"


@dataclass
class Made:
    """A report read for one scope and period, with what every output needs."""

    kind: str  # "agreement" or "institution"
    subject_id: int
    titles: dict  # the agreement's or the institution's name, per language
    period: Period
    report: Report
    tables: list[ReportTable]
    names: dict[int, dict]  # institutions' names per language
    document_languages: list[list[str]]  # the parties' languages, for the documents' default


def asked_period(args, today: date | None = None) -> Period:
    """`from` and `to` (YYYY-MM-DD), or `year`; a calendar year (this one) by default."""
    today = today or date.today()
    year = args.get("year")
    if year not in (None, ""):
        try:
            number = int(year)
            return Period(day_in_range(f"{number:04d}-01-01"), day_in_range(f"{number:04d}-12-31"))
        except ValueError:
            raise Invalid("year", _("Give the year as four digits, such as 2027.")) from None
    first = _day(args.get("from"), "from", date(today.year, 1, 1))
    last = _day(args.get("to"), "to", date(first.year, 12, 31))
    if last < first:
        raise Invalid("to", _("The period ends before it begins: give a “to” date on or after the “from” date."))
    if (last - first).days > MAX_YEARS * 366:
        raise Invalid("to", _("A report covers at most %(years)s years.", years=MAX_YEARS))
    return Period(first, last)


def _day(text, field: str, default: date) -> date:
    if text in (None, ""):
        return default
    try:
        return day_in_range(str(text))
    except ValueError:
        raise Invalid(field, _("Give the date as YYYY-MM-DD, such as 2027-01-31.")) from None


def agreement_report(agreement, period: Period) -> Made:
    report = queries.read_report(queries.agreement_scope(agreement), period.first, period.last)
    return _made("agreement", agreement.id, agreement.title or {}, period, report, None,
                 [list(p.institution.document_languages or []) for p in agreement.parties])  # fmt: skip


def institution_report(institution, user, period: Period) -> Made:
    if user.role == "observer" and institution.id not in user.observed_institution_ids:
        raise NotFound()
    scope = queries.institution_scope(institution, user)
    report = queries.read_report(scope, period.first, period.last)
    titles = {a.id: a.title or {} for a in queries.agreements(scope.agreement_ids).values()}
    return _made("institution", institution.id, institution.name or {}, period, report, titles,
                 [list(institution.document_languages or [])])  # fmt: skip


def _made(kind, subject_id, titles, period, report, agreement_titles, languages) -> Made:
    ids = {o.lender_id for found in report.objects_by_lender.values() for o in found}
    ids |= {o.borrower_id for found in report.objects_by_lender.values() for o in found if o.borrower_id}
    ids |= {d.home_id for d in report.directions} | {d.host_id for d in report.directions if d.host_id}
    ids |= {m.payer_id for m in report.money}
    names = {i: row.name or {} for i, row in queries.institutions(ids).items()}
    tables = report_tables(report, agreement_titles)
    return Made(kind, subject_id, titles, period, report, tables, names, languages)


# --- what the page shows ------------------------------------------------------------------------


def page_tables(made: Made, language: str) -> list[dict]:
    """Each table with its cells as text in the reader's language (numbers keep their column)."""
    showing = showing_in(language, made.names)
    return [
        {
            "key": t.key,
            "title": showing.translate(t.title),
            "headers": [showing.translate(h) for h in t.headers],
            "rows": [[shown(cell, showing) for cell in row] for row in t.rows],
            "numeric": t.numeric,
        }
        for t in made.tables
    ]


def page_charts(made: Made, language: str) -> list[str]:
    """The three charts of the page, as SVG in the reader's language."""
    showing = showing_in(language, made.names)
    name = lambda institution_id: pick_text(made.names.get(institution_id, {}), language, order=()).text  # noqa: E731
    months = [charts.Bar(month_label(m, language), n, showing.number(n)) for m, n in made.report.months]
    people = [
        charts.Bar(f"{name(d.home_id)} → {name(d.host_id) if d.host_id else '—'}", d.person_days,
                   _("%(days)s person-days, %(people)s people", days=showing.number(d.person_days),
                     people=showing.number(d.people)))
        for d in made.report.directions
    ]  # fmt: skip
    found = [
        charts.bar_chart("chart-months", _("Activities per month"), months, _("No activity in this period.")),
        charts.bar_chart(
            "chart-people", _("People exchanged, by direction"), people, _("Nobody travelled in this period.")
        ),
    ]
    for currency in sorted({m.currency for m in made.report.money}):
        bars = []
        for money in (m for m in made.report.money if m.currency == currency):
            bars.append(charts.Bar(_("%(payer)s, planned", payer=name(money.payer_id)), float(money.planned),
                                   f"{showing.number(money.planned)} {currency}"))  # fmt: skip
            bars.append(charts.Bar(_("%(payer)s, actual", payer=name(money.payer_id)), float(money.actual),
                                   f"{showing.number(money.actual)} {currency}", tone=1))  # fmt: skip
        found.append(charts.bar_chart(f"chart-costs-{currency}", _("Costs in %(currency)s, per party", currency=currency),
                                      bars, ""))  # fmt: skip
    return found


# --- files --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFile:
    body: bytes
    mimetype: str
    filename: str


def report_file(made: Made, file_format: str, languages: str | None, reader_language: str) -> ReportFile:
    """The report as PDF or Word (in `languages`, one or two of en, az, kk, ru; by default the
    parties' first document languages), or as XLSX or CSV (in the reader's language)."""
    filename = f"report-{made.kind}-{made.subject_id}-{made.period.slug}"
    if file_format == "xlsx":
        showing = showing_in(reader_language, made.names)
        return ReportFile(outputs.report_xlsx(made.tables, showing, heading(made, reader_language)), outputs.XLSX,
                          f"{filename}.xlsx")  # fmt: skip
    if file_format == "csv":
        body = outputs.report_csv(made.tables, showing_in(reader_language, made.names))
        return ReportFile(body.encode("utf-8-sig"), CSV, f"{filename}.csv")
    columns = document_languages(made, languages)
    showings = [showing_in(language, made.names) for language in columns]
    document = outputs.report_document(made.tables, showings, {c: heading(made, c) for c in columns}, filename)
    return ReportFile(outputs.render(document, file_format), PDF if file_format == "pdf" else DOCX,
                      f"{filename}.{file_format}")  # fmt: skip


def document_languages(made: Made, languages: str | None) -> list[str]:
    if not languages:
        return [c.language for c in default_languages(made.document_languages)]
    columns, unusable = asked_languages(languages)
    if unusable or not columns:
        raise Invalid(
            "languages",
            _("A report can be made in one or two of these languages: en, az, kk, ru (not: %(codes)s).",
              codes=", ".join(unusable) or "—"),
        )  # fmt: skip
    return [c.language for c in columns]


def heading(made: Made, language: str) -> str:
    with force_locale(language):
        title = pick_text(made.titles, language, order=()).text
        return _(
            "Implementation report: %(title)s, %(first)s – %(last)s",
            title=title,
            first=format_date(made.period.first, "long"),
            last=format_date(made.period.last, "long"),
        )


# --- JSON ---------------------------------------------------------------------------------------


def report_json(made: Made) -> dict:
    """The same figures as plain JSON: amounts as strings (exact decimals), per payer and currency."""
    report = made.report
    on_site, online = report.attendance
    return {
        "scope": {"kind": made.kind, "id": made.subject_id},
        "from": made.period.first.isoformat(),
        "to": made.period.last.isoformat(),
        "plans": [
            {
                "id": p.id,
                "agreement_id": p.agreement_id,
                "title": p.title,
                "kind": p.kind,
                "status": p.status,
                "articles": list(p.articles),
                "first_day": _iso(p.first_day),
                "last_day": _iso(p.last_day),
                "outcome": p.outcome,
                "route_stops": p.stops,
                "route_distance_km": p.distance_km,
            }
            for p in report.plans
        ],  # fmt: skip
        "plans_by_status": report.statuses,
        "articles": [
            {
                "agreement_id": a.agreement_id,
                "number": a.number,
                "headings": a.headings,
                "activities": list(a.activities),
                "plans": list(a.plans),
                "plans_by_status": a.statuses,
                "no_activity": not a.plans,
            }
            for a in report.articles
        ],  # fmt: skip
        "exhibitions": [
            {
                "plan_id": e.plan_id,
                "venue": e.site,
                "city": e.city,
                "opens_on": _iso(e.opens_on),
                "closes_on": _iso(e.closes_on),
                "visitors": e.visitors,
            }
            for e in report.exhibitions
        ],  # fmt: skip
        "visitors": report.visitors,
        "events": [
            {
                "event_id": o.event_id,
                "date": o.day.isoformat(),
                "title": o.title,
                "kind": o.kind,
                "held": o.held,
                "attendance_on_site": o.on_site,
                "attendance_online": o.online,
            }
            for o in report.occurrences
        ],  # fmt: skip
        "events_held": len(report.held),
        "attendance": {"on_site": on_site, "online": online},
        "objects_by_lender": {
            str(lender): [
                {
                    "inventory_number": o.inventory_number,
                    "title": o.title,
                    "borrower_institution_id": o.borrower_id,
                    "loan_from": _iso(o.loan_from),
                    "loan_to": _iso(o.loan_to),
                }
                for o in objects
            ]
            for lender, objects in report.objects_by_lender.items()
        },  # fmt: skip
        "people_by_direction": [
            {
                "home_institution_id": d.home_id,
                "host_institution_id": d.host_id,
                "people": d.people,
                "person_days": d.person_days,
            }
            for d in report.directions
        ],  # fmt: skip
        "person_days": report.person_days,
        "route_distance_km": report.distance_km,
        "costs": [
            {
                "payer_institution_id": m.payer_id,
                "currency": m.currency,
                "planned": f"{m.planned:f}",
                "actual": f"{m.actual:f}",
                "actual_known": m.actual_known,
            }
            for m in report.money
        ],  # fmt: skip
        "articles_with_no_activity": [a.number for a in report.idle_articles],
        "activities_per_month": [{"month": m.isoformat()[:7], "activities": n} for m, n in report.months],
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
