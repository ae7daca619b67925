"""A draft belongs to its lead institution until it is proposed: the partner (its curator, its
viewer and its staff) and an outsider see nothing of it on any page, feed, search or API list,
and a direct request for it answers 404 as for a plan that does not exist. Nobody is told of it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from planner.unit_of_work import unit_of_work
from tests.conftest import DEMO_PASSWORD, add_users_of_another_partnership, log_in

WORD = "Caravanserai"  # searched for (the search page repeats the query)
# In the demo draft's title and its event's title, nowhere else in the demo (search marks the word).
SHOWN = re.compile(r"Caravanserai(</mark>)? survey")


@pytest.fixture()
def draft_world(app, demo):
    """The demo draft (Ganja's), a staff member of the partner (Turkestan), the users of an
    unrelated institution (Tashkent), and an API token for each user."""
    from planner.accounts.models import Token, User
    from planner.plans.models import Plan

    session = demo.session
    add_users_of_another_partnership(session)
    plan = session.scalar(select(Plan).where(Plan.status == "draft"))
    turkestan = next(p for p in plan.partners)
    staff = User(username="staff-turkestan", role="staff", institution=turkestan)
    staff.set_password(DEMO_PASSWORD)
    session.add(staff)
    session.flush()
    tokens = {}
    for user in session.scalars(select(User)):
        token, secret = Token.issue(user, "api", "tests")
        session.add(token)
        tokens[user.username] = secret
    session.commit()
    return {
        "plan": plan.id,
        "event": plan.events[0].id,
        "agreement": plan.agreement_id,
        "lead": plan.lead_institution_id,
        "tokens": tokens,
    }


def pages(world) -> list[str]:
    """Every page that lists, finds or shows plans or their events, in the draft's weeks."""
    agreement, lead = world["agreement"], world["lead"]
    return [
        "/",
        "/plans",
        "/plans?status=draft",
        f"/agreements/{agreement}",
        f"/agreements/{agreement}/articles/2",
        f"/agreements/{agreement}/report?year=2027",
        f"/agreements/{agreement}/report.csv?year=2027",
        f"/search?q={WORD}",
        "/calendar?day=2027-04-14",
        "/calendar?view=week&day=2027-04-14",
        "/calendar?view=agenda&day=2027-04-01",
        f"/agreements/{agreement}/calendar?day=2027-04-14",
        f"/institutions/{lead}/calendar?day=2027-04-14",
        "/notifications",
        "/account/feeds",
    ]


def direct(world) -> list[str]:
    """The draft's own addresses: 404 for whoever may not see it."""
    plan, event = world["plan"], world["event"]
    return [
        f"/plans/{plan}",
        f"/plans/{plan}/calendar",
        f"/plans/{plan}/map",
        f"/plans/{plan}/map.geojson",
        f"/plans/{plan}/agreement.pdf",
        f"/events/{event}",
        f"/events/{event}.ics",
    ]


def api_paths(world) -> tuple[list[str], list[str]]:
    plan, event = world["plan"], world["event"]
    lists = ["/api/v1/plans?per_page=100", "/api/v1/events?per_page=100&from=2027-04-01&to=2027-04-30"]
    return lists, [f"/api/v1/plans/{plan}", f"/api/v1/plans/{plan}/comments", f"/api/v1/events/{event}"]


def feeds(app, username: str, world) -> tuple[list[str], str]:
    """The feed paths the user may subscribe to, and the texts of all of them (from 2027)."""
    output = app.test_cli_runner().invoke(args=["feeds", "urls", "--user", username]).output
    paths = [line.split()[0] for line in output.splitlines() if line.startswith("/feeds/")]
    client = app.test_client()
    texts = []
    for path in paths:
        with client.get(path + ("&" if "?" in path else "?") + "since=2027-01-01") as response:
            assert response.status_code == 200, path
            texts.append(response.get_data(as_text=True))
    return paths, "\n".join(texts)


def what_they_see(app, client, username: str, world) -> dict[str, object]:
    """Where the user found the draft: {address: how}."""
    found = {}
    log_in(client, username)
    for path in pages(world):
        with client.get(path) as response:
            assert response.status_code in (200, 404), (username, path, response.status_code)  # 404: not theirs
            if SHOWN.search(response.get_data(as_text=True)):
                found[path] = "shown"
    for path in direct(world):
        with client.get(path) as response:
            if response.status_code != 404:
                found[path] = response.status_code
    headers = {"Authorization": f"Bearer {world['tokens'][username]}"}
    lists, single = api_paths(world)
    for path in lists:
        answer = app.test_client().get(path, headers=headers)
        assert answer.status_code == 200
        if SHOWN.search(answer.get_data(as_text=True)):
            found[path] = "listed"
    for path in single:
        status = app.test_client().get(path, headers=headers).status_code
        if status != 404:
            found[path] = status
    paths, texts = feeds(app, username, world)
    if any(f"/plans/{world['plan']}.ics" in path for path in paths):
        found["feed urls"] = "offered"
    if SHOWN.search(texts):
        found["feeds"] = "shown"
    secret = paths[0].split("/")[2]
    if app.test_client().get(f"/feeds/{secret}/plans/{world['plan']}.ics").status_code != 404:
        found["plan feed"] = "served"
    return found


@pytest.mark.parametrize(
    "username", ["curator-turkestan", "partner", "staff-turkestan", "curator_other", "partner_other"]
)
def test_partners_and_outsiders_see_nothing_of_a_draft(app, client, draft_world, username):
    assert what_they_see(app, client, username, draft_world) == {}


@pytest.mark.parametrize("username", ["curator", "staff", "admin"])
def test_the_lead_institution_and_administrators_see_the_draft_everywhere(app, client, draft_world, username):
    """The same addresses show it to those who may see it: the test above is not vacuous."""
    found = what_they_see(app, client, username, draft_world)
    hidden = set(pages(draft_world)) - set(found)
    # implementation reports never count a draft, whoever reads them (planner.reports.queries)
    assert hidden <= {"/", "/notifications", "/account/feeds", "/plans?status=draft"} | {
        f"/agreements/{draft_world['agreement']}/report.csv?year=2027",
        f"/agreements/{draft_world['agreement']}/report?year=2027",
    }
    assert {path: found.get(path) for path in [*direct(draft_world), *api_paths(draft_world)[1]]} == dict.fromkeys(
        [*direct(draft_world), *api_paths(draft_world)[1]], 200
    )
    assert found["feeds"] == "shown" and found["feed urls"] == "offered" and found["/api/v1/plans?per_page=100"]
    assert f"/search?q={WORD}" in found and "/calendar?day=2027-04-14" in found


def test_a_draft_is_silent_until_proposed_then_the_partners_hear_once(app, demo, monkeypatch):
    """Created, changed and deleted as a draft: nobody is told. Proposed: the partner's curator
    hears once; the lead's own colleagues are not asked to approve their own proposal twice."""
    from planner.accounts.models import User
    from planner.agreements.models import Agreement
    from planner.notifications.models import Notification, OutboxMessage
    from planner.plans import operations

    session = demo.session
    users = {user.username: user for user in session.scalars(select(User))}
    agreement = next(a for a in session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")  # e-mail wanted: the outbox fills if anyone is told
    before = session.scalar(select(func.count(Notification.id)))
    mails = session.scalar(select(func.count(OutboxMessage.id)))
    with app.test_request_context():
        plan = operations.create_plan(agreement, users["curator"], {"kind": "seminar", "title": {"en": "Tiles"}})
        assert plan.status == "draft" and plan.lead_institution_id == users["curator"].institution_id
        operations.update_plan(plan, users["curator"], {"description": {"en": "Two days."}})
        operations.add_part(plan, users["curator"], "cost_items", _cost(plan))
        assert session.scalar(select(func.count(Notification.id))) == before
        operations.propose(plan, users["curator"])
        told = session.scalars(select(Notification).where(Notification.id > before_id(session, before))).all()
        assert [(n.user.username, n.kind) for n in told] == [("curator-turkestan", "plan_proposed")]
        spare = operations.create_plan(agreement, users["curator"], {"kind": "seminar", "title": {"en": "Spare"}})
        operations.delete_plan(spare, users["curator"])
    assert session.scalar(select(func.count(Notification.id))) == before + 1
    assert session.scalar(select(func.count(OutboxMessage.id))) == mails + 1


def before_id(session, count: int) -> int:
    from planner.notifications.models import Notification

    ids = session.scalars(select(Notification.id).order_by(Notification.id)).all()
    return ids[count - 1] if count else 0


def _cost(plan) -> dict:
    from decimal import Decimal

    return {
        "payer_institution_id": plan.lead_institution_id,
        "category": "transport",
        "amount": Decimal("10.00"),
        "currency": "EUR",
    }


def test_a_draft_is_not_on_the_partners_to_do_list_nor_reminded(app, client, demo):
    """A draft without events would be on the partner's "plans without events"; its event near
    would be reminded to both institutions: neither while it is a draft."""
    from datetime import date

    from planner.accounts.models import User
    from planner.agreements.models import Agreement
    from planner.notifications.models import Notification
    from planner.notifications.reminders import raise_due
    from planner.plans import operations
    from planner.plans.models import Plan

    session = demo.session
    users = {user.username: user for user in session.scalars(select(User))}
    agreement = next(a for a in session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    turkestan = users["curator-turkestan"].institution_id
    with app.test_request_context(), unit_of_work():
        empty = operations.create_plan(
            agreement,
            users["curator"],
            {"kind": "seminar", "title": {"en": "Tiles of Ganja"}, "partner_ids": [turkestan]},
        )
    log_in(client, "curator-turkestan")
    assert "Tiles of Ganja" not in client.get("/").get_data(as_text=True)
    log_in(client, "curator")
    assert "Tiles of Ganja" in client.get("/").get_data(as_text=True)  # the lead's own to-do
    draft = session.scalar(select(Plan).where(Plan.status == "draft", Plan.id != empty.id))
    with app.test_request_context(), unit_of_work():
        raise_due(date(2027, 4, 6))
        session.commit()
        assert session.scalars(select(Notification).where(Notification.kind == "event_soon")).all() == []
        operations.propose(draft, users["curator"])
        raise_due(date(2027, 4, 6))
        session.commit()
    reminded = session.scalars(select(Notification).where(Notification.kind == "event_soon")).all()
    assert reminded and {n.subject_id for n in reminded} == {draft.id}  # once proposed, it is


def test_a_draft_moves_only_to_proposed_and_a_new_plan_only_starts_as_one(app, draft_world):
    client = app.test_client()
    curator = {"Authorization": f"Bearer {draft_world['tokens']['curator']}"}
    path = f"/api/v1/plans/{draft_world['plan']}"
    for status in ("cancelled", "approved", "scheduled", "changes_requested"):
        assert client.patch(path, json={"status": status}, headers=curator).status_code == 422, status
    body = {"agreement_id": draft_world["agreement"], "kind": "webinar", "title": {"en": "W"}, "status": "proposed"}
    assert client.post("/api/v1/plans", json=body, headers=curator).status_code == 422
    fingerprint = client.get(path, headers=curator).json["fingerprint"]
    assert client.post(path + "/approvals", json={"fingerprint": fingerprint}, headers=curator).status_code == 422
    deleted = client.delete(path, headers=curator)
    assert deleted.status_code == 204  # a draft is deleted, not cancelled


def test_the_operation_itself_limits_a_comment(app, demo):
    """Pages and API check the length first; the rule holds for any other caller too (the CLI)."""
    from planner.accounts.models import User
    from planner.errors import Invalid
    from planner.plans import operations
    from planner.plans.models import Plan

    session = demo.session
    curator = session.scalar(select(User).where(User.username == "curator"))
    plan = session.scalar(select(Plan).where(Plan.status == "proposed").order_by(Plan.id))
    with app.test_request_context(), pytest.raises(Invalid):
        operations.add_comment(plan, curator, "x" * 4001)
