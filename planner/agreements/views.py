"""Agreement, article and institution pages; a new agreement from the text of a memorandum."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from planner import signals
from planner.accounts.permissions import (
    can_edit_agreement,
    can_read_institution,
    editable_agreement_or_403,
    readable_agreement_or_404,
    roles_required,
)
from planner.agreements.forms import AgreementForm, InstitutionForm, MouTextForm, NoticeForm, ProtocolForm
from planner.agreements.importing import agreement_from_reading
from planner.agreements.models import Agreement, Institution, Party, Protocol
from planner.agreements.queries import (
    agreement_for_report,
    agreement_page,
    agreement_with_everything,
    institution_with_agreements,
    plan_totals,
    planned_article_ids,
    plans_page,
)
from planner.audit.models import record
from planner.extensions import db
from planner.i18n import current_locale, pick_text
from planner.mou import MouError, decode_document, parse_mou
from planner.plans.report import implementation_rows, report_csv

bp = Blueprint("agreements", __name__)


@bp.route("/agreements")
@login_required
def index():
    return render_template("agreements/index.html", agreements=agreement_page(current_user), today=date.today())


@bp.route("/agreements/<int:agreement_id>")
@login_required
def show(agreement_id: int):
    agreement = readable_agreement_or_404(agreement_with_everything(agreement_id))
    planned = planned_article_ids(agreement.id)
    return render_template(
        "agreements/show.html",
        agreement=agreement,
        plans=plans_page(agreement.id, current_app.config["PAGE_SIZE"]),
        today=date.today(),
        state=agreement.lifecycle(date.today()),
        totals=plan_totals(agreement.id),
        unplanned=[a for a in agreement.articles if a.activities and a.id not in planned],
        notice_form=NoticeForm(),
        protocol_form=ProtocolForm(),
        can_edit=can_edit_agreement(current_user, agreement),
    )


@bp.route("/agreements/<int:agreement_id>/articles/<int:number>")
@login_required
def article(agreement_id: int, number: int):
    agreement = readable_agreement_or_404(agreement_with_everything(agreement_id))
    found = next((a for a in agreement.articles if a.number == number), None)
    if found is None:
        abort(404)
    only = request.args.get("version")
    versions = [v for v in found.versions if not only or v.language == only] or found.versions
    discrepancies = [d for d in agreement.discrepancies if d.get("article") == number]
    return render_template(
        "agreements/article.html",
        agreement=agreement,
        article=found,
        versions=versions,
        only=only,
        discrepancies=discrepancies,
        can_plan=can_edit_agreement(current_user, agreement),
    )


@bp.route("/institutions/<int:institution_id>")
@login_required
def institution(institution_id: int):
    found, agreements = institution_with_agreements(institution_id, current_user)
    if found is None or not can_read_institution(current_user, found.id):
        abort(404)
    return render_template("agreements/institution.html", institution=found, agreements=agreements, today=date.today())


@bp.route("/institutions/new", methods=["GET", "POST"], defaults={"institution_id": None})
@bp.route("/institutions/<int:institution_id>/edit", methods=["GET", "POST"])
@roles_required("admin", "curator")
def edit_institution(institution_id: int | None):
    """Admins add and edit institutions; a curator edits their own institution."""
    found = db.session.get(Institution, institution_id) if institution_id else None
    if institution_id and found is None:
        abort(404)
    if current_user.role != "admin" and (found is None or found.id != current_user.institution_id):
        abort(403)
    form = InstitutionForm(obj=found)
    if request.method == "GET" and found:
        form.name.form.fill(found.name)
    if form.validate_on_submit():
        institution = found or Institution()
        before = {"name": found.name, "country": found.country, "timezone": found.timezone} if found else None
        institution.name = form.name.form.to_dict()
        for attribute in ("short_name", "country", "city", "timezone"):
            setattr(institution, attribute, (getattr(form, attribute).data or "").strip())
        db.session.add(institution)
        db.session.flush()
        record(
            current_user.id,
            "update" if found else "create",
            "institution",
            institution.id,
            before=before,
            after={"name": institution.name, "country": institution.country, "timezone": institution.timezone},
        )
        db.session.commit()
        flash(_("The institution is saved."), "success")
        return redirect(url_for("agreements.institution", institution_id=institution.id))
    return render_template(
        "agreements/edit_institution.html", form=form, institution=found
    ), 400 if form.errors else 200


@bp.route("/agreements/new", methods=["GET", "POST"])
@roles_required("admin", "curator")
def new_from_text():
    """Paste or upload a memorandum, preview what the reader found, confirm to save a draft."""
    form = MouTextForm()
    reading, error = None, None
    if form.validate_on_submit():
        try:
            text = _submitted_text(form)
            reading = parse_mou(text)
        except MouError as failure:
            error = mou_error_message(failure)
        else:
            if request.form.get("action") == "save":
                return _save_draft(reading, text)
            form.text.data = text
    status = 400 if (form.errors or error) else 200
    return render_template("agreements/new.html", form=form, reading=reading, error=error), status


def _submitted_text(form: MouTextForm) -> str:
    if form.document.data:
        return decode_document(form.document.data.read())
    return decode_document(form.text.data.encode("utf-8", "surrogatepass"))


def _save_draft(reading: dict, text: str):
    agreement = agreement_from_reading(reading, text)
    db.session.add(agreement)
    db.session.flush()
    record(current_user.id, "create", "agreement", agreement.id, after={"title": agreement.title})
    db.session.commit()
    flash(_("The draft agreement is saved. Now set its parties and signing date."), "success")
    return redirect(url_for("agreements.edit", agreement_id=agreement.id))


def mou_error_message(failure: MouError) -> str:
    messages = {
        "empty": _("The document is empty."),
        "binary": _("This is not a text document."),
        "encoding": _("The file is not valid UTF-8 text."),
        "no_articles": _(
            "No articles were found: each article needs a heading such as “Article 1”, “Статья 1”, “Maddə 1” or “1-бап”."
        ),
        "too_large": _("The document is too large."),
    }
    return messages.get(failure.code, _("The document could not be read."))


def _institution_choices() -> list[tuple[int, str]]:
    institutions = db.session.scalars(select(Institution).order_by(Institution.id)).all()
    return [(i.id, pick_text(i.name, current_locale()).text) for i in institutions]


@bp.route("/agreements/<int:agreement_id>/edit", methods=["GET", "POST"])
@roles_required("admin", "curator")
def edit(agreement_id: int):
    agreement = editable_agreement_or_403(agreement_with_everything(agreement_id))
    form = AgreementForm(institutions=_institution_choices(), obj=None if request.method == "POST" else agreement)
    if request.method == "GET":
        _fill_form(form, agreement)
    elif form.validate_on_submit():
        if form.version_id.data != agreement.version_id:
            flash(
                _(
                    "Someone else changed this agreement while you were editing. Your changes were not saved; review the current version below."
                ),
                "error",
            )
            return redirect(url_for("agreements.edit", agreement_id=agreement.id))
        if not _apply_form(form, agreement):
            return render_template("agreements/edit.html", form=form, agreement=agreement), 400
        try:
            db.session.commit()
        except StaleDataError:
            db.session.rollback()
            flash(
                _(
                    "Someone else changed this agreement while you were editing. Your changes were not saved; review the current version below."
                ),
                "error",
            )
            return redirect(url_for("agreements.edit", agreement_id=agreement.id))
        flash(_("The agreement is saved."), "success")
        return redirect(url_for("agreements.show", agreement_id=agreement.id))
    return render_template("agreements/edit.html", form=form, agreement=agreement), 400 if form.errors else 200


def _fill_form(form: AgreementForm, agreement: Agreement) -> None:
    form.version_id.data = agreement.version_id
    form.title.form.fill(agreement.title)
    form.notice_unit.data = agreement.notice_unit or ""
    for row, party in zip(form.parties, agreement.parties, strict=False):
        row.institution_id.data = party.institution_id
        row.signatory_name.data = pick_text(party.signatory_name, current_locale()).text
        row.signatory_title.data = pick_text(party.signatory_title, current_locale()).text


def _apply_form(form: AgreementForm, agreement: Agreement) -> bool:
    """Copy the form into the agreement; False (with a form error) when a curator would
    remove their own institution from the parties."""
    before = agreement_audit_view(agreement)
    chosen = [row for row in form.parties if row.institution_id.data]
    if (
        current_user.role == "curator"
        and agreement.parties
        and current_user.institution_id not in {row.institution_id.data for row in chosen}
    ):
        form.parties.errors.append(_("You cannot remove your own institution from the parties."))
        return False
    agreement.title = form.title.form.to_dict()
    for name in (
        "signed_on",
        "status",
        "term_years",
        "renewal_years",
        "notice_amount",
        "default_terms",
        "project_agreement_required",
    ):
        setattr(agreement, name, getattr(form, name).data)
    agreement.notice_unit = form.notice_unit.data or None
    _apply_parties(agreement, chosen)
    record(current_user.id, "update", "agreement", agreement.id, before=before, after=agreement_audit_view(agreement))
    return True


def _apply_parties(agreement: Agreement, rows) -> None:
    """Keep each party's names in the other languages; replace the viewer's language."""
    existing = {party.institution_id: party for party in agreement.parties}
    language = current_locale()
    agreement.parties = []
    for position, row in enumerate(rows, start=1):
        party = existing.get(row.institution_id.data) or Party(institution_id=row.institution_id.data)
        party.position = position
        party.signatory_name = {**(party.signatory_name or {}), language: row.signatory_name.data.strip()}
        party.signatory_title = {**(party.signatory_title or {}), language: row.signatory_title.data.strip()}
        agreement.parties.append(party)


def agreement_audit_view(agreement: Agreement) -> dict:
    return {
        "title": agreement.title,
        "signed_on": str(agreement.signed_on),
        "status": agreement.status,
        "term_years": agreement.term_years,
        "renewal_years": agreement.renewal_years,
        "notice": [agreement.notice_amount, agreement.notice_unit],
        "parties": sorted(p.institution_id for p in agreement.parties),
    }


@bp.route("/agreements/<int:agreement_id>/notice", methods=["POST"])
@roles_required("admin", "curator")
def record_notice(agreement_id: int):
    """Record a party's written notice of termination: the agreement then stops renewing."""
    agreement = editable_agreement_or_403(agreement_with_everything(agreement_id))
    form = NoticeForm()
    form.given_by.choices = [(p.institution_id, "") for p in agreement.parties]
    if form.validate_on_submit():
        before = agreement_audit_view(agreement)
        agreement.notice_given_on = form.given_on.data
        agreement.notice_given_by_id = form.given_by.data
        record(
            current_user.id,
            "update",
            "agreement",
            agreement.id,
            before=before,
            after={**agreement_audit_view(agreement), "notice_given_on": str(form.given_on.data)},
        )
        signals.notice_recorded.send(agreement, actor=current_user)  # TEMP(notifications): the operation sends this
        db.session.commit()
        flash(_("The notice of termination is recorded."), "success")
    else:
        flash(_("The notice could not be recorded: give its date and the party that gave it."), "error")
    return redirect(url_for("agreements.show", agreement_id=agreement.id))


@bp.route("/agreements/<int:agreement_id>/protocols", methods=["POST"])
@roles_required("admin", "curator")
def add_protocol(agreement_id: int):
    """Amendments only in writing, as separate numbered protocols."""
    agreement = editable_agreement_or_403(agreement_with_everything(agreement_id))
    form = ProtocolForm()
    if form.validate_on_submit():
        number = max((p.number for p in agreement.protocols), default=0) + 1
        protocol = Protocol(number=number, signed_on=form.signed_on.data, text=form.text.data)
        agreement.protocols.append(protocol)
        db.session.flush()
        record(current_user.id, "create", "protocol", protocol.id, after={"number": number, "text": form.text.data})
        signals.protocol_added.send(
            agreement, actor=current_user, protocol=protocol
        )  # TEMP(notifications): the operation sends this
        db.session.commit()
        flash(_("Protocol No. %(number)s is added.", number=number), "success")
    else:
        flash(_("The protocol needs its text."), "error")
    return redirect(url_for("agreements.show", agreement_id=agreement.id))


def _report(agreement_id: int):
    agreement = readable_agreement_or_404(agreement_for_report(agreement_id))
    year = request.args.get("year", date.today().year, type=int)
    year = year if 1900 <= year <= 2200 else date.today().year
    rows = implementation_rows(agreement.articles, year, lambda plan: pick_text(plan.title, current_locale()).text)
    return agreement, year, rows


@bp.route("/agreements/<int:agreement_id>/report")
@login_required
def report(agreement_id: int):
    """Yearly implementation report: plans by article, status, dates, terms."""
    agreement, year, rows = _report(agreement_id)
    return render_template("agreements/report.html", agreement=agreement, year=year, rows=rows)


@bp.route("/agreements/<int:agreement_id>/report.csv")
@login_required
def report_csv_download(agreement_id: int):
    agreement, year, rows = _report(agreement_id)
    headers = [
        _("Article"),
        _("Activities"),
        _("Plan No."),
        _("Plan"),
        _("Kind"),
        _("Status"),
        _("Terms"),
        _("First day"),
        _("Last day"),
    ]
    return Response(
        report_csv(rows, headers),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="implementation-{agreement.id}-{year}.csv"'},
    )
