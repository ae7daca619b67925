"""The API as partners' systems use it: tokens, one error shape in the caller's language,
ETags and 412, pagination and filters, and the same rules and feeds as the pages."""

from __future__ import annotations

import json
import re

import icalendar
from sqlalchemy import select

from tests.conftest import csrf_token, log_in

SEED = "tests/fixtures/004_e74de14cd5f9c810.txt"


def test_a_token_made_on_the_account_page_opens_the_api_until_revoked(app, demo):
    from planner.accounts.models import Token

    client = app.test_client()
    log_in(client, "partner")
    page = client.post(
        "/account/api-tokens",
        data={"label": "Collection system", "csrf_token": csrf_token(client.get("/account").data)},
    )
    assert page.status_code == 201
    secret = page.get_data(as_text=True).split('id="new-api-token"')[1].split(">")[1].split("<")[0]
    stored = demo.session.scalar(select(Token).where(Token.label == "Collection system"))
    assert stored.token_hash != secret and secret not in json.dumps([stored.token_hash, stored.nonce])
    caller = app.test_client()
    bearer = {"Authorization": f"Bearer {secret}"}
    assert caller.get("/api/v1/agreements", headers=bearer).status_code == 200
    assert "Collection system" in client.get("/account").get_data(as_text=True)
    client.post(f"/account/api-tokens/{stored.id}/revoke", data={"csrf_token": csrf_token(client.get("/account").data)})
    refused = caller.get("/api/v1/agreements", headers=bearer)
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_page_session_does_not_open_the_api(app, as_user):
    client = as_user("admin")
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/plans").status_code == 401
    assert client.get("/api/v1/plans", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_errors_have_one_shape_in_the_callers_language(api, api_world):
    answer = api("staff", "ru").post(
        "/api/v1/events", json={"plan_id": api_world["plan"], "title": "", "timezone": "Mars/Olympus", "bogus": 1}
    )
    assert answer.status_code == 422
    error = answer.json["error"]
    assert set(error) == {"status", "code", "message", "fields"} and error["status"] == 422
    assert error["message"] == "Некоторые поля заполнены неверно."
    assert error["fields"]["bogus"] == ["Неизвестное поле."]
    missing = api("staff", "kk").get("/api/v1/plans/999999999999")
    assert missing.status_code == 404 and missing.json["error"]["code"] == "not_found"
    assert api("staff").get("/api/v1/nowhere").json["error"]["status"] == 404
    assert api("staff").put("/api/v1/plans").json["error"]["status"] == 405
    unreadable = api("staff").post("/api/v1/mou/parse", data="{not json", content_type="application/json")
    assert unreadable.status_code == 400 and unreadable.json["error"]["fields"]


def test_bad_values_are_refused_and_nothing_saved(api, api_world):
    curator = api("curator")
    plan = f"/api/v1/plans/{api_world['plan']}"
    before = curator.get(plan).json
    for body in (
        {"title": {"en": "x" * 301}},
        {"title": {"xx": "Tiếng"}},
        {"title": {"en": "bad\x00text"}},
        {"online_url": "javascript:alert(1)"},
        {"articles": [99]},
        {"status": "approved"},
        {"partner_ids": [api_world["tashkent"]]},
        {"kind": "party"},
        {"title": "not a mapping"},
        {"project_agreement_date": "9999-12-31"},
        {"lead_institution_id": "1"},
    ):
        answer = curator.patch(plan, json=body)
        assert answer.status_code == 422, body
        assert answer.json["error"]["fields"], body
    assert curator.get(plan).json == before
    sites = "/api/v1/sites"
    for body in (
        {"name": {"en": "Nowhere"}, "latitude": 91, "longitude": 0},
        {"name": {"en": "Nowhere"}, "latitude": "NaN", "longitude": 0},
        {"name": {"ru": "Без английского"}, "latitude": 1, "longitude": 1},
    ):
        assert curator.post(sites, json=body).status_code == 422
    event = {
        "plan_id": api_world["plan"],
        "title": "Weekly",
        "starts_local": "2027-01-04T10:00:00",
        "ends_local": "2027-01-04T09:00:00",
    }
    assert "ends_local" in curator.post("/api/v1/events", json=event).json["error"]["fields"]
    endless = {**event, "ends_local": "2027-01-04T11:00:00", "recurrence": {"frequency": "daily", "count": None}}
    assert "recurrence" in curator.post("/api/v1/events", json=endless).json["error"]["fields"]
    money = {"payer_institution_id": api_world["institution"], "amount": "1.001", "currency": "AZN"}
    assert curator.post(f"{plan}/cost-items", json=money).json["error"]["fields"] == {
        "amount": ["Too many decimal places for this currency."]
    }


def test_if_match_guards_against_lost_updates(api, api_world):
    curator = api("curator")
    path = f"/api/v1/plans/{api_world['plan']}"
    etag = curator.get(path).headers["ETag"]
    changed = curator.patch(path, json={"description": {"en": "First change"}}, headers={"If-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    stale = curator.patch(path, json={"description": {"en": "Lost change"}}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert curator.get(path).json["description"] == {"en": "First change"}
    part = curator.post(
        f"{path}/cost-items",
        json={"payer_institution_id": api_world["institution"], "amount": 5, "currency": "EUR"},
        headers={"If-Match": etag},
    )
    assert part.status_code == 412


def test_a_change_through_the_api_withdraws_an_approval(api, api_world):
    path = f"/api/v1/plans/{api_world['plan']}"
    approved = api("curator").post(f"{path}/approvals", json={"fingerprint": api_world["fingerprint"]})
    assert approved.status_code == 201 and approved.json["withdrawn_at"] is None
    assert api("curator").post(f"{path}/approvals", json={"fingerprint": api_world["fingerprint"]}).status_code == 409
    api("curator").patch(path, json={"project_agreement_ref": "PA-2027-01"})
    plan = api("staff").get(path).json
    assert plan["approvals"][0]["withdrawn_at"] is not None and plan["fingerprint"] != api_world["fingerprint"]
    assert api("curator").post(f"{path}/approvals", json={"fingerprint": api_world["fingerprint"]}).status_code == 412


def test_created_items_answer_201_with_their_location(api, api_world):
    curator = api("curator")
    made = curator.post(
        "/api/v1/plans",
        json={
            "agreement_id": api_world["agreement"],
            "kind": "seminar",
            "title": {"en": "Seminar on tiles", "ru": "Семинар"},
            "articles": [3, 5],
            "lead_institution_id": api_world["institution"],
        },
    )
    assert made.status_code == 201
    found = curator.get(made.headers["Location"])
    assert found.json["articles"] == [3, 5] and found.json["status"] == "draft"  # until proposed
    assert found.headers["ETag"] == made.headers["ETag"]


def test_lists_are_paginated_and_filtered(api, api_world):
    staff = api("staff")
    first = staff.get("/api/v1/plans?per_page=2").json
    assert len(first["items"]) == 2 and first["total"] > 2 and first["pages"] == -(-first["total"] // 2)
    second = staff.get("/api/v1/plans?per_page=2&page=2").json
    assert {p["id"] for p in first["items"]}.isdisjoint(p["id"] for p in second["items"])
    routes = staff.get("/api/v1/plans?kind=heritage_route").json["items"]
    assert routes and {p["kind"] for p in routes} == {"heritage_route"}
    ganja = staff.get(f"/api/v1/agreements?institution={api_world['institution']}").json["items"]
    assert ganja and all(api_world["institution"] in [p["institution_id"] for p in a["parties"]] for a in ganja)
    december = staff.get("/api/v1/events?from=2026-12-01&to=2026-12-31&per_page=100").json["items"]
    assert december and all(e["starts_at"] is None or e["starts_at"] < "2027" for e in december)
    assert staff.get("/api/v1/events?from=2030-01-01").json["items"] == []
    tashkent_events = staff.get(f"/api/v1/events?institution={api_world['tashkent']}&per_page=100").json["items"]
    ganja_plans = {
        p["id"] for p in staff.get(f"/api/v1/plans?agreement={api_world['agreement']}&per_page=100").json["items"]
    }
    assert tashkent_events and not {e["plan_id"] for e in tashkent_events} & ganja_plans
    assert staff.get("/api/v1/plans?per_page=1000").status_code == 422
    assert staff.get("/api/v1/plans?page=99999").json["items"] == []
    assert api("partner_other").get("/api/v1/plans?per_page=100").json["total"] < first["total"]


def test_an_event_made_through_the_api_reaches_the_plans_feed(app, api, api_world):
    curator = api("curator")
    made = curator.post(
        "/api/v1/events",
        json={
            "plan_id": api_world["plan"],
            "title": "Route briefing",
            "timezone": "Asia/Almaty",
            "starts_local": "2027-03-01T10:00:00",
            "ends_local": "2027-03-01T11:30:00",
            "recurrence": {"frequency": "weekly", "count": 4, "excluded_dates": ["2027-03-15"]},
        },
    ).json
    assert made["starts_at"] == "2027-03-01T05:00:00+00:00" and made["sequence"] == 0
    moved = curator.patch(f"/api/v1/events/{made['id']}", json={"starts_local": "2027-03-01T09:00:00"}).json
    assert moved["sequence"] == 1 and moved["uid"] == made["uid"]
    output = app.test_cli_runner().invoke(args=["feeds", "urls", "--user", "curator"]).output
    feed_path = next(line for line in output.split() if f"/plans/{api_world['plan']}.ics" in line)
    calendar = icalendar.Calendar.from_ical(app.test_client().get(feed_path).data)
    event = next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == made["uid"])
    assert int(event["SEQUENCE"]) == 1 and event["DTSTART"].dt.hour == 9
    assert str(event["DTSTART"].dt.tzinfo) == "Asia/Almaty" and "FREQ=WEEKLY" in event["RRULE"].to_ical().decode()


def test_the_reader_answers_what_the_command_prints(app, api):
    with open(SEED, encoding="utf-8") as document:
        text = document.read()
    answer = api("partner").post("/api/v1/mou/parse", json={"text": text})
    printed = json.loads(app.test_cli_runner().invoke(args=["mou", "parse", SEED, "--json"]).output)
    assert answer.status_code == 200 and answer.json == printed
    assert answer.json["languages"] == ["kk", "az", "en", "ru"]
    empty = api("partner", "az").post("/api/v1/mou/parse", json={"text": "   "})
    assert empty.status_code == 422 and empty.json["error"]["fields"]["text"]


def test_the_description_is_openapi_3_1_and_covers_every_operation(app, client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"] == "3.1.0" and spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    described = {
        (path, method.upper()) for path, item in spec["paths"].items() for method in item if method != "parameters"
    }
    served = {
        (re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule), method)  # <int:id> and <checkpoint> alike
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and not rule.rule.endswith("openapi.json")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert served == described
    assert spec["components"]["schemas"]["CostItem"]["properties"]["incurred_by_institution_id"]["type"] == [
        "integer",
        "null",
    ]


def test_the_reference_page_reads_the_description_without_other_hosts(client, demo):
    page = client.get("/api-reference", headers={"Accept-Language": "ru"})
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="ru"' in body
    assert "/api/v1/plans/{plan_id}/route-stops/{item_id}" in body and "PATCH" in body
    assert "<code>plan_id</code>" in body and "Параметр" in body  # path parameters are listed too
    assert "Схемы" in body and "http://" not in body.replace("http://localhost", "")
    assert "https://" not in body.split("<main", 1)[1].replace("https://.", "")


def test_a_client_revalidates_with_its_etag(api, api_world):
    staff = api("staff")
    path = f"/api/v1/agreements/{api_world['agreement']}"
    first = staff.get(path)
    assert first.headers["Cache-Control"] == "private, no-cache" and "Authorization" in first.headers["Vary"]
    again = staff.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.headers["ETag"] == first.headers["ETag"] and not again.data
    api("curator").post(f"{path}/protocols", json={"text": "Protocol No. 1: a fourth language version"})
    assert staff.get(path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 200
    for kind in ("plans", "events", "sites", "institutions"):
        item = staff.get(f"/api/v1/{kind}/{api_world[kind[:-1]] if kind != 'sites' else api_world['site']}")
        assert staff.get(item.request.path, headers={"If-None-Match": item.headers["ETag"]}).status_code == 304, kind


def test_a_notice_of_termination_stops_the_renewal(api, api_world):
    curator = api("curator")
    path = f"/api/v1/agreements/{api_world['agreement']}"
    curator.patch(
        path,
        json={
            "status": "in_force",
            "signed_on": "2026-01-15",
            "term_years": 5,
            "renewal_years": 5,
            "notice_amount": 1,
            "notice_unit": "month",
        },
    )
    assert curator.get(path).json["lifecycle"]["next_renewal"] == "2031-01-15"
    wrong = curator.post(
        f"{path}/notice", json={"given_on": "2026-11-01", "given_by_institution_id": api_world["tashkent"]}
    )
    assert wrong.status_code == 422
    given = curator.post(
        f"{path}/notice", json={"given_on": "2026-11-01", "given_by_institution_id": api_world["institution"]}
    )
    assert given.status_code == 200
    assert given.json["notice_given_on"] == "2026-11-01" and given.json["lifecycle"]["next_renewal"] is None
    assert given.json["lifecycle"]["period_end"] == "2031-01-14"


def test_only_an_administrator_sees_and_restores_a_deleted_plan(app, api, api_world, demo):
    from planner.audit.models import AuditEntry

    path = f"/api/v1/plans/{api_world['plan']}"
    assert api("curator").delete(path).status_code == 204
    assert api("curator").get(path).status_code == 404
    assert api("curator").post(f"{path}/restore").status_code == 404
    restored = api("admin").post(f"{path}/restore")
    assert restored.status_code == 200 and api("staff").get(path).status_code == 200
    actions = [
        e.action
        for e in demo.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == "plan", AuditEntry.entity_id == api_world["plan"])
            .order_by(AuditEntry.id)  # PostgreSQL returns a heap's rows in no set order
        )
    ]
    assert actions[-2:] == ["delete", "restore"]


def test_making_and_revoking_a_token_is_audited(app, demo):
    from planner.audit.models import AuditEntry

    client = app.test_client()
    log_in(client, "staff")
    client.post(
        "/account/api-tokens", data={"label": "Report robot", "csrf_token": csrf_token(client.get("/account").data)}
    )
    refused = client.post(
        "/account/api-tokens", data={"label": "", "csrf_token": csrf_token(client.get("/account").data)}
    )
    assert refused.status_code == 400
    made = demo.session.scalar(select(AuditEntry).where(AuditEntry.entity == "token"))
    assert made.action == "create" and made.after == {"kind": "api", "label": "Report robot"}


def test_an_object_is_lent_once_per_plan(api, api_world):
    """The same lender and inventory number twice would count the insurance value twice."""
    curator = api("curator")
    loans = f"/api/v1/plans/{api_world['plan']}/loan-objects"
    jug = {"lender_institution_id": api_world["institution"], "inventory_number": "GR-7", "title": "Jug"}
    assert curator.post(loans, json=jug).status_code == 201
    again = curator.post(loans, json={**jug, "inventory_number": " gr-7 ", "title": "The same jug"})
    assert again.status_code == 422 and "inventory_number" in again.json["error"]["fields"]
    other = curator.post(loans, json={**jug, "inventory_number": "GR-8"})
    assert other.status_code == 201
    moved = curator.patch(f"{loans}/{other.json['id']}", json={"inventory_number": "GR-7"})
    assert moved.status_code == 422
    listed = curator.get(f"/api/v1/plans/{api_world['plan']}").json["loan_objects"]
    assert sorted(o["inventory_number"] for o in listed) == ["GR-7", "GR-8"]
