"""/api/v1/agreements: memoranda with their parties, articles in every language version,
protocols and lifecycle dates; and /api/v1/mou/parse, the reader on a posted text or file (a scan
recognised outside the request: /api/v1/mou/scans/<job>)."""

from __future__ import annotations

from flask import jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from planner.agreements.access import load_agreement, readable_agreements
from planner.agreements.importing import mou_error_message, read_upload
from planner.agreements.models import Agreement, Article, Party, PartyAmendment
from planner.agreements.operations import (
    PartyValues,
    apply_amendment,
    approve_amendment,
    import_agreement,
    reject_amendment,
    update_agreement,
)
from planner.agreements.operations import add_protocol as add_protocol_to
from planner.agreements.operations import (
    delete_agreement as remove_agreement,
)
from planner.agreements.operations import record_notice as record_notice_of
from planner.agreements.scans import scan_state, scan_text, start_recognition
from planner.api.common import (
    api_blueprint,
    documents,
    page_of,
    refuse,
    require_current,
    require_role,
    with_etag,
)
from planner.api.schemas import (
    AgreementDetailSchema,
    AgreementFilterSchema,
    AgreementSchema,
    AgreementTextSchema,
    MouParseSchema,
    NoticeSchema,
    PartyAmendmentSchema,
    ProtocolSchema,
    ReadingSchema,
    ScanJobSchema,
    page_schema,
)
from planner.extensions import db
from planner.mou import MouError, parse_mou
from planner.mou.errors import NeedsRecognition

blp = api_blueprint(
    "Agreements", "Agreements, their articles in every language version, protocols, and the MoU reader."
)


def readable_agreement(agreement_id: int) -> Agreement:
    return load_agreement(agreement_id, current_user)


def editable_agreement(agreement_id: int) -> Agreement:
    return load_agreement(agreement_id, current_user, edit=True)


@blp.route("/agreements", methods=["GET"])
@blp.arguments(AgreementFilterSchema, location="query")
@blp.response(200, page_schema(AgreementSchema))
@documents(blp, 401, 422)
def list_agreements(arguments):
    """The agreements you may see, by id; `from`/`to` bound the signing date."""
    query = (
        select(Agreement)
        .where(readable_agreements(current_user))
        .options(selectinload(Agreement.parties))
        .order_by(Agreement.id)
    )
    if "institution" in arguments:
        query = query.where(
            Agreement.id.in_(select(Party.agreement_id).where(Party.institution_id == arguments["institution"]))
        )
    if "status" in arguments:
        query = query.where(Agreement.status == arguments["status"])
    if "from_day" in arguments:
        query = query.where(Agreement.signed_on >= arguments["from_day"])
    if "to_day" in arguments:
        query = query.where(Agreement.signed_on <= arguments["to_day"])
    return page_of(query, arguments)


@blp.route("/agreements", methods=["POST"])
@blp.arguments(AgreementTextSchema)
@blp.response(201, AgreementDetailSchema)
@documents(blp, 400, 401, 403, 422)
def create_agreement(values):
    """Read a memorandum's text and store it as a draft agreement (administrators, curators);
    then set its parties and signing date with PATCH."""
    require_role("admin", "curator")
    agreement = import_agreement(_reading_or_422(values["text"]), values["text"], current_user)
    return with_etag(agreement, 201, url_for("Agreements.show_agreement", agreement_id=agreement.id))


def _reading_or_422(text: str) -> dict:
    try:
        return parse_mou(text)
    except MouError as failure:
        refuse("text", mou_error_message(failure))


@blp.route("/agreements/<int:agreement_id>", methods=["GET"])
@blp.response(200, AgreementDetailSchema)
@documents(blp, 401, 404)
def show_agreement(agreement_id: int):
    """Everything about one agreement: articles in each language version with the activities
    found in them, protocols, and the lifecycle dates as of today."""
    readable_agreement(agreement_id)
    return with_etag(
        db.session.scalar(
            select(Agreement)
            .where(Agreement.id == agreement_id)
            .options(
                selectinload(Agreement.parties),
                selectinload(Agreement.protocols),
                selectinload(Agreement.articles).selectinload(Article.versions),
            )
        )
    )


@blp.route("/agreements/<int:agreement_id>", methods=["PATCH"])
@blp.arguments(AgreementSchema(partial=True))
@blp.response(200, AgreementDetailSchema)
@blp.alt_response(202, schema=PartyAmendmentSchema, description="Accepted: the change of parties awaits approval")
@documents(blp, 400, 401, 403, 404, 412, 422)
def change_agreement(values, agreement_id: int):
    """Change the title, signing date, status, term, notice or parties (curators of a party,
    administrators). Send If-Match to be sure you change the version you read.

    On an agreement no longer a draft, a change of who the parties are does not take effect:
    it answers 202 with the pending amendment, which every current and every joining party
    approves (`POST .../amendments/<id>/approvals`); the other fields sent change at once."""
    agreement = editable_agreement(agreement_id)
    require_current(agreement)
    parties = values.pop("parties", None)
    if parties is not None:
        parties = [
            PartyValues(given["institution_id"], given.get("signatory_name"), given.get("signatory_title"))
            for given in parties
        ]
    amendment = update_agreement(agreement, current_user, values, parties)
    if amendment is not None:
        return _accepted(amendment)
    return with_etag(agreement)


def _accepted(amendment: PartyAmendment):
    """202 with the pending amendment and where to follow it."""
    response = jsonify(PartyAmendmentSchema().dump(amendment))
    response.status_code = 202
    response.headers["Location"] = url_for(
        "Agreements.show_amendment", agreement_id=amendment.agreement_id, amendment_id=amendment.id
    )
    return response


@blp.route("/agreements/<int:agreement_id>", methods=["DELETE"])
@blp.response(204)
@documents(blp, 401, 403, 404, 409, 412)
def delete_agreement(agreement_id: int):
    """Remove an agreement that has no plans (administrators); one with plans answers 409."""
    agreement = readable_agreement(agreement_id)
    require_role("admin")
    require_current(agreement)
    remove_agreement(agreement, current_user)


@blp.route("/agreements/<int:agreement_id>/notice", methods=["POST"])
@blp.arguments(NoticeSchema)
@blp.response(200, AgreementDetailSchema)
@documents(blp, 400, 401, 403, 404, 412, 422)
def record_notice(values, agreement_id: int):
    """Record a party's written notice of termination; the lifecycle then shows no renewal."""
    agreement = editable_agreement(agreement_id)
    require_current(agreement)
    record_notice_of(agreement, current_user, values["given_on"], values["given_by_institution_id"])
    return with_etag(agreement)


@blp.route("/agreements/<int:agreement_id>/protocols", methods=["POST"])
@blp.arguments(ProtocolSchema)
@blp.response(201, ProtocolSchema)
@documents(blp, 400, 401, 403, 404, 422)
def add_protocol(values, agreement_id: int):
    """Amend the agreement by a numbered protocol (amendments only in writing)."""
    protocol = add_protocol_to(editable_agreement(agreement_id), current_user, values["text"], values["signed_on"])
    return protocol, 201, {"Location": url_for("Agreements.show_agreement", agreement_id=agreement_id)}


@blp.route("/agreements/<int:agreement_id>/amendments", methods=["GET"])
@blp.response(200, PartyAmendmentSchema(many=True))
@documents(blp, 401, 404)
def list_amendments(agreement_id: int):
    """The changes of parties proposed for this agreement, oldest first, with their status and
    who has approved them (whoever may read the agreement)."""
    return readable_agreement(agreement_id).amendments


@blp.route("/agreements/<int:agreement_id>/amendments/<int:amendment_id>", methods=["GET"])
@blp.response(200, PartyAmendmentSchema)
@documents(blp, 401, 404)
def show_amendment(agreement_id: int, amendment_id: int):
    """One proposed change of parties."""
    found = db.session.get(PartyAmendment, amendment_id)
    if found is None or found.agreement_id != readable_agreement(agreement_id).id:
        abort(404)
    return found


@blp.route("/agreements/<int:agreement_id>/amendments/<int:amendment_id>/approvals", methods=["POST"])
@blp.response(201, PartyAmendmentSchema)
@documents(blp, 401, 403, 404, 409)
def approve_party_amendment(agreement_id: int, amendment_id: int):
    """A curator of a current or of a joining party approves the change for their institution;
    the last approval applies it (409 when already approved or no longer pending; 403 for an
    institution neither party nor joining)."""
    amendment = approve_amendment(agreement_id, amendment_id, current_user)
    return (
        amendment,
        201,
        {"Location": url_for("Agreements.show_amendment", agreement_id=agreement_id, amendment_id=amendment_id)},
    )


@blp.route("/agreements/<int:agreement_id>/amendments/<int:amendment_id>/application", methods=["POST"])
@blp.response(200, PartyAmendmentSchema)
@documents(blp, 401, 403, 404, 409)
def apply_party_amendment(agreement_id: int, amendment_id: int):
    """An administrator applies a pending change of parties at once, without the missing
    approvals (audited; every party, current and joining, is told)."""
    return apply_amendment(agreement_id, amendment_id, current_user)


@blp.route("/agreements/<int:agreement_id>/amendments/<int:amendment_id>/rejection", methods=["POST"])
@blp.response(200, PartyAmendmentSchema)
@documents(blp, 401, 403, 404, 409)
def reject_party_amendment(agreement_id: int, amendment_id: int):
    """A curator of a current or joining party (the proposer's too: a withdrawal) or an
    administrator rejects a pending change of parties; it never takes effect (409 when no
    longer pending)."""
    return reject_amendment(agreement_id, amendment_id, current_user)


UPLOAD_BODY = {
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        }
    }
}


@blp.route("/mou/parse", methods=["POST"])
@blp.arguments(MouParseSchema)
@blp.doc(requestBody=UPLOAD_BODY)
@blp.response(200, ReadingSchema)
@blp.alt_response(202, schema=ScanJobSchema, description="Accepted: a scan, recognised outside the request")
@documents(blp, 400, 401, 413, 422)
def parse(values):
    """What the MoU reader finds in a text or an uploaded file (.txt, .md, .docx, .pdf, and
    scans .png, .jpg, .tif when Tesseract is installed): languages, articles and their clauses
    and activities, term, costs, signing, parties, signatories and their titles, a wrapping
    instrument, discrepancies and warnings; nothing is stored. A text, .docx or PDF with a text
    layer is answered here (200); a scan is recognised outside the request (up to 20 pages,
    60 s a page): 202 with `Location: /api/v1/mou/scans/{job}`, where its progress and then the
    reading are."""
    upload = request.files.get("file")
    try:
        if upload is not None:
            raw = upload.read()
            try:
                text = read_upload(upload.filename or "", raw, None, recognise=False)
            except NeedsRecognition:
                return _scan_accepted(start_recognition(upload.filename or "", raw, current_user))
        elif values.get("text") is not None:
            text = read_upload(None, None, values["text"])
        else:
            refuse("text", _("Send the text as JSON or the file as multipart/form-data (field “file”)."))
        return parse_mou(text)
    except MouError as failure:
        refuse("file" if upload is not None else "text", mou_error_message(failure))


def _scan_accepted(job: str):
    answer = jsonify(ScanJobSchema().dump({"status": "queued", "page": 0, "pages": None}))
    answer.status_code = 202
    answer.headers["Location"] = url_for("Agreements.scan_job", job=job)
    return answer


@blp.route("/mou/scans/<job>", methods=["GET"])
@blp.response(200, ScanJobSchema)
@documents(blp, 401, 404)
def scan_job(job: str):
    """Where the recognition of a scan sent to /mou/parse is: queued or running (page k of
    `pages`), done with the reader's JSON in `result`, or failed with the reason in `error`;
    only for the user who sent it (404 for anyone else and any other job)."""
    found = scan_state(job, current_user)
    progress = {"status": found["status"], "page": found.get("page") or 0, "pages": found.get("pages")}
    if found["status"] == "failed":
        failure = MouError(found.get("error") or "corrupt", "")
        return progress | {"error": {"code": failure.code, "message": mou_error_message(failure)}}
    if found["status"] != "done":
        return progress
    try:
        return progress | {"result": parse_mou(scan_text(job, current_user))}
    except MouError as failure:
        return progress | {"status": "failed", "error": {"code": failure.code, "message": mou_error_message(failure)}}
