"""The same operation behind the page and the API: an institution change is audited alike, a
site is deleted from its page as through the API, and the event rules (time shape, defaults,
the venue-clash warning) answer the same on both surfaces."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.conftest import csrf_token


def _last_audit(session, entity: str, entity_id: int):
    from planner.audit.models import AuditEntry

    session.expire_all()
    return session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.id.desc())
    ).first()


def test_an_institution_change_is_audited_alike_from_the_page_and_the_api(api, api_world, as_user, demo):
    institution_id = api_world["institution"]
    curator = api("curator")
    stored = curator.get(f"/api/v1/institutions/{institution_id}").json
    client = as_user("curator")
    page = client.get(f"/institutions/{institution_id}/edit")
    form = {
        "csrf_token": csrf_token(page.data),
        **{f"name-{language}": stored["name"].get(language, "") for language in ("en", "az", "kk", "ru")},
        "short_name": stored["short_name"],
        "country": stored["country"],
        "city": "Ganja (page)",
        "timezone": stored["timezone"],
        "document_languages": ", ".join(stored["document_languages"]),
    }
    assert client.post(f"/institutions/{institution_id}/edit", data=form).status_code == 302
    by_page = _last_audit(demo.session, "institution", institution_id)
    changed = curator.patch(f"/api/v1/institutions/{institution_id}", json={"city": stored["city"]})
    assert changed.status_code == 200
    by_api = _last_audit(demo.session, "institution", institution_id)
    assert by_api.id > by_page.id and by_page.action == by_api.action == "update"
    assert (by_page.before, by_page.after) == (by_api.after, by_api.before)  # the same snapshot, back and forth
    assert by_page.after["city"] == "Ganja (page)" and by_api.after["city"] == stored["city"]


def test_a_site_is_deleted_from_its_page_after_confirmation(api_world, as_user, demo):
    from planner.audit.models import AuditEntry
    from planner.maps.models import Site

    client = as_user("curator")
    spare, used = api_world["spare_site"], api_world["site"]
    page = client.get(f"/sites/{spare}/delete")
    assert page.status_code == 200 and b"Spare hall" in page.data
    assert client.post(f"/sites/{spare}/delete", data={}).status_code == 400  # no CSRF token: nothing deleted
    assert demo.session.get(Site, spare) is not None
    audits = demo.session.scalar(select(func.count()).select_from(AuditEntry))
    refused = client.post(f"/sites/{used}/delete", data={"csrf_token": csrf_token(page.data)}, follow_redirects=True)
    assert "still used" in refused.get_data(as_text=True)
    demo.session.expire_all()
    assert demo.session.get(Site, used) is not None
    assert demo.session.scalar(select(func.count()).select_from(AuditEntry)) == audits  # the refusal kept nothing
    deleted = client.post(f"/sites/{spare}/delete", data={"csrf_token": csrf_token(page.data)})
    assert deleted.status_code == 302
    demo.session.expire_all()
    assert demo.session.get(Site, spare) is None
    entry = _last_audit(demo.session, "site", spare)
    assert entry.action == "delete" and entry.before["name"] == {"en": "Spare hall"}


def _event_form(page: bytes, site_id: int, **times) -> dict:
    return {
        "csrf_token": csrf_token(page),
        "title-en": "Booked hall",
        "kind": "meeting",
        "status": "confirmed",
        "site_id": site_id,
        "interval": 1,
        "frequency": "",
        "timezone": "Asia/Baku",
        **times,
    }


def test_the_api_warns_of_a_venue_booked_twice_as_the_page_does(api, api_world, as_user, demo):
    from planner.plans.models import Plan

    curator = api("curator")
    booking = {
        "plan_id": api_world["plan"],
        "title": "Booked hall",
        "site_id": api_world["spare_site"],
        "starts_local": "2031-05-05T10:00:00",
        "ends_local": "2031-05-05T11:00:00",
    }
    first = curator.post("/api/v1/events", json=booking)
    assert first.status_code == 201 and first.json["warnings"] == []
    assert first.json["kind"] == "other" and first.json["status"] == "confirmed"  # the defaults of a new event
    lead_zone = demo.session.get(Plan, api_world["plan"]).lead_institution.timezone
    assert first.json["timezone"] == lead_zone != "UTC"
    second = curator.post("/api/v1/events", json={**booking, "starts_local": "2031-05-05T10:30:00"})
    assert second.status_code == 201
    assert second.json["warnings"] == ["Warning: the venue is also booked for “Booked hall” at the same time."]
    client = as_user("curator")
    page = client.get(f"/plans/{api_world['plan']}/events/new")
    times = {"starts_local": "2031-05-05T10:45", "ends_local": "2031-05-05T12:00", "timezone": lead_zone}
    saved = client.post(
        f"/plans/{api_world['plan']}/events/new",
        data=_event_form(page.data, api_world["spare_site"], **times),
        follow_redirects=True,
    )
    assert "Warning: the venue is also booked for “Booked hall” at the same time." in saved.get_data(as_text=True)


def test_the_api_refuses_event_times_as_the_page_does(api, api_world, as_user, demo):
    from planner.plans.events import Event

    curator, client = api("curator"), as_user("curator")
    plan = api_world["plan"]
    page = client.get(f"/plans/{plan}/events/new")
    events = demo.session.scalar(select(func.count()).select_from(Event))
    cases = [  # (page fields, API fields, the field the API names, the message both give)
        (
            {"starts_local": "2031-01-01T10:00", "ends_local": "2031-01-01T09:00"},
            {"starts_local": "2031-01-01T10:00:00", "ends_local": "2031-01-01T09:00:00"},
            "ends_local",
            "The end must be after the start.",
        ),
        (
            {"all_day": "y", "start_date": "2031-01-05", "end_date": "2031-01-02"},
            {"all_day": True, "start_date": "2031-01-05", "last_date": "2031-01-02"},
            "last_date",
            "The last day is before the first day.",
        ),
        (
            {"starts_local": "2031-01-01T10:00"},
            {"starts_local": "2031-01-01T10:00:00"},
            "starts_local",
            "Give the start and the end.",
        ),
        ({"all_day": "y"}, {"all_day": True}, "start_date", "Give the first and the last day."),
    ]
    for page_fields, api_fields, field, message in cases:
        on_page = client.post(f"/plans/{plan}/events/new", data=_event_form(page.data, 0, **page_fields))
        assert on_page.status_code == 400 and message in on_page.get_data(as_text=True), (page_fields, message)
        answer = curator.post("/api/v1/events", json={"plan_id": plan, "title": "Bad times", **api_fields})
        assert answer.status_code == 422 and answer.json["error"]["fields"][field] == [message], answer.json
    demo.session.expire_all()
    assert demo.session.scalar(select(func.count()).select_from(Event)) == events


def test_a_refused_event_change_in_the_api_keeps_the_stored_times(api, api_world, demo):
    from planner.plans.events import Event

    event = demo.session.get(Event, api_world["event"])
    before = (event.starts_at, event.ends_at, event.start_date, event.end_date, event.version_id)
    shown = api("curator").get(f"/api/v1/events/{event.id}").json
    bad = {"ends_local": shown["starts_local"]} if shown["starts_local"] else {"last_date": "1999-01-01"}
    answer = api("curator").patch(f"/api/v1/events/{event.id}", json=bad)
    assert answer.status_code == 422 and re.search(
        r"end must be after|last day is before", answer.get_data(as_text=True)
    )
    demo.session.expire_all()
    event = demo.session.get(Event, api_world["event"])
    assert (event.starts_at, event.ends_at, event.start_date, event.end_date, event.version_id) == before
