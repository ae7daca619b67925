"""The API's per-language texts of plan parts and sites, next to the single field older clients use."""

from __future__ import annotations


def test_api_round_trip_of_per_language_values_and_the_old_single_field(api, api_world):
    curator = api("curator")
    plan = api_world["plan"]
    loans, people = f"/api/v1/plans/{plan}/loan-objects", f"/api/v1/plans/{plan}/participants"
    made = curator.post(
        loans,
        json={
            "lender_institution_id": api_world["institution"],
            "inventory_number": "GR-9",
            "titles": {"ru": "Кувшин", "kk": "Құмыра"},
            "conditions_departure": {"ru": "Скол"},
        },
    )
    assert made.status_code == 201, made.json
    assert made.json["titles"] == {"ru": "Кувшин", "kk": "Құмыра"} and made.json["title"] == "Құмыра"
    assert made.json["conditions_departure"] == {"ru": "Скол"} and made.json["condition_departure"] == "Скол"
    old_client = curator.patch(f"{loans}/{made.json['id']}", json={"title": "Jug"})
    assert old_client.json["titles"] == {"ru": "Кувшин", "kk": "Құмыра", "en": "Jug"}
    assert old_client.json["title"] == "Jug"
    emptied = curator.patch(f"{loans}/{made.json['id']}", json={"titles": {}})
    assert emptied.status_code == 422 and "titles" in emptied.json["error"]["fields"]
    person = curator.post(
        people,
        json={"name": "Aygun Aliyeva", "home_institution_id": api_world["institution"], "role": "Guide"},
    )
    assert person.status_code == 201 and person.json["roles"] == {"en": "Guide"}
    site = curator.patch(
        f"/api/v1/sites/{api_world['spare_site']}",
        json={"precision_notes": {"ru": "Центр города", "az": "Şəhər mərkəzi"}},
        headers={"If-Match": curator.get(f"/api/v1/sites/{api_world['spare_site']}").headers["ETag"]},
    )
    assert site.status_code == 200 and site.json["precision_note"] == "Şəhər mərkəzi"  # no English: by language code
    assert site.json["precision_notes"] == {"ru": "Центр города", "az": "Şəhər mərkəzi"}


def test_the_openapi_description_names_both_fields(app):
    spec = app.test_client().get("/api/v1/openapi.json").json
    loan = spec["components"]["schemas"]["LoanObject"]["properties"]
    assert "titles" in loan and "`titles` decides" in loan["title"]["description"]
    assert "roles" in spec["components"]["schemas"]["Participant"]["properties"]
    assert "precision_notes" in spec["components"]["schemas"]["Site"]["properties"]


def test_a_changed_role_is_found_by_search_at_once(api, api_world, app):
    """A role is not approved content (the plan itself does not change): its own row reindexes the plan."""
    curator = api("curator")
    plan = api_world["plan"]
    person = curator.post(
        f"/api/v1/plans/{plan}/participants",
        json={"name": "Aygun Aliyeva", "home_institution_id": api_world["institution"]},
    ).json
    changed = curator.patch(f"/api/v1/plans/{plan}/participants/{person['id']}", json={"roles": {"ru": "Экскурсовод"}})
    assert changed.status_code == 200 and changed.json["role"] == "Экскурсовод"
    from planner.extensions import db
    from planner.search.models import SearchEntry

    with app.app_context():
        entry = db.session.query(SearchEntry).filter_by(kind="plan", record_id=plan).one()
        assert "Экскурсовод" in entry.text


def test_events_take_their_title_and_description_in_every_language(api, api_world, app):
    """As pages do: `titles`/`descriptions` decide; an older client's `title` is the English one."""
    curator = api("curator")
    event = {
        "plan_id": api_world["plan"],
        "titles": {"ru": "Открытие выставки", "kk": "Көрменің ашылуы"},
        "descriptions": {"ru": "Для прессы"},
        "timezone": "Asia/Baku",
        "starts_local": "2027-01-04T10:00:00",
        "ends_local": "2027-01-04T11:00:00",
    }
    made = curator.post("/api/v1/events", json=event)
    assert made.status_code == 201, made.json
    assert made.json["titles"] == event["titles"] and made.json["descriptions"] == {"ru": "Для прессы"}
    path = f"/api/v1/events/{made.json['id']}"
    renamed = curator.patch(path, json={"title": "Opening"}, headers={"If-Match": made.headers["ETag"]})
    assert renamed.status_code == 200, renamed.json
    assert renamed.json["titles"] == {**event["titles"], "en": "Opening"} and renamed.json["title"] == "Opening"
    replaced = curator.patch(path, json={"titles": {"az": "Açılış"}}, headers={"If-Match": renamed.headers["ETag"]})
    assert replaced.json["titles"] == {"az": "Açılış"} and replaced.json["descriptions"] == {"ru": "Для прессы"}
    untitled = curator.post("/api/v1/events", json={**event, "titles": {"ru": "  "}})
    assert untitled.status_code == 422 and "titles" in untitled.json["error"]["fields"]
    spec = app.test_client().get("/api/v1/openapi.json").json["components"]["schemas"]["Event"]["properties"]
    assert "titles" in spec and "descriptions" in spec
