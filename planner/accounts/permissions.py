"""Who may see and change what.

Admins: everything. Curators and staff read every agreement; curators change only agreements
where their institution is a party (or drafts with no parties yet). Partners read only the
agreements where their institution is a party, with those agreements' plans, events and maps.
"""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import ColumnElement, or_, select, true

from planner.agreements.models import Agreement, Institution, Party

READ_ALL_ROLES = ("admin", "curator", "staff")


def roles_required(*roles: str):
    """Log-in required; then 403 unless the user's role is one of ``roles``."""

    def decorate(view):
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate


def readable_agreements(user) -> ColumnElement[bool]:
    """A WHERE clause selecting the agreements ``user`` may read."""
    if user.role in READ_ALL_ROLES:
        return true()
    return Agreement.id.in_(select(Party.agreement_id).where(Party.institution_id == user.institution_id))


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
    from planner.extensions import db

    shared = select(Party.id).where(
        Party.institution_id == institution_id,
        Party.agreement_id.in_(select(Agreement.id).where(readable_agreements(user))),
    )
    return db.session.scalar(shared.limit(1)) is not None
