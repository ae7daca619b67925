"""Changes to the sites on the map, once, for the pages and the API: right, rules, change, audit."""

from __future__ import annotations

from flask_babel import gettext as _

from planner.agreements.models import Institution
from planner.audit.models import record
from planner.errors import Conflict, Forbidden, Invalid
from planner.extensions import db
from planner.maps.access import may_edit_site
from planner.maps.models import Site
from planner.models_base import still_referenced
from planner.multilingual import settle, texts
from planner.unit_of_work import flush

SITE_FIELDS = (
    "name",
    "kind",
    "latitude",
    "longitude",
    "address",
    "city",
    "description",
    "precision",
    "precision_note",
    "precision_notes",
    "institution_id",
)


def site_audit_view(site: Site) -> dict:
    return {
        "name": site.name,
        "kind": site.kind,
        "latitude": site.latitude,
        "longitude": site.longitude,
        "precision": site.precision,
        "precision_note": dict(texts(site, "precision_note")),
    }


def save_site(site: Site | None, user, values: dict) -> Site:
    """Create (`site` None) or change a site. A curator's new site belongs to their institution;
    a curator cannot give a site to another institution."""
    if site is not None and not may_edit_site(user, site.institution_id):
        raise Forbidden()
    values = settle(values, ("precision_note",), site)
    unowned = site is None or site.institution_id is None
    if unowned and values.get("institution_id") is None and user.institution_id and user.role == "curator":
        values["institution_id"] = user.institution_id  # a curator's sites belong to their institution
    elif unowned and "institution_id" not in values and user.institution_id:
        values["institution_id"] = user.institution_id
    if "institution_id" in values:
        _check_owner(user, values["institution_id"])
    before = site_audit_view(site) if site is not None else None
    row = site or Site()
    for name in SITE_FIELDS:
        if name in values:
            setattr(row, name, values[name])
    db.session.add(row)
    db.session.flush()
    record(user.id, "update" if site else "create", "site", row.id, before=before, after=site_audit_view(row))
    flush()
    return row


def _check_owner(user, owner: int | None) -> None:
    if owner is not None and db.session.get(Institution, owner) is None:
        raise Invalid("institution_id", _("No such institution."))
    if not may_edit_site(user, owner):
        raise Forbidden()


def delete_site(site: Site, user) -> None:
    """Remove a site that no venue, route stop or event uses (Conflict("in_use") otherwise)."""
    if not may_edit_site(user, site.institution_id):
        raise Forbidden()
    if still_referenced(site):
        raise Conflict("in_use", _("This site is still used by a venue, a route stop or an event; it was not deleted."))
    record(user.id, "delete", "site", site.id, before=site_audit_view(site))
    db.session.delete(site)
    flush()
