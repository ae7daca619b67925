"""/api/v1/institutions and /api/v1/sites: the partners and the places on the map."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user
from sqlalchemy import or_, select

from planner.agreements import institutions as institution_operations
from planner.agreements.access import load_institution, readable_institutions
from planner.agreements.models import Institution
from planner.api.common import api_blueprint, documents, page_of, require_current, require_role, with_etag
from planner.api.schemas import InstitutionFilterSchema, InstitutionSchema, SiteFilterSchema, SiteSchema, page_schema
from planner.maps import operations as site_operations
from planner.maps.access import load_site
from planner.maps.models import Site

blp = api_blueprint("Institutions", "Institutions (museums, reserves, universities) and their sites.")


def readable_institution(institution_id: int) -> Institution:
    return load_institution(institution_id, current_user)


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
    institution = institution_operations.save_institution(None, current_user, values)
    return with_etag(institution, 201, url_for("Institutions.show_institution", institution_id=institution.id))


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
    require_current(institution)
    return with_etag(institution_operations.save_institution(institution, current_user, values))


@blp.route("/institutions/<int:institution_id>", methods=["DELETE"])
@blp.response(204)
@documents(blp, 401, 403, 404, 409, 412)
def delete_institution(institution_id: int):
    """Remove an institution that nothing refers to (administrators)."""
    institution = readable_institution(institution_id)
    require_current(institution)
    institution_operations.delete_institution(institution, current_user)


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
    site = site_operations.save_site(None, current_user, values)
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
    return with_etag(site_operations.save_site(site, current_user, values))


@blp.route("/sites/<int:site_id>", methods=["DELETE"])
@blp.response(204)
@documents(blp, 401, 403, 404, 409, 412)
def delete_site(site_id: int):
    """Remove a site that no venue, route stop or event uses."""
    site = load_site(site_id, current_user, edit=True)
    require_current(site)
    site_operations.delete_site(site, current_user)
