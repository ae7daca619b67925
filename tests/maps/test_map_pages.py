"""Map pages through HTTP: self-hosted assets only, hostile names inert, GeoJSON, site forms."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from sqlalchemy import select

from tests.conftest import csrf_token

HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "${alert(1)}", "back`tick\\slash"]


class AssetCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):
            self.assets.append(attributes["src"])
        if tag == "link" and attributes.get("href"):
            self.assets.append(attributes["href"])
        self.handlers += [name for name in attributes if name.startswith("on")]


def assets_of(page: str) -> AssetCollector:
    collector = AssetCollector()
    collector.feed(page)
    return collector


def test_map_pages_load_nothing_from_other_hosts(as_user, demo):
    from planner.plans.models import Plan

    client = as_user("curator")
    route_plan = next(p for p in demo.session.scalars(select(Plan)) if p.kind == "heritage_route")
    for path in ("/map", f"/plans/{route_plan.id}/map", f"/agreements/{route_plan.agreement_id}/map"):
        page = client.get(path).get_data(as_text=True)
        found = assets_of(page)
        assert found.assets, path
        assert all(asset.startswith("/static/") for asset in found.assets), (path, found.assets)
        assert found.handlers == [], path


def test_route_map_lists_numbered_stops_and_distances(as_user, demo):
    from planner.plans.models import Plan

    plan = next(p for p in demo.session.scalars(select(Plan)) if p.kind == "heritage_route")
    client = as_user("partner")
    page = client.get(f"/plans/{plan.id}/map").get_data(as_text=True)
    assert "Total distance" in page and "Leg 1" in page and "Leg 2" in page
    geojson = client.get(f"/plans/{plan.id}/map.geojson").get_json()
    points = [f for f in geojson["features"] if f["geometry"]["type"] == "Point"]
    assert [f["properties"]["order"] for f in points] == [1, 2, 3]
    assert points[0]["geometry"]["coordinates"] == [46.3606, 40.6828]  # longitude first


def test_hostile_site_names_are_inert_in_pages_and_maps(as_user, demo):
    client = as_user("admin")
    for name in HOSTILE:
        page = client.get("/sites/new")
        response = client.post(
            "/sites/new",
            data={
                "csrf_token": csrf_token(page.data),
                "name-en": name,
                "kind": "museum",
                "latitude": "41.0",
                "longitude": "45.0",
                "precision": "surveyed",
            },
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    page = client.get("/map").get_data(as_text=True)
    scripts = "".join(re.findall(r"<script[^>]*>(.*?)</script>", page, re.S))
    assert "alert(1)" in scripts  # the names are in the map's data, made inert:
    for payload in HOSTILE:
        assert payload not in scripts, payload
    assert "<script>alert(1)</script>" not in page and "<img src=x onerror" not in page
    geojson = client.get("/map.geojson")
    assert geojson.mimetype == "application/geo+json"
    assert set(HOSTILE) <= {f["properties"]["name"] for f in geojson.get_json()["features"]}
    from planner.maps.models import Site

    site_pages = [
        client.get(f"/sites/{site_id}").get_data(as_text=True) for site_id in demo.session.scalars(select(Site.id))
    ]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in p for p in site_pages)


def test_site_coordinates_are_validated(as_user, demo):
    from planner.maps.models import Site

    client = as_user("curator")
    before = demo.session.scalar(select(Site).where(Site.city == "Ganja"))
    page = client.get(f"/sites/{before.id}/edit")
    for latitude, longitude, message in (
        ("91", "10", "between -90 and 90"),
        ("10", "-181", "between -180 and 180"),
        ("abc", "10", "Not a valid float"),
        ("nan", "10", "Give a number"),
    ):
        response = client.post(
            f"/sites/{before.id}/edit",
            data={
                "csrf_token": csrf_token(page.data),
                "name-en": "Renamed",
                "kind": "reserve",
                "latitude": latitude,
                "longitude": longitude,
                "precision": "wiki",
            },
        )
        assert response.status_code == 400 and message in response.get_data(as_text=True), (latitude, longitude)
    demo.session.expire_all()
    after = demo.session.get(Site, before.id)
    assert after.latitude == 40.6828 and after.name["en"] != "Renamed"
    zero = client.post(
        f"/sites/{before.id}/edit",
        data={
            "csrf_token": csrf_token(page.data),
            "name-en": "Null island",
            "kind": "reserve",
            "latitude": "0",
            "longitude": "0",
            "precision": "wiki",
        },
        follow_redirects=True,
    )
    assert "check that they are right" in zero.get_data(as_text=True)


def test_partner_cannot_open_another_partnerships_map(as_user, demo):
    from planner.agreements.models import Agreement

    uzbek = next(a for a in demo.session.scalars(select(Agreement)) if "Uzbekistan" in a.title["en"])
    client = as_user("partner")
    assert client.get(f"/agreements/{uzbek.id}/map").status_code == 404
    overview = client.get("/map.geojson").get_json()
    names = {f["properties"]["name"] for f in overview["features"]}
    assert not any("Uzbekistan" in name for name in names)


def test_empty_map_says_so(app, database):
    from planner.agreements.models import Agreement

    database.session.add(Agreement(title={"en": "Empty"}, status="draft", term_years=5))
    database.session.commit()
    from planner.accounts.models import User

    user = User(username="lonely", role="admin")
    user.set_password("pw-pw-pw-pw")
    database.session.add(user)
    database.session.commit()
    from tests.conftest import log_in

    client = app.test_client()
    log_in(client, "lonely", "pw-pw-pw-pw")
    page = client.get("/map").get_data(as_text=True)
    assert "No sites to show on this map yet." in page and "Add a site" in page


def test_csp_allows_no_inline_style_but_the_maps_nonced_ones(as_user, demo):
    """style-src without 'unsafe-inline': folium's <style> blocks carry the page's nonce, and no
    page has a style attribute."""
    import re

    client = as_user("curator")
    for path in ("/", "/map", "/agreements", "/calendar", "/account"):
        response = client.get(path)
        policy = response.headers["Content-Security-Policy"]
        style_src = next(part for part in policy.split("; ") if part.startswith("style-src"))
        assert "unsafe-inline" not in style_src, path
        nonce = re.search(r"'nonce-([^']+)'", style_src).group(1)
        html = response.get_data(as_text=True)
        assert re.findall(r"<style(?![^>]*nonce=\"" + re.escape(nonce) + r"\")", html) == [], path
        assert " style=" not in html, path
    assert '<style nonce="' in client.get("/map").get_data(as_text=True)
