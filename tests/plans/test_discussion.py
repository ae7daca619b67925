"""A plan's discussion: comments tied to the version they were written on, plain text, not
content (no approval withdrawn); a partner's change request holds the plan until its content
changes and it is proposed again; change notifications to one user merge while unread."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import csrf_token, log_in


@pytest.fixture()
def route(app, demo):
    """The demo heritage route (led by Turkestan, proposed), its two curators and API tokens."""
    from planner.accounts.models import Token, User
    from planner.agreements.models import Agreement

    session = demo.session
    agreement = next(a for a in session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    plan = next(p for p in agreement.plans if p.kind == "heritage_route")
    tokens = {}
    for user in session.scalars(select(User)):
        token, secret = Token.issue(user, "api", "tests")
        session.add(token)
        tokens[user.username] = {"Authorization": f"Bearer {secret}"}
    session.commit()
    return {"plan": plan.id, "tokens": tokens, "session": session}


def stored(route):
    from planner.plans.models import Plan

    session = route["session"]
    session.expire_all()
    return session.get(Plan, route["plan"])


def notifications_of(route, username: str, kind: str):
    from planner.accounts.models import User
    from planner.notifications.models import Notification

    session = route["session"]
    session.expire_all()
    user = session.scalar(select(User).where(User.username == username))
    return session.scalars(
        select(Notification).where(Notification.user_id == user.id, Notification.kind == kind).order_by(Notification.id)
    ).all()


def test_a_comment_is_tied_to_its_version_escaped_and_not_content(app, route):
    client = app.test_client()
    plan = stored(route)
    fingerprint, version = plan.current_fingerprint, plan.version_id
    path = f"/api/v1/plans/{route['plan']}/comments"
    hostile = "<script>alert(1)</script> & «ok»\nsecond line"
    made = client.post(path, json={"text": hostile}, headers=route["tokens"]["curator"])
    assert made.status_code == 201, made.json
    assert made.json["fingerprint"] == fingerprint and made.json["plan_version"] == version
    assert made.json["text"] == hostile
    assert stored(route).version_id == version and stored(route).current_fingerprint == fingerprint
    listed = client.get(path, headers=route["tokens"]["partner"])
    assert listed.status_code == 200 and [c["text"] for c in listed.json] == [hostile]
    # the other party hears of it; the writer's own institution does not
    assert [n.data["excerpt"] for n in notifications_of(route, "curator-turkestan", "plan_comment")] == [hostile]
    assert notifications_of(route, "staff", "plan_comment") == []
    log_in(client, "partner")
    for page in (f"/plans/{route['plan']}", "/notifications"):
        body = client.get(page).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_empty_and_overlong_comments_are_refused_clearly(app, route):
    client = app.test_client()
    path = f"/api/v1/plans/{route['plan']}/comments"
    headers = {**route["tokens"]["curator"], "Accept-Language": "ru"}
    empty = client.post(path, json={"text": "   \n "}, headers=headers)
    assert empty.status_code == 422 and "пуст" in empty.json["error"]["fields"]["text"][0]
    long = client.post(path, json={"text": "x" * 4001}, headers=headers)
    assert long.status_code == 422 and "4000" in str(long.json["error"]["fields"]["text"])
    assert client.post(path, json={}, headers=headers).status_code == 422
    log_in(client, "curator")
    page = client.get(f"/plans/{route['plan']}").get_data(as_text=True)
    typed = "y" * 4001
    answer = client.post(f"/plans/{route['plan']}/comments", data={"csrf_token": csrf_token(page), "text": typed})
    assert answer.status_code == 400 and typed in answer.get_data(as_text=True)  # nothing typed is lost
    answer = client.post(f"/plans/{route['plan']}/comments", data={"csrf_token": csrf_token(page), "text": " "})
    assert answer.status_code == 400 and "it is empty" in answer.get_data(as_text=True)
    assert client.get(path, headers=headers).json == []


def test_partner_viewers_read_the_thread_but_do_not_write(app, route):
    client = app.test_client()
    path = f"/api/v1/plans/{route['plan']}/comments"
    assert client.post(path, json={"text": "Hello"}, headers=route["tokens"]["partner"]).status_code == 403
    assert client.post(path, json={"text": "Hello"}, headers=route["tokens"]["staff"]).status_code == 201
    log_in(client, "partner")
    page = client.get(f"/plans/{route['plan']}").get_data(as_text=True)
    assert "Hello" in page and f'action="/plans/{route["plan"]}/comments"' not in page


def test_a_change_request_holds_the_plan_until_it_changes_and_is_proposed_again(app, route):
    client = app.test_client()
    plan_path = f"/api/v1/plans/{route['plan']}"
    ganja, turkestan = route["tokens"]["curator"], route["tokens"]["curator-turkestan"]
    # the lead's own curator cannot request changes of its own plan; the comment is required
    assert client.post(plan_path + "/change-requests", json={"comment": "No"}, headers=turkestan).status_code == 403
    # not by setting the status: a change request needs its comment
    assert client.patch(plan_path, json={"status": "changes_requested"}, headers=ganja).status_code == 422
    missing = client.post(plan_path + "/change-requests", json={"comment": ""}, headers=ganja)
    assert missing.status_code == 422
    asked = client.post(plan_path + "/change-requests", json={"comment": "Add a stop in Shaki."}, headers=ganja)
    assert asked.status_code == 201
    assert stored(route).status == "changes_requested"
    assert [n.data["excerpt"] for n in notifications_of(route, "curator-turkestan", "changes_requested")] == [
        "Add a stop in Shaki."
    ]
    # no approval meanwhile, no second request
    fingerprint = stored(route).current_fingerprint
    approving = client.post(plan_path + "/approvals", json={"fingerprint": fingerprint}, headers=turkestan)
    assert approving.status_code == 422
    again = client.post(plan_path + "/change-requests", json={"comment": "And more."}, headers=ganja)
    assert again.status_code == 422
    log_in(client, "curator-turkestan")
    page = client.get(f"/plans/{route['plan']}").get_data(as_text=True)
    assert "Changes requested" in page and "Add a stop in Shaki." in page and "Propose to partners" in page
    # proposing again without a change is refused; after a change it goes to the partners again
    etag = {"If-Match": client.get(plan_path, headers=turkestan).headers["ETag"]}
    refused = client.post(plan_path + "/proposal", headers={**turkestan, **etag})
    assert refused.status_code == 422 and "Change the plan" in str(refused.json["error"])
    changed = client.patch(plan_path, json={"title": {"en": "Route with Shaki"}}, headers=turkestan)
    assert changed.status_code == 200
    proposed = client.post(plan_path + "/proposal", headers=turkestan)
    assert proposed.status_code == 200 and proposed.json["status"] == "proposed"
    page = client.get(f"/plans/{route['plan']}").get_data(as_text=True)
    assert "Add a stop in Shaki." in page  # in the thread, no longer as the plan's state
    assert "requested changes on" not in page


def test_the_propose_button_on_a_draft_page(app, route):
    from planner.plans.models import Plan

    session = route["session"]
    draft = session.scalar(select(Plan).where(Plan.status == "draft"))
    client = app.test_client()
    log_in(client, "curator")
    page = client.get(f"/plans/{draft.id}").get_data(as_text=True)
    assert "Propose to partners" in page and "only your institution sees it" in page
    answer = client.post(f"/plans/{draft.id}/proposal", data={"csrf_token": csrf_token(page)}, follow_redirects=True)
    assert "The plan is proposed to the partners." in answer.get_data(as_text=True)
    assert [n.subject_id for n in notifications_of(route, "curator-turkestan", "plan_proposed")][-1] == draft.id
    assert client.post(f"/plans/{draft.id}/proposal").status_code == 400  # no CSRF token


def test_change_notifications_merge_while_unread(app, route):
    """Three edits of a proposed plan: one unread entry for the other party's curator, whose
    summary covers all three; once read, the next edit starts a new entry."""
    client = app.test_client()
    plan_path = f"/api/v1/plans/{route['plan']}"
    turkestan = route["tokens"]["curator-turkestan"]
    before = stored(route).title["en"]
    for text in ("One", "Two", "Three"):
        assert client.patch(plan_path, json={"title": {"en": text}}, headers=turkestan).status_code == 200
    entries = notifications_of(route, "curator", "plan_changed")
    assert len(entries) == 1
    assert entries[0].data["after"]["title"]["en"] == "Three" and entries[0].data["before"]["title"]["en"] == before
    log_in(client, "curator")
    inbox = client.get("/notifications").get_data(as_text=True)
    assert before in inbox and "Three" in inbox and "Two" not in inbox  # the summary: first to latest
    assert client.get(f"/notifications/{entries[0].id}").status_code in (200, 302)  # opening reads it
    assert client.patch(plan_path, json={"title": {"en": "Route, again"}}, headers=turkestan).status_code == 200
    assert len(notifications_of(route, "curator", "plan_changed")) == 2
