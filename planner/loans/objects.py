"""Changes to loan objects' descriptions (dimensions, materials, date or period, credit line,
images) and the bulk import of an object list, each one operation: access, invariants, the
change, the audit entry, `flush` (the request's unit of work commits; an error rolls it all
back, so an import with one bad row saves nothing). Also the plain data the exports and the
condition report are made from."""

from __future__ import annotations

import io

from flask_babel import gettext as _
from sqlalchemy import select

from planner.attachments.checking import JPEG, PNG
from planner.attachments.store import open_stored, receive, stored
from planner.audit.models import record
from planner.errors import MAX_ID, Invalid, NotFound
from planner.extensions import db
from planner.loans import access, exchange, photos
from planner.loans.access import check_loan, may_edit, side_of  # noqa: F401  (the pages use them from here)
from planner.loans.importing import ImportResult
from planner.loans.models import Loan, LoanObjectImage
from planner.multilingual import one_value
from planner.plans import operations as plan_operations
from planner.plans.access import check_plan
from planner.plans.models import LoanObject
from planner.unit_of_work import flush
from planner.vocabulary import Checkpoint, Condition, LoanStatus

#: The registrar's description of an object: not approvable content (planner.plans.approval).
DETAIL_FIELDS = ("height", "width", "depth", "dimension_unit", "materials", "dating", "credit_line")
MULTILINGUAL_DETAILS = ("materials", "dating", "credit_line")
MAX_IMAGES = 12


def load_loan(loan_id: int | None, user, *, edit: bool = False) -> Loan:
    """The loan, if the user may read it (and change it): the loans' own check."""
    return access.load_loan(loan_id, user, edit=edit)


def object_of(loan: Loan, object_id: int) -> LoanObject:
    found = next((item for item in loan.objects if item.id == object_id), None)
    if found is None:
        raise NotFound()
    return found


# --- details -------------------------------------------------------------------------------------


def _details(item: LoanObject) -> dict:
    return {
        name: (str(value) if value is not None and name in ("height", "width", "depth") else value)
        for name in DETAIL_FIELDS
        for value in [getattr(item, name)]
    }


def update_details(loan: Loan, user, object_id: int, values: dict) -> LoanObject:
    """Set an object's dimensions, materials, date or period and credit line (each text per
    language); the curators of either side may, the plan's approval is untouched."""
    check_loan(loan, user, edit=True)
    item = object_of(loan, object_id)
    unknown = set(values) - set(DETAIL_FIELDS)
    if unknown:
        raise Invalid(sorted(unknown)[0], _("Unknown field."))
    before = _details(item)
    for name, value in values.items():
        if name in MULTILINGUAL_DETAILS:
            value = {k: v.strip() for k, v in (value or {}).items() if isinstance(v, str) and v.strip()}
        setattr(item, name, value)
    after = _details(item)
    if after != before:
        record(user.id, "update", "loan_object", item.id, before=before, after=after)
        flush()
    return item


# --- images --------------------------------------------------------------------------------------


def add_image(loan: Loan, user, object_id: int, file, filename: str | None) -> LoanObjectImage:
    """A picture of the object (JPEG or PNG), stored without its metadata, with a thumbnail."""
    check_loan(loan, user, edit=True)
    item = object_of(loan, object_id)
    received = receive(file, filename)
    if received.content_type not in (JPEG, PNG):
        received.file.close()
        raise Invalid("file", _("Only JPEG and PNG pictures are accepted."))
    with received.file:
        data = received.file.read()
    try:
        clean = photos.clean(data)
    except photos.PhotoProblem as problem:
        if problem.code == "too_large":
            raise Invalid("file", _("This image has too many pixels to be read.")) from None
        raise Invalid("file", _("This image is damaged and cannot be read.")) from None
    stem = (received.name.rsplit(".", 1)[0] or "picture")[:150]
    extension = ".jpg" if clean.content_type == JPEG else ".png"
    images = list(db.session.scalars(select(LoanObjectImage).where(LoanObjectImage.loan_object_id == item.id)))
    if len(images) >= MAX_IMAGES:
        raise Invalid("file", _("An object has at most %(count)s pictures.", count=MAX_IMAGES))
    with (
        stored(receive(io.BytesIO(clean.data), stem + extension), user.id) as kept,
        stored(receive(io.BytesIO(clean.thumbnail), stem + "-thumbnail.jpg"), user.id) as small,
    ):
        image = LoanObjectImage(loan_object_id=item.id, attachment=kept, thumbnail=small, position=len(images) + 1)
        db.session.add(image)
        db.session.flush()
        record(user.id, "upload", "loan_object_image", image.id, after={"loan_object_id": item.id})
        flush()
    return image


def images_of(loan: Loan) -> dict[int, list[LoanObjectImage]]:
    """The pictures of the loan's objects, by object id (one statement)."""
    ids = [item.id for item in loan.objects]
    found: dict[int, list[LoanObjectImage]] = {i: [] for i in ids}
    if ids:
        rows = db.session.scalars(
            select(LoanObjectImage)
            .where(LoanObjectImage.loan_object_id.in_(ids))
            .order_by(LoanObjectImage.loan_object_id, LoanObjectImage.position)
        )
        for image in rows:
            found[image.loan_object_id].append(image)
    return found


def image_of(loan: Loan, image_id: int) -> LoanObjectImage:
    ids = {item.id for item in loan.objects}
    image = db.session.get(LoanObjectImage, image_id) if 0 < image_id <= MAX_ID else None
    if image is None or image.loan_object_id not in ids:
        raise NotFound()
    return image


def condition_photo_of(loan: Loan, attachment_id: int):
    """A condition photo's file or its thumbnail, of one of this loan's checks; NotFound else."""
    for check in loan.condition_checks:
        for each in check.photos:
            for attachment in (each.attachment, each.thumbnail):
                if attachment is not None and attachment.id == attachment_id:
                    return attachment
    raise NotFound()


def remove_image(loan: Loan, user, image_id: int) -> None:
    check_loan(loan, user, edit=True)
    image = image_of(loan, image_id)
    record(user.id, "delete", "loan_object_image", image.id, before={"loan_object_id": image.loan_object_id})
    db.session.delete(image)
    flush()


# --- bulk import ---------------------------------------------------------------------------------


def lender_names(plan) -> dict[str, int]:
    """Every name (in every language, and the short name) of the plan's parties, casefolded."""
    names: dict[str, int] = {}
    for party in plan.agreement.parties:
        institution = party.institution
        for name in [*(institution.name or {}).values(), institution.short_name]:
            if name:
                names.setdefault(" ".join(name.split()).casefold(), institution.id)
    return names


def check_against_plan(plan, result: ImportResult, *, lender_id: int | None, loan: Loan | None = None) -> ImportResult:
    """The rows' lenders resolved (the Lender column, else the chosen lender) and the objects
    already on the plan's list marked: every error shows in the preview, before anything is saved."""
    names = lender_names(plan)
    existing = {(o.lender_institution_id, o.inventory_number.casefold()) for o in plan.loan_objects}
    for row in result.rows:
        given = row.values.get("lender", "")
        lender = names.get(given.casefold()) if given else lender_id
        if given and lender is None:
            row.fail("lender", _("No party of the agreement is called “%(name)s”.", name=given))
        elif lender is None:
            row.fail("lender", _("Choose the lender."))
        elif loan is not None and lender != loan.lender_institution_id:
            row.fail("lender", _("This object is lent by another institution than the loan's lender."))
        row.values["lender_institution_id"] = lender
        if lender is not None and (lender, row.values["inventory_number"].casefold()) in existing:
            row.fail("inventory_number", _("This object is already on the plan's loan list."))
    return result


def import_objects(
    plan, user, result: ImportResult, *, loan: Loan | None = None, lender_id: int | None = None
) -> list[LoanObject]:
    """Add every row to the plan's loan list (approvable content: through the plan's own
    operation, which withdraws approvals and audits), with its description, in the loan when
    one is given. Nothing is added unless every row is right."""
    if loan is not None:
        check_loan(loan, user, edit=True)
    check_plan(plan, user, edit=True)
    if loan is not None:
        lender_id = loan.lender_institution_id
    check_against_plan(plan, result, lender_id=lender_id, loan=loan)
    if not result.ok:
        raise Invalid("file", _("Nothing was imported: correct the rows with errors and import the file again."))
    added = []
    for row in result.rows:
        values = row.values
        content = {
            "lender_institution_id": values["lender_institution_id"],
            "inventory_number": values["inventory_number"],
            "titles": values["titles"],
            "loan_from": values["loan_from"],
            "loan_to": values["loan_to"],
            "insurance_value": values["insurance_value"],
            "insurance_currency": values["insurance_currency"],
            "conditions_departure": values["conditions_departure"],
        }
        item = plan_operations.add_part(plan, user, "loan_objects", content)
        for name in DETAIL_FIELDS:
            setattr(item, name, values[name])
        if loan is not None:
            item.loan = loan
        added.append(item)
    flush()
    record(user.id, "import", "plan", plan.id, after={"loan_objects": [o.id for o in added]})
    flush()
    return added


# --- what exports and reports are made from ------------------------------------------------------


def _in(values: dict | None, language: str) -> str:
    values = values or {}
    return values.get(language) or one_value(values) or ""


def loan_export(loan: Loan, user, language: str) -> exchange.LoanExport:
    """The loan as the user's side sees it, texts in `language`."""
    side = side_of(user, loan) or exchange.LENDER
    checks = tuple(
        exchange.CheckExport(
            inventory_number=check.loan_object.inventory_number,
            checkpoint=check.checkpoint,
            checked_on=check.checked_on,
            condition=Condition(check.condition).label if check.condition in set(Condition) else check.condition,
            method=check.method,
            checker=(check.checker.display_name or check.checker.username) if check.checker else "",
            notes=_in(check.notes, language),
        )
        for check in loan.condition_checks
    )
    insurance = loan.insurance
    return exchange.LoanExport(
        side=side,
        lender=_in(loan.lender.name, language),
        borrower=_in(loan.borrower.name, language),
        lender_reference=loan.lender_reference,
        borrower_reference=loan.borrower_reference,
        status=LoanStatus(loan.status).label,
        status_since=loan.history[-1].at.date() if loan.history else None,
        history=tuple((LoanStatus(h.to_status).label, h.at.date(), h.note) for h in loan.history),
        objects=tuple(object_export(item, language) for item in loan.objects),
        checks=checks,
        insurance=None
        if insurance is None
        else exchange.InsuranceExport(
            kind=insurance.kind,
            insurer=insurance.insurer,
            policy_number=insurance.policy_number,
            cover_from=insurance.cover_from,
            cover_to=insurance.cover_to,
            sums=tuple((s.amount, s.currency) for s in insurance.sums),
        ),
        legs=tuple(
            exchange.LegExport(
                method=leg.method,
                shipper=leg.shipper,
                departure_place=leg.departure_place,
                arrival_place=leg.arrival_place,
                departs_on=leg.departs_at.date() if leg.departs_at else None,
                arrives_on=leg.arrives_at.date() if leg.arrives_at else None,
                tracking=", ".join(leg.tracking_numbers or ()),
            )
            for leg in loan.transport_legs
        ),
        purpose=_in(loan.plan.title, language),
    )


def loan_file(loan: Loan, user, language: str, file_format: str) -> tuple[bytes | str, str, str]:
    """(body, type, file name) of the loan as Spectrum CSV ("csv") or CollectionSpace XML."""
    data = loan_export(loan, user, language)
    number = "".join(c for c in (data.number or "") if c.isalnum() or c in "-_") or str(loan.id)
    if file_format == "csv":
        return exchange.spectrum_csv(data), "text/csv; charset=utf-8", f"loan-{number}-spectrum.csv"
    return exchange.collectionspace_xml(data), "application/xml", f"loan-{number}-collectionspace.xml"


def object_export(item: LoanObject, language: str) -> exchange.ObjectExport:
    return exchange.ObjectExport(
        inventory_number=item.inventory_number,
        title=_in(item.titles, language) or item.title,
        loan_from=item.loan_from,
        loan_to=item.loan_to,
        insurance_value=item.insurance_value,
        insurance_currency=item.insurance_currency,
        height=item.height,
        width=item.width,
        depth=item.depth,
        dimension_unit=item.dimension_unit or "cm",
        materials=_in(item.materials, language),
        dating=_in(item.dating, language),
        credit_line=_in(item.credit_line, language),
        condition_departure=_in(item.conditions_departure, language),
    )


def checkpoint_or_404(checkpoint: str) -> str:
    if checkpoint not in set(Checkpoint):
        raise NotFound()
    return checkpoint


def thumbnail_bytes(attachment) -> bytes | None:
    """A stored thumbnail's bytes, or None when the store does not give it (the report is
    printed without that photo rather than not at all)."""
    try:
        source = open_stored(attachment)
    except Exception:
        return None
    try:
        return source.read(5 * 1024 * 1024)
    finally:
        source.close()

