"""Maps, GeoJSON and GPX from plain data, with folium, and with no asset from another host.

Sites and route stops are drawn as GeoJSON layers whose popup and tooltip fields are built
here from `map_text`-escaped pieces, so one path serves 10 sites and 10,000 alike; a heritage
route adds numbered markers and the route line. The caller wraps `script` in a
`<script nonce=...>` (the page's Content-Security-Policy allows no other inline script)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import folium

from planner.formatting import distance
from planner.maps.safe_text import map_text, safe_link

EARTH_RADIUS_KM = 6371.0088
# folium's page header forbids zooming the page (maximum-scale=1, user-scalable=no); the page has
# its own viewport tag, and a reader with low vision must be able to pinch-zoom (WCAG 1.4.4).
FOLIUM_VIEWPORT = re.compile(r"<meta\s+name=\"viewport\"[^>]*>", re.IGNORECASE)
APPROXIMATE = ("approx_city_centre", "third_party")


@dataclass(frozen=True)
class MapSite:
    id: int
    name: str
    kind: str
    latitude: float
    longitude: float
    url: str = ""
    description: str = ""
    precision: str = ""
    precision_note: str = ""  # where the coordinates come from, in the reader's language
    plan_title: str = ""
    plan_url: str = ""


@dataclass(frozen=True)
class RouteStop:
    order: int
    site: MapSite
    arrival: str = ""
    departure: str = ""


@dataclass(frozen=True)
class MapLabels:
    open_site: str = "Open site"
    open_plan: str = "Open plan"
    approximate: str = "Approximate location"
    leg: str = "Leg"
    total: str = "Total"
    km: str = "km"
    arrival: str = "Arrival"
    departure: str = "Departure"
    base_map_unavailable: str = "The base map is unavailable; sites and routes are still shown."
    zoom_in: str = "Zoom in"
    zoom_out: str = "Zoom out"
    locale: str = "en"  # the reader's, for the numbers (Babel: "1 234,5" in ru, "1.234,5" in az)


@dataclass(frozen=True)
class MapParts:
    header: str
    html: str
    script: str
    empty: bool
    map_name: str = ""


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def _point(site: MapSite) -> tuple[float, float]:
    return (site.latitude, site.longitude)


def route_legs(stops: Sequence[RouteStop]) -> list[float]:
    return [great_circle_km(_point(a.site), _point(b.site)) for a, b in zip(stops, stops[1:], strict=False)]


def route_total_km(stops: Sequence[RouteStop]) -> float:
    return sum(route_legs(stops))


def validate_coordinates(latitude, longitude) -> tuple[list[str], list[str]]:
    """(errors, warnings): off the globe is an error; 0, 0 is a warning (usually a mistake)."""
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        return ["not_a_number"], []
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return ["not_a_number"], []
    errors = []
    if not -90 <= lat <= 90:
        errors.append("latitude_out_of_range")
    if not -180 <= lon <= 180:
        errors.append("longitude_out_of_range")
    return errors, (["null_island"] if not errors and lat == 0 and lon == 0 else [])


def sites_geojson(sites: Sequence[MapSite], route: Sequence[RouteStop] | None = None) -> dict:
    """RFC 7946: a FeatureCollection, positions as [longitude, latitude]."""

    def feature(site: MapSite, order: int | None) -> dict:
        return {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [site.longitude, site.latitude]},
            "properties": {
                "name": site.name,
                "kind": site.kind,
                "order": order,
                "plan": site.plan_title or None,
                "url": site.url or None,
                "precision": site.precision or None,
                "precision_note": site.precision_note or None,
            },
        }

    features = [feature(stop.site, stop.order) for stop in route] if route else [feature(s, None) for s in sites]
    if route and len(route) > 1:
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[stop.site.longitude, stop.site.latitude] for stop in route],
                },
                "properties": {
                    "name": "route",
                    "kind": "route",
                    "order": None,
                    "plan": route[0].site.plan_title or None,
                    "total_km": round(route_total_km(route), 1),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


# Characters XML 1.0 cannot carry at all (C0 controls but tab/LF/CR, surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """Text for an XML element: escaped, without the characters XML forbids (they would make
    the whole file unreadable to GPS software)."""
    return xml_escape(_NOT_XML.sub("", "" if value is None else str(value)))


def route_gpx(name: str, stops: Sequence[RouteStop]) -> str:
    """GPX 1.1 with the stops as an ordered route."""
    points = "".join(
        f"<rtept lat={quoteattr(str(s.site.latitude))} lon={quoteattr(str(s.site.longitude))}>"
        f"<name>{xml_text(f'{s.order}. {s.site.name}')}</name>"
        + (f"<desc>{xml_text(s.site.precision_note)}</desc>" if s.site.precision_note else "")
        + "</rtept>"
        for s in stops
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="MoU Planner" '
        'xmlns="http://www.topografix.com/GPX/1/1">'
        f"<rte><name>{xml_text(name)}</name>{points}</rte></gpx>\n"
    )


def _popup_html(site: MapSite, labels: MapLabels, extra: Sequence[str] = ()) -> str:
    """Popup content from escaped pieces; links only to same-site or http(s) addresses."""
    lines = [f"<strong>{map_text(site.name)}</strong>"]
    if site.precision in APPROXIMATE:
        note = f": {map_text(site.precision_note)}" if site.precision_note else ""
        lines.append(f"<em>{map_text(labels.approximate)}</em>{note}")
    if site.description:
        lines.append(map_text(site.description))
    lines += [map_text(line) for line in extra]
    if site.url:
        lines.append(safe_link(site.url, labels.open_site))
    if site.plan_url:
        lines.append(safe_link(site.plan_url, f"{labels.open_plan}: {site.plan_title}"))
    return "<br>".join(lines)


class _SelfHostedMap(folium.Map):
    """A folium Map that loads Leaflet from the app's own static files and nothing else."""

    def __init__(self, static_url: Callable[[str], str], **kwargs):
        self.default_js = [("leaflet", static_url("vendor/leaflet/leaflet.js"))]
        self.default_css = [("leaflet_css", static_url("vendor/leaflet/leaflet.css"))]
        super().__init__(**kwargs)


def _base_map(points: list[tuple[float, float]], *, static_url, tile_url: str, tile_attribution: str) -> folium.Map:
    m = _SelfHostedMap(
        static_url, location=points[0] if points else (40.0, 50.0), zoom_start=5, tiles=None, control_scale=False
    )
    if tile_url:
        folium.TileLayer(tiles=tile_url, attr=tile_attribution, name="base").add_to(m)
    if len(points) > 1:
        m.fit_bounds(
            [
                [min(p[0] for p in points), min(p[1] for p in points)],
                [max(p[0] for p in points), max(p[1] for p in points)],
            ],
            padding=(30, 30),
        )
    return m


def _geojson_layer(features: list[dict], *, circles: bool) -> folium.GeoJson:
    """One layer for every point; its popup and tooltip fields are already escaped HTML."""
    marker = folium.CircleMarker(radius=13, color="#1f5fa8", fill=True, fill_opacity=0.25) if circles else None
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        marker=marker,
        popup=folium.GeoJsonPopup(fields=["popup"], labels=False),
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
    )


def _point_feature(site: MapSite, popup: str) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [site.longitude, site.latitude]},
        "properties": {"popup": popup, "tooltip": map_text(site.name)},
    }


def _offline_script(m: folium.Map, notice_id: str, has_tiles: bool) -> str:
    """Show the notice when the base map cannot load; markers and lines stay on a plain ground."""
    return (
        f"(function () {{ var notice = document.getElementById({notice_id!r});"
        f" if (!{str(has_tiles).lower()}) {{ notice.hidden = false; }}"
        f" {m.get_name()}.eachLayer(function (layer) {{ if (layer instanceof L.TileLayer) {{"
        " layer.on('tileerror', function () { notice.hidden = false; }); } }); })();"
    )


def _controls_script(m: folium.Map, labels: MapLabels) -> str:
    """A metric scale only (the partners measure in kilometres), and the zoom buttons' titles
    in the reader's language (Leaflet's are English); the titles go in as JSON strings."""
    zoom_in, zoom_out = (
        json.dumps(str(label), ensure_ascii=False).replace("<", "\\u003c")
        for label in (labels.zoom_in, labels.zoom_out)
    )
    return (
        f"(function (map) {{ L.control.scale({{imperial: false}}).addTo(map);"
        " var zoom = map.zoomControl && map.zoomControl.getContainer(); if (!zoom) { return; }"
        f" [['.leaflet-control-zoom-in', {zoom_in}], ['.leaflet-control-zoom-out', {zoom_out}]].forEach("
        "function (pair) { var button = zoom.querySelector(pair[0]); if (button) {"
        " button.title = pair[1]; button.setAttribute('aria-label', pair[1]); } });"
        f" }})({m.get_name()});"
    )


def _render(m: folium.Map, labels: MapLabels, has_tiles: bool, empty: bool) -> MapParts:
    root = m.get_root()
    root.render()
    notice_id = f"{m.get_name()}_offline"
    notice = f'<p id="{notice_id}" class="map-offline" role="status" hidden>{map_text(labels.base_map_unavailable)}</p>'
    script = "\n".join((root.script.render(), _offline_script(m, notice_id, has_tiles), _controls_script(m, labels)))
    return MapParts(
        header=FOLIUM_VIEWPORT.sub("", root.header.render()),
        html=notice + root.html.render(),
        script=script,
        empty=empty,
        map_name=m.get_name(),
    )


def build_site_map(
    sites: Sequence[MapSite],
    *,
    labels: MapLabels,
    static_url,
    tile_url: str,
    tile_attribution: str,
    cluster: bool = False,
) -> MapParts:
    points = [_point(s) for s in sites]
    m = _base_map(points, static_url=static_url, tile_url=tile_url, tile_attribution=tile_attribution)
    if sites:
        _geojson_layer([_point_feature(s, _popup_html(s, labels)) for s in sites], circles=False).add_to(m)
    return _render(m, labels, bool(tile_url), empty=not sites)


def build_route_map(
    stops: Sequence[RouteStop], *, labels: MapLabels, static_url, tile_url: str, tile_attribution: str
) -> MapParts:
    """Numbered stops in order, the route line, each leg's distance and the total."""
    points = [_point(s.site) for s in stops]
    m = _base_map(points, static_url=static_url, tile_url=tile_url, tile_attribution=tile_attribution)
    legs = route_legs(stops)
    features = []
    for index, stop in enumerate(stops):
        extra = [
            f"{labels.arrival}: {stop.arrival}" if stop.arrival else "",
            f"{labels.departure}: {stop.departure}" if stop.departure else "",
            f"{labels.leg} {stop.order} → {stop.order + 1}: {distance(legs[index], labels.locale)} {labels.km}"
            if index < len(legs)
            else "",
        ]
        features.append(_point_feature(stop.site, _popup_html(stop.site, labels, [line for line in extra if line])))
    if len(points) > 1:  # drawn first, so that the stops lie above it and a click on one opens its popup
        folium.PolyLine(
            points,
            color="#a4161a",
            weight=4,
            opacity=0.8,
            tooltip=map_text(f"{labels.total}: {distance(route_total_km(stops), labels.locale)} {labels.km}"),
        ).add_to(m)
    if features:
        _geojson_layer(features, circles=True).add_to(m)
    for stop in stops:
        folium.Marker(
            _point(stop.site),
            interactive=False,
            icon=folium.DivIcon(
                html=f'<span class="route-number">{int(stop.order)}</span>',
                class_name="route-stop",
                icon_size=(26, 26),
                icon_anchor=(13, 13),
            ),
        ).add_to(m)
    return _render(m, labels, bool(tile_url), empty=not stops)


def with_nonce(html: str, nonce: str) -> str:
    """Give every inline <script> and <style> of folium's output the page's CSP nonce (the
    policy allows no other inline script or style)."""
    return html.replace("<script>", f'<script nonce="{nonce}">').replace("<style>", f'<style nonce="{nonce}">')
