"""Loading a site and checking the caller's right to it: one function for pages and API.

A site of an institution the caller may not read does not exist for them; a site without an
institution is public. Administrators change every site, a curator those of their own
institution and those of none."""

from __future__ import annotations

from planner.agreements.access import can_read_institution
from planner.errors import MAX_ID, Forbidden, NotFound
from planner.extensions import db
from planner.maps.models import Site


def load_site(site_id: int | None, user, *, edit: bool = False) -> Site:
    site = db.session.get(Site, site_id) if site_id is not None and 0 < site_id <= MAX_ID else None
    if site is None or (site.institution_id and not can_read_institution(user, site.institution_id)):
        raise NotFound()
    if edit and not may_edit_site(user, site.institution_id):
        raise Forbidden()
    return site


def may_edit_site(user, institution_id: int | None) -> bool:
    """Whether `user` may change (or create) a site belonging to `institution_id`."""
    if user.role == "admin":
        return True
    return user.role == "curator" and institution_id in (None, user.institution_id)
