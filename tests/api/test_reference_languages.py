"""The API reference page in the reader's language (#33 item 7): every summary, description and
schema note of the OpenAPI description is translated into az, kk and ru; the JSON description
itself stays English for programs."""

from __future__ import annotations

import pytest


def description_texts(app) -> list[str]:
    with app.app_context():
        from planner.api import api

        spec = api.spec.to_dict()
    texts = [tag.get("description") for tag in spec.get("tags", [])]
    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict):
                texts += [operation.get("summary"), operation.get("description")]
    for schema in spec["components"]["schemas"].values():
        texts += [field.get("description") for field in (schema.get("properties") or {}).values()]
    return sorted({" ".join(text.split()) for text in texts if text})


@pytest.mark.parametrize("language", ["az", "kk", "ru"])
def test_every_text_of_the_description_is_translated(app, language):
    from flask_babel import force_locale

    from planner.api.reference_texts import prose

    texts = description_texts(app)
    assert len(texts) > 90
    with app.test_request_context(), force_locale(language):
        untranslated = [text for text in texts if prose(text) == text]
    assert untranslated == []


def test_the_reference_page_speaks_the_readers_language(client):
    english = "The plans you may see, by id; `from`/`to`: plans with an event in those days."
    assert english in client.get("/api-reference").get_data(as_text=True)
    body = client.get("/api-reference", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "Планы, которые вам видны" in body and english not in body
    assert "одно из:" in body and "one of:" not in body
    spec = client.get("/api/v1/openapi.json", headers={"Accept-Language": "ru"}).get_json()
    assert spec["paths"]["/api/v1/plans"]["get"]["summary"].startswith("The plans you may see")
