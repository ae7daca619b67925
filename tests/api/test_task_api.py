"""Tasks and task templates in the JSON API (issue #29): the fields other tools rely on, the
changes, the refusals in the API's error shape, and the OpenAPI description."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

SILK_ROAD = "Ganja: a city on the Silk Road"


def silk_road_id(session) -> int:
    from planner.plans.models import Plan

    return session.scalar(select(Plan.id).where(Plan.title["en"].as_string() == SILK_ROAD))


def test_a_plans_tasks_with_the_fields_tools_rely_on(api, api_world, demo):
    plan_id = silk_road_id(demo.session)
    answer = api("staff").get(f"/api/v1/plans/{plan_id}/tasks")
    assert answer.status_code == 200
    tasks = answer.json
    assert len(tasks) == 17 and [t["due_on"] for t in tasks] == sorted(t["due_on"] for t in tasks)
    request = next(t for t in tasks if t["title"]["en"] == "Send the loan request")
    assert request["due_on"] == "2025-12-04" and request["anchor"] == "opening"
    assert request["offset"] == {"amount": 12, "unit": "months", "direction": "before"}
    assert request["pinned"] is False and request["responsible"] == "borrower"
    assert request["done_at"] and request["state"] == "done"
    assert request["proof"] == {"kind": "loan_step", "value": "requested"}
    assert api("partner_other").get(f"/api/v1/plans/{plan_id}/tasks").status_code == 404


def test_patch_pins_a_date_marks_done_and_refuses_bad_values(api, api_world, demo):
    plan_id = silk_road_id(demo.session)
    tasks = api("curator").get(f"/api/v1/plans/{plan_id}/tasks").json
    review = next(t for t in tasks if t["title"]["en"].startswith("Share the press coverage"))
    path = f"/api/v1/tasks/{review['id']}"
    moved = api("curator").patch(path, json={"due_on": "2026-12-14"})
    assert moved.status_code == 200 and moved.json["due_on"] == "2026-12-14" and moved.json["pinned"] is True
    etag = moved.headers["ETag"]
    done = api("curator").patch(path, json={"state": "done"}, headers={"If-Match": etag})
    assert done.status_code == 200 and done.json["state"] == "done" and done.json["done_at"]
    assert api("curator").patch(path, json={"pinned": False}, headers={"If-Match": etag}).status_code == 412
    bad = api("curator").patch(
        path, json={"anchor": "moon", "offset": {"amount": -1, "unit": "years", "direction": "up"}}
    )
    assert bad.status_code == 422 and {"anchor", "offset"} <= set(bad.json["error"]["fields"])
    release = next(t for t in tasks if t["title"]["en"] == "Publish the press release")
    needs_file = api("curator").patch(f"/api/v1/tasks/{release['id']}", json={"state": "done"})
    assert needs_file.status_code == 422 and needs_file.json["error"]["fields"]
    assert api("staff").patch(path, json={"pinned": False}).status_code == 403


def test_templates_are_read_by_everyone_and_written_by_administrators_in_four_languages(api, api_world, demo):
    listed = api("partner").get("/api/v1/task-templates?plan_kind=exhibition&per_page=100")
    assert listed.status_code == 200 and listed.json["total"] == 17
    assert all(set(row["title"]) == {"en", "az", "kk", "ru"} for row in listed.json["items"])
    body = {
        "plan_kind": "film",
        "title": {
            "en": "Book the crew",
            "az": "Çəkiliş qrupunu sifariş edin",
            "kk": "Түсірілім тобын брондау",
            "ru": "Забронировать съёмочную группу",
        },
        "anchor": "first_event",
        "offset": {"amount": 2, "unit": "months", "direction": "before"},
        "responsible": "lead",
    }
    created = api("admin").post("/api/v1/task-templates", json=body)
    assert created.status_code == 201 and created.json["title"] == body["title"]
    changed = api("admin").patch(
        created.headers["Location"], json={"title": {**body["title"], "kk": "Түсірілім тобын шақыру"}}
    )
    assert changed.status_code == 200 and changed.json["title"]["kk"] == "Түсірілім тобын шақыру"
    wrong_proof = api("admin").patch(
        created.headers["Location"], json={"proof": {"kind": "loan_step", "value": "flying"}}
    )
    assert wrong_proof.status_code == 422 and "proof_value" in wrong_proof.json["error"]["fields"]


def test_the_openapi_description_names_the_task_paths(api, api_world, demo):
    paths = api("staff").get("/api/v1/openapi.json").json["paths"]
    assert {"get"} <= set(paths["/api/v1/plans/{plan_id}/tasks"])
    assert {"get", "patch"} <= set(paths["/api/v1/tasks/{task_id}"])
    assert {"get", "post"} <= set(paths["/api/v1/task-templates"])
    assert {"get", "patch"} <= set(paths["/api/v1/task-templates/{template_id}"])
    assert date.fromisoformat("2026-12-14")
