"""Who may read and change an agreement, and loading one with the caller's right checked: one
function for pages and API.

Admins: everything. Curators and staff read every agreement; curators change only agreements
where their institution is a party (or drafts with no parties yet). Partners read only the
agreements where their institution is a party, with those agreements' plans, events and maps.
Observers (a ministry) read the agreements, never drafts, of the institutions granted to them,
and their reports; every other page refuses them (`accounts.permissions.observer_may_open`).

`load_agreement` and `load_institution` turn a refusal into the domain's errors: an agreement
the caller may not read does not exist for them (NotFound), one they may read but not change
is Forbidden."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, or_, select, true

from planner.accounts.permissions import READ_ALL_ROLES
from planner.agreements.models import Agreement, Institution, Party
from planner.errors import MAX_ID, Forbidden, NotFound
from planner.extensions import db


def readable_agreements(user) -> ColumnElement[bool]:
    """A WHERE clause selecting the agreements ``user`` may read."""
    if user.role in READ_ALL_ROLES:
        return true()
    if user.role == "observer":
        granted = select(Party.agreement_id).where(Party.institution_id.in_(user.observed_institution_ids))
        return Agreement.id.in_(granted) & (Agreement.status != "draft")
    return Agreement.id.in_(select(Party.agreement_id).where(Party.institution_id == user.institution_id))


def editable_agreements(user) -> ColumnElement[bool]:
    """A WHERE clause selecting the agreements ``user`` may change (see `can_edit_agreement`)."""
    if user.role == "admin":
        return true()
    if user.role != "curator":
        return false()
    with_parties = select(Party.agreement_id)
    return or_(
        Agreement.id.in_(select(Party.agreement_id).where(Party.institution_id == user.institution_id)),
        Agreement.id.not_in(with_parties),
    )


def readable_agreements_key(user) -> tuple:
    """What decides `readable_agreements` for this user, as a value: two users with equal keys
    read the same agreements (shared calendar grids are kept under it)."""
    if user.role in READ_ALL_ROLES:
        return ("all",)
    if user.role == "observer":
        return ("observer of", tuple(sorted(user.observed_institution_ids)))
    return ("parties of", user.institution_id)


def readable_institutions(user) -> ColumnElement[bool]:
    """A WHERE clause selecting the institutions ``user`` may read (see `can_read_institution`)."""
    if user.role in READ_ALL_ROLES:
        return true()
    partners = select(Party.institution_id).where(
        Party.agreement_id.in_(select(Agreement.id).where(readable_agreements(user)))
    )
    return or_(Institution.id == user.institution_id, Institution.id.in_(partners))


def can_read_agreement(user, agreement: Agreement) -> bool:
    if user.role in READ_ALL_ROLES:
        return True
    if user.role == "observer":  # a ministry: the granted institutions' agreements, never a draft
        granted = set(user.observed_institution_ids)
        return agreement.status != "draft" and bool(granted & set(agreement.institution_ids))
    return user.role == "partner" and user.institution_id in agreement.institution_ids


def can_edit_agreement(user, agreement: Agreement) -> bool:
    if user.role == "admin":
        return True
    if user.role != "curator":
        return False
    parties = agreement.institution_ids
    return not parties or user.institution_id in parties


def can_read_institution(user, institution_id: int) -> bool:
    """Partners see their own institution and the parties of their partnerships."""
    if user.role in READ_ALL_ROLES or user.institution_id == institution_id:
        return True
    shared = select(Party.id).where(
        Party.institution_id == institution_id,
        Party.agreement_id.in_(select(Agreement.id).where(readable_agreements(user))),
    )
    return db.session.scalar(shared.limit(1)) is not None


def load_agreement(agreement_id: int | None, user, *, edit: bool = False, loader=None) -> Agreement:
    """The agreement (read by `loader(agreement_id)`, by default a plain get) if `user` may read
    it, and change it when `edit`."""
    found = None
    if agreement_id is not None and 0 < agreement_id <= MAX_ID:
        found = loader(agreement_id) if loader else db.session.get(Agreement, agreement_id)
    return check_agreement(found, user, edit=edit)


def check_agreement(agreement: Agreement | None, user, *, edit: bool = False) -> Agreement:
    """The same check on an agreement already loaded (a plan's, an event's)."""
    if agreement is None or not can_read_agreement(user, agreement):
        raise NotFound()
    if edit and not can_edit_agreement(user, agreement):
        raise Forbidden()
    return agreement


def load_institution(institution_id: int | None, user, *, edit: bool = False) -> Institution:
    """The institution if `user` may see it (partners: their own and their partners'), and
    change it when `edit` (administrators; a curator their own institution)."""
    found = None
    if institution_id is not None and 0 < institution_id <= MAX_ID:
        found = db.session.get(Institution, institution_id)
    if found is None or not can_read_institution(user, found.id):
        raise NotFound()
    if edit and not may_edit_institution(user, found.id):
        raise Forbidden()
    return found


def may_edit_institution(user, institution_id: int | None) -> bool:
    """Administrators add and change institutions; a curator changes their own."""
    return user.role == "admin" or (
        user.role == "curator" and institution_id is not None and institution_id == user.institution_id
    )


def may_approve_amendment(user, amendment) -> bool:
    """A curator of a party whose consent to a pending change of parties is still missing
    (current or joining); administrators apply instead (see operations.apply_amendment)."""
    return user.role == "curator" and user.institution_id in amendment.awaiting_ids


def may_reject_amendment(user, amendment) -> bool:
    """A curator of any party whose consent it needs (the proposer's institution too: it
    withdraws its proposal so) or an administrator may reject a pending change of parties."""
    return user.is_admin or (user.role == "curator" and user.institution_id in amendment.required_ids)
