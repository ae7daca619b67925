"""Institutions' document languages: set by the demo, edited on the form and through the API,
bad codes refused in the user's language with nothing saved."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import csrf_token


def institution(db, short_name: str):
    from planner.agreements.models import Institution

    return db.session.scalar(select(Institution).where(Institution.short_name == short_name))


def test_the_demo_gives_each_museum_its_languages(demo):
    assert institution(demo, "Ganja Reserve").document_languages == ["az"]
    assert institution(demo, "Aziret Sultan").document_languages == ["kk", "ru"]
    assert institution(demo, "Carpet Museum").document_languages == ["az"]
    assert institution(demo, "National Art Museum").document_languages == ["az"]
    assert institution(demo, "Uzbek Art Museum").document_languages == ["uz", "ru"]
    assert institution(demo, "Ege University").document_languages == ["tr", "en"]
    assert institution(demo, "Izmir Culture").document_languages == ["tr", "en"]


def form_data(page, found, languages: str) -> dict:
    return {
        "csrf_token": csrf_token(page),
        "name-en": found.name["en"],
        "short_name": found.short_name,
        "country": found.country,
        "city": found.city,
        "timezone": found.timezone,
        "document_languages": languages,
    }


def test_a_curator_sets_the_languages_on_the_form(as_user, demo):
    ganja = institution(demo, "Ganja Reserve")
    client = as_user("curator")
    page = client.get(f"/institutions/{ganja.id}/edit")
    assert 'value="az"' in page.get_data(as_text=True)
    response = client.post(f"/institutions/{ganja.id}/edit", data=form_data(page.data, ganja, "AZ, ru; en"))
    assert response.status_code == 302
    demo.session.refresh(ganja)
    assert ganja.document_languages == ["az", "ru", "en"]


@pytest.mark.parametrize("languages", ["az, klingon", "xx", "az ru en kk tr uz ka"])
def test_unknown_codes_are_refused_on_the_form_and_nothing_is_saved(as_user, demo, languages):
    ganja = institution(demo, "Ganja Reserve")
    client = as_user("curator")
    page = client.get(f"/institutions/{ganja.id}/edit", headers={"Accept-Language": "ru"})
    data = form_data(page.data, ganja, languages) | {"city": "Changed"}
    response = client.post(f"/institutions/{ganja.id}/edit", data=data, headers={"Accept-Language": "ru"})
    assert response.status_code == 400 and "Укажите языки по порядку" in response.get_data(as_text=True)
    demo.session.refresh(ganja)
    assert ganja.document_languages == ["az"] and ganja.city == "Ganja"


def test_the_api_reads_and_changes_the_languages(api, api_world):
    path = f"/api/v1/institutions/{api_world['institution']}"
    assert api("curator").get(path).json["document_languages"] == ["az"]
    changed = api("curator").patch(path, json={"document_languages": ["az", "ru"]})
    assert changed.status_code == 200 and changed.json["document_languages"] == ["az", "ru"]
    for bad in (["xx"], ["AZ"], ["az", "az"], "az", ["a" * 3], ["az"] * 7):
        refused = api("curator", "kk").patch(path, json={"document_languages": bad, "city": "Changed"})
        assert refused.status_code == 422 and "document_languages" in refused.json["error"]["fields"], bad
    after = api("curator").get(path).json
    assert after["document_languages"] == ["az", "ru"] and after["city"] == "Ganja"
