"""Changes to institutions, once, for the pages and the API: right, change, one audit view.

Administrators add and remove institutions; a curator changes their own (`access.py`). The
audit log keeps the same snapshot whichever surface made the change, so a page edit and an
API PATCH of the same values read alike in the history."""

from __future__ import annotations

from flask_babel import gettext as _

from planner.agreements.access import may_edit_institution
from planner.agreements.models import Institution
from planner.audit.models import record
from planner.errors import Conflict, Forbidden
from planner.extensions import db
from planner.models_base import still_referenced
from planner.unit_of_work import flush

INSTITUTION_FIELDS = ("name", "short_name", "country", "city", "timezone", "document_languages")


def institution_audit_view(institution: Institution) -> dict:
    """What the audit log keeps of an institution before and after a change."""
    return {
        "name": dict(institution.name or {}),
        "short_name": institution.short_name or "",
        "country": institution.country,
        "city": institution.city or "",
        "timezone": institution.timezone,
        "document_languages": list(institution.document_languages or []),
    }


def save_institution(institution: Institution | None, user, values: dict) -> Institution:
    """Create (`institution` None: administrators) or change an institution with `values`
    (any of INSTITUTION_FIELDS, already parsed by the form or the schema)."""
    if not may_edit_institution(user, institution.id if institution else None):
        raise Forbidden()
    before = institution_audit_view(institution) if institution else None
    row = institution or Institution()
    for name in INSTITUTION_FIELDS:
        if name in values:
            setattr(row, name, values[name])
    db.session.add(row)
    flush()
    record(
        user.id,
        "update" if institution else "create",
        "institution",
        row.id,
        before=before,
        after=institution_audit_view(row),
    )
    return row


def delete_institution(institution: Institution, user) -> None:
    """Remove an institution nothing refers to (administrators): one that is a party, owns a
    site or has users stays, with a Conflict("in_use")."""
    if user.role != "admin":
        raise Forbidden()
    if still_referenced(institution):
        raise Conflict("in_use", _("Something still refers to this record; it was not deleted."))
    record(user.id, "delete", "institution", institution.id, before=institution_audit_view(institution))
    db.session.delete(institution)
    flush()
