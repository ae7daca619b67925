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
    return download(objects.condition_photo_of(load_loan(loan_id, current_user), attachment_id))


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


# --- loansb (#28 items 7-10): objects in detail, bulk import, where objects are, exchange, reports --

import json  # noqa: E402

from flask import Response, abort  # noqa: E402
from flask_babel import lazy_gettext as _l  # noqa: E402
from flask_login import login_required  # noqa: E402
from flask_wtf.file import FileField  # noqa: E402
from wtforms import DecimalField, HiddenField, SelectField, StringField  # noqa: E402
from wtforms.validators import Length, NumberRange, Optional  # noqa: E402

from planner.accounts.permissions import roles_required  # noqa: E402
from planner.attachments.serving import content_disposition  # noqa: E402
from planner.errors import returns_to  # noqa: E402
from planner.forms import PlannerForm  # noqa: E402
from planner.loans import importing, objects, reports, whereabouts  # noqa: E402
from planner.plans.access import load_plan  # noqa: E402
from planner.vocabulary import Checkpoint, LoanStatus  # noqa: E402


class ObjectDetailsForm(PlannerForm):
    """The registrar's description of one object; texts in the user's language."""

    height = DecimalField(_l("Height"), places=2, validators=[Optional(), NumberRange(min=0, max=99999)])
    width = DecimalField(_l("Width"), places=2, validators=[Optional(), NumberRange(min=0, max=99999)])
    depth = DecimalField(_l("Depth"), places=2, validators=[Optional(), NumberRange(min=0, max=99999)])
    dimension_unit = SelectField(_l("Unit"))
    materials = StringField(_l("Materials"), validators=[Optional(), Length(max=300)])
    dating = StringField(_l("Date or period"), validators=[Optional(), Length(max=120)])
    credit_line = StringField(_l("Credit line"), validators=[Optional(), Length(max=500)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.dimension_unit.choices = [(unit, unit) for unit in importing.DIMENSION_UNITS]


class ImageForm(PlannerForm):
    file = FileField(_l("Picture (JPEG or PNG)"))


class ImportForm(PlannerForm):
    file = FileField(_l("Object list (CSV or XLSX)"))
    lender_institution_id = SelectField(_l("Lender"), coerce=int, validate_choice=False)


class ImportConfirmForm(PlannerForm):
    table = HiddenField()
    lender_institution_id = HiddenField()


def _details_form(item) -> ObjectDetailsForm:
    language = str(current_locale())
    form = ObjectDetailsForm(prefix=f"o{item.id}")
    if request.method == "GET":
        form.height.data, form.width.data, form.depth.data = item.height, item.width, item.depth
        form.dimension_unit.data = item.dimension_unit or "cm"
        for name in objects.MULTILINGUAL_DETAILS:
            getattr(form, name).data = (getattr(item, name) or {}).get(language, "")
    return form


@bp.app_context_processor
def _checkpoints() -> dict:
    """The checkpoints, for the condition report links of the loan page (objects_links.html)."""
    return {"condition_checkpoints": lambda: list(Checkpoint)}


@bp.url_value_preprocessor
def _room_for_pictures(endpoint, values) -> None:
    """Before the CSRF check reads the form: a picture may be larger than other bodies."""
    if endpoint in ("loans.upload_object_image", "loans.import_into_loan", "loans.import_into_plan"):
        accept_upload_body()


@bp.route("/loans/<int:loan_id>/objects")
@login_required
def loan_objects(loan_id: int):
    """Each object of the loan in detail: its description and pictures, a form per object for
    the curators of either side."""
    loan = objects.load_loan(loan_id, current_user)
    editable = objects.may_edit(current_user, loan)
    return render_template(
        "loans/objects_detail.html",
        loan=loan,
        images=objects.images_of(loan),
        forms={item.id: _details_form(item) for item in loan.objects} if editable else {},
        image_form=ImageForm() if editable else None,
        side=objects.side_of(current_user, loan),
    )


@bp.route("/loans/<int:loan_id>/objects/<int:object_id>", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("loans.loan_objects")
def update_object_details(loan_id: int, object_id: int):
    loan = objects.load_loan(loan_id, current_user, edit=True)
    item = objects.object_of(loan, object_id)
    form = _details_form(item)
    if not form.validate_on_submit():
        first = next(iter(form.errors.items()), ("form", [_("Check the values.")]))
        raise Invalid(first[0], str(first[1][0]))
    language = str(current_locale())
    values = {
        "height": form.height.data,
        "width": form.width.data,
        "depth": form.depth.data,
        "dimension_unit": form.dimension_unit.data,
    }
    for name in objects.MULTILINGUAL_DETAILS:
        kept = dict(getattr(item, name) or {})
        kept[language] = getattr(form, name).data or ""
        values[name] = kept
    objects.update_details(loan, current_user, object_id, values)
    flash(_("The object's description is saved."), "success")
    return redirect(url_for("loans.loan_objects", loan_id=loan.id) + f"#object-{object_id}")


@bp.route("/loans/<int:loan_id>/objects/<int:object_id>/images", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("loans.loan_objects")
def upload_object_image(loan_id: int, object_id: int):
    loan = objects.load_loan(loan_id, current_user, edit=True)
    form = ImageForm()
    if not form.validate_on_submit():
        abort(400)
    upload = request.files.get("file")
    objects.add_image(
        loan, current_user, object_id, upload.stream if upload else None, upload.filename if upload else None
    )
    flash(_("The picture is stored (without its camera data)."), "success")
    return redirect(url_for("loans.loan_objects", loan_id=loan.id) + f"#object-{object_id}")


@bp.route("/loans/<int:loan_id>/images/<int:image_id>/<any(full, thumbnail):size>")
@login_required
def object_image(loan_id: int, image_id: int, size: str):
    loan = objects.load_loan(loan_id, current_user)
    image = objects.image_of(loan, image_id)
    return download(image.thumbnail if size == "thumbnail" and image.thumbnail else image.attachment)


@bp.route("/loans/<int:loan_id>/images/<int:image_id>/delete", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("loans.loan_objects")
def delete_object_image(loan_id: int, image_id: int):
    loan = objects.load_loan(loan_id, current_user, edit=True)
    if not PlannerForm().validate_on_submit():
        abort(400)
    objects.remove_image(loan, current_user, image_id)
    flash(_("The picture is removed."), "success")
    return redirect(url_for("loans.loan_objects", loan_id=loan.id))


def _import_page(plan, loan, template_args: dict):
    return render_template(
        "loans/import.html",
        plan=plan,
        loan=loan,
        importing_field=lambda name: str(importing.FIELD_NAMES.get(name, name)),
        **template_args,
    )


def _lender_choices(plan) -> list[tuple[int, str]]:
    from planner.i18n import pick_text

    return [(0, "—")] + [
        (party.institution_id, pick_text(party.institution.name or {}, str(current_locale())).text)
        for party in plan.agreement.parties
    ]


def _run_import(plan, loan):
    """Upload: read and check every row, show the preview. Confirm: the same rows again (from the
    preview's own copy of the table, checked again), saved all or none."""
    form = ImportForm()
    form.lender_institution_id.choices = _lender_choices(plan)
    lender_id = loan.lender_institution_id if loan else None
    if request.method == "GET":
        return _import_page(plan, loan, {"form": form})
    if not form.validate_on_submit():
        abort(400)
    language = str(current_locale())
    confirm = request.form.get("confirm") == "1"
    try:
        if confirm:
            table = json.loads(request.form.get("table") or "[]")
            if not isinstance(table, list) or not all(isinstance(r, list) for r in table):
                raise importing.ImportFileError(_("This is not a CSV file."))
        else:
            upload = request.files.get("file")
            if upload is None or not upload.filename:
                raise importing.ImportFileError(_("Choose the file to upload."))
            table = importing.read_table(upload.stream.read(importing.MAX_BYTES + 1), upload.filename)
        result = importing.parse_objects(table, language=language)
    except (importing.ImportFileError, ValueError) as problem:
        flash(str(problem) if isinstance(problem, importing.ImportFileError) else _("This is not a CSV file."), "error")
        return _import_page(plan, loan, {"form": form}), 422
    if loan is None:
        lender_id = request.form.get("lender_institution_id", type=int) or None
    objects.check_against_plan(plan, result, lender_id=lender_id, loan=loan)
    if confirm and result.ok:
        added = objects.import_objects(plan, current_user, result, loan=loan, lender_id=lender_id)
        flash(_("%(count)s objects are imported.", count=len(added)), "success")
        if loan is not None:
            return redirect(url_for("loans.loan_objects", loan_id=loan.id))
        return redirect(url_for("plans.show", plan_id=plan.id))
    confirm_form = ImportConfirmForm(table=json.dumps(importing.plain_table(table)), lender_institution_id=lender_id or "")
    return _import_page(plan, loan, {"form": form, "result": result, "confirm_form": confirm_form}), (
        200 if result.ok else 422
    )


@bp.route("/loans/<int:loan_id>/import", methods=["GET", "POST"])
@roles_required("admin", "curator")
@returns_to("loans.import_into_loan")
def import_into_loan(loan_id: int):
    loan = objects.load_loan(loan_id, current_user, edit=True)
    return _run_import(loan.plan, loan)


@bp.route("/plans/<int:plan_id>/loan-objects/import", methods=["GET", "POST"])
@roles_required("admin", "curator")
@returns_to("loans.import_into_plan")
def import_into_plan(plan_id: int):
    plan = load_plan(plan_id, current_user, edit=True)
    return _run_import(plan, None)


@bp.route("/institutions/<int:institution_id>/objects")
@login_required
def where_are_my_objects(institution_id: int):
    """That institution's objects away (lent) or borrowed, where they are and when they return."""
    whereabouts.check_objects_reader(current_user, institution_id)
    institution = whereabouts.load_institution_or_404(institution_id)
    return render_template(
        "loans/objects_whereabouts.html",
        institution=institution,
        found=whereabouts.whereabouts(institution.id),
        loan_status_label=lambda key: LoanStatus(key).label,
    )


def loan_file(loan, file_format: str) -> Response:
    """The loan as Spectrum CSV or CollectionSpace XML (the API answers the same)."""
    body, mimetype, name = objects.loan_file(loan, current_user, str(current_locale()), file_format)
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(name)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/loans/<int:loan_id>/spectrum.csv")
@login_required
def spectrum_csv(loan_id: int):
    return loan_file(objects.load_loan(loan_id, current_user), "csv")


@bp.route("/loans/<int:loan_id>/collectionspace.xml")
@login_required
def collectionspace_xml(loan_id: int):
    return loan_file(objects.load_loan(loan_id, current_user), "xml")


@bp.route("/loans/<int:loan_id>/condition-report/<checkpoint>.pdf")
@login_required
def condition_report(loan_id: int, checkpoint: str):
    loan = objects.load_loan(loan_id, current_user)
    made = reports.condition_report(loan, objects.checkpoint_or_404(checkpoint))
    response = Response(made.body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(made.filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response

