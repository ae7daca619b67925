"""Agreement, article and institution pages; a new agreement from the text of a memorandum."""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from io import BytesIO

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from planner.accounts.permissions import roles_required
from planner.agreements.access import (
    can_edit_agreement,
    load_agreement,
    load_institution,
    may_approve_amendment,
    may_edit_institution,
    may_reject_amendment,
)
from planner.agreements.forms import AgreementForm, InstitutionForm, MouTextForm, NoticeForm, ProtocolForm
from planner.agreements.importing import (
    MAX_PARTIES,
    Choices,
    TermChoice,
    draft_titles,
    mou_error_message,
    preview_notes,
    read_upload,
    signatories_of_parties,
    suggested_choices,
)
from planner.agreements.institutions import delete_institution as remove_institution
from planner.agreements.institutions import save_institution
from planner.agreements.models import AGREEMENT_KINDS, AGREEMENT_STATUSES, Agreement, Institution
from planner.agreements.operations import (
    AGREEMENT_FIELDS,
    PartyValues,
    apply_amendment,
    approve_amendment,
    import_agreement,
    reject_amendment,
    update_agreement,
)
from planner.agreements.operations import add_protocol as add_protocol_to
from planner.agreements.operations import record_notice as record_notice_of
from planner.agreements.queries import (
    agreement_page,
    agreement_with_everything,
    amendment_institutions,
    institution_with_agreements,
    list_filters,
)
from planner.agreements.scans import page_image_path, scan_pages, scan_state, scan_text, start_recognition
from planner.errors import Invalid, returns_to
from planner.extensions import db
from planner.i18n import current_locale, pick_text
from planner.mou import MouError, parse_mou
from planner.mou.errors import NeedsRecognition
from planner.page_cache import cached_page
from planner.plans.access import may_see_draft
from planner.plans.queries import plan_totals, planned_article_ids, plans_page
from planner.shared_parts import reader_parts, shared_body

bp = Blueprint("agreements", __name__)


@bp.route("/agreements")
@login_required
def index():
    """Agreements the user may read, filtered by partner, status, kind and signing year (URL only)."""
    filters, bar = list_filters(current_user, request.args, statuses=AGREEMENT_STATUSES, kinds=AGREEMENT_KINDS)
    return render_template(
        "agreements/index.html", agreements=agreement_page(current_user, filters=filters), today=date.today(), **bar
    )


@bp.route("/agreements/<int:agreement_id>")
@login_required
@cached_page
def show(agreement_id: int):
    """The agreement page. Its body is the same for every reader of one institution and role
    who reads the same plans, so it is shared (planner.shared_parts) once the right is checked."""
    agreement = load_agreement(agreement_id, current_user)
    body = shared_body("agreement", reader_parts(current_user), lambda: _body(agreement_id))
    return render_template("agreements/show.html", agreement=agreement, body=body)


def _body(agreement_id: int) -> str:
    agreement = load_agreement(agreement_id, current_user, loader=agreement_with_everything)
    planned = planned_article_ids(agreement.id, current_user)
    return render_template(
        "agreements/_body.html",
        agreement=agreement,
        plans=plans_page(agreement.id, current_user, current_app.config["PAGE_SIZE"]),
        today=date.today(),
        state=agreement.lifecycle(date.today()),
        totals=plan_totals(agreement.id, current_user),
        unplanned=[a for a in agreement.articles if a.activities and a.id not in planned],
        notice_form=NoticeForm(),
        protocol_form=ProtocolForm(),
        amendment_institutions=amendment_institutions(agreement),
        may_approve=lambda amendment: may_approve_amendment(current_user, amendment),
        may_reject=lambda amendment: may_reject_amendment(current_user, amendment),
        can_edit=can_edit_agreement(current_user, agreement),
    )


@bp.route("/agreements/<int:agreement_id>/articles/<int:number>")
@login_required
def article(agreement_id: int, number: int):
    agreement = load_agreement(agreement_id, current_user, loader=agreement_with_everything)
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
        plans=[p for p in found.plans if p.deleted_at is None and may_see_draft(current_user, p)],
        can_plan=can_edit_agreement(current_user, agreement),
    )


@bp.route("/institutions/<int:institution_id>")
@login_required
def institution(institution_id: int):
    found = load_institution(institution_id, current_user)
    _found, agreements = institution_with_agreements(found.id, current_user)
    return render_template("agreements/institution.html", institution=found, agreements=agreements, today=date.today())


@bp.route("/institutions/<int:institution_id>/delete", methods=["GET", "POST"])
@roles_required("admin")
@returns_to("agreements.institution")
def delete_institution(institution_id: int):
    """Deleting asks for confirmation; an institution still in use stays, with the reason."""
    found = load_institution(institution_id, current_user)
    if request.method == "POST":
        remove_institution(found, current_user)
        flash(_("The institution is deleted."), "success")
        return redirect(url_for("agreements.index"))
    return render_template("agreements/delete_institution.html", institution=found)


@bp.route("/institutions/new", methods=["GET", "POST"], defaults={"institution_id": None})
@bp.route("/institutions/<int:institution_id>/edit", methods=["GET", "POST"])
@roles_required("admin", "curator")
def edit_institution(institution_id: int | None):
    """Admins add and edit institutions; a curator edits their own institution."""
    found = load_institution(institution_id, current_user, edit=True) if institution_id else None
    if found is None and not may_edit_institution(current_user, None):
        abort(403)
    form = InstitutionForm(obj=found)
    if request.method == "GET" and found:
        form.name.form.fill(found.name)
    if form.validate_on_submit():
        institution = save_institution(found, current_user, _institution_values(form))
        flash(_("The institution is saved."), "success")
        return redirect(url_for("agreements.institution", institution_id=institution.id))
    return render_template(
        "agreements/edit_institution.html", form=form, institution=found
    ), 400 if form.errors else 200


def _institution_values(form: InstitutionForm) -> dict:
    values = {name: (getattr(form, name).data or "").strip() for name in ("short_name", "country", "city", "timezone")}
    return {**values, "name": form.name.form.to_dict(), "document_languages": form.document_languages.codes}


@bp.route("/agreements/new", methods=["GET", "POST"])
@roles_required("admin", "curator")
def new_from_text():
    """Paste or upload a memorandum, preview what the reader found and what will be saved
    (parties, titles, signing date and place, term; each editable), confirm to save a draft."""
    form = MouTextForm()
    form.parties.choices = _institution_choices()
    scan = request.values.get("scan") or None
    reading, error, status, titles, title_error, signatory_error = None, None, 200, {}, None, None
    if request.method == "GET" and scan:
        text = scan_text(scan, current_user)
        if text is None:
            return redirect(url_for("agreements.scan_progress", token=scan))
        try:
            reading = parse_mou(text)
        except MouError as failure:
            error, status = mou_error_message(failure), 400
        form.text.data = text
        titles = _fill_suggestions(form, reading, None) if reading else {}
    elif form.validate_on_submit():
        try:
            text, started = _submitted_text(form, scan)
            if started:
                return redirect(url_for("agreements.scan_progress", token=started), 303)
            reading = parse_mou(text)
        except MouError as failure:
            error, status = mou_error_message(failure), 400
        else:
            form.text.data = text
            titles = _submitted_titles(reading)
            if request.form.get("action") == "save":
                saved, refusal = _save_draft(form, reading, text, titles)
                if saved is not None:
                    return saved
                title_error = refusal.message if refusal and refusal.field == "title" else None
                signatory_error = refusal.message if refusal and refusal.field == "signatories" else None
                status = 400
            else:
                titles = _fill_suggestions(form, reading, titles)
    elif form.errors:
        status = 400
        with suppress(MouError):  # the preview stays, with the wrong field marked
            reading = parse_mou(form.text.data) if (form.text.data or "").strip() else None
            titles = _submitted_titles(reading) if reading else {}
    notes = preview_notes(reading, list(form.parties.data or []), current_user)
    return render_template(
        "agreements/new.html",
        form=form,
        reading=reading,
        error=error,
        scan=scan,
        scan_pages=scan_pages(scan, current_user) if scan else [],
        titles=titles if titles is not None or reading is None else draft_titles(reading),
        title_error=title_error,
        signatories=_signatory_rows(form, reading) if reading else [],
        signatory_error=signatory_error,
        **notes,
    ), status


def _submitted_text(form: MouTextForm, scan: str | None) -> tuple[str | None, str | None]:
    """(The memorandum's text, None), or (None, the token of the recognition started for an
    uploaded scan: it runs outside the request). The text of a recognised scan, as edited on
    its preview, still says it was recognised."""
    upload = form.document.data
    if upload:
        raw = upload.read()
        try:
            return read_upload(upload.filename, raw, None, recognise=False), None
        except NeedsRecognition:
            return None, start_recognition(upload.filename, raw, current_user)
    if scan:
        recognised = scan_text(scan, current_user, form.text.data)
        if recognised is not None:
            return recognised, None
    return read_upload(None, None, form.text.data), None


@bp.route("/agreements/new/scans/<token>")
@roles_required("admin", "curator")
def scan_progress(token: str):
    """Where the recognition of an uploaded scan is (page k of n); the page refreshes itself
    until the text is there, then leads to the preview."""
    found = scan_state(token, current_user)
    if found["status"] == "done":
        return redirect(url_for("agreements.new_from_text", scan=token))
    failed = found["status"] == "failed"
    error = mou_error_message(MouError(found.get("error") or "corrupt", "")) if failed else None
    return render_template("agreements/scan_progress.html", state=found, error=error), 400 if failed else 200


@bp.route("/agreements/new/scans/<token>/pages/<int:number>.png")
@roles_required("admin", "curator")
def scan_page(token: str, number: int):
    """A recognised page's image, shown beside its text on the preview."""
    image = BytesIO(page_image_path(token, current_user, number).read_bytes())  # small: no file left open
    return send_file(image, mimetype="image/png", max_age=0)


def _submitted_titles(reading: dict) -> dict[str, str] | None:
    """The title per version as typed on the preview, or None before the preview showed them."""
    given = {lang: request.form[f"title-{lang}"] for lang in reading["versions"] if f"title-{lang}" in request.form}
    return given or None


def _fill_suggestions(form: MouTextForm, reading: dict, titles: dict | None) -> dict[str, str]:
    """The first preview shows what the reader found as it will be saved; a later one keeps
    what the user typed."""
    suggested = suggested_choices(reading)
    form.parties.data = form.parties.data or suggested.institution_ids
    form.signed_on.data = form.signed_on.data or suggested.signed_on
    if "term_years" not in request.form:
        form.signed_place.data = suggested.signed_place
        form.term_years.data = suggested.term.years
        form.renewal_years.data = suggested.term.renewal_years
        form.notice_amount.data = suggested.term.notice_amount
        form.notice_unit.data = suggested.term.notice_unit or ""
    return suggested.titles if titles is None else titles


def _choices(form: MouTextForm, titles: dict | None, languages) -> Choices:
    """What the preview's fields say; fields the page did not send stay the reader's."""
    term = None
    if "term_years" in request.form:
        term = TermChoice(
            form.term_years.data, form.renewal_years.data, form.notice_amount.data, form.notice_unit.data or None
        )
    return Choices(
        list(dict.fromkeys(form.parties.data or [])),
        form.signed_on.data,
        form.signed_place.data if "signed_place" in request.form else None,
        titles,
        term,
        _submitted_signatories(form, languages),
    )


def _signatory_positions(form: MouTextForm) -> int:
    return max(2, min(MAX_PARTIES, len(form.parties.data or [])))


def _submitted_signatories(form: MouTextForm, languages) -> tuple[list[dict], list[dict]] | None:
    """Each party's signatory name and title per language as typed on the preview
    (`signatory-<position>-<language>`, `signatory_title-<position>-<language>`), or None
    before the preview showed them."""
    if not any(key.startswith(("signatory-", "signatory_title-")) for key in request.form):
        return None
    positions = range(1, _signatory_positions(form) + 1)
    names = [{lang: request.form.get(f"signatory-{k}-{lang}", "") for lang in languages} for k in positions]
    titles = [{lang: request.form.get(f"signatory_title-{k}-{lang}", "") for lang in languages} for k in positions]
    return names, titles


def _signatory_rows(form: MouTextForm, reading: dict) -> list[dict]:
    """The preview's signatory fields: per party, the name and title per language, as typed
    or, first, as the reader found them in each version."""
    given = _submitted_signatories(form, reading["versions"])
    names, titles = given or signatories_of_parties(reading, _signatory_positions(form))
    return [
        {"position": k, "names": name, "titles": title}
        for k, (name, title) in enumerate(zip(names, titles, strict=True), 1)
    ]


def _save_draft(form: MouTextForm, reading: dict, text: str, titles: dict | None):
    """Store the draft: (the redirect, None), or (None, the refusal) with a refusal of the
    parties on their field."""
    try:
        agreement = import_agreement(reading, text, current_user, _choices(form, titles, reading["versions"]))
    except Invalid as refusal:
        if refusal.field in ("title", "signatories"):
            return None, refusal
        form.parties.errors = [refusal.message]
        return None, None
    flash(_("The draft agreement is saved. Now check its parties and signatories."), "success")
    return redirect(url_for("agreements.edit", agreement_id=agreement.id)), None


def _institution_choices() -> list[tuple[int, str]]:
    institutions = db.session.scalars(select(Institution).order_by(Institution.id)).all()
    return [(i.id, pick_text(i.name, current_locale()).text) for i in institutions]


@bp.route("/agreements/<int:agreement_id>/edit", methods=["GET", "POST"])
@roles_required("admin", "curator")
@returns_to("agreements.edit")
def edit(agreement_id: int):
    agreement = load_agreement(agreement_id, current_user, edit=True, loader=agreement_with_everything)
    form = AgreementForm(institutions=_institution_choices(), obj=None if request.method == "POST" else agreement)
    if request.method == "GET":
        _fill_form(form, agreement)
    elif form.validate_on_submit():
        try:
            amendment = update_agreement(
                agreement,
                current_user,
                _form_values(form),
                _form_parties(form, agreement),
                version_id=form.version_id.data,
            )
        except Invalid as refusal:
            field_refused = form.status if refusal.field == "status" else form.parties
            field_refused.errors = [*field_refused.errors, refusal.message]
            return render_template("agreements/edit.html", form=form, agreement=agreement), 400
        flash(_("The agreement is saved."), "success")
        if amendment is not None:
            flash(_("The change of the parties is proposed: it takes effect when every party has approved it."), "info")
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


def _form_values(form: AgreementForm) -> dict:
    values = {name: getattr(form, name).data for name in AGREEMENT_FIELDS if name not in ("title", "notice_unit")}
    values["signed_place"] = (values["signed_place"] or "").strip()
    return {**values, "title": form.title.form.to_dict(), "notice_unit": form.notice_unit.data or None}


def _form_parties(form: AgreementForm, agreement: Agreement) -> list[PartyValues]:
    """The chosen parties; the signatory's name and title typed in the viewer's language
    replace only that language's text."""
    existing = {party.institution_id: party for party in agreement.parties}
    language = current_locale()
    chosen = []
    for row in form.parties:
        if not row.institution_id.data:
            continue
        party = existing.get(row.institution_id.data)
        names = (party.signatory_name if party else None) or {}
        titles = (party.signatory_title if party else None) or {}
        chosen.append(
            PartyValues(
                row.institution_id.data,
                {**names, language: (row.signatory_name.data or "").strip()},
                {**titles, language: (row.signatory_title.data or "").strip()},
            )
        )
    return chosen


@bp.route("/agreements/<int:agreement_id>/notice", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("agreements.show")
def record_notice(agreement_id: int):
    """Record a party's written notice of termination: the agreement then stops renewing."""
    agreement = load_agreement(agreement_id, current_user, edit=True, loader=agreement_with_everything)
    form = NoticeForm()
    form.given_by.choices = [(p.institution_id, "") for p in agreement.parties]
    if form.validate_on_submit():
        record_notice_of(agreement, current_user, form.given_on.data, form.given_by.data)
        flash(_("The notice of termination is recorded."), "success")
    else:
        flash(_("The notice could not be recorded: give its date and the party that gave it."), "error")
    return redirect(url_for("agreements.show", agreement_id=agreement.id))


@bp.route("/agreements/<int:agreement_id>/protocols", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("agreements.show")
def add_protocol(agreement_id: int):
    """Amendments only in writing, as separate numbered protocols."""
    agreement = load_agreement(agreement_id, current_user, edit=True, loader=agreement_with_everything)
    form = ProtocolForm()
    if form.validate_on_submit():
        protocol = add_protocol_to(agreement, current_user, form.text.data, form.signed_on.data)
        flash(_("Protocol No. %(number)s is added.", number=protocol.number), "success")
    else:
        for message in [m for messages in form.errors.values() for m in messages if isinstance(m, str)]:
            flash(message, "error")
    return redirect(url_for("agreements.show", agreement_id=agreement.id))


@bp.route("/agreements/<int:agreement_id>/amendments/<int:amendment_id>/approve", methods=["POST"])
@roles_required("curator")
@returns_to("agreements.show")
def approve_party_amendment(agreement_id: int, amendment_id: int):
    """A curator of a current or joining party approves a change of the parties (CSRF: checked
    for every POST by CSRFProtect)."""
    amendment = approve_amendment(agreement_id, amendment_id, current_user)
    if amendment.status == "applied":
        flash(_("Every party has approved: the change of the parties is in effect."), "success")
    else:
        flash(_("Your institution’s approval of the change of the parties is recorded."), "success")
    return redirect(url_for("agreements.show", agreement_id=agreement_id, _anchor=f"amendment-{amendment_id}"))


@bp.route("/agreements/<int:agreement_id>/amendments/<int:amendment_id>/apply", methods=["POST"])
@roles_required("admin")
@returns_to("agreements.show")
def apply_party_amendment(agreement_id: int, amendment_id: int):
    """An administrator applies a change of the parties at once, without the missing approvals."""
    apply_amendment(agreement_id, amendment_id, current_user)
    flash(_("The change of the parties is applied by an administrator."), "success")
    return redirect(url_for("agreements.show", agreement_id=agreement_id, _anchor=f"amendment-{amendment_id}"))


@bp.route("/agreements/<int:agreement_id>/amendments/<int:amendment_id>/reject", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("agreements.show")
def reject_party_amendment(agreement_id: int, amendment_id: int):
    """A party concerned or an administrator rejects a change of the parties."""
    reject_amendment(agreement_id, amendment_id, current_user)
    flash(_("The change of the parties is rejected: the parties stay as they were."), "success")
    return redirect(url_for("agreements.show", agreement_id=agreement_id, _anchor=f"amendment-{amendment_id}"))
