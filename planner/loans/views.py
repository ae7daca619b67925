"""Loan pages: the loan record seen as "loan out" by the lender and "loan in" by the borrower,
its steps, condition checks, insurance, transport, permits; the permit templates (admin)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from planner import formatting
from planner.accounts.permissions import roles_required
from planner.attachments.serving import accept_upload_body, download
from planner.errors import Invalid, NotFound, returns_to
from planner.extensions import db
from planner.forms import operation_values
from planner.i18n import current_locale, pick_text
from planner.loans import operations
from planner.loans.access import BORROWER, LENDER, load_check, load_loan, may_edit, side_of
from planner.loans.forms import (
    BorrowerForm,
    ConditionCheckForm,
    CountersignForm,
    CourierForm,
    InsuranceForm,
    PermitForm,
    PermitTemplateForm,
    ReferenceForm,
    TransitionForm,
    TransportLegForm,
)
from planner.loans.models import PermitTemplate
from planner.timezones import zone
from planner.vocabulary import Checkpoint, Condition, InsuranceKind, LoanStatus, PermitStatus, TransportMethod

bp = Blueprint("loans", __name__)

UPLOADS = {"loans.add_check", "loans.attach_agreement"}


@bp.url_value_preprocessor
def _room_for_uploads(endpoint, values) -> None:
    """Before the CSRF check reads the form: photos and agreements may be larger than other bodies."""
    if endpoint in UPLOADS:
        accept_upload_body()


def _side(loan) -> str:
    """The side whose words the page speaks: the user's institution's; an administrator picks
    with ?side= (the lender's by default)."""
    return side_of(current_user, loan) or (BORROWER if request.args.get("side") == BORROWER else LENDER)


def _forms(loan) -> dict:
    """The forms this user may use on the page (none for readers)."""
    if not may_edit(current_user, loan):
        return {}
    steps = operations.next_steps(loan)
    transition = TransitionForm(formdata=None)
    transition.status.choices = [(step, LoanStatus(step).label) for step in steps]
    borrower = BorrowerForm(formdata=None)
    parties = operations.plan_parties(loan.plan) - {loan.lender_institution_id}
    borrower.borrower_institution_id.choices = [
        (i.id, pick_text(i.name, current_locale()).text)
        for i in ([loan.plan.lead_institution] if loan.plan.lead_institution else []) + list(loan.plan.partners)
        if i.id in parties
    ]
    borrower.borrower_institution_id.data = loan.borrower_institution_id
    reference = ReferenceForm(formdata=None)
    reference.reference.data = getattr(loan, f"{_side(loan)}_reference")
    courier = CourierForm(formdata=None)
    courier.participant_id.choices = [(p.id, p.name) for p in loan.plan.participants]
    courier.transport_leg_id.choices = [(0, "—")] + [
        (leg.id, f"{leg.position}. {leg.departure_place} → {leg.arrival_place}") for leg in loan.transport_legs
    ]
    return {
        "transition": transition if steps else None,
        "borrower": borrower
        if loan.status == LoanStatus.REQUESTED and (current_user.is_admin or side_of(current_user, loan) == LENDER)
        else None,
        "reference": reference,
        "check": ConditionCheckForm(formdata=None, objects=loan.objects),
        "countersign": CountersignForm(formdata=None),
        "insurance": _insurance_form(loan),
        "leg": TransportLegForm(formdata=None),
        "courier": courier if loan.plan.participants else None,
        "permit": PermitForm(formdata=None, data={"country": loan.lender.country if loan.lender else ""}),
    }


def _insurance_form(loan) -> InsuranceForm:
    form = InsuranceForm(formdata=None)
    insurance = loan.insurance
    if insurance is None:
        return form
    for name in ("kind", "insurer", "policy_number", "cover_from", "cover_to", "nail_to_nail", "excess_amount"):
        getattr(form, name).data = getattr(insurance, name)
    if insurance.excess_currency:
        form.excess_currency.data = insurance.excess_currency
    for (amount, currency), each in zip(
        ((form.sum_amount, form.sum_currency), (form.second_amount, form.second_currency)), insurance.sums, strict=False
    ):
        amount.data, currency.data = each.amount, each.currency
    return form


@bp.route("/loans/<int:loan_id>")
@login_required
def show(loan_id: int):
    """The loan in the words of the reader's side: "Loan out" for the lender, "Loan in" for the
    borrower, with that side's reference first."""
    loan = load_loan(loan_id, current_user)
    side = _side(loan)
    return render_template(
        "loans/show.html",
        loan=loan,
        plan=loan.plan,
        side=side,
        other=loan.borrower if side == LENDER else loan.lender,
        forms=_forms(loan),
        cover=operations.cover_check(loan),
        damaged={item.id for item in operations.damaged_objects(loan)},
        missing={step: operations.missing_proofs(loan, step) for step in operations.next_steps(loan)},
        proof_label=operations.proof_label,
        user_side=side_of(current_user, loan),
        can_edit=may_edit(current_user, loan),
    )


def _back(loan_id: int, anchor: str = ""):
    return redirect(url_for("loans.show", loan_id=loan_id) + anchor)


def _refuse_form(form) -> None:
    """A form that did not validate: its first message, as the operations' refusals are shown."""
    for name, messages in form.errors.items():
        if messages:
            message = messages[0] if isinstance(messages, list) else next(iter(messages.values()))[0]
            raise Invalid(name, f"{form[name].label.text}: {message}")
    raise Invalid("form", _("The form could not be read; nothing was saved."))


@bp.route("/loans/<int:loan_id>/transitions", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("loans.show", "#status")
def transition(loan_id: int):
    loan = load_loan(loan_id, current_user, edit=True)
    form = TransitionForm()
    form.status.choices = [(step, step) for step in operations.next_steps(loan)]
    if not form.validate_on_submit():
        _refuse_form(form)
    operations.transition(loan, form.status.data, form.note.data, current_user)
    flash(_("The loan is now “%(status)s”.", status=LoanStatus(loan.status).label), "success")
    return _back(loan.id, "#status")


@bp.route("/loans/<int:loan_id>/reference", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("loans.show")
def set_reference(loan_id: int):
    loan = load_loan(loan_id, current_user, edit=True)
    form = ReferenceForm()
    if not form.validate_on_submit():
        _refuse_form(form)
    operations.set_reference(loan, current_user, form.reference.data, side=_side(loan))
    flash(_("Saved."), "success")
    return _back(loan.id)


@bp.route("/loans/<int:loan_id>/borrower", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("loans.show")
def change_borrower(loan_id: int):
    loan = load_loan(loan_id, current_user, edit=True)
    operations.change_borrower(loan, current_user, request.form.get("borrower_institution_id", type=int))
    flash(_("Saved."), "success")
    return _back(loan.id)


@bp.route("/loans/<int:loan_id>/agreement", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("loans.show", "#status")
def attach_agreement(loan_id: int):
    """The signed loan agreement (multipart: `file`)."""
    loan = load_loan(loan_id, current_user, edit=True)
    upload = request.files.get("file")
    operations.attach_loan_agreement(
        loan, current_user, upload.stream if upload else None, upload.filename if upload else None
    )
    flash(_("The signed loan agreement is stored."), "success")
    return _back(loan.id, "#status")


@bp.route("/loans/<int:loan_id>/agreement")
@login_required
def download_agreement(loan_id: int):
    loan = load_loan(loan_id, current_user)
    if loan.loan_agreement is None:
        raise NotFound()
    return download(loan.loan_agreement)


@bp.route("/loans/<int:loan_id>/checks", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("loans.show", "#checks")
def add_check(loan_id: int):
    loan = load_loan(loan_id, current_user, edit=True)
    form = ConditionCheckForm(objects=loan.objects)
    if not form.validate_on_submit():
        _refuse_form(form)
    values = operation_values(form)
    values["notes"] = values.pop("notes", {})
    photos = [(upload.stream, upload.filename) for upload in request.files.getlist("photos") if upload.filename]
    values.pop("photos", None)
    operations.add_condition_check(loan, current_user, values, photos)
    flash(_("The condition check is recorded."), "success")
    return _back(loan.id, "#checks")


@bp.route("/loans/<int:loan_id>/checks/<int:check_id>/countersignature", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("loans.show", "#checks")
def countersign(loan_id: int, check_id: int):
    loan = load_loan(loan_id, current_user, edit=True)
    form = CountersignForm()
    if not form.validate_on_submit():
        _refuse_form(form)
    operations.countersign(
        load_check(loan, check_id), current_user, agree=form.agree.data == "yes", note=form.note.data
    )
    flash(_("Countersigned."), "success")
    return _back(loan.id, "#checks")


@bp.route("/loans/<int:loan_id>/photos/<int:attachment_id>")
@login_required
def photo(loan_id: int, attachment_id: int):
    """A condition photo or its thumbnail, for whoever may read the loan."""
    loan = load_loan(loan_id, current_user)
    for check in loan.condition_checks:
        for each in check.photos:
            for attachment in (each.attachment, each.thumbnail):
                if attachment is not None and attachment.id == attachment_id:
                    return download(attachment)
    raise NotFound()


@bp.route("/loans/<int:loan_id>/insurance", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("loans.show", "#insurance")
def put_insurance(loan_id: int):
    loan = load_loan(loan_id, current_user, edit=True)
    form = InsuranceForm()
    if not form.validate_on_submit():
        _refuse_form(form)
    operations.put_insurance(loan, current_user, form.values())
    flash(_("Saved."), "success")
    return _back(loan.id, "#insurance")


def _crates(text: str, count: int | None) -> list[dict]:
    """ "80 x 60 x 60" (× or x), one size for every crate."""
    parts = [part.strip() for part in text.replace("×", "x").split("x")] if text.strip() else []
    if not parts:
        return []
    if len(parts) != 3:
        raise Invalid("crate_size", _("Give the crate dimensions as length × width × height, e.g. 80 × 60 × 60."))
    size = dict(zip(("length", "width", "height"), parts, strict=True))
    return [{**size, "unit": "cm"}] * max(count or 1, 1)


@bp.route("/loans/<int:loan_id>/legs", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("loans.show", "#transport")
def add_leg(loan_id: int):
    loan = load_loan(loan_id, current_user, edit=True)
    form = TransportLegForm()
    if not form.validate_on_submit():
        _refuse_form(form)
    values = operation_values(form)
    values["crates"] = _crates(values.pop("crate_size") or "", values.get("crate_count"))
    values["tracking_numbers"] = [n for n in (values.get("tracking_numbers") or "").split(",") if n.strip()]
    operations.add_transport_leg(loan, current_user, values)
    flash(_("Added."), "success")
    return _back(loan.id, "#transport")


@bp.route("/loans/<int:loan_id>/couriers", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("loans.show", "#transport")
def add_courier(loan_id: int):
    loan = load_loan(loan_id, current_user, edit=True)
    form = CourierForm()
    form.participant_id.choices = [(p.id, p.name) for p in loan.plan.participants]
    form.transport_leg_id.choices = [(0, "—")] + [(leg.id, str(leg.id)) for leg in loan.transport_legs]
    if not form.validate_on_submit():
        _refuse_form(form)
    values = operation_values(form)
    values["transport_leg_id"] = values["transport_leg_id"] or None
    operations.add_courier(loan, current_user, values)
    flash(_("Added."), "success")
    return _back(loan.id, "#transport")


@bp.route("/loans/<int:loan_id>/permits", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("loans.show", "#permits")
def add_permit(loan_id: int):
    loan = load_loan(loan_id, current_user, edit=True)
    form = PermitForm()
    if not form.validate_on_submit():
        _refuse_form(form)
    values = operation_values(form)
    values["country"] = (values["country"] or "").upper()
    operations.add_permit(loan, current_user, values)
    flash(_("Added."), "success")
    return _back(loan.id, "#permits")


@bp.route("/loans/<int:loan_id>/permits/<int:permit_id>/granted", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("loans.show", "#permits")
def grant_permit(loan_id: int, permit_id: int):
    """The permit came: its number, issue and return-by dates."""
    loan = load_loan(loan_id, current_user, edit=True)
    form = PermitForm()
    values = {"status": "granted", "number": form.number.data or ""}
    for name in ("issued_on", "return_by"):
        field = getattr(form, name)
        if field.validate(form) and field.data:
            values[name] = field.data
    operations.update_permit(loan, current_user, permit_id, values)
    flash(_("Saved."), "success")
    return _back(loan.id, "#permits")


# --- permit templates (administrators) ---------------------------------------------------------------


@bp.route("/admin/permit-templates")
@roles_required("admin")
def permit_templates():
    templates = db.session.scalars(db.select(PermitTemplate).order_by(PermitTemplate.country)).all()
    return render_template("loans/permit_templates.html", templates=templates)


@bp.route("/admin/permit-templates/<country>", methods=["GET", "POST"])
@roles_required("admin")
@returns_to("loans.permit_templates")
def edit_permit_template(country: str):
    country = country.upper()
    if not operations.is_country(country):
        raise NotFound()
    template = operations.template_for(country)
    form = PermitTemplateForm(data={"lead_time_days": template.lead_time_days if template else 30})
    if request.method == "GET" and template is not None:
        form.authority.form.fill(template.authority)
        form.document_name.form.fill(template.document_name)
    if form.validate_on_submit():
        operations.update_permit_template(current_user, country, operation_values(form))
        flash(_("Saved."), "success")
        return redirect(url_for("loans.permit_templates"))
    return render_template("loans/permit_template.html", form=form, country=country), 400 if form.errors else 200


# --- the vocabularies' labels and times in their zones, for the loan templates -------------------------


def _label(vocabulary):
    return lambda value: vocabulary(value).label if value in vocabulary._value2member_map_ else str(value or "")


for _name, _vocabulary in (
    ("loan_status", LoanStatus),
    ("checkpoint", Checkpoint),
    ("object_condition", Condition),
    ("insurance_kind", InsuranceKind),
    ("transport_method", TransportMethod),
    ("permit_status", PermitStatus),
):
    bp.add_app_template_filter(_label(_vocabulary), _name)


@bp.app_template_filter("in_zone")
def in_zone(value: datetime | None, zone_name: str) -> str:
    """A stored (naive UTC) moment on the wall clock of its own zone, with the zone's name."""
    if value is None:
        return ""
    moment = value.replace(tzinfo=UTC)
    return f"{formatting.time_range(moment, None, zone(zone_name), current_locale())} {zone_name}"
