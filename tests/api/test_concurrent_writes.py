"""Concurrent API writes to one plan (#32 item 5), on PostgreSQL as under gunicorn: writers in
their own threads (own app contexts, sessions and connections) released together at a barrier.
Without If-Match they serialize on the plan's row and all succeed; with a stale If-Match they
answer 412; nothing is lost."""

from __future__ import annotations

import threading
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ON_POSTGRES

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES, reason="concurrency is tested on PostgreSQL"),
]
WRITERS = 6


def together(app, token: str, requests: list[tuple[str, str, dict, dict]]) -> list:
    """Send each (method, path, json, headers) from its own thread, all released at once; the
    answers as (status, json)."""
    barrier = threading.Barrier(len(requests))
    answers: list = [None] * len(requests)

    def send(index: int, method: str, path: str, body: dict, headers: dict) -> None:
        client = app.test_client()
        barrier.wait()
        answer = getattr(client, method)(path, json=body, headers={"Authorization": f"Bearer {token}", **headers})
        answers[index] = (answer.status_code, answer.get_json(silent=True))

    threads = [threading.Thread(target=send, args=(n, *request)) for n, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def event_body(plan_id: int, number: int) -> dict:
    return {
        "plan_id": plan_id,
        "title": f"Concurrent lecture {number}",
        "timezone": "Asia/Baku",
        "starts_local": f"2027-03-{number + 1:02d}T10:00:00",
        "ends_local": f"2027-03-{number + 1:02d}T11:00:00",
    }


def test_six_writers_without_if_match_all_succeed_and_nothing_is_lost(app, api, api_world):
    plan_id, token = api_world["plan"], api_world["tokens"]["curator"]
    path = f"/api/v1/plans/{plan_id}"
    events_before = len(api("curator").get(f"/api/v1/events?plan={plan_id}&per_page=100").json["items"])
    costs_before = len(api("curator").get(path).json["cost_items"])
    requests = [("post", "/api/v1/events", event_body(plan_id, n), {}) for n in range(WRITERS)]
    requests += [
        (
            "post",
            f"{path}/cost-items",
            {"payer_institution_id": api_world["institution"], "amount": n, "currency": "EUR"},
            {},
        )
        for n in range(WRITERS)
    ]
    answers = together(app, token, requests)
    assert [status for status, _body in answers] == [201] * (2 * WRITERS), answers
    events = api("curator").get(f"/api/v1/events?plan={plan_id}&per_page=100").json["items"]
    assert len(events) == events_before + WRITERS
    assert len(api("curator").get(path).json["cost_items"]) == costs_before + WRITERS


def test_writers_naming_one_version_one_wins_the_others_get_412(app, api, api_world):
    plan_id, token = api_world["plan"], api_world["tokens"]["curator"]
    path = f"/api/v1/plans/{plan_id}"
    etag = api("curator").get(path).headers["ETag"]
    requests = [("patch", path, {"description": {"en": f"Version {n}"}}, {"If-Match": etag}) for n in range(WRITERS)]
    answers = together(app, token, requests)
    statuses = sorted(status for status, _body in answers)
    assert statuses == [200] + [412] * (WRITERS - 1), answers
    winner = next(body for status, body in answers if status == 200)
    assert api("curator").get(path).json["description"] == winner["description"]


WRITE = st.one_of(
    st.tuples(st.just("event"), st.integers(0, 27)),
    st.tuples(st.just("cost"), st.integers(1, 10**6)),
    st.tuples(st.just("describe"), st.text(alphabet="abcЖə ", min_size=1, max_size=20)),
)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writes=st.lists(WRITE, min_size=2, max_size=6))
def test_concurrent_writers_never_get_a_5xx_and_lose_no_write(app, api, api_world, writes):
    """Any mix of simultaneous writers without If-Match: every one succeeds and is kept."""
    plan_id, token = api_world["plan"], api_world["tokens"]["curator"]
    path = f"/api/v1/plans/{plan_id}"
    requests, titles, amounts, descriptions = [], [], [], []
    for number, (kind, value) in enumerate(writes):
        if kind == "event":
            body = {**event_body(plan_id, value), "title": f"Property lecture {uuid.uuid4().hex}"}
            titles.append(body["title"])
            requests.append(("post", "/api/v1/events", body, {}))
        elif kind == "cost":
            amount = f"{value}.{number:02d}"
            amounts.append(amount)
            body = {"payer_institution_id": api_world["institution"], "amount": amount, "currency": "EUR"}
            requests.append(("post", f"{path}/cost-items", body, {}))
        else:
            descriptions.append(value)
            requests.append(("patch", path, {"description": {"en": value}}, {}))
    answers = together(app, token, requests)
    assert all(status < 500 for status, _body in answers), answers
    assert [status for status, _body in answers] == [201 if r[0] == "post" else 200 for r in requests], answers
    plan = api("curator").get(path).json
    events = api("curator").get(f"/api/v1/events?plan={plan_id}&per_page=100").json["items"]
    assert set(titles) <= {event["title"] for event in events}
    kept = {f"{float(item['amount']):.2f}" for item in plan["cost_items"]}
    assert {f"{float(amount):.2f}" for amount in amounts} <= kept
    if descriptions:
        assert plan["description"].get("en", "") in [text.strip() for text in descriptions]  # trimmed; blank: none
