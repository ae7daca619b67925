"""/api/v1/agreements: memoranda with their parties, articles in every language version,
protocols and lifecycle dates; and /api/v1/mou/parse, the reader on a posted text."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from planner import signals
from planner.accounts.permissions import can_edit_agreement, can_read_agreement, readable_agreements
from planner.agreements.importing import agreement_from_reading
from planner.agreements.models import Agreement, Article, Institution, Party, Protocol
from planner.agreements.views import agreement_audit_view, mou_error_message
from planner.api.common import (
    api_blueprint,
    commit,
    documents,
    found_or_404,
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
    NoticeSchema,
    ProtocolSchema,
    ReadingSchema,
    page_schema,
)
from planner.audit.models import record
from planner.extensions import db
from planner.models_base import utcnow
from planner.mou.reader import MouError, parse_mou

blp = api_blueprint(
    "Agreements", "Agreements, their articles in every language version, protocols, and the MoU reader."
)


def readable_agreement(agreement_id: int) -> Agreement:
    return found_or_404(Agreement, agreement_id, allowed=lambda found: can_read_agreement(current_user, found))


def editable_agreement(agreement_id: int) -> Agreement:
    agreement = readable_agreement(agreement_id)
    if not can_edit_agreement(current_user, agreement):
        abort(403)
    return agreement


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
    agreement = agreement_from_reading(_reading_or_422(values["text"]), values["text"])
    db.session.add(agreement)
    db.session.flush()
    record(current_user.id, "create", "agreement", agreement.id, after={"title": agreement.title})
    commit()
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
@documents(blp, 400, 401, 403, 404, 412, 422)
def change_agreement(values, agreement_id: int):
    """Change the title, signing date, status, term, notice or parties (curators of a party,
    administrators). Send If-Match to be sure you change the version you read."""
    agreement = editable_agreement(agreement_id)
    require_current(agreement)
    before = agreement_audit_view(agreement)
    if "parties" in values:
        _replace_parties(agreement, values.pop("parties"))
    for name, value in values.items():
        setattr(agreement, name, value)
    record(current_user.id, "update", "agreement", agreement.id, before=before, after=agreement_audit_view(agreement))
    commit()
    return with_etag(agreement)


def _replace_parties(agreement: Agreement, parties: list[dict]) -> None:
    """New parties in the given order; the signatory names not given are kept."""
    wanted = [party["institution_id"] for party in parties]
    known = set(db.session.scalars(select(Institution.id).where(Institution.id.in_(wanted))))
    if set(wanted) - known:
        refuse("parties", _("No such institution."))
    if current_user.role == "curator" and agreement.parties and current_user.institution_id not in wanted:
        refuse("parties", _("You cannot remove your own institution from the parties."))
    existing = {party.institution_id: party for party in agreement.parties}
    agreement.parties = []
    for position, given in enumerate(parties, start=1):
        party = existing.get(given["institution_id"]) or Party(institution_id=given["institution_id"])
        party.position = position
        party.signatory_name = given.get("signatory_name") or party.signatory_name or {}
        party.signatory_title = given.get("signatory_title") or party.signatory_title or {}
        agreement.parties.append(party)


@blp.route("/agreements/<int:agreement_id>", methods=["DELETE"])
@blp.response(204)
@documents(blp, 401, 403, 404, 409, 412)
def delete_agreement(agreement_id: int):
    """Remove an agreement that has no plans (administrators); one with plans answers 409."""
    agreement = readable_agreement(agreement_id)
    require_role("admin")
    require_current(agreement)
    if agreement.plans:
        abort(409)
    record(current_user.id, "delete", "agreement", agreement.id, before=agreement_audit_view(agreement))
    db.session.delete(agreement)
    commit()


@blp.route("/agreements/<int:agreement_id>/notice", methods=["POST"])
@blp.arguments(NoticeSchema)
@blp.response(200, AgreementDetailSchema)
@documents(blp, 400, 401, 403, 404, 412, 422)
def record_notice(values, agreement_id: int):
    """Record a party's written notice of termination; the lifecycle then shows no renewal."""
    agreement = editable_agreement(agreement_id)
    require_current(agreement)
    if values["given_by_institution_id"] not in agreement.institution_ids:
        refuse("given_by_institution_id", _("Choose one of the agreement's parties."))
    before = agreement_audit_view(agreement)
    agreement.notice_given_on = values["given_on"]
    agreement.notice_given_by_id = values["given_by_institution_id"]
    record(
        current_user.id,
        "update",
        "agreement",
        agreement.id,
        before=before,
        after={**agreement_audit_view(agreement), "notice_given_on": str(values["given_on"])},
    )
    signals.notice_recorded.send(agreement, actor=current_user)  # TEMP(notifications): the operation sends this
    commit()
    return with_etag(agreement)


@blp.route("/agreements/<int:agreement_id>/protocols", methods=["POST"])
@blp.arguments(ProtocolSchema)
@blp.response(201, ProtocolSchema)
@documents(blp, 400, 401, 403, 404, 422)
def add_protocol(values, agreement_id: int):
    """Amend the agreement by a numbered protocol (amendments only in writing)."""
    agreement = editable_agreement(agreement_id)
    protocol = Protocol(number=max((p.number for p in agreement.protocols), default=0) + 1, **values)
    agreement.protocols.append(protocol)
    agreement.updated_at = utcnow()  # a new version: its ETag changes
    db.session.flush()
    record(current_user.id, "create", "protocol", protocol.id, after={"number": protocol.number, "text": protocol.text})
    signals.protocol_added.send(
        agreement, actor=current_user, protocol=protocol
    )  # TEMP(notifications): the operation sends this
    commit()
    return protocol, 201, {"Location": url_for("Agreements.show_agreement", agreement_id=agreement.id)}


@blp.route("/mou/parse", methods=["POST"])
@blp.arguments(AgreementTextSchema)
@blp.response(200, ReadingSchema)
@documents(blp, 400, 401, 422)
def parse(values):
    """What the MoU reader finds in a text (languages, articles and their activities, term,
    terms, discrepancies between the versions); nothing is stored."""
    return _reading_or_422(values["text"])
