"""Map pages: partner sites, a plan's venues and route; GeoJSON and GPX downloads; sites."""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required

from planner.accounts.permissions import roles_required
from planner.agreements.access import load_agreement, load_institution
from planner.caching import document_cache, versioned_key
from planner.errors import returns_to
from planner.i18n import current_locale, marked_text, pick_text
from planner.maps.access import load_site
from planner.maps.forms import SiteForm
from planner.maps.mapping import (
    MapLabels,
    MapSite,
    build_route_map,
    build_site_map,
    route_gpx,
    route_legs,
    route_total_km,
    sites_geojson,
)
from planner.maps.mapping import (
    RouteStop as MapStop,
)
from planner.maps.models import Site
from planner.maps.operations import delete_site as remove_site
from planner.maps.operations import save_site
from planner.maps.queries import visible_sites
from planner.multilingual import texts
from planner.pagination import ListPage
from planner.plans.access import load_plan

bp = Blueprint("maps", __name__)
SITES_PER_PAGE = 100  # the list under a map: every site is on the map itself


def map_labels() -> MapLabels:
    return MapLabels(
        open_site=_("Open site"),
        open_plan=_("Open plan"),
        approximate=_("Approximate location"),
        leg=_("Leg"),
        total=_("Total"),
        km=_("km"),
        arrival=_("Arrival"),
        departure=_("Departure"),
        base_map_unavailable=_("The base map is unavailable; sites and routes are still shown."),
        zoom_in=_("Zoom in"),
        zoom_out=_("Zoom out"),
        locale=current_locale(),
    )


def map_site(site: Site, plan=None) -> MapSite:
    """A site as the plain data the map builders take, in the viewer's language."""
    approximate = site.precision in ("approx_city_centre", "third_party")
    return MapSite(
        id=site.id,
        name=pick_text(site.name, current_locale()).text,
        kind=site.kind,
        latitude=site.latitude,
        longitude=site.longitude,
        url=url_for("maps.site", site_id=site.id),
        description=pick_text(site.description, current_locale()).text,
        precision=site.precision if approximate else "",
        precision_note=marked_text(texts(site, "precision_note"), current_locale()),
        plan_title=pick_text(plan.title, current_locale()).text if plan else "",
        plan_url=url_for("plans.show", plan_id=plan.id) if plan else "",
    )


def _map_options() -> dict:
    return dict(
        labels=map_labels(),
        static_url=lambda path: url_for("static", filename=path),
        tile_url=current_app.config["TILE_URL"],
        tile_attribution=current_app.config["TILE_ATTRIBUTION"],
    )


def _plan_stops(plan) -> list[MapStop]:
    return [
        MapStop(
            order=n,
            site=map_site(stop.site, plan),
            arrival=format_date(stop.arrival, "medium") if stop.arrival else "",
            departure=format_date(stop.departure, "medium") if stop.departure else "",
        )
        for n, stop in enumerate(plan.route_stops, start=1)
    ]


def _scope(kind: str, scope_id: int | None):
    """(title, sites, stops, plan) of the map the URL asks for, checked against the user's rights."""
    if kind == "plan":
        plan = load_plan(scope_id, current_user)
        stops = _plan_stops(plan)
        sites = [map_site(v.site, plan) for v in plan.venues]
        return pick_text(plan.title, current_locale()).text, sites, stops, plan
    if kind == "agreement":
        agreement = load_agreement(scope_id, current_user)
        sites = visible_sites(current_user, agreement_id=agreement.id)
        return pick_text(agreement.title, current_locale()).text, [map_site(s) for s in sites], [], None
    if kind == "institution":
        institution = load_institution(scope_id, current_user)
        sites = visible_sites(current_user, institution_id=institution.id)
        return pick_text(institution.name, current_locale()).text, [map_site(s) for s in sites], [], None
    return _("All partner sites"), [map_site(s) for s in visible_sites(current_user)], [], None


def _built_map(kind: str, scope_id: int | None):
    """(title, sites, stops, plan, parts) of the map the URL asks for."""
    title, sites, stops, plan = _scope(kind, scope_id)
    if stops:
        return title, sites, stops, plan, build_route_map(stops, **_map_options())
    return title, sites, stops, plan, build_site_map(sites, **_map_options())


def _cached_if_all(kind: str, name: str, build, size):
    """The map of all partner sites grows with them (2,000 sites: 0.2 s to read and build), so it
    is built once per data version, language and reader's rights; scoped maps are small."""
    if kind != "all":
        return build()
    key = versioned_key(name, current_locale(), current_user.role, current_user.institution_id)
    return document_cache("maps").get_or_build(key, build, size)


def _page_size(built) -> int:
    _title, sites, _stops, _plan, parts = built
    return len(parts.header) + len(parts.html) + len(parts.script) + 300 * len(sites)


@bp.route("/map", defaults={"kind": "all", "scope_id": None})
@bp.route("/<any(plan, agreement, institution):kind>s/<int:scope_id>/map")
@login_required
def show(kind: str, scope_id: int | None):
    title, sites, stops, plan, parts = _cached_if_all(kind, "map", lambda: _built_map(kind, scope_id), _page_size)
    legs = route_legs(stops) if stops else []
    return render_template(
        "maps/map.html",
        title=title,
        parts=parts,
        stops=stops,
        legs=legs,
        total_km=route_total_km(stops) if stops else 0,
        sites=ListPage.of(sites, SITES_PER_PAGE),
        plan=plan,
        scope_kind=kind,
        scope_id=scope_id,
    )


@bp.route("/map.geojson", defaults={"kind": "all", "scope_id": None})
@bp.route("/<any(plan, agreement, institution):kind>s/<int:scope_id>/map.geojson")
@login_required
def geojson(kind: str, scope_id: int | None):
    def build() -> bytes:
        _, sites, stops, _plan = _scope(kind, scope_id)
        return json.dumps(sites_geojson(sites, stops or None), ensure_ascii=False).encode()

    return Response(_cached_if_all(kind, "geojson", build, len), mimetype="application/geo+json")


@bp.route("/plans/<int:plan_id>/route.gpx")
@login_required
def gpx(plan_id: int):
    plan = load_plan(plan_id, current_user)
    body = route_gpx(pick_text(plan.title, current_locale()).text, _plan_stops(plan))
    return Response(
        body,
        mimetype="application/gpx+xml",
        headers={"Content-Disposition": f'attachment; filename="route-{plan.id}.gpx"'},
    )


@bp.route("/sites/<int:site_id>")
@login_required
def site(site_id: int):
    found = load_site(site_id, current_user)
    parts = build_site_map([map_site(found)], **_map_options())
    return render_template("maps/site.html", site=found, parts=parts)


@bp.route("/sites/new", methods=["GET", "POST"], defaults={"site_id": None})
@bp.route("/sites/<int:site_id>/edit", methods=["GET", "POST"])
@roles_required("admin", "curator")
def edit_site(site_id: int | None):
    found = load_site(site_id, current_user, edit=True) if site_id else None
    form = SiteForm(obj=found)
    if request.method == "GET" and found:
        form.name.form.fill(found.name)
        form.description.form.fill(found.description)
        form.precision_note.form.fill(texts(found, "precision_note"))
    if form.validate_on_submit():
        site_row = save_site(found, current_user, form.values())
        if form.null_island:
            flash(_("The coordinates are 0, 0 (in the ocean off Africa): check that they are right."), "warning")
        flash(_("The site is saved."), "success")
        return redirect(url_for("maps.site", site_id=site_row.id))
    picker = build_site_map([map_site(found)] if found else [], **_map_options())
    return render_template("maps/edit_site.html", form=form, site=found, parts=picker), 400 if form.errors else 200


@bp.route("/sites/<int:site_id>/delete", methods=["GET", "POST"])
@roles_required("admin", "curator")
@returns_to("maps.site")
def delete_site(site_id: int):
    """Deleting asks for confirmation; a site still in use stays, with the reason."""
    found = load_site(site_id, current_user, edit=True)
    if request.method == "POST":
        remove_site(found, current_user)
        flash(_("The site is deleted."), "success")
        return redirect(url_for("maps.show"))
    return render_template("maps/delete_site.html", site=found)
