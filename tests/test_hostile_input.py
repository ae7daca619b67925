"""Bad and hostile input: a clear 400 or the form again, never a 500, and nothing saved changes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.conftest import csrf_token

JUNK = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "-1",
            "1e309",
            "nan",
            "99999-99-99",
            "2026-02-30",
            "0000-01-01",
            "<script>alert(1)</script>",
            "${alert(1)}",
            "\x00",
            "😀" * 50,
            "a" * 5000,
            "12:00",
            "Mars/Olympus",
            "[]",
            "{}",
        ]
    ),
)


def test_oversize_body_gets_413_and_a_page(as_user, app):
    client = as_user("curator")
    token = csrf_token(client.get("/agreements/new").data)
    response = client.post(
        "/agreements/new", data={"csrf_token": token, "text": "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)}
    )
    assert response.status_code == 413 and b"too large" in response.data


def test_invalid_utf8_form_body_is_a_clear_error(as_user):
    client = as_user("curator")
    token = csrf_token(client.get("/agreements/new").data)
    body = b"csrf_token=" + token.encode() + b"&action=preview&text=%FF%FE%FA"
    response = client.post("/agreements/new", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 400)
    assert response.status_code != 500


def test_mou_upload_of_a_binary_file_says_so(as_user):
    import io

    client = as_user("curator")
    token = csrf_token(client.get("/agreements/new").data)
    response = client.post(
        "/agreements/new",
        data={"csrf_token": token, "action": "preview", "document": (io.BytesIO(b"\x00\x01\x02\x03"), "memo.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and b"not a text document" in response.data


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=-5",
        "page=99999999999999999999",
        "month=2026-13",
        "month=abcd",
        "kind=<script>",
        "view=%00",
        "version=zz",
    ],
)
def test_wrong_types_in_query_strings(as_user, demo, query):
    client = as_user("staff")
    for path in ("/", "/agreements", "/calendar", "/agreements/{}/articles/1"):
        if "{}" in path:
            from planner.agreements.models import Agreement

            path = path.format(demo.session.scalars(select(Agreement.id).order_by(Agreement.id)).first())
        assert client.get(f"{path}?{query}").status_code in (200, 400), (path, query)


def test_feed_since_must_be_a_date(app, client, demo):
    path = app.test_cli_runner().invoke(args=["feeds", "urls", "--user", "staff"]).output.split()[0]
    assert client.get(path + "?since=yesterday").status_code == 400
    assert client.get(path + "?since=2020-01-01").status_code == 200


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fields=st.fixed_dictionaries(
        {"name-en": JUNK, "latitude": JUNK, "longitude": JUNK, "kind": JUNK, "precision": JUNK, "address": JUNK}
    )
)
def test_site_form_fuzz(as_user, demo, fields):
    from planner.maps.models import Site

    client = as_user("curator")
    site = demo.session.scalar(select(Site).where(Site.city == "Ganja"))
    before = (site.name, site.latitude, site.longitude)
    response = client.post(
        f"/sites/{site.id}/edit", data={"csrf_token": csrf_token(client.get(f"/sites/{site.id}/edit").data), **fields}
    )
    assert response.status_code in (302, 400)
    demo.session.expire_all()
    after = demo.session.get(Site, site.id)
    if response.status_code == 400:
        assert (after.name, after.latitude, after.longitude) == before


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fields=st.fixed_dictionaries(
        {
            "title": JUNK,
            "timezone": JUNK,
            "starts_local": JUNK,
            "ends_local": JUNK,
            "all_day": st.sampled_from(["", "y"]),
            "start_date": JUNK,
            "end_date": JUNK,
            "frequency": st.sampled_from(["", "daily", "weekly", "monthly", "yearly", "x"]),
            "interval": JUNK,
            "until": JUNK,
            "count": JUNK,
            "excluded": JUNK,
            "kind": JUNK,
            "status": JUNK,
            "site_id": JUNK,
        }
    )
)
def test_event_form_fuzz(as_user, demo, fields):
    from planner.schedule.models import Event

    client = as_user("curator")
    event = demo.session.scalar(select(Event).where(Event.uid == "demo-heritage-tuesdays@mou-planner"))
    before = (event.title, event.starts_at, event.sequence)
    page = client.get(f"/events/{event.id}/edit")
    response = client.post(
        f"/events/{event.id}/edit", data={"csrf_token": csrf_token(page.data), "version_id": event.version_id, **fields}
    )
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        demo.session.expire_all()
        after = demo.session.get(Event, event.id)
        assert (after.title, after.starts_at, after.sequence) == before


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fields=st.fixed_dictionaries(
        {"payer_institution_id": JUNK, "category": JUNK, "amount": JUNK, "currency": JUNK, "description": JUNK}
    )
)
def test_cost_form_fuzz(as_user, demo, fields):
    from planner.plans.models import Plan

    client = as_user("curator")
    plan = next(p for p in demo.session.scalars(select(Plan)) if p.kind == "exhibition" and p.loan_objects)
    page = client.get(f"/plans/{plan.id}/edit")
    data = {"csrf_token": csrf_token(page.data), "version_id": plan.version_id}
    data.update({f"cost_items-{k}": v for k, v in fields.items()})
    demo.session.expire_all()
    costs = len(demo.session.get(Plan, plan.id).cost_items)
    response = client.post(f"/plans/{plan.id}/costs", data=data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:  # refused: nothing saved
        demo.session.expire_all()
        assert len(demo.session.get(Plan, plan.id).cost_items) == costs


def test_script_in_every_text_field_is_shown_as_text(as_user, demo):
    from planner.plans.models import Plan

    client = as_user("curator")
    plan = next(
        p for p in demo.session.scalars(select(Plan)) if p.kind == "heritage_route"
    )  # the curator's partnership
    page = client.get(f"/plans/{plan.id}/edit")
    payload = '<script>alert("x")</script>'
    client.post(
        f"/plans/{plan.id}/edit",
        data={
            "csrf_token": csrf_token(page.data),
            "version_id": plan.version_id,
            "kind": plan.kind,
            "title-en": payload,
            "description-en": payload,
            "lead_institution_id": plan.lead_institution_id,
            "terms": "free_of_charge",
        },
    )
    shown = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert payload not in shown and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in shown
