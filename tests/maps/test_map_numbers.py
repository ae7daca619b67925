"""Numbers on maps as the reader writes them (Babel): distances with the locale's grouping in the
route's popups, line tooltip and table, coordinates with its decimal sign on the site page and
in the site form, which also reads them back with either sign."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from planner.formatting import coordinate, distance
from planner.maps.mapping import MapLabels, MapSite, RouteStop, build_route_map, route_legs, route_total_km
from tests.conftest import csrf_token, log_in

EXPECTED = {  # 1,934.6 km and 40.6828 degrees
    "en": ("1,935", "40.6828"),
    "az": ("1.935", "40,6828"),
    "kk": ("1\xa0935", "40,6828"),
    "ru": ("1\xa0935", "40,6828"),
}
GANJA = MapSite(1, "Ganja", "reserve", 40.6828, 46.3606)
TURKESTAN = MapSite(2, "Turkestan", "museum", 43.2978, 68.2708)
KHIVA = MapSite(3, "Khiva", "museum", 41.3783, 60.3639)


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_distances_and_coordinates_follow_the_locale(language):
    assert (distance(1934.6, language), coordinate(40.6828, language)) == EXPECTED[language]
    assert coordinate(-46.36, language).endswith(EXPECTED[language][1][2] + "36")  # the decimal sign


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_route_popups_and_tooltip_format_their_distances(language):
    stops = [RouteStop(1, GANJA), RouteStop(2, TURKESTAN), RouteStop(3, KHIVA)]
    parts = build_route_map(
        stops,
        labels=MapLabels(locale=language, km="km"),
        static_url=lambda path: "/static/" + path,
        tile_url="",
        tile_attribution="",
    )
    legs = route_legs(stops)  # Ganja to Turkestan: 1,829 km
    for number, km in enumerate(legs, start=1):  # the popups are JSON in the script
        assert json.dumps(f"Leg {number} \u2192 {number + 1}: {distance(km, language)} km")[1:-1] in parts.script
    assert f"Total: {distance(route_total_km(stops), language)} km" in parts.script  # the line's tooltip
    assert ("1,829 km" in parts.script) == (language == "en")


def set_language(session, username: str, language: str) -> None:
    from planner.accounts.models import User

    session.scalar(select(User).where(User.username == username)).language = language
    session.commit()


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_pages_show_map_numbers_in_the_readers_locale(client, demo, language):
    from planner.maps.models import Site
    from planner.plans.models import Plan

    set_language(demo.session, "curator", language)
    log_in(client, "curator")
    site = demo.session.scalar(select(Site).where(Site.city == "Ganja"))
    page = client.get(f"/sites/{site.id}").get_data(as_text=True)
    assert coordinate(site.latitude, language) in page and coordinate(site.longitude, language) in page
    assert EXPECTED[language][1] in page
    form = client.get(f"/sites/{site.id}/edit").get_data(as_text=True)
    assert f'value="{EXPECTED[language][1]}"' in form
    plan = next(p for p in demo.session.scalars(select(Plan)) if p.kind == "heritage_route")
    route = client.get(f"/plans/{plan.id}/map").get_data(as_text=True)
    with client.application.test_request_context():
        from planner.maps.views import _plan_stops

        stops = _plan_stops(plan)
    legs, total = route_legs(stops), route_total_km(stops)
    for km in (*legs, total):
        assert distance(km, language) in route  # the route table, popups and the line's tooltip
    assert total > 1000  # so that the grouping shows


def test_the_site_form_reads_a_comma_as_the_decimal_sign(client, demo):
    from planner.maps.models import Site

    set_language(demo.session, "curator", "ru")
    log_in(client, "curator")
    site = demo.session.scalar(select(Site).where(Site.city == "Ganja"))
    page = client.get(f"/sites/{site.id}/edit")
    answer = client.post(
        f"/sites/{site.id}/edit",
        data={
            "csrf_token": csrf_token(page.data),
            "name-en": "Ganja reserve",
            "kind": "reserve",
            "latitude": "40,6901",
            "longitude": "46.3702",
            "precision": "wiki",
        },
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)[:3000]
    demo.session.expire_all()
    stored = demo.session.get(Site, site.id)
    assert (stored.latitude, stored.longitude) == (40.6901, 46.3702)
    wrong = client.post(
        f"/sites/{site.id}/edit",
        data={
            "csrf_token": csrf_token(page.data),
            "name-en": "Ganja reserve",
            "kind": "reserve",
            "latitude": "40,69,01",
            "longitude": "46.3702",
            "precision": "wiki",
        },
    )
    assert wrong.status_code == 400 and 'value="40,69,01"' in wrong.get_data(as_text=True)
