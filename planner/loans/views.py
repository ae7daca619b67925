"""Loan pages: the loan record seen as "loan out" by the lender and "loan in" by the borrower,
its steps, condition checks, insurance, transport, permits; where an institution's objects are."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("loans", __name__)


# --- loansb (#28 items 7-10): objects in detail, bulk import, where objects are, exchange, reports --

import json  # noqa: E402

from flask import Response, abort, flash, redirect, render_template, request, url_for  # noqa: E402
from flask_babel import gettext as _  # noqa: E402
from flask_babel import lazy_gettext as _l  # noqa: E402
from flask_login import current_user, login_required  # noqa: E402
from flask_wtf.file import FileField  # noqa: E402
from wtforms import DecimalField, HiddenField, SelectField, StringField  # noqa: E402
from wtforms.validators import Length, NumberRange, Optional  # noqa: E402

from planner.accounts.permissions import roles_required  # noqa: E402
from planner.attachments.serving import accept_upload_body, content_disposition, download  # noqa: E402
from planner.errors import Invalid, returns_to  # noqa: E402
from planner.forms import PlannerForm  # noqa: E402
from planner.i18n import current_locale  # noqa: E402
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
        checkpoints=list(Checkpoint),
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

