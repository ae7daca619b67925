"""Every change of a loan record: access, the proofs each step needs, the change, the audit entry
and the other party told (through `planner.signals`), in one unit of work
(`planner.unit_of_work`)."""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from contextlib import ExitStack
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from babel import Locale
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from planner import signals
from planner.attachments.checking import JPEG, PNG
from planner.attachments.store import Received, receive, stored
from planner.audit.models import record
from planner.errors import Conflict, Forbidden, Invalid
from planner.extensions import db
from planner.i18n import LANGUAGES
from planner.loans import cover, photos
from planner.loans.access import BORROWER, LENDER, check_loan, loan_object, side_of
from planner.loans.models import (
    ConditionCheck,
    ConditionPhoto,
    Courier,
    ExportPermit,
    InsuredSum,
    Loan,
    LoanInsurance,
    LoanStatusChange,
    PermitTemplate,
    TransportLeg,
)
from planner.loans.templates_data import PERMIT_TEMPLATES
from planner.models_base import naive_utc, utcnow
from planner.plans.models import LoanObject, Plan
from planner.plans.terms import CURRENCIES
from planner.timezones import is_known_zone, zone
from planner.unit_of_work import flush
from planner.vocabulary import Checkpoint, Condition, InsuranceKind, LoanStatus, PermitStatus, TransportMethod

#: The steps in order; `cancelled` stands apart.
STEPS = [status for status in LoanStatus if status is not LoanStatus.CANCELLED]
#: Up to which step a loan may still be cancelled (not once the objects are back).
CANCELLABLE = STEPS[: STEPS.index(LoanStatus.RETURNED)]
OVER = (LoanStatus.CLOSED, LoanStatus.CANCELLED)
MAX_PHOTOS = 12
REFERENCE_PATTERN = re.compile(r"^[\w .,/:#()-]{0,64}$")


class MissingProofs(Conflict):
    """A step refused for want of its proofs; `missing` lists their keys (`PROOFS`)."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        names = "; ".join(proof_label(key) for key in missing)
        super().__init__("missing_proofs", _("This step needs its proofs first. Missing: %(names)s.", names=names))


def proof_label(key: str) -> str:
    """What a missing proof is called, in the user's language."""
    return {
        "objects": _("at least one object on the loan"),
        "signed_agreement": _("the project agreement signed by every party, or a signed loan agreement attached"),
        "export_permit": _("a granted export permit of the country of departure"),
        "departure_checks": _("a departure condition check of every object"),
        "insurance": _("an insurance or indemnity record"),
        "insurance_period": _("a cover period that spans every object's loan period"),
        "insurance_sum": _("a sum insured, per currency, of at least the objects' values"),
        "return_checks": _("a return condition check of every object"),
    }[key]


def _stale() -> Conflict:
    return Conflict(
        "stale", _("Someone else changed this loan while you were working on it. Nothing was saved: read it again.")
    )


def _touch(loan: Loan) -> None:
    """A new version of the loan (its ETag, and two registrars saving at once: one is told)."""
    loan.updated_at = utcnow()


# --- gathering a plan's objects into loans --------------------------------------------------------


def default_borrower(plan: Plan, lender_id: int) -> int | None:
    """The plan's lead institution, or its first partner (by id) when the lead is the lender, as
    migration 0013 gathered the objects; None for a plan of one institution."""
    parties = [plan.lead_institution_id, *sorted(partner.id for partner in plan.partners)]
    return next((party for party in parties if party is not None and party != lender_id), None)


def plan_parties(plan: Plan) -> set[int]:
    return {i for i in (plan.lead_institution_id, *(partner.id for partner in plan.partners)) if i is not None}


def gather_objects(plan: Plan, actor=None, **_kwargs) -> None:
    """A receiver of the plan content signals: objects without a loan (new ones, or one whose
    lender changed) join the loan of their plan, lender and borrower, made (status requested)
    when there is none yet. Read without autoflush: the notices raised for the same change are
    still new in the session (`planner.notifications.raising` looks for them there)."""
    with db.session.no_autoflush:
        strays = [
            item
            for item in plan.loan_objects
            if item.loan is None or item.loan.lender_institution_id != item.lender_institution_id
        ]
        if not strays:
            return
        loans = list(db.session.scalars(select(Loan).where(Loan.plan_id == plan.id).order_by(Loan.id)))
    for item in strays:
        mine = [loan for loan in loans if loan.lender_institution_id == item.lender_institution_id]
        borrower = default_borrower(plan, item.lender_institution_id)
        loan = next((loan for loan in mine if loan.borrower_institution_id == borrower), mine[0] if mine else None)
        if loan is None and borrower is not None:
            loan = _new_loan(plan, item.lender_institution_id, borrower, actor)
            loans.append(loan)
        item.loan = loan


def _new_loan(plan: Plan, lender_id: int, borrower_id: int, actor) -> Loan:
    actor_id = getattr(actor, "id", None)
    loan = Loan(plan=plan, lender_institution_id=lender_id, borrower_institution_id=borrower_id)
    loan.history.append(LoanStatusChange(from_status=None, to_status=LoanStatus.REQUESTED.value, by_id=actor_id))
    db.session.add(loan)
    db.session.flush()
    record(actor_id, "create", "loan", loan.id, after=_loan_facts(loan))
    return loan


def _loan_facts(loan: Loan) -> dict:
    return {
        "plan_id": loan.plan_id,
        "lender_institution_id": loan.lender_institution_id,
        "borrower_institution_id": loan.borrower_institution_id,
        "status": loan.status,
        "lender_reference": loan.lender_reference,
        "borrower_reference": loan.borrower_reference,
    }


def connect() -> None:
    """Subscribe to the plan content signals (idempotent: blinker keeps one connection). Every
    change of a plan's content (drafts included) sends plan_changed or, when it withdrew an
    approval, plan_approvals_withdrawn. Connected before the notifications' receivers (the app
    factory): a new loan is flushed for its id before the change's notices are raised."""
    signals.plan_changed.connect(gather_objects)
    signals.plan_approvals_withdrawn.connect(gather_objects)


# --- the loan's own fields --------------------------------------------------------------------------


def set_reference(loan: Loan, user, reference: str, *, side: str | None = None) -> Loan:
    """Each side keeps its own reference number: a curator sets their institution's (naming the
    other side is refused), an administrator names the side."""
    check_loan(loan, user, edit=True)
    if not user.is_admin:
        own = side_of(user, loan)
        if side is not None and side != own:
            raise Forbidden(_("Each side sets its own reference only."))
        side = own
    if side not in (LENDER, BORROWER):
        raise Invalid("side", _("Choose the lender's or the borrower's reference."))
    reference = (reference or "").strip()
    if not REFERENCE_PATTERN.match(reference):
        raise Invalid("reference", _("A reference has at most 64 letters, digits, spaces and . , / : # ( ) -"))
    field = f"{side}_reference"
    before = getattr(loan, field)
    if before == reference:
        return loan
    setattr(loan, field, reference)
    _touch(loan)
    record(user.id, "update", "loan", loan.id, before={field: before}, after={field: reference})
    flush(_stale)
    return loan


def change_borrower(loan: Loan, user, institution_id: int | None) -> Loan:
    """The lender's curator lends to another party of the plan (never to an institution outside
    it), while the loan is only requested; the objects follow."""
    check_loan(loan, user, edit=True)
    if not user.is_admin and side_of(user, loan) != LENDER:
        raise Forbidden()
    if loan.status != LoanStatus.REQUESTED:
        raise Invalid("borrower_institution_id", _("The borrower can change only while the loan is requested."))
    if institution_id not in plan_parties(loan.plan) - {loan.lender_institution_id}:
        raise Invalid("borrower_institution_id", _("Choose another party of the plan as the borrower."))
    taken = db.session.scalar(
        select(Loan.id).where(
            Loan.plan_id == loan.plan_id,
            Loan.lender_institution_id == loan.lender_institution_id,
            Loan.borrower_institution_id == institution_id,
        )
    )
    if taken is not None:
        raise Invalid("borrower_institution_id", _("There is already a loan from this lender to that borrower."))
    before = loan.borrower_institution_id
    loan.borrower_institution_id = institution_id
    loan.borrower_reference = ""  # the new borrower's own number, not the old one's
    _touch(loan)
    record(
        user.id,
        "update",
        "loan",
        loan.id,
        before={"borrower_institution_id": before},
        after={"borrower_institution_id": institution_id},
    )
    flush(_stale)
    return loan


def attach_loan_agreement(loan: Loan, user, file, filename: str | None) -> Loan:
    """The signed loan agreement (PDF or a scan): proof for "agreed" without the plan's signed
    project agreement."""
    check_loan(loan, user, edit=True)
    received = receive(file, filename)
    with stored(received, user.id) as attachment:
        loan.loan_agreement = attachment
        _touch(loan)
        db.session.flush()
        record(user.id, "upload", "loan_agreement", loan.id, after={"sha256": attachment.sha256})
        flush(_stale)
    return loan


# --- steps and their proofs -------------------------------------------------------------------------


def crosses_border(loan: Loan) -> bool:
    """Whether an outbound leg crosses a border (a return leg needs the other country's rules)."""
    return any(leg.crosses_border and not leg.is_return for leg in loan.transport_legs)


def has_granted_permit(loan: Loan) -> bool:
    """A granted permit of the country the objects leave from (the lender's)."""
    country = loan.lender.country if loan.lender is not None else None
    return any(p.status == PermitStatus.GRANTED and (country is None or p.country == country) for p in loan.permits)


def _checked(loan: Loan, checkpoint: Checkpoint) -> bool:
    done = {c.loan_object_id for c in loan.condition_checks if c.checkpoint == checkpoint}
    return all(item.id in done for item in loan.objects)


def cover_check(loan: Loan) -> cover.CoverCheck:
    """The insurance's cover of the loan's objects (`planner.loans.cover`)."""
    objects = [
        cover.ObjectValue(
            item.inventory_number, item.loan_from, item.loan_to, item.insurance_value, item.insurance_currency
        )
        for item in loan.objects
    ]
    insurance = loan.insurance
    if insurance is None:
        return cover.check_cover(objects, None, None, None)
    sums = {each.currency: each.amount for each in insurance.sums}
    return cover.check_cover(objects, insurance.cover_from, insurance.cover_to, sums)


def missing_proofs(loan: Loan, target: str) -> list[str]:
    """The proofs the step to `target` still lacks (keys of `proof_label`), in order."""
    missing = []
    if target == LoanStatus.AGREED:
        if not loan.objects:
            missing.append("objects")
        if loan.plan.signed_on is None and loan.loan_agreement_id is None and loan.loan_agreement is None:
            missing.append("signed_agreement")
    elif target == LoanStatus.PERMIT_GRANTED:
        if not has_granted_permit(loan):
            missing.append("export_permit")
    elif target == LoanStatus.PACKED:
        if not _checked(loan, Checkpoint.DEPARTURE):
            missing.append("departure_checks")
    elif target == LoanStatus.IN_TRANSIT:
        found = cover_check(loan)
        if found.no_cover:
            missing.append("insurance")
        else:
            if found.outside_period:
                missing.append("insurance_period")
            if found.shortfalls:
                missing.append("insurance_sum")
        if crosses_border(loan) and not has_granted_permit(loan):
            missing.append("export_permit")
    elif target == LoanStatus.CLOSED:
        if not _checked(loan, Checkpoint.RETURN):
            missing.append("return_checks")
    return missing


def next_steps(loan: Loan) -> list[str]:
    """The statuses the loan may move to now (proofs aside)."""
    if loan.status in OVER:
        return []
    current = LoanStatus(loan.status)
    index = STEPS.index(current)
    found = [STEPS[index + 1]] if index + 1 < len(STEPS) else []
    if current == LoanStatus.AGREED and not crosses_border(loan):
        found.append(LoanStatus.PACKED)  # no border, no permit to wait for
    if current in CANCELLABLE:
        found.append(LoanStatus.CANCELLED)
    return [status.value for status in found]


def transition(loan: Loan, to_status: str, note: str, actor) -> Loan:
    """Move the loan one step (or cancel it), with its proofs: who, when and why in its history,
    an audit entry, and the other party told. A refused step names what is missing
    (`MissingProofs`)."""
    check_loan(loan, actor, edit=True)
    if to_status not in LoanStatus._value2member_map_:
        raise Invalid("status", _("Choose one of the loan's statuses."))
    if to_status not in next_steps(loan):
        raise Invalid(
            "status",
            _(
                "A loan cannot go from “%(current)s” to “%(target)s”.",
                current=LoanStatus(loan.status).label,
                target=LoanStatus(to_status).label,
            ),
        )
    missing = missing_proofs(loan, to_status)
    if missing:
        raise MissingProofs(missing)
    note = (note or "").strip()[:2000]
    before = loan.status
    loan.status = to_status
    loan.history.append(LoanStatusChange(from_status=before, to_status=to_status, note=note, by_id=actor.id))
    _touch(loan)
    record(
        actor.id, "transition", "loan", loan.id, before={"status": before}, after={"status": to_status, "note": note}
    )
    signals.loan_status_changed.send(loan, actor=actor, before=before, after=to_status, note=note)
    signals.loan_changed.send(loan, actor=actor)  # a checklist's loan-step proofs and anchors
    flush(_stale)
    return loan


# --- condition checks -----------------------------------------------------------------------------


def _notes(values) -> dict:
    """Notes per language: a mapping of language to text, or one text in the user's language."""
    if isinstance(values, str):
        values = {str(get_locale() or "en"): values}
    return {lang: text.strip()[:5000] for lang, text in (values or {}).items() if lang in LANGUAGES and text.strip()}


def _checker_institution(loan: Loan, user, institution_id: int | None) -> int:
    """A curator checks for their own institution; an administrator names one of the two."""
    if not user.is_admin:
        return user.institution_id
    if institution_id not in (loan.lender_institution_id, loan.borrower_institution_id):
        raise Invalid("checker_institution_id", _("Choose the lender or the borrower."))
    return institution_id


def add_condition_check(loan: Loan, user, values: dict, uploads=()) -> ConditionCheck:
    """An object's condition at a checkpoint, with photos (JPEG or PNG; re-encoded without EXIF,
    with thumbnails). The other party countersigns it later. A condition worse on arrival than
    at departure flags the loan to both parties."""
    check_loan(loan, user, edit=True)
    item = loan_object(loan, values.get("object_id"))
    if values.get("checkpoint") not in Checkpoint._value2member_map_:
        raise Invalid("checkpoint", _("Choose a checkpoint."))
    if values.get("condition") not in Condition._value2member_map_:
        raise Invalid("condition", _("Choose a condition."))
    uploads = list(uploads)
    if len(uploads) > MAX_PHOTOS:
        raise Invalid("photos", _("At most %(count)s photos per check.", count=MAX_PHOTOS))
    cleaned = [_clean_photo(stream, name) for stream, name in uploads]
    check = ConditionCheck(
        loan_object=item,
        checkpoint=values["checkpoint"],
        checked_on=values.get("checked_on") or date.today(),
        checker_id=user.id,
        checker_institution_id=_checker_institution(loan, user, values.get("checker_institution_id")),
        method=(values.get("method") or "").strip()[:200],
        condition=values["condition"],
        notes=_notes(values.get("notes")),
    )
    with ExitStack() as keeping:
        for position, (picture, thumb) in enumerate(cleaned, start=1):
            attachment = keeping.enter_context(stored(picture, user.id))
            thumbnail = keeping.enter_context(stored(thumb, user.id))
            check.photos.append(ConditionPhoto(attachment=attachment, thumbnail=thumbnail, position=position))
        loan.condition_checks.append(check)
        _touch(loan)
        db.session.flush()
        record(user.id, "create", "condition_check", check.id, after=_check_facts(check))
        signals.loan_check_added.send(loan, actor=user, check=check)
        if check.checkpoint == Checkpoint.ARRIVAL and worse_on_arrival(loan, item.id):
            signals.loan_damage_found.send(loan, actor=user, check=check)
        flush(_stale)
    return check


def _clean_photo(stream, name: str | None) -> tuple[Received, Received]:
    """The upload checked (size, type from content), re-encoded and its thumbnail, both ready
    to store; Invalid("photos") with the reason otherwise."""
    try:
        received = receive(stream, name)
    except Invalid as refused:
        raise Invalid("photos", refused.message) from None
    with received.file:
        if received.content_type not in (JPEG, PNG):
            raise Invalid("photos", _("A photo must be a JPEG or PNG image."))
        data = received.file.read()
    try:
        clean = photos.clean(data)
    except photos.PhotoProblem as problem:
        message = (
            _("This image has too many pixels to be read.")
            if problem.code == "too_large"
            else _("This image is damaged and cannot be read.")
        )
        raise Invalid("photos", message) from None
    stem = (received.name.rsplit(".", 1)[0] or "photo")[:150]
    extension = ".jpg" if clean.content_type == JPEG else ".png"
    return _in_memory(clean.data, clean.content_type, stem + extension), _in_memory(
        clean.thumbnail, JPEG, stem + "-thumbnail.jpg"
    )


def _in_memory(data: bytes, content_type: str, name: str) -> Received:
    return Received(io.BytesIO(data), len(data), hashlib.sha256(data).hexdigest(), content_type, name)


def _check_facts(check: ConditionCheck) -> dict:
    return {
        "loan_id": check.loan_id,
        "object_id": check.loan_object_id,
        "checkpoint": check.checkpoint,
        "condition": check.condition,
        "checked_on": check.checked_on.isoformat(),
        "checker_institution_id": check.checker_institution_id,
        "photos": len(check.photos),
    }


def latest(loan: Loan, object_id: int, checkpoint: str) -> ConditionCheck | None:
    found = [c for c in loan.condition_checks if c.loan_object_id == object_id and c.checkpoint == checkpoint]
    return max(found, key=lambda c: (c.checked_on, c.id or 0)) if found else None


def worse_on_arrival(loan: Loan, object_id: int) -> bool:
    """The object's latest arrival check is worse than its latest departure check."""
    departure, arrival = latest(loan, object_id, Checkpoint.DEPARTURE), latest(loan, object_id, Checkpoint.ARRIVAL)
    return departure is not None and arrival is not None and Condition.worse(arrival.condition, departure.condition)


def damaged_objects(loan: Loan) -> list[LoanObject]:
    return [item for item in loan.objects if worse_on_arrival(loan, item.id)]


def countersign(check: ConditionCheck, user, *, agree: bool, note: str = "") -> ConditionCheck:
    """A curator of the other institution of the loan confirms the check, or records their
    disagreement with a note. Once."""
    loan = check_loan(check.loan, user, edit=True)
    other = {loan.lender_institution_id, loan.borrower_institution_id} - {check.checker_institution_id}
    if user.institution_id not in other:
        raise Forbidden(_("Only a curator of the other institution of the loan countersigns a check."))
    if check.countersigned_by_id is not None:
        raise Conflict("countersigned", _("This check is already countersigned."))
    note = (note or "").strip()[:2000]
    if not agree and not note:
        raise Invalid("note", _("Say what you disagree with."))
    check.countersigned_by_id, check.countersigned_at = user.id, utcnow()
    check.disputed, check.dispute_note = not agree, note
    _touch(loan)
    record(user.id, "countersign", "condition_check", check.id, after={"agree": agree, "note": note})
    flush(_stale)
    return check


# --- insurance ---------------------------------------------------------------------------------------


def _amount(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise Invalid(field, _("Give an amount.")) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e15"):
        raise Invalid(field, _("Give an amount between 0 and 999 999 999 999 999."))
    return amount.quantize(Decimal("0.001"))


def _currency(value, field: str) -> str:
    if value not in CURRENCIES:
        raise Invalid(field, _("Choose a currency."))
    return value


def _insurance_values(values: dict) -> tuple[dict, dict[str, Decimal]]:
    if values.get("kind") not in InsuranceKind._value2member_map_:
        raise Invalid("kind", _("Choose commercial insurance, state indemnity or self-insured."))
    cover_from, cover_to = values.get("cover_from"), values.get("cover_to")
    if cover_from is None or cover_to is None:
        raise Invalid("cover_to", _("Give the first and the last day of cover."))
    if cover_to < cover_from:
        raise Invalid("cover_to", _("The cover ends before it begins."))
    sums: dict[str, Decimal] = {}
    for each in values.get("sums") or ():
        currency = _currency(each.get("currency"), "sums")
        if currency in sums:
            raise Invalid("sums", _("Give one sum per currency."))
        sums[currency] = _amount(each.get("amount"), "sums")
    excess = values.get("excess_amount")
    fields = {
        "kind": values["kind"],
        "insurer": (values.get("insurer") or "").strip()[:300],
        "policy_number": (values.get("policy_number") or "").strip()[:120],
        "cover_from": cover_from,
        "cover_to": cover_to,
        "nail_to_nail": bool(values.get("nail_to_nail", True)),
        "excess_amount": None if excess in (None, "") else _amount(excess, "excess_amount"),
        "excess_currency": None,
    }
    if fields["excess_amount"] is not None:
        fields["excess_currency"] = _currency(values.get("excess_currency"), "excess_currency")
    return fields, sums


def put_insurance(loan: Loan, user, values: dict, certificate=None, certificate_name: str | None = None):
    """The loan's one insurance or indemnity record, replaced whole (PUT): type, insurer, policy,
    cover period, nail to nail, sums per currency, excess and (optionally) its certificate."""
    check_loan(loan, user, edit=True)
    fields, sums = _insurance_values(values)
    before = _insurance_facts(loan.insurance) if loan.insurance is not None else None
    if loan.insurance is None:
        loan.insurance = LoanInsurance()
    insurance = loan.insurance
    with ExitStack() as keeping:
        if certificate is not None:
            insurance.certificate = keeping.enter_context(stored(receive(certificate, certificate_name), user.id))
        for name, value in fields.items():
            setattr(insurance, name, value)
        kept = {each.currency: each for each in insurance.sums}
        insurance.sums = [kept.get(c) or InsuredSum(currency=c) for c in sorted(sums)]
        for each in insurance.sums:
            each.amount = sums[each.currency]
        _touch(loan)
        db.session.flush()
        record(
            user.id,
            "update" if before else "create",
            "loan_insurance",
            insurance.id,
            before=before,
            after=_insurance_facts(insurance),
        )
        flush(_stale)
    return insurance


def _insurance_facts(insurance: LoanInsurance) -> dict:
    return {
        "kind": insurance.kind,
        "insurer": insurance.insurer,
        "policy_number": insurance.policy_number,
        "cover_from": insurance.cover_from.isoformat() if insurance.cover_from else None,
        "cover_to": insurance.cover_to.isoformat() if insurance.cover_to else None,
        "nail_to_nail": insurance.nail_to_nail,
        "sums": {each.currency: str(each.amount) for each in insurance.sums},
    }


# --- transport and couriers -----------------------------------------------------------------------

CRATE_UNITS = ("cm", "m", "in")


def _utc(local: datetime | None, zone_name: str, field: str) -> datetime | None:
    """A wall-clock time in its zone, stored as naive UTC."""
    if local is None:
        return None
    if local.tzinfo is not None:
        return naive_utc(local)
    return naive_utc(local.replace(tzinfo=zone(zone_name)))


def _zone(values: dict, field: str) -> str:
    name = values.get(field) or "UTC"
    if not is_known_zone(name):
        raise Invalid(field, _("Choose a time zone from the list."))
    return name


def _crates(values) -> list[dict]:
    crates = []
    for crate in values or ():
        if not isinstance(crate, dict) or crate.get("unit", "cm") not in CRATE_UNITS:
            raise Invalid("crates", _("Give each crate's length, width and height in cm, m or in."))
        sizes = {}
        for name in ("length", "width", "height"):
            size = _amount(crate.get(name), "crates")
            if size == 0 or size > 10_000:
                raise Invalid("crates", _("Give each crate's length, width and height in cm, m or in."))
            sizes[name] = float(size)
        crates.append({**sizes, "unit": crate.get("unit", "cm")})
    return crates


def add_transport_leg(loan: Loan, user, values: dict) -> TransportLeg:
    """One leg of the journey: method, shipper, crates, tracking numbers, places and times in
    their zones (its calendar item follows)."""
    check_loan(loan, user, edit=True)
    if values.get("method") not in TransportMethod._value2member_map_:
        raise Invalid("method", _("Choose a means of transport."))
    departure_zone, arrival_zone = _zone(values, "departure_timezone"), _zone(values, "arrival_timezone")
    departs = _utc(values.get("departs_at"), departure_zone, "departs_at")
    arrives = _utc(values.get("arrives_at"), arrival_zone, "arrives_at")
    if departs is not None and arrives is not None and arrives < departs:
        raise Invalid("arrives_at", _("The arrival is before the departure."))
    crates = _crates(values.get("crates"))
    count = values.get("crate_count")
    count = len(crates) if count is None else count
    if not 0 <= count <= 10_000 or count < len(crates):
        raise Invalid("crate_count", _("Give the number of crates (at least as many as the crates described)."))
    numbers = [str(n).strip()[:120] for n in values.get("tracking_numbers") or () if str(n).strip()][:50]
    leg = TransportLeg(
        uid=f"plan-{loan.plan_id}-loan-leg-{uuid.uuid4()}@mou-planner",
        position=len(loan.transport_legs) + 1,
        is_return=bool(values.get("is_return")),
        method=values["method"],
        shipper=(values.get("shipper") or "").strip()[:300],
        crate_count=count,
        crates=crates,
        tracking_numbers=numbers,
        departure_place=(values.get("departure_place") or "").strip()[:300],
        departs_at=departs,
        departure_timezone=departure_zone,
        arrival_place=(values.get("arrival_place") or "").strip()[:300],
        arrives_at=arrives,
        arrival_timezone=arrival_zone,
        crosses_border=bool(values.get("crosses_border")),
    )
    loan.transport_legs.append(leg)
    _touch(loan)
    db.session.flush()
    record(
        user.id,
        "create",
        "transport_leg",
        leg.id,
        after={"loan_id": loan.id, "method": leg.method, "crosses_border": leg.crosses_border},
    )
    signals.loan_changed.send(loan, actor=user)  # the loan's departure and return may have moved
    flush(_stale)
    return leg


def add_courier(loan: Loan, user, values: dict) -> Courier:
    """A participant of the plan accompanies the objects, on a leg of this loan, with travel dates."""
    check_loan(loan, user, edit=True)
    participant = next((p for p in loan.plan.participants if p.id == values.get("participant_id")), None)
    if participant is None:
        raise Invalid("participant_id", _("Choose a participant of the plan."))
    leg_id = values.get("transport_leg_id")
    if leg_id is not None and leg_id not in {leg.id for leg in loan.transport_legs}:
        raise Invalid("transport_leg_id", _("Choose a leg of this loan."))
    out, back = values.get("travels_out_on"), values.get("travels_back_on")
    if out and back and back < out:
        raise Invalid("travels_back_on", _("The return is before the departure."))
    courier = Courier(
        uid=f"plan-{loan.plan_id}-loan-courier-{uuid.uuid4()}@mou-planner",
        participant=participant,
        transport_leg_id=leg_id,
        travels_out_on=out,
        travels_back_on=back,
        notes=(values.get("notes") or "").strip()[:2000],
    )
    loan.couriers.append(courier)
    _touch(loan)
    db.session.flush()
    record(user.id, "create", "courier", courier.id, after={"loan_id": loan.id, "participant_id": participant.id})
    flush(_stale)
    return courier


# --- export permits ----------------------------------------------------------------------------------


#: Codes Babel names that are regions or placeholders, not countries (unknown, outlying, EU, UN …).
NOT_COUNTRIES = frozenset({"ZZ", "QO", "EU", "EZ", "UN", "XA", "XB"})


def is_country(code) -> bool:
    """An ISO 3166-1 alpha-2 code Babel knows (AZ, KZ, UZ, TR and every other)."""
    return (
        isinstance(code, str)
        and len(code) == 2
        and code.isalpha()
        and code.isupper()
        and code not in NOT_COUNTRIES
        and code in Locale("en").territories
    )


def template_for(country: str) -> PermitTemplate | None:
    return db.session.scalar(select(PermitTemplate).where(PermitTemplate.country == country))


def _in_language(values: dict | None) -> str:
    values = values or {}
    return values.get(str(get_locale() or "en")) or values.get("en") or next(iter(values.values()), "")


def _permit_values(values: dict, permit: ExportPermit | None = None) -> dict:
    country = values.get("country", getattr(permit, "country", None))
    if not is_country(country):
        raise Invalid("country", _("Give the country as its two-letter ISO code (AZ, KZ, UZ, TR …)."))
    status = values.get("status", getattr(permit, "status", PermitStatus.APPLIED.value))
    if status not in PermitStatus._value2member_map_:
        raise Invalid("status", _("Choose a permit status."))
    template = template_for(country)
    fields = {
        "country": country,
        "status": status,
        "authority": (values.get("authority") or "").strip()[:300]
        or getattr(permit, "authority", "")
        or (_in_language(template.authority) if template else ""),
        "document_name": (values.get("document_name") or "").strip()[:300]
        or getattr(permit, "document_name", "")
        or (_in_language(template.document_name) if template else ""),
        "number": (values.get("number") or "").strip()[:120] or getattr(permit, "number", ""),
    }
    for name in ("applied_on", "issued_on", "return_by"):
        fields[name] = values.get(name, getattr(permit, name, None))
    if status == PermitStatus.GRANTED and not (fields["number"] and fields["issued_on"]):
        raise Invalid("number", _("A granted permit needs its number and the day it was issued."))
    if fields["issued_on"] and fields["return_by"] and fields["return_by"] < fields["issued_on"]:
        raise Invalid("return_by", _("The return-by date is before the permit was issued."))
    return fields


def add_permit(loan: Loan, user, values: dict, document=None, document_name: str | None = None) -> ExportPermit:
    """The temporary-export permit of a country of departure (its authority and document name
    from the country's template unless given)."""
    check_loan(loan, user, edit=True)
    fields = _permit_values(values)
    permit = ExportPermit(uid=f"plan-{loan.plan_id}-loan-permit-{uuid.uuid4()}@mou-planner", **fields)
    return _keep_permit(loan, user, permit, "create", document, document_name)


def update_permit(loan: Loan, user, permit_id: int, values: dict, document=None, document_name=None):
    """Change a permit (typically: granted, with its number, issue and return-by dates)."""
    check_loan(loan, user, edit=True)
    permit = next((p for p in loan.permits if p.id == permit_id), None)
    if permit is None:
        raise Invalid("permit_id", _("No such permit on this loan."))
    for name, value in _permit_values(values, permit).items():
        setattr(permit, name, value)
    permit.sequence += 1
    return _keep_permit(loan, user, permit, "update", document, document_name)


def _keep_permit(loan, user, permit, action, document, document_name) -> ExportPermit:
    with ExitStack() as keeping:
        if document is not None:
            permit.document = keeping.enter_context(stored(receive(document, document_name), user.id))
        if permit not in loan.permits:
            loan.permits.append(permit)
        _touch(loan)
        db.session.flush()
        record(
            user.id,
            action,
            "export_permit",
            permit.id,
            after={
                "loan_id": loan.id,
                "country": permit.country,
                "status": permit.status,
                "number": permit.number,
                "return_by": permit.return_by.isoformat() if permit.return_by else None,
            },
        )
        flush(_stale)
    return permit


def update_permit_template(user, country: str, values: dict) -> PermitTemplate:
    """Administrators keep the countries' permit templates (authority and document name per
    language, usual lead time); a new country gets one too."""
    if not user.is_admin:
        raise Forbidden()
    if not is_country(country):
        raise Invalid("country", _("Give the country as its two-letter ISO code (AZ, KZ, UZ, TR …)."))
    days = values.get("lead_time_days")
    if not isinstance(days, int) or not 0 <= days <= 1000:
        raise Invalid("lead_time_days", _("Give the usual lead time in days (0 to 1000)."))
    template = template_for(country) or PermitTemplate(country=country)
    before = (
        None
        if template.id is None
        else {
            "authority": template.authority,
            "document_name": template.document_name,
            "lead_time_days": template.lead_time_days,
        }
    )
    template.authority = _notes(values.get("authority"))
    template.document_name = _notes(values.get("document_name"))
    template.lead_time_days = days
    db.session.add(template)
    db.session.flush()
    record(
        user.id,
        "update" if before else "create",
        "permit_template",
        template.id,
        before=before,
        after={
            "country": country,
            "authority": template.authority,
            "document_name": template.document_name,
            "lead_time_days": days,
        },
    )
    flush()
    return template


def ensure_permit_templates() -> int:
    """The shipped templates (AZ, KZ, UZ, TR) for countries that have none (migration 0014 adds
    them to a database it upgrades; the demo seed to one made otherwise). An edited template is
    kept. Returns how many were added."""
    present = set(db.session.scalars(select(PermitTemplate.country)))
    added = 0
    for country, values in PERMIT_TEMPLATES.items():
        if country not in present:
            db.session.add(PermitTemplate(country=country, **values))
            added += 1
    return added
