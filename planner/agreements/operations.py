"""Every change to an agreement, once, for the pages, the API and the import of a memorandum:
check the caller's right, enforce the rules, change, audit, signal, in one transaction.

The parties of an agreement are whose approval a plan needs. So an agreement in force has at
least two parties on every path, and changing who the parties are withdraws the standing
approvals of its plans that are not over (each plan is proposed again, and that is audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from planner import signals
from planner.agreements.access import check_agreement
from planner.agreements.importing import Choices, agreement_from_reading, loses_own_institution
from planner.agreements.models import Agreement, Institution, Party, Protocol
from planner.audit.models import record
from planner.errors import Conflict, Forbidden, Invalid
from planner.extensions import db
from planner.models_base import utcnow
from planner.unit_of_work import flush

AGREEMENT_FIELDS = (
    "title",
    "signed_on",
    "status",
    "term_years",
    "renewal_years",
    "notice_amount",
    "notice_unit",
    "default_terms",
    "project_agreement_required",
)


@dataclass(frozen=True)
class PartyValues:
    """One party as given: its institution and, when given, its signatory's name and title
    (one text per language; None keeps what is stored)."""

    institution_id: int
    signatory_name: dict | None = None
    signatory_title: dict | None = None


def agreement_audit_view(agreement: Agreement) -> dict:
    """What the audit log keeps of an agreement before and after a change."""
    return {
        "title": agreement.title,
        "signed_on": str(agreement.signed_on),
        "status": agreement.status,
        "term_years": agreement.term_years,
        "renewal_years": agreement.renewal_years,
        "notice": [agreement.notice_amount, agreement.notice_unit],
        "parties": sorted(p.institution_id for p in agreement.parties),
    }


def _stale() -> Conflict:
    return Conflict(
        "stale",
        _(
            "Someone else changed this agreement while you were editing. Your changes were not saved; review the current version below."
        ),
    )


def update_agreement(
    agreement: Agreement,
    user,
    values: dict,
    parties: list[PartyValues] | None = None,
    *,
    version_id: int | None = None,
) -> Agreement:
    """Change the agreement's fields and, when `parties` is given, its parties in that order."""
    check_agreement(agreement, user, edit=True)
    if version_id is not None and version_id != agreement.version_id:
        raise _stale()
    before = agreement_audit_view(agreement)
    parties_before = list(agreement.institution_ids)
    if parties is not None:
        _replace_parties(agreement, user, parties)
    for name in AGREEMENT_FIELDS:
        if name in values:
            setattr(agreement, name, values[name])
    check_parties(agreement)
    agreement.updated_at = utcnow()
    record(user.id, "update", "agreement", agreement.id, before=before, after=agreement_audit_view(agreement))
    if set(parties_before) != set(agreement.institution_ids):
        parties_changed(agreement, user, parties_before)
    flush(_stale)
    return agreement


def check_parties(agreement: Agreement) -> None:
    """An agreement in force binds at least two parties."""
    if agreement.status == "in_force" and len(agreement.parties) < 2:
        raise Invalid("parties", _("An agreement in force needs at least two parties."))


def _replace_parties(agreement: Agreement, user, given: list[PartyValues]) -> None:
    """New parties in the given order; signatory names not given are kept."""
    wanted = [party.institution_id for party in given]
    if len(wanted) != len(set(wanted)):
        raise Invalid("parties", _("An institution can be a party only once."))
    known = set(db.session.scalars(select(Institution.id).where(Institution.id.in_(wanted))))
    if set(wanted) - known:
        raise Invalid("parties", _("No such institution."))
    if user.role == "curator" and agreement.parties and user.institution_id not in wanted:
        raise Invalid("parties", _("You cannot remove your own institution from the parties."))
    existing = {party.institution_id: party for party in agreement.parties}
    agreement.parties = []
    for position, values in enumerate(given, start=1):
        party = existing.get(values.institution_id) or Party(institution_id=values.institution_id)
        party.position = position
        party.signatory_name = values.signatory_name or party.signatory_name or {}
        party.signatory_title = values.signatory_title or party.signatory_title or {}
        agreement.parties.append(party)


def parties_changed(agreement: Agreement, user, before: list[int]) -> None:
    """Whose approval a plan needs changed: every plan not over loses its standing approvals
    and is proposed again (its row locked and its version bumped, so that an approval being
    decided at this moment decides again on the new parties)."""
    from planner.plans.models import Plan
    from planner.plans.operations import FINISHED_STATUSES, withdraw_from_plan

    after = list(agreement.institution_ids)
    signals.agreement_parties_changed.send(agreement, actor=user, before=before, after=after)
    plans = db.session.scalars(
        select(Plan)
        .where(Plan.agreement_id == agreement.id, Plan.status.not_in(FINISHED_STATUSES))
        .order_by(Plan.id)
        .with_for_update()
    )
    for plan in plans:
        withdraw_from_plan(plan, user, reason={"parties": after})


def add_protocol(agreement: Agreement, user, text: str, signed_on: date | None = None) -> Protocol:
    """Amend the agreement by the next numbered protocol (amendments only in writing)."""
    check_agreement(agreement, user, edit=True)
    if not (text or "").strip():
        raise Invalid("text", _("The protocol needs its text."))
    protocol = Protocol(number=max((p.number for p in agreement.protocols), default=0) + 1, text=text)
    protocol.signed_on = signed_on
    agreement.protocols.append(protocol)
    agreement.updated_at = utcnow()  # a new version: its ETag changes
    db.session.flush()
    record(user.id, "create", "protocol", protocol.id, after={"number": protocol.number, "text": protocol.text})
    signals.protocol_added.send(agreement, actor=user, protocol=protocol)
    flush(_stale)
    return protocol


def record_notice(agreement: Agreement, user, given_on: date, given_by_id: int) -> Agreement:
    """A party's written notice of termination: the agreement then stops renewing."""
    check_agreement(agreement, user, edit=True)
    if given_by_id not in agreement.institution_ids:
        raise Invalid("given_by_institution_id", _("Choose one of the agreement's parties."))
    before = agreement_audit_view(agreement)
    agreement.notice_given_on = given_on
    agreement.notice_given_by_id = given_by_id
    agreement.updated_at = utcnow()
    after = {**agreement_audit_view(agreement), "notice_given_on": str(given_on)}
    record(user.id, "update", "agreement", agreement.id, before=before, after=after)
    signals.notice_recorded.send(agreement, actor=user)
    flush(_stale)
    return agreement


def import_agreement(reading: dict, text: str, user, choices: Choices | None = None) -> Agreement:
    """Store what the MoU reader found as a draft agreement (administrators, curators), with
    the parties and signing date confirmed on the preview; a curator must stay a party.
    `user` None is the operator of `flask mou import`, who has the console's every right."""
    if user is not None and user.role not in ("admin", "curator"):
        raise Forbidden()
    if user is not None and choices is not None and loses_own_institution(user, choices.institution_ids):
        raise Invalid("parties", _("You cannot remove your own institution from the parties."))
    agreement = agreement_from_reading(reading, text, choices)
    check_parties(agreement)
    db.session.add(agreement)
    db.session.flush()
    record(user.id if user else None, "create", "agreement", agreement.id, after={"title": agreement.title})
    flush(_stale)
    return agreement


def delete_agreement(agreement: Agreement, user, *, version_id: int | None = None) -> None:
    """Remove an agreement that has no plans (administrators)."""
    check_agreement(agreement, user)
    if not user.is_admin:
        raise Forbidden()
    if version_id is not None and version_id != agreement.version_id:
        raise _stale()
    if agreement.plans:
        raise Conflict("in_use", _("This conflicts with other data: it is still in use."))
    record(user.id, "delete", "agreement", agreement.id, before=agreement_audit_view(agreement))
    db.session.delete(agreement)
    flush(_stale)
