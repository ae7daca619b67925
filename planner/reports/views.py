"""Report pages: an agreement's or an institution's implementation report and its downloads, the
reports a reader may open, and a plan's results after the fact (what the reports count)."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from planner.accounts.permissions import roles_required
from planner.agreements.access import load_agreement, load_institution, readable_institutions
from planner.agreements.models import Institution
from planner.errors import Invalid, returns_to
from planner.extensions import db
from planner.i18n import current_locale
from planner.plans import operations
from planner.plans.access import load_plan
from planner.plans.results import OUTCOME_LANGUAGES
from planner.reports import reading

bp = Blueprint("reports", __name__)
FILE_FORMATS = "<any(pdf, docx, xlsx, csv):file_format>"


@bp.route("/reports")
@login_required
def index():
    """The institutions whose reports the reader may open (an observer's: those granted)."""
    query = select(Institution).where(readable_institutions(current_user)).order_by(Institution.id)
    if current_user.role == "observer":
        query = select(Institution).where(Institution.id.in_(current_user.observed_institution_ids or [0]))
    return render_template("reports/index.html", institutions=list(db.session.scalars(query)))


@bp.route("/agreements/<int:agreement_id>/report")
@login_required
def agreement(agreement_id: int):
    subject = load_agreement(agreement_id, current_user)
    return _page(subject, lambda period: reading.agreement_report(subject, period))


@bp.route(f"/agreements/<int:agreement_id>/report.{FILE_FORMATS}")
@login_required
@returns_to("reports.agreement")
def agreement_file(agreement_id: int, file_format: str):
    subject = load_agreement(agreement_id, current_user)
    return _file(reading.agreement_report(subject, reading.asked_period(request.args)), file_format)


@bp.route("/institutions/<int:institution_id>/report")
@login_required
def institution(institution_id: int):
    subject = load_institution(institution_id, current_user)
    return _page(subject, lambda period: reading.institution_report(subject, current_user, period))


@bp.route(f"/institutions/<int:institution_id>/report.{FILE_FORMATS}")
@login_required
@returns_to("reports.institution")
def institution_file(institution_id: int, file_format: str):
    subject = load_institution(institution_id, current_user)
    made = reading.institution_report(subject, current_user, reading.asked_period(request.args))
    return _file(made, file_format)


def _page(subject, read):
    """The report page; a period that cannot be read shows this year's with the reason, 400."""
    problem = None
    try:
        period = reading.asked_period(request.args)
    except Invalid as error:
        problem, period = error, reading.asked_period({})
    made = read(period)
    language = current_locale()
    return render_template(
        "reports/report.html",
        subject=subject,
        made=made,
        links=_links(made),
        problem=problem,
        tables=reading.page_tables(made, language),
        charts=reading.page_charts(made, language),
        languages=reading.document_languages(made, None),
    ), (400 if problem else 200)


def _links(made) -> dict[str, str]:
    """The page's own address, the years either side, and each download for this period."""
    endpoint, ids = f"reports.{made.kind}", {f"{made.kind}_id": made.subject_id}
    period = {"from": made.period.first.isoformat(), "to": made.period.last.isoformat()}
    year = made.period.first.year
    links = {"page": url_for(endpoint, **ids), "before": url_for(endpoint, year=year - 1, **ids)}
    links["after"] = url_for(endpoint, year=year + 1, **ids)
    for file_format in reading.FORMATS:
        links[file_format] = url_for(f"{endpoint}_file", file_format=file_format, **ids, **period)
        links[f"{file_format}_form"] = url_for(f"{endpoint}_file", file_format=file_format, **ids)
    return links


def _file(made, file_format: str) -> Response:
    found = reading.report_file(made, file_format, request.args.get("languages"), current_locale())
    return Response(
        found.body,
        mimetype=found.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{found.filename}"'},
    )


@bp.route("/plans/<int:plan_id>/results", methods=["GET", "POST"])
@roles_required("curator", "admin")
@returns_to("reports.results")
def results(plan_id: int):
    """What happened: visitors, events held and attendance, actual costs, the outcome."""
    plan = load_plan(plan_id, current_user, edit=True)
    if request.method == "POST":
        operations.record_results(
            plan, current_user, _sent(request.form), version_id=request.form.get("version_id", type=int)
        )
        flash(_("The results are saved."), "success")
        return redirect(url_for("plans.show", plan_id=plan.id, _anchor="results"))
    events = [e for e in plan.events if e.deleted_at is None]
    return render_template("reports/results.html", plan=plan, events=events, languages=OUTCOME_LANGUAGES)


def _sent(form) -> dict:
    """The form's fields (`venues-<id>-visitors`, `events-<id>-held`...) as `record_results` takes them."""
    sent: dict = {"venues": {}, "events": {}, "costs": {}, "outcome": {}}
    for name, value in form.items():
        part, _sep, rest = name.partition("-")
        key, _sep, field = rest.partition("-")
        if part == "venues" and field == "visitors":
            sent["venues"][key] = value
        elif part == "events" and field in ("held", "attendance_on_site", "attendance_online"):
            sent["events"].setdefault(key, {})[field] = value
        elif part == "costs" and field == "actual_amount":
            sent["costs"][key] = value
        elif part == "outcome" and not field:
            sent["outcome"][key] = value
    return sent
