"""Loading an agreement and checking the caller's right to it: one function for pages and API.

Who may do what is said in `planner.accounts.permissions` (`can_read_agreement`,
`can_edit_agreement`); this module turns a refusal into the domain's errors: an agreement
the caller may not read does not exist for them (NotFound), one they may read but not change
is Forbidden."""

from __future__ import annotations

from planner.accounts.permissions import can_edit_agreement, can_read_agreement, can_read_institution
from planner.agreements.models import Agreement, Institution
from planner.errors import MAX_ID, Forbidden, NotFound
from planner.extensions import db


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
