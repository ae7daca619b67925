"""/api/v1/loans: loan records, their steps and proofs, through `planner.loans.operations`.

A refused step answers 409 with `error.fields.missing`: the machine-readable keys of the proofs
it lacks (`planner.loans.operations.proof_label` says them in words, in `error.message`)."""

from __future__ import annotations

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort
from marshmallow import ValidationError

from planner.api.common import api_blueprint, documents, refuse
from planner.api.loan_schemas import (
    ConditionCheckFormSchema,
    ConditionCheckSchema,
    CountersignSchema,
    CourierSchema,
    InsuranceSchema,
    LoanChangeSchema,
    LoanObjectDetailSchema,
    LoanSchema,
    ObjectDetailsSchema,
    ObjectImageSchema,
    PermitChangeSchema,
    PermitSchema,
    TransitionSchema,
    TransportLegSchema,
)
from planner.attachments.serving import accept_upload_body, download
from planner.errors import Invalid
from planner.loans import objects as loan_objects
from planner.loans import operations
from planner.loans.access import BORROWER, LENDER, load_check, load_loan
from planner.loans.queries import plan_loans
from planner.plans.access import load_plan

blp = api_blueprint("Loans", "Loans: one record per lender and borrower within a plan, its steps and proofs.")

UPLOADS = {"Loans.add_condition_check", "Loans.attach_agreement", "Loans.add_object_image"}


@blp.url_value_preprocessor
def _room_for_uploads(endpoint, values) -> None:
    if endpoint in UPLOADS:
        accept_upload_body()


def _shown(loan, *, details: bool = True):
    """The loan with what the record computes (next steps, objects damaged on arrival, whether
    the insurance covers) and, for one loan, each object's pictures (one statement)."""
    loan.next_steps = operations.next_steps(loan)
    loan.damaged_on_arrival = [item.id for item in operations.damaged_objects(loan)]
    loan.insurance_covers = operations.cover_check(loan).ok
    if loan.insurance is not None:
        loan.insurance.covers = loan.insurance_covers
    images = loan_objects.images_of(loan) if details else {}
    for item in loan.objects:
        item.images = images.get(item.id, [])
    return loan


@blp.route("/plans/<int:plan_id>/loans", methods=["GET"])
@blp.response(200, LoanSchema(many=True))
@documents(blp, 401, 404)
def list_plan_loans(plan_id: int):
    """The plan's loans you may read (the lender's and the borrower's people)."""
    plan = load_plan(plan_id, current_user)
    return [_shown(loan, details=False) for loan in plan_loans(plan, current_user)]


@blp.route("/loans/<int:loan_id>", methods=["GET"])
@blp.response(200, LoanSchema)
@documents(blp, 401, 404)
def show_loan(loan_id: int):
    """One loan: status and history, both sides' institutions and references, objects with their
    description and pictures, condition checks, insurance (sums per currency), transport legs,
    couriers and permits."""
    return _shown(load_loan(loan_id, current_user))


@blp.route("/loans/<int:loan_id>", methods=["PATCH"])
@blp.arguments(LoanChangeSchema)
@blp.response(200, LoanSchema)
@documents(blp, 400, 401, 403, 404, 409, 412, 422)
def change_loan(values, loan_id: int):
    """Each side's own reference (a curator sets their institution's side only: 403 for the other;
    an administrator either), and the borrower (the lender's side, while the loan is requested:
    another party of the plan). Only the fields sent change; the borrower first."""
    loan = load_loan(loan_id, current_user, edit=True)
    if "borrower_institution_id" in values:
        operations.change_borrower(loan, current_user, values["borrower_institution_id"])
    for side in (LENDER, BORROWER):
        field = f"{side}_reference"
        if field in values:
            try:
                operations.set_reference(loan, current_user, values[field], side=side)
            except Invalid as refused:  # the page's one field is "reference"; here each side's
                refuse(field, refused.message)
    return _shown(loan)


AGREEMENT_BODY = {
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary", "description": "PDF, JPEG or PNG, up to 20 MB"}
                },
                "required": ["file"],
            }
        }
    }
}
FILE_ANSWER = {
    "content": {kind: {"schema": {"type": "string", "format": "binary"}} for kind in ("application/pdf", "image/jpeg")}
}
IMAGE_BODY = {
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "description": "JPEG or PNG; stored without its camera data, with a thumbnail",
                    }
                },
                "required": ["file"],
            }
        }
    }
}


def _upload() -> tuple:
    """The multipart `file` (stream, name), or (None, None): the operation refuses a missing file."""
    upload = request.files.get("file")
    return (upload.stream, upload.filename) if upload else (None, None)


@blp.route("/loans/<int:loan_id>/agreement", methods=["POST"])
@blp.doc(requestBody=AGREEMENT_BODY)
@blp.response(200, LoanSchema)
@documents(blp, 400, 401, 403, 404, 412, 413, 422)
def attach_agreement(loan_id: int):
    """The signed loan agreement (multipart, the file in `file`; its type checked from its
    content): proof for "agreed" without the plan's signed project agreement. A new one replaces
    the last."""
    loan = load_loan(loan_id, current_user, edit=True)
    operations.attach_loan_agreement(loan, current_user, *_upload())
    return _shown(loan)


@blp.route("/loans/<int:loan_id>/agreement", methods=["GET"])
@blp.doc(responses={200: FILE_ANSWER})
@documents(blp, 401, 404)
def download_agreement(loan_id: int):
    """The signed loan agreement, for whoever may read the loan (404 when none is attached)."""
    loan = load_loan(loan_id, current_user)
    if loan.loan_agreement is None:
        abort(404)
    return download(loan.loan_agreement)


@blp.route("/loans/<int:loan_id>/transitions", methods=["POST"])
@blp.arguments(TransitionSchema)
@blp.response(200, LoanSchema)
@documents(blp, 400, 401, 403, 404, 409, 422)
def transition(values, loan_id: int):
    """Move the loan one step (or cancel it). 409 when a proof is missing: `error.fields.missing`
    lists them (objects, signed_agreement, export_permit, departure_checks, insurance,
    insurance_period, insurance_sum, return_checks)."""
    loan = load_loan(loan_id, current_user, edit=True)
    try:
        operations.transition(loan, values["status"], values["note"], current_user)
    except operations.MissingProofs as refused:
        abort(409, message=refused.message, errors={"json": {"missing": refused.missing}})
    return _shown(loan)


def _form_values(schema) -> dict:
    try:
        return schema.load({key: value for key, value in request.form.items() if value != ""})
    except ValidationError as error:
        abort(422, errors={"form": error.messages})


@blp.route("/loans/<int:loan_id>/condition-checks", methods=["POST"])
@blp.doc(
    requestBody={
        "content": {
            "application/json": {"schema": ConditionCheckSchema},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "object_id": {"type": "integer"},
                        "checkpoint": {
                            "type": "string",
                            "enum": ["departure", "arrival", "installation", "deinstallation", "return"],
                        },
                        "condition": {"type": "string"},
                        "notes": {"type": "string", "description": "in the caller's language"},
                        "photos": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "JPEG or PNG; stored without EXIF, with a thumbnail",
                        },
                    },
                    "required": ["object_id", "checkpoint", "condition"],
                }
            },
        }
    }
)
@blp.response(201, ConditionCheckSchema)
@documents(blp, 400, 401, 403, 404, 413, 422)
def add_condition_check(loan_id: int):
    """An object's condition at a checkpoint (JSON, or multipart with photos). The checker's
    institution is one of the loan's two; the other countersigns."""
    loan = load_loan(loan_id, current_user, edit=True)
    if request.mimetype == "multipart/form-data":
        values = _form_values(ConditionCheckFormSchema())
        uploads = [(upload.stream, upload.filename) for upload in request.files.getlist("photos") if upload]
    else:
        try:
            values = ConditionCheckSchema().load(request.get_json(silent=True) or {})
        except ValidationError as error:
            abort(422, errors={"json": error.messages})
        values["object_id"] = values.pop("loan_object_id")
        uploads = []
    check = operations.add_condition_check(loan, current_user, values, uploads)
    return check, 201, {"Location": url_for("Loans.show_loan", loan_id=loan.id)}


@blp.route("/loans/<int:loan_id>/condition-checks/<int:check_id>/countersignature", methods=["POST"])
@blp.arguments(CountersignSchema)
@blp.response(200, ConditionCheckSchema)
@documents(blp, 400, 401, 403, 404, 409, 422)
def countersign(values, loan_id: int, check_id: int):
    """A curator of the other institution confirms the check (`agree`), or disagrees with a note."""
    loan = load_loan(loan_id, current_user, edit=True)
    return operations.countersign(load_check(loan, check_id), current_user, agree=values["agree"], note=values["note"])


@blp.route("/loans/<int:loan_id>/insurance", methods=["PUT"])
@blp.arguments(InsuranceSchema)
@blp.response(200, InsuranceSchema)
@documents(blp, 400, 401, 403, 404, 422)
def put_insurance(values, loan_id: int):
    """The loan's one insurance or indemnity record, replaced whole. `covers` says whether its
    period spans every object's loan period and its sums cover the values per currency."""
    loan = load_loan(loan_id, current_user, edit=True)
    insurance = operations.put_insurance(loan, current_user, values)
    insurance.covers = operations.cover_check(loan).ok
    return insurance


@blp.route("/loans/<int:loan_id>/transport-legs", methods=["POST"])
@blp.arguments(TransportLegSchema)
@blp.response(201, TransportLegSchema)
@documents(blp, 400, 401, 403, 404, 422)
def add_transport_leg(values, loan_id: int):
    """A leg of the journey; `departs_at`/`arrives_at` are wall-clock times in their zones."""
    loan = load_loan(loan_id, current_user, edit=True)
    return operations.add_transport_leg(loan, current_user, values), 201


@blp.route("/loans/<int:loan_id>/couriers", methods=["POST"])
@blp.arguments(CourierSchema)
@blp.response(201, CourierSchema)
@documents(blp, 400, 401, 403, 404, 412, 422)
def add_courier(values, loan_id: int):
    """A participant of the plan accompanies the objects (optionally on a leg of this loan), with
    the days they travel out and back."""
    loan = load_loan(loan_id, current_user, edit=True)
    return operations.add_courier(loan, current_user, values), 201


@blp.route("/loans/<int:loan_id>/permits", methods=["POST"])
@blp.arguments(PermitSchema)
@blp.response(201, PermitSchema)
@documents(blp, 400, 401, 403, 404, 422)
def add_permit(values, loan_id: int):
    """An export permit of a country of departure (authority and document name from the
    country's template unless given); a granted one needs its number and issue date."""
    loan = load_loan(loan_id, current_user, edit=True)
    if not operations.is_country(values["country"]):
        refuse("country", _("Give the country as its two-letter ISO code (AZ, KZ, UZ, TR …)."))
    return operations.add_permit(loan, current_user, values), 201


@blp.route("/loans/<int:loan_id>/permits/<int:permit_id>", methods=["PATCH"])
@blp.arguments(PermitChangeSchema)
@blp.response(200, PermitSchema)
@documents(blp, 400, 401, 403, 404, 412, 422)
def change_permit(values, loan_id: int, permit_id: int):
    """Change a permit, typically `{"status": "granted", "number": …, "issued_on": …,
    "return_by": …}` as the page's "granted" form: a granted permit needs its number and issue
    date (422 otherwise). Only the fields sent change."""
    loan = load_loan(loan_id, current_user, edit=True)
    if not any(permit.id == permit_id for permit in loan.permits):
        abort(404)
    return operations.update_permit(loan, current_user, permit_id, values)


@blp.route("/loans/<int:loan_id>/objects/<int:object_id>", methods=["PATCH"])
@blp.arguments(ObjectDetailsSchema)
@blp.response(200, LoanObjectDetailSchema)
@documents(blp, 400, 401, 403, 404, 422)
def change_object_details(values, loan_id: int, object_id: int):
    """An object's description: dimensions with their unit, materials, date or period, credit
    line (one text per language; sent, it replaces every language's). Only the fields sent change;
    the plan's approval is untouched."""
    loan = load_loan(loan_id, current_user, edit=True)
    item = loan_objects.update_details(loan, current_user, object_id, values)
    item.images = loan_objects.images_of(loan).get(item.id, [])
    return item


@blp.route("/loans/<int:loan_id>/objects/<int:object_id>/images", methods=["POST"])
@blp.doc(requestBody=IMAGE_BODY)
@blp.response(201, ObjectImageSchema)
@documents(blp, 400, 401, 403, 404, 413, 422)
def add_object_image(loan_id: int, object_id: int):
    """A picture of the object (multipart, the file in `file`): JPEG or PNG, stored without its
    camera data, with a thumbnail; at most 12 per object."""
    loan = load_loan(loan_id, current_user, edit=True)
    return loan_objects.add_image(loan, current_user, object_id, *_upload()), 201


IMAGE_ANSWER = {
    "content": {kind: {"schema": {"type": "string", "format": "binary"}} for kind in ("image/jpeg", "image/png")}
}


@blp.route("/loans/<int:loan_id>/images/<int:image_id>", methods=["GET"])
@blp.doc(responses={200: IMAGE_ANSWER})
@documents(blp, 401, 404)
def object_image(loan_id: int, image_id: int):
    """A picture of one of the loan's objects (its `id` in `objects[].images`)."""
    loan = load_loan(loan_id, current_user)
    return download(loan_objects.image_of(loan, image_id).attachment)


@blp.route("/loans/<int:loan_id>/images/<int:image_id>/thumbnail", methods=["GET"])
@blp.doc(responses={200: IMAGE_ANSWER})
@documents(blp, 401, 404)
def object_image_thumbnail(loan_id: int, image_id: int):
    """The picture's thumbnail (JPEG), or the picture when it has none."""
    image = loan_objects.image_of(load_loan(loan_id, current_user), image_id)
    return download(image.thumbnail or image.attachment)


@blp.route("/loans/<int:loan_id>/images/<int:image_id>", methods=["DELETE"])
@blp.response(204)
@documents(blp, 401, 403, 404)
def delete_object_image(loan_id: int, image_id: int):
    """Remove a picture of one of the loan's objects."""
    loan = load_loan(loan_id, current_user, edit=True)
    loan_objects.remove_image(loan, current_user, image_id)


@blp.route("/loans/<int:loan_id>/photos/<int:attachment_id>", methods=["GET"])
@blp.doc(responses={200: IMAGE_ANSWER})
@documents(blp, 401, 404)
def condition_photo(loan_id: int, attachment_id: int):
    """A condition check's photo or its thumbnail (`attachment_id` or `thumbnail_id` in
    `condition_checks[].photos`), as the loan page serves it."""
    return download(loan_objects.condition_photo_of(load_loan(loan_id, current_user), attachment_id))


# --- loansb (#28 items 9-10): the loan for collection systems, the condition report -------------

from flask import Response  # noqa: E402

from planner.attachments.serving import content_disposition  # noqa: E402
from planner.loans import reports as loan_reports  # noqa: E402

CSV_BODY = {"text/csv": {"schema": {"type": "string"}}}
XML_BODY = {"application/xml": {"schema": {"type": "string"}}}
PDF_BODY = {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}


def _loan_file(loan, file_format: str) -> Response:
    from planner.i18n import current_locale

    body, mimetype, name = loan_objects.loan_file(loan, current_user, str(current_locale()), file_format)
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(name)
    return response


@blp.route("/loans/<int:loan_id>/spectrum.csv", methods=["GET"])
@blp.doc(
    responses={"200": {"description": "One row per object; Spectrum 5.1 unit names as headers", "content": CSV_BODY}}
)
@documents(blp, 401, 404)
def spectrum_csv(loan_id: int):
    """The loan as CSV whose column headers are Spectrum 5.1 units of information ("Loan out …"
    for the lender's readers, "Loan in …" for the borrower's); importable again as an object list."""
    return _loan_file(load_loan(loan_id, current_user), "csv")


@blp.route("/loans/<int:loan_id>/collectionspace.xml", methods=["GET"])
@blp.doc(responses={"200": {"description": "CollectionSpace import document", "content": XML_BODY}})
@documents(blp, 401, 404)
def collectionspace_xml(loan_id: int):
    """The loan as CollectionSpace records for its import service (`<imports><import service=…>`):
    loan out or loan in by the reader's side, the objects, condition checks, insurance, movements."""
    return _loan_file(load_loan(loan_id, current_user), "xml")


@blp.route("/loans/<int:loan_id>/condition-report/<checkpoint>.pdf", methods=["GET"])
@blp.doc(responses={"200": {"description": "The condition report", "content": PDF_BODY}})
@documents(blp, 401, 404)
def condition_report(loan_id: int, checkpoint: str):
    """The condition report of one checkpoint (departure, arrival, installation, deinstallation,
    return), in the lender's and the borrower's languages, with the photos' thumbnails."""
    loan = load_loan(loan_id, current_user)
    made = loan_reports.condition_report(loan, loan_objects.checkpoint_or_404(checkpoint))
    response = Response(made.body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(made.filename)
    return response
