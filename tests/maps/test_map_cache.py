"""The map of all partner sites: built once per data version, language and reader's rights, its
list of sites a page at a time; every change of a site gives a new map."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.conftest import log_in, statements_of


def test_the_map_of_all_sites_is_built_once_and_rebuilt_on_every_change(app, demo, as_user):
    from planner.maps.models import Site

    client = as_user("curator")
    for path in ("/map", "/map.geojson"):
        assert any("FROM site" in s for s in statements_of(app, client, path))
        assert not any("FROM site" in s for s in statements_of(app, client, path))
    site = demo.session.scalars(select(Site).order_by(Site.id)).first()
    site.name = {"en": "Renamed reserve"}
    demo.session.commit()
    assert "Renamed reserve" in client.get("/map").get_data(as_text=True)
    assert "Renamed reserve" in {f["properties"]["name"] for f in client.get("/map.geojson").get_json()["features"]}
    demo.session.add(
        Site(
            name={"en": "A new venue"}, kind="venue", latitude=40.1, longitude=49.9, institution_id=site.institution_id
        )
    )
    demo.session.commit()
    assert "A new venue" in client.get("/map").get_data(as_text=True)


def test_a_partner_never_gets_the_map_built_for_a_curator(app, client, demo, as_user):
    curator = as_user("curator")
    assert "State Museum of Arts of Uzbekistan" in curator.get("/map").get_data(as_text=True)
    log_in(client, "partner")
    assert "State Museum of Arts of Uzbekistan" not in client.get("/map").get_data(as_text=True)
    names = {f["properties"]["name"] for f in client.get("/map.geojson").get_json()["features"]}
    assert not any("Uzbekistan" in name for name in names)


def test_the_list_under_the_map_comes_a_hundred_sites_at_a_time(app, demo, as_user):
    from planner.demo.synth import synthesize

    synthesize(agreements=2, plans=2, events=2, sites=150, seed=3)
    client = as_user("curator")
    first, second = (client.get(path).get_data(as_text=True) for path in ("/map", "/map?page=2"))
    listed = [re.findall(r'<li><a href="/sites/(\d+)">', page) for page in (first, second)]
    assert len(listed[0]) == 100 and 50 < len(listed[1]) < 100 and not set(listed[0]) & set(listed[1])
    assert "Next page" in first and "Previous page" in second
