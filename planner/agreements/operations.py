"""Every change to an agreement, once, for the pages, the API and the import of a memorandum:
check the caller's right, enforce the rules, change, audit, signal, in one transaction.

The parties of an agreement are whose approval a plan needs. So an agreement in force has at
least two parties on every path, and changing who the parties are withdraws the standing
approvals of its plans that are not over (each plan is proposed again, and that is audited).

The parties of an agreement no longer a draft change only by consent: a change of them is
proposed as a party amendment that takes effect when every current and every joining party
has approved it (or an administrator applies it); until then the old parties hold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from planner import signals
from planner.agreements.access import check_agreement, load_agreement, may_approve_amendment, may_reject_amendment
from planner.agreements.amending import agreed, party_changes
from planner.agreements.importing import (
    Choices,
    agreement_from_reading,
    loses_own_institution,
    signatory_problem,
    title_problem,
)
from planner.agreements.models import (
    Agreement,
    Institution,
    Party,
    PartyAmendment,
    PartyAmendmentApproval,
    Protocol,
)
from planner.audit.models import record
from planner.errors import MAX_ID, Conflict, Forbidden, Invalid, NotFound
from planner.extensions import db
from planner.models_base import utcnow
from planner.unit_of_work import begin_afresh, flush

AGREEMENT_FIELDS = (
    "title",
    "signed_on",
    "signed_place",
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
        "signed_place": agreement.signed_place,
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
) -> PartyAmendment | None:
    """Change the agreement's fields and, when `parties` is given, its parties in that order.
    On an agreement no longer a draft, a change of who the parties are is proposed instead
    (the other fields change at once): the party amendment proposed is returned, else None."""
    check_agreement(agreement, user, edit=True)
    if version_id is not None and version_id != agreement.version_id:
        raise _stale()
    _check_status_change(agreement, user, values)
    before = agreement_audit_view(agreement)
    parties_before = list(agreement.institution_ids)
    amendment = None
    if parties is not None and needs_consent(agreement, parties):
        amendment = _propose_parties(agreement, user, parties)
    elif parties is not None:
        _check_party_list(agreement, user, [party.institution_id for party in parties])
        _set_parties(agreement, parties)
    for name in AGREEMENT_FIELDS:
        if name in values:
            setattr(agreement, name, values[name])
    check_parties(agreement)
    agreement.updated_at = utcnow()
    record(user.id, "update", "agreement", agreement.id, before=before, after=agreement_audit_view(agreement))
    if set(parties_before) != set(agreement.institution_ids):
        parties_changed(agreement, user, parties_before)
    flush(_stale)
    return amendment


def needs_consent(agreement: Agreement, parties: list[PartyValues]) -> bool:
    """Whether these parties change who is bound by an agreement that is no longer a draft
    (its status as stored before this change: nobody leaves draft and swaps a party at once)."""
    wanted = {party.institution_id for party in parties}
    return agreement.status != "draft" and wanted != agreement.institution_ids


def _check_status_change(agreement: Agreement, user, values: dict) -> None:
    """Back to draft only by an administrator: a draft's parties change without consent, so a
    curator could otherwise step around it (draft, swap the partner, in force again)."""
    if values.get("status") == "draft" and agreement.status != "draft" and not user.is_admin:
        raise Invalid("status", _("Only an administrator can return an agreement to draft."))


def check_parties(agreement: Agreement) -> None:
    """An agreement in force binds at least two parties."""
    if agreement.status == "in_force" and len(agreement.parties) < 2:
        raise Invalid("parties", _("An agreement in force needs at least two parties."))


def _check_party_list(agreement: Agreement, user, wanted: list[int]) -> None:
    """Each institution once, every one known, and a curator's own institution among them."""
    if len(wanted) != len(set(wanted)):
        raise Invalid("parties", _("An institution can be a party only once."))
    known = set(db.session.scalars(select(Institution.id).where(Institution.id.in_(wanted))))
    if set(wanted) - known:
        raise Invalid("parties", _("No such institution."))
    if user.role == "curator" and agreement.parties and user.institution_id not in wanted:
        raise Invalid("parties", _("You cannot remove your own institution from the parties."))


def _set_parties(agreement: Agreement, given: list[PartyValues]) -> None:
    """New parties in the given order; signatory names not given are kept."""
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
    after = list(agreement.institution_ids)
    signals.agreement_parties_changed.send(agreement, actor=user, before=before, after=after)
    signals.plans_parties_changed.send(agreement, actor=user, after=after)  # plans sit above: they listen


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
    the parties, titles, signing date and place and term confirmed on the preview; a curator
    must stay a party, and every language version keeps a title.
    `user` None is the operator of `flask mou import`, who has the console's every right."""
    if user is not None and user.role not in ("admin", "curator"):
        raise Forbidden()
    if user is not None and choices is not None and loses_own_institution(user, choices.institution_ids):
        raise Invalid("parties", _("You cannot remove your own institution from the parties."))
    if choices is not None and choices.titles is not None:
        problem = title_problem(choices.titles, list(reading["versions"]))
        if problem:
            raise Invalid("title", problem)
    if choices is not None and signatory_problem(choices.signatories):
        raise Invalid("signatories", signatory_problem(choices.signatories))
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


# --- party amendments: the parties of an agreement in force change only by consent -------------


def _propose_parties(agreement: Agreement, user, given: list[PartyValues]) -> PartyAmendment:
    """A pending party amendment with the parties as given (a staying party keeps its stored
    signatory unless a new one is given); the proposer's institution consents by proposing."""
    wanted = [party.institution_id for party in given]
    _check_party_list(agreement, user, wanted)
    if len(wanted) < 2:
        raise Invalid("parties", _("An agreement in force needs at least two parties."))
    existing = {party.institution_id: party for party in agreement.parties}
    added, removed = party_changes(agreement.institution_ids, wanted)
    amendment = PartyAmendment(
        parties=[_party_entry(values, existing.get(values.institution_id)) for values in given],
        added=added,
        removed=removed,
        proposed_by_id=user.id,
    )
    agreement.amendments.append(amendment)
    if user.institution_id in amendment.required_ids:
        amendment.approvals.append(PartyAmendmentApproval(institution_id=user.institution_id, user_id=user.id))
    db.session.flush()
    record(
        user.id,
        "propose",
        "party_amendment",
        amendment.id,
        before={"agreement_id": agreement.id, "parties": sorted(agreement.institution_ids)},
        after={"agreement_id": agreement.id, "parties": wanted, "added": added, "removed": removed},
    )
    signals.party_amendment_proposed.send(agreement, actor=user, amendment=amendment)
    return amendment


def _party_entry(values: PartyValues, stored: Party | None) -> dict:
    """One proposed party as the amendment keeps it (plain JSON)."""
    return {
        "institution_id": values.institution_id,
        "signatory_name": values.signatory_name or (stored.signatory_name if stored else None) or {},
        "signatory_title": values.signatory_title or (stored.signatory_title if stored else None) or {},
    }


def approve_amendment(agreement_id: int, amendment_id: int, user) -> PartyAmendment:
    """The user's institution (a curator's, of a current or joining party) consents to the
    amendment; the last consent applies it. Serialized per agreement, so two parties consenting
    at the same moment apply it exactly once."""
    amendment = _locked_amendment(agreement_id, amendment_id, user)
    if user.role != "curator" or user.institution_id not in amendment.required_ids:
        raise Forbidden()
    _require_pending(amendment)
    if not may_approve_amendment(user, amendment):  # pending, so only an approval given already
        raise _amendment_already_approved()
    amendment.approvals.append(PartyAmendmentApproval(institution_id=user.institution_id, user_id=user.id))
    db.session.flush()
    record(user.id, "approve", "party_amendment", amendment.id, after={"institution_id": user.institution_id})
    if agreed(amendment.required_ids, amendment.approved_ids):
        _apply_amendment(amendment, user, by_administrator=False)
    else:
        signals.party_amendment_approved.send(
            amendment.agreement, actor=user, amendment=amendment, institution_id=user.institution_id
        )
    _commit_decision()
    return amendment


def apply_amendment(agreement_id: int, amendment_id: int, user) -> PartyAmendment:
    """An administrator applies a pending amendment at once, without the missing consents
    (audited as such; every party, current and joining, is told)."""
    amendment = _locked_amendment(agreement_id, amendment_id, user)
    if not user.is_admin:
        raise Forbidden()
    _require_pending(amendment)
    _apply_amendment(amendment, user, by_administrator=True)
    _commit_decision()
    return amendment


def reject_amendment(agreement_id: int, amendment_id: int, user) -> PartyAmendment:
    """A party concerned (current or joining; a curator of it) or an administrator rejects a
    pending change of the parties: it never takes effect, and the parties stay as they were."""
    amendment = _locked_amendment(agreement_id, amendment_id, user)
    if not may_reject_amendment(user, amendment):
        raise Forbidden()
    _require_pending(amendment)
    amendment.status, amendment.decided_by_id, amendment.decided_at = "rejected", user.id, utcnow()
    record(user.id, "reject", "party_amendment", amendment.id, after={"institution_id": user.institution_id})
    signals.party_amendment_rejected.send(amendment.agreement, actor=user, amendment=amendment)
    _commit_decision()
    return amendment


def _locked_amendment(agreement_id: int, amendment_id: int, user) -> PartyAmendment:
    """The amendment as stored now, its agreement's row locked until the commit (PostgreSQL;
    SQLite writes one at a time): its consents are read after the lock, so a decider that
    waited sees the one given just before it."""
    if not (0 < agreement_id <= MAX_ID and 0 < amendment_id <= MAX_ID):
        raise NotFound()
    begin_afresh()  # nothing pending; a fresh transaction and a fresh view of the rows
    db.session.execute(select(Agreement.id).where(Agreement.id == agreement_id).with_for_update())
    db.session.expire_all()
    agreement = load_agreement(agreement_id, user)
    amendment = db.session.get(PartyAmendment, amendment_id)
    if amendment is None or amendment.agreement_id != agreement.id:
        raise NotFound()
    return amendment


def _require_pending(amendment: PartyAmendment) -> None:
    if amendment.status != "pending":
        raise Conflict("not_pending", _("This change of the parties no longer awaits approval."))


def _amendment_already_approved() -> Conflict:
    return Conflict("already_approved", _("Your institution has already approved this change of the parties."))


def _commit_decision() -> None:
    """Send a consent; the same institution consenting twice at once stores one consent."""
    flush(_amendment_already_approved)


def _apply_amendment(amendment: PartyAmendment, user, *, by_administrator: bool) -> None:
    """The proposed parties take the agreement's place; other pending amendments, proposed on
    the parties that were, are withdrawn (to be proposed again on the new ones)."""
    agreement = amendment.agreement
    before = agreement_audit_view(agreement)
    parties_before = list(agreement.institution_ids)
    _set_parties(agreement, [PartyValues(**entry) for entry in amendment.parties])
    check_parties(agreement)
    amendment.status, amendment.decided_by_id, amendment.decided_at = "applied", user.id, utcnow()
    for other in agreement.amendments:
        if other is not amendment and other.status == "pending":
            other.status, other.decided_by_id, other.decided_at = "withdrawn", user.id, utcnow()
    agreement.updated_at = utcnow()
    record(
        user.id,
        "apply",
        "party_amendment",
        amendment.id,
        before={"parties": sorted(parties_before)},
        after={"parties": amendment.proposed_ids, "by_administrator": by_administrator},
    )
    record(user.id, "update", "agreement", agreement.id, before=before, after=agreement_audit_view(agreement))
    parties_changed(agreement, user, parties_before)
