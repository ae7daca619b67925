"""/api/v1/institutions and /api/v1/sites: the partners and the places on the map."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user
from flask_smorest import abort
from sqlalchemy import or_, select

from planner.agreements.access import load_institution, readable_institutions
from planner.agreements.models import Institution
from planner.api.common import (
    api_blueprint,
    commit,
    documents,
    page_of,
    require_current,
    require_role,
    still_referenced,
    with_etag,
)
from planner.api.schemas import InstitutionFilterSchema, InstitutionSchema, SiteFilterSchema, SiteSchema, page_schema
from planner.audit.models import record
from planner.extensions import db
from planner.maps.access import load_site
from planner.maps.models import Site
from planner.maps.operations import save_site

blp = api_blueprint("Institutions", "Institutions (museums, reserves, universities) and their sites.")


def readable_institution(institution_id: int) -> Institution:
    return load_institution(institution_id, current_user)


def _audited(action: str, row, entity: str, before: dict | None = None) -> None:
    db.session.add(row)
    db.session.flush()
    record(current_user.id, action, entity, row.id, before=before, after=_plain(row))


def _created(row, entity: str, endpoint: str):
    """Store a new row, audited; 201 with its Location and ETag."""
    _audited("create", row, entity)
    commit()
    return with_etag(row, 201, url_for(endpoint, **{f"{entity}_id": row.id}))


def _plain(row) -> dict:
    fields = InstitutionSchema if isinstance(row, Institution) else SiteSchema
    return fields().dump(row)


@blp.route("/institutions", methods=["GET"])
@blp.arguments(InstitutionFilterSchema, location="query")
@blp.response(200, page_schema(InstitutionSchema))
@documents(blp, 401, 422)
def list_institutions(arguments):
    """The institutions you may see, by id."""
    query = select(Institution).where(readable_institutions(current_user)).order_by(Institution.id)
    if "country" in arguments:
        query = query.where(Institution.country == arguments["country"].upper())
    return page_of(query, arguments)


@blp.route("/institutions", methods=["POST"])
@blp.arguments(InstitutionSchema)
@blp.response(201, InstitutionSchema)
@documents(blp, 400, 401, 403, 422)
def create_institution(values):
    """Add an institution (administrators)."""
    require_role("admin")
    institution = Institution(**values)
    return _created(institution, "institution", "Institutions.show_institution")


@blp.route("/institutions/<int:institution_id>", methods=["GET"])
@blp.response(200, InstitutionSchema)
@documents(blp, 401, 404)
def show_institution(institution_id: int):
    return with_etag(readable_institution(institution_id))


@blp.route("/institutions/<int:institution_id>", methods=["PATCH"])
@blp.arguments(InstitutionSchema(partial=True))
@blp.response(200, InstitutionSchema)
@documents(blp, 400, 401, 403, 404, 412, 422)
def change_institution(values, institution_id: int):
    """Change an institution (administrators; curators their own). Send If-Match to be sure
    you change the version you read."""
    institution = load_institution(institution_id, current_user, edit=True)
    return _changed(institution, values, "institution")


def _changed(row, values: dict, entity: str):
    """Apply a PATCH to the version the caller read (412 otherwise), audited."""
    require_current(row)
    before = _plain(row)
    for name, value in values.items():
        setattr(row, name, value)
    _audited("update", row, entity, before)
    commit()
    return with_etag(row)


@blp.route("/institutions/<int:institution_id>", methods=["DELETE"])
@blp.response(204)
@documents(blp, 401, 403, 404, 409, 412)
def delete_institution(institution_id: int):
    """Remove an institution that nothing refers to (administrators)."""
    institution = readable_institution(institution_id)
    require_role("admin")
    require_current(institution)
    _delete_unreferenced(institution, "institution")


def _delete_unreferenced(row, entity: str) -> None:
    if still_referenced(row):
        abort(409)
    record(current_user.id, "delete", entity, row.id, before=_plain(row))
    db.session.delete(row)
    commit()


# --- sites ------------------------------------------------------------------------------------


def readable_site(site_id: int) -> Site:
    return load_site(site_id, current_user)


@blp.route("/sites", methods=["GET"])
@blp.arguments(SiteFilterSchema, location="query")
@blp.response(200, page_schema(SiteSchema))
@documents(blp, 401, 422)
def list_sites(arguments):
    """The sites you may see, by id."""
    query = (
        select(Site)
        .where(
            or_(
                Site.institution_id.is_(None),
                Site.institution_id.in_(select(Institution.id).where(readable_institutions(current_user))),
            )
        )
        .order_by(Site.id)
    )
    if "institution" in arguments:
        query = query.where(Site.institution_id == arguments["institution"])
    if "kind" in arguments:
        query = query.where(Site.kind == arguments["kind"])
    return page_of(query, arguments)


@blp.route("/sites", methods=["POST"])
@blp.arguments(SiteSchema)
@blp.response(201, SiteSchema)
@documents(blp, 400, 401, 403, 422)
def create_site(values):
    """Add a site (administrators and curators; a curator's site belongs to their institution)."""
    require_role("admin", "curator")
    site = save_site(None, current_user, values)
    return with_etag(site, 201, url_for("Institutions.show_site", site_id=site.id))


@blp.route("/sites/<int:site_id>", methods=["GET"])
@blp.response(200, SiteSchema)
@documents(blp, 401, 404)
def show_site(site_id: int):
    return with_etag(readable_site(site_id))


@blp.route("/sites/<int:site_id>", methods=["PATCH"])
@blp.arguments(SiteSchema(partial=True))
@blp.response(200, SiteSchema)
@documents(blp, 400, 401, 403, 404, 412, 422)
def change_site(values, site_id: int):
    site = load_site(site_id, current_user, edit=True)
    require_current(site)
    return with_etag(save_site(site, current_user, values))


@blp.route("/sites/<int:site_id>", methods=["DELETE"])
@blp.response(204)
@documents(blp, 401, 403, 404, 409, 412)
def delete_site(site_id: int):
    """Remove a site that no venue, route stop or event uses."""
    site = load_site(site_id, current_user, edit=True)
    require_current(site)
    _delete_unreferenced(site, "site")
