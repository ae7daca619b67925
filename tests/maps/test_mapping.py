"""Map building from plain data: safe text, GeoJSON, distances, GPX, self-hosted assets."""

from __future__ import annotations

import html
import math
import re
import xml.etree.ElementTree as ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.maps.mapping import (
    MapLabels,
    MapSite,
    RouteStop,
    build_route_map,
    build_site_map,
    great_circle_km,
    route_gpx,
    route_total_km,
    sites_geojson,
    validate_coordinates,
)
from planner.maps.safe_text import map_text, safe_link

HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "${alert(1)}", "a`b\\c"]
GANJA = MapSite(1, "Ganja reserve", "reserve", 40.6828, 46.3606, url="/sites/1", precision="approx_city_centre")
BAKU = MapSite(2, "Carpet Museum", "museum", 40.3598, 49.8356, url="/sites/2")
TURKESTAN = MapSite(3, "Aziret Sultan", "reserve", 43.2978, 68.2708, url="/sites/3")
OPTIONS = dict(labels=MapLabels(), static_url=lambda path: "/static/" + path, tile_url="", tile_attribution="")


@given(st.text())
def test_map_text_is_inert_and_reversible(value):
    safe = map_text(value)
    assert not set(safe) & set("<>\"'`$\\")
    assert html.unescape(safe) == value


def test_safe_link_refuses_other_schemes():
    assert safe_link("javascript:alert(1)", "x") == "x"
    assert safe_link("//evil.example/x", "x") == "x"
    assert safe_link("/sites/1", "Open") == '<a href="/sites/1">Open</a>'


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_never_reach_the_map_raw(name):
    site = MapSite(
        9, name, "museum", 41.0, 45.0, url="/sites/9", description=name, plan_title=name, plan_url="/plans/1"
    )
    for parts in (
        build_site_map([site], **OPTIONS),
        build_route_map([RouteStop(1, site), RouteStop(2, BAKU)], **OPTIONS),
    ):
        page = parts.header + parts.html + parts.script
        assert name not in page
        assert "<img" not in page and "${alert" not in page
        assert "<script>alert" not in page


def test_no_asset_from_another_host_and_no_inline_handlers():
    parts = build_route_map(
        [RouteStop(1, GANJA), RouteStop(2, BAKU), RouteStop(3, TURKESTAN)],
        **{**OPTIONS, "tile_url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "tile_attribution": "OSM"},
    )
    page = parts.header + parts.html
    assert set(re.findall(r'(?:src|href)="([^"]+)"', page)) == {
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet/leaflet.css",
    }
    assert not re.search(r"\son[a-z]+=", page + parts.script)
    assert "tileerror" in parts.script  # the offline notice


def test_geojson_shape_and_coordinate_order():
    collection = sites_geojson([], [RouteStop(1, GANJA), RouteStop(2, BAKU), RouteStop(3, TURKESTAN)])
    assert collection["type"] == "FeatureCollection"
    points = [f for f in collection["features"] if f["geometry"]["type"] == "Point"]
    assert points[0]["geometry"]["coordinates"] == [46.3606, 40.6828]
    assert [p["properties"]["order"] for p in points] == [1, 2, 3]
    line = collection["features"][-1]
    assert line["geometry"]["type"] == "LineString" and len(line["geometry"]["coordinates"]) == 3


def test_ganja_to_turkestan_distance():
    expected = 1828.6  # haversine on the mean Earth radius, checked by hand
    assert math.isclose(great_circle_km((40.6828, 46.3606), (43.2978, 68.2708)), expected, rel_tol=0.01)
    assert route_total_km([RouteStop(1, GANJA), RouteStop(2, BAKU), RouteStop(3, TURKESTAN)]) > expected


@pytest.mark.parametrize(
    "latitude, longitude, errors, warnings",
    [
        (40.7, 46.4, [], []),
        (91, 0, ["latitude_out_of_range"], []),
        (0, -181, ["longitude_out_of_range"], []),
        ("x", 1, ["not_a_number"], []),
        (float("nan"), 1, ["not_a_number"], []),
        (0, 0, [], ["null_island"]),
    ],
)
def test_coordinate_validation(latitude, longitude, errors, warnings):
    assert validate_coordinates(latitude, longitude) == (errors, warnings)


def test_gpx_is_well_formed_and_ordered():
    document = ElementTree.fromstring(route_gpx("Trip <1>", [RouteStop(1, GANJA), RouteStop(2, TURKESTAN)]))
    namespace = {"g": "http://www.topografix.com/GPX/1/1"}
    points = document.findall("g:rte/g:rtept", namespace)
    assert [p.get("lat") for p in points] == ["40.6828", "43.2978"]
    assert document.find("g:rte/g:name", namespace).text == "Trip <1>"


def test_empty_map():
    assert build_site_map([], **OPTIONS).empty is True


def test_html_grows_linearly_and_stays_small():
    sizes = {}
    for count in (100, 1000):
        sites = [
            MapSite(n, f"Site {n}", "museum", 40 + n % 10 / 10, 45 + n % 7 / 10, url=f"/sites/{n}")
            for n in range(count)
        ]
        parts = build_site_map(sites, **OPTIONS)
        sizes[count] = len(parts.header + parts.html + parts.script)
    per_site = (sizes[1000] - sizes[100]) / 900
    assert per_site < 1024


def test_the_scale_is_metric_and_the_zoom_buttons_speak_the_readers_language():
    labels = MapLabels(zoom_in="Увеличить", zoom_out="</script><b>")
    parts = build_site_map([], **{**OPTIONS, "labels": labels})
    assert "L.control.scale({imperial: false})" in parts.script and "control.scale()" not in parts.script
    assert '"Увеличить"' in parts.script and "</script>" not in parts.script.split("imperial")[1]


def test_the_map_does_not_forbid_zooming_the_page():
    """folium's header carries `user-scalable=no`; the page keeps its own viewport tag instead,
    so a reader with low vision can still pinch-zoom a map page (axe's meta-viewport rule)."""
    for parts in (
        build_site_map([GANJA], **OPTIONS),
        build_route_map([RouteStop(1, GANJA), RouteStop(2, BAKU)], **OPTIONS),
    ):
        assert "viewport" not in parts.header and "user-scalable" not in parts.header + parts.html
