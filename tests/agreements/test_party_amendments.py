"""Issue #26 item 5: the parties of an agreement in force change only by consent. A curator of
one party proposing to swap the other party for a third institution gets a pending amendment
(202); until every current and every joining party has approved it, access, approvals and
notifications follow the old parties; an administrator may apply it at once."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.agreements.amendments import ganja_agreement, institution_id, propose
from tests.conftest import add_users_of_another_partnership, csrf_token, log_in
from tests.fuzzing import TEXT

FUZZ = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture()
def swap(app, demo):
    """The Ganja partnership, Tashkent's users, bearer-token callers by username, and the ids."""
    from planner.accounts.models import Token, User

    session = demo.session
    tashkent = add_users_of_another_partnership(session)
    carpet = institution_id(session, "Carpet Museum")
    outsider = User(username="curator_carpet", role="curator", institution_id=carpet)
    outsider.set_password("not used here 1")
    session.add(outsider)
    secrets = {}
    for user in session.scalars(select(User)):
        token, secrets[user.username] = Token.issue(user, "api", "tests")
        session.add(token)
    session.commit()
    agreement = ganja_agreement(session)
    ganja, turkestan = institution_id(session, "Ganja Reserve"), institution_id(session, "Aziret Sultan")
    assert agreement.institution_ids == {ganja, turkestan}

    def api(username: str):
        client = app.test_client()
        headers = {"Authorization": f"Bearer {secrets[username]}"}
        return lambda method, path, **kw: getattr(client, method)(path, headers=headers, **kw)

    return {
        "session": session,
        "api": api,
        "agreement": agreement.id,
        "ganja": ganja,
        "turkestan": turkestan,
        "tashkent": tashkent.id,
        "path": f"/api/v1/agreements/{agreement.id}",
    }


def parties_now(world) -> set[int]:
    from planner.agreements.models import Agreement

    world["session"].expire_all()
    return world["session"].get(Agreement, world["agreement"]).institution_ids


def silk_road_plan(world):
    from tests.notifications.test_mail import silk_road

    world["session"].expire_all()
    return silk_road(world["session"])


def audited(world, action: str) -> int:
    from planner.audit.models import AuditEntry

    return world["session"].scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.entity == "party_amendment", AuditEntry.action == action)
    )


def told(world, kind: str) -> set[str]:
    from planner.accounts.models import User
    from planner.notifications.models import Notification

    query = select(User.username).join(Notification, Notification.user_id == User.id).where(Notification.kind == kind)
    return set(world["session"].scalars(query))


def test_the_swap_waits_for_the_counterparty_and_the_joining_party(swap):
    api, path = swap["api"], swap["path"]
    ganja, turkestan, tashkent = swap["ganja"], swap["turkestan"], swap["tashkent"]
    plan_id = silk_road_plan(swap).id

    proposed = api("curator")(
        "patch", path, json={"parties": [{"institution_id": ganja}, {"institution_id": tashkent}]}
    )
    assert proposed.status_code == 202, proposed.get_json()
    body = proposed.get_json()
    assert proposed.headers["Location"].endswith(f"{path}/amendments/{body['id']}")
    assert (body["status"], body["added"], body["removed"]) == ("pending", [tashkent], [turkestan])
    assert body["required"] == sorted([ganja, turkestan, tashkent])
    assert body["awaiting"] == sorted([turkestan, tashkent])
    assert [a["institution_id"] for a in body["approvals"]] == [ganja]  # the proposer's consent
    assert parties_now(swap) == {ganja, turkestan}
    assert audited(swap, "propose") == 1
    assert told(swap, "amendment_proposed") == {"curator-turkestan", "curator_other"}
    second = f"{path}/amendments/{body['id']}/approvals"

    # Until both approve, the old parties hold: access, plan approvals, and a second proposal alone.
    assert api("partner_other")("get", path).status_code == 404
    assert api("partner_other")("get", f"{path}/amendments").status_code == 404
    assert api("partner_other")("get", f"/api/v1/plans/{plan_id}").status_code == 404
    assert api("curator_other")("patch", path, json={"term_years": 3}).status_code == 403
    fingerprint = silk_road_plan(swap).current_fingerprint
    assert (
        api("curator_other")(
            "post", f"/api/v1/plans/{plan_id}/approvals", json={"fingerprint": fingerprint}
        ).status_code
        == 403
    )
    assert api("partner")("get", path).status_code == 200
    assert api("curator")("post", second).status_code == 409  # Ganja consented by proposing
    assert api("curator_carpet")("post", second).status_code == 403  # neither party nor joining
    assert api("admin")("post", second).status_code == 403  # administrators apply, they do not consent

    joining = api("curator_other")("post", second)
    assert joining.status_code == 201 and joining.get_json()["status"] == "pending"
    assert joining.get_json()["awaiting"] == [turkestan]
    assert api("curator_other")("post", second).status_code == 409
    assert parties_now(swap) == {ganja, turkestan}
    assert api("partner_other")("get", path).status_code == 404
    assert told(swap, "amendment_approved") >= {"curator", "curator-turkestan"}
    # The counterparty still approves the plan as a party.
    given = api("curator-turkestan")("post", f"/api/v1/plans/{plan_id}/approvals", json={"fingerprint": fingerprint})
    assert given.status_code == 201, given.get_json()

    last = api("curator-turkestan")("post", second)
    assert last.status_code == 201 and last.get_json()["status"] == "applied"
    assert parties_now(swap) == {ganja, tashkent}
    assert api("partner_other")("get", path).status_code == 200
    assert api("partner")("get", path).status_code == 404
    assert api("curator-turkestan")("post", second).status_code == 409  # no longer pending
    assert audited(swap, "apply") == 1
    listed = api("curator")("get", f"{path}/amendments").get_json()
    assert [(a["id"], a["status"]) for a in listed] == [(body["id"], "applied")]
    # Whose approval the plan needs changed: the standing approvals are withdrawn.
    assert silk_road_plan(swap).status == "proposed"


def test_an_outsider_reads_nothing_of_the_pending_change(app, swap, client):
    api, path = swap["api"], swap["path"]
    body = {"parties": [{"institution_id": swap["ganja"]}, {"institution_id": swap["tashkent"]}]}
    aid = api("curator")("patch", path, json=body).get_json()["id"]
    plan_id = silk_road_plan(swap).id
    for call in (
        ("get", path),
        ("get", f"{path}/amendments"),
        ("get", f"{path}/amendments/{aid}"),
        ("post", f"{path}/amendments/{aid}/approvals"),
        ("get", f"/api/v1/plans/{plan_id}"),
    ):
        assert api("partner_other")(*call).status_code == 404, call
    log_in(client, "partner_other")
    assert client.get(f"/agreements/{swap['agreement']}").status_code == 404
    assert client.get(f"/plans/{plan_id}").status_code == 404
    assert str(swap["agreement"]) not in [
        str(a["id"]) for a in api("partner_other")("get", "/api/v1/agreements").get_json()["items"]
    ]


def test_the_page_flow_proposes_shows_and_applies_on_consent(app, swap, client):
    """The edit form proposes; the agreement page shows the protocol with who approved and an
    Approve button for those who still may; the last approval applies it."""
    agreement_id, ganja, tashkent = swap["agreement"], swap["ganja"], swap["tashkent"]
    log_in(client, "curator")
    data = edit_form(client, agreement_id, **{"parties-0-institution_id": ganja, "parties-1-institution_id": tashkent})
    saved = client.post(f"/agreements/{agreement_id}/edit", data=data, follow_redirects=True)
    page = saved.get_data(as_text=True)
    assert saved.status_code == 200, page[:2000]
    assert "it takes effect when every party has approved it" in page
    assert parties_now(swap) == {ganja, swap["turkestan"]}
    assert "Awaiting approval" in page and "Uzbek" in page
    assert "/approve" not in page  # Ganja consented by proposing

    log_in(client, "curator-turkestan")
    inbox = " ".join(client.get("/notifications").get_data(as_text=True).split())
    assert "Aynur Həsənova proposed to change the parties of" in inbox
    assert "Would join: " in inbox and "Would leave: " in inbox
    page = client.get(f"/agreements/{agreement_id}").get_data(as_text=True)
    action = re.search(r'action="(/agreements/\d+/amendments/\d+/approve)"', page).group(1)
    assert client.post(action, data={}).status_code == 400  # no CSRF token: refused, nothing saved
    done = client.post(action, data={"csrf_token": csrf_token(page)}, follow_redirects=True)
    assert "approval of the change of the parties is recorded" in done.get_data(as_text=True)
    assert action not in done.get_data(as_text=True)  # approved: no button any more

    log_in(client, "curator_other")
    page = client.get(f"/agreements/{agreement_id}").get_data(as_text=True)
    done = client.post(action, data={"csrf_token": csrf_token(page)}, follow_redirects=True)
    assert "the change of the parties is in effect" in done.get_data(as_text=True)
    assert parties_now(swap) == {ganja, tashkent}
    assert "Applied" in done.get_data(as_text=True)


def edit_form(client, agreement_id: int, **changes) -> dict:
    """The agreement's edit form as the page fills it, with `changes`."""
    form = client.get(f"/agreements/{agreement_id}/edit").get_data(as_text=True)
    data = dict(re.findall(r'name="([^"]+)"[^>]*value="([^"]*)"', form))
    data.update({"csrf_token": csrf_token(form), "status": "in_force", "default_terms": "free_of_charge"})
    data.update({"notice_unit": "month", "title-en": "Memorandum of Ganja", "term_years": 5})
    for row in range(2):  # the selected parties (a select's value is on its chosen option)
        data.setdefault(f"parties-{row}-institution_id", re.findall(r'<option selected value="(\d+)"', form)[row])
    return {**data, **changes}


def test_the_page_refuses_a_curator_returning_the_agreement_to_draft(app, swap, client):
    log_in(client, "curator")
    data = edit_form(client, swap["agreement"], status="draft")
    refused = client.post(f"/agreements/{swap['agreement']}/edit", data=data)
    assert refused.status_code == 400
    assert "Only an administrator can return an agreement to draft." in refused.get_data(as_text=True)
    assert swap["api"]("curator")("get", swap["path"]).get_json()["status"] == "in_force"


def test_the_curator_who_already_approved_sees_no_button(app, swap, client):
    propose(app, swap["session"], "curator", ganja_agreement(swap["session"]), [swap["ganja"], swap["tashkent"]])
    log_in(client, "curator")
    page = client.get(f"/agreements/{swap['agreement']}").get_data(as_text=True)
    assert "Awaiting approval" in page and "/approve" not in page and "/apply" not in page
    log_in(client, "curator-turkestan")
    assert "/approve" in client.get(f"/agreements/{swap['agreement']}").get_data(as_text=True)


def test_an_administrator_applies_at_once_audited_and_told(app, swap, client):
    api, path = swap["api"], swap["path"]
    aid = propose(app, swap["session"], "curator", ganja_agreement(swap["session"]), [swap["ganja"], swap["tashkent"]])
    application = f"{path}/amendments/{aid}/application"
    assert api("curator")("post", application).status_code == 403
    assert api("curator-turkestan")("post", application).status_code == 403
    applied = api("admin")("post", application)
    assert applied.status_code == 200 and applied.get_json()["status"] == "applied", applied.get_json()
    assert applied.get_json()["awaiting"] == []  # applied: nobody's approval is awaited any more
    assert parties_now(swap) == {swap["ganja"], swap["tashkent"]}
    assert api("admin")("post", application).status_code == 409
    from planner.audit.models import AuditEntry

    entry = swap["session"].scalar(select(AuditEntry).where(AuditEntry.action == "apply"))
    assert entry.after == {"parties": [swap["ganja"], swap["tashkent"]], "by_administrator": True}
    # every party, current and joining (the leaving one's partner may no longer read it)
    assert told(swap, "parties_changed") >= {"curator", "staff", "curator-turkestan", "curator_other", "partner_other"}


def test_an_administrator_applies_on_the_page(app, swap, client):
    aid = propose(app, swap["session"], "curator", ganja_agreement(swap["session"]), [swap["ganja"], swap["tashkent"]])
    log_in(client, "admin")
    page = client.get(f"/agreements/{swap['agreement']}").get_data(as_text=True)
    action = f"/agreements/{swap['agreement']}/amendments/{aid}/apply"
    assert action in page and "/approve" not in page
    done = client.post(action, data={"csrf_token": csrf_token(page)}, follow_redirects=True)
    assert "applied by an administrator" in done.get_data(as_text=True)
    assert parties_now(swap) == {swap["ganja"], swap["tashkent"]}


def test_applying_one_change_withdraws_the_others_proposed_on_the_old_parties(app, swap):
    session, agreement = swap["session"], ganja_agreement(swap["session"])
    first = propose(app, session, "curator", agreement, [swap["ganja"], swap["tashkent"]])
    carpet = institution_id(session, "Carpet Museum")
    second = propose(app, session, "curator", agreement, [swap["ganja"], swap["turkestan"], carpet])
    assert swap["api"]("admin")("post", f"{swap['path']}/amendments/{first}/application").status_code == 200
    statuses = {a["id"]: a["status"] for a in swap["api"]("curator")("get", f"{swap['path']}/amendments").get_json()}
    assert statuses == {first: "applied", second: "withdrawn"}
    refused = swap["api"]("curator-turkestan")("post", f"{swap['path']}/amendments/{second}/approvals")
    assert refused.status_code == 409 and "no longer awaits approval" in refused.get_json()["error"]["message"]


def test_a_draft_changes_its_parties_directly_and_only_an_admin_returns_to_draft(app, swap):
    api, path = swap["api"], swap["path"]
    refused = api("curator")("patch", path, json={"status": "draft"})
    assert refused.status_code == 422 and "administrator" in refused.get_json()["error"]["fields"]["status"][0]
    assert api("admin")("patch", path, json={"status": "draft"}).status_code == 200
    body = {"parties": [{"institution_id": swap["ganja"]}, {"institution_id": swap["tashkent"]}]}
    assert api("curator")("patch", path, json=body).status_code == 200
    assert parties_now(swap) == {swap["ganja"], swap["tashkent"]}


def test_signatory_changes_of_the_same_parties_need_no_consent(app, swap):
    body = {
        "parties": [
            {"institution_id": swap["ganja"], "signatory_name": {"en": "Vusal Aliyev"}},
            {"institution_id": swap["turkestan"]},
        ]
    }
    answer = swap["api"]("curator")("patch", swap["path"], json=body)
    assert answer.status_code == 200 and answer.get_json()["parties"][0]["signatory_name"]["en"] == "Vusal Aliyev"


def test_a_proposal_keeps_the_rules_of_parties(app, swap):
    api, path = swap["api"], swap["path"]
    alone = api("curator")("patch", path, json={"parties": [{"institution_id": swap["ganja"]}]})
    assert alone.status_code == 422
    without_own = [{"institution_id": swap["turkestan"]}, {"institution_id": swap["tashkent"]}]
    assert api("curator")("patch", path, json={"parties": without_own}).status_code == 422
    assert api("curator")("get", f"{path}/amendments").get_json() == []


def test_an_amendment_answers_only_under_its_own_agreement(app, swap):
    """Another agreement the caller may read does not reach this one's amendment (page and API)."""
    api, session = swap["api"], swap["session"]
    aid = propose(app, session, "curator", ganja_agreement(session), [swap["ganja"], swap["tashkent"]])
    theirs = api("curator_other")("get", "/api/v1/agreements").get_json()["items"]
    other = next(a["id"] for a in theirs if swap["tashkent"] in [p["institution_id"] for p in a["parties"]])
    assert api("partner_other")("get", f"/api/v1/agreements/{other}/amendments/{aid}").status_code == 404
    assert api("curator_other")("post", f"/api/v1/agreements/{other}/amendments/{aid}/approvals").status_code == 404
    assert api("admin")("post", f"/api/v1/agreements/{other}/amendments/{aid}/application").status_code == 404
    assert api("curator")("get", f"{swap['path']}/amendments/{aid}").get_json()["status"] == "pending"


@FUZZ
@given(sent=st.dictionaries(st.sampled_from(["csrf_token", "status", "amendment_id", "version_id"]), TEXT, max_size=3))
def test_fuzz_the_decision_forms(app, swap, client, sent):
    """The Approve and Apply buttons carry only their CSRF token: any other body is refused
    (400) and decides nothing, never a 500."""
    session = swap["session"]
    if "aid" not in swap:  # the fixture lives across the examples: one proposal
        swap["aid"] = propose(app, session, "curator", ganja_agreement(session), [swap["ganja"], swap["tashkent"]])
    for username, verb in (("curator-turkestan", "approve"), ("admin", "apply")):
        log_in(client, username)
        response = client.post(f"/agreements/{swap['agreement']}/amendments/{swap['aid']}/{verb}", data=sent)
        assert response.status_code == 400, (username, sent, response.status_code)
    listed = swap["api"]("curator")("get", f"{swap['path']}/amendments").get_json()
    assert [a["approvals"][-1]["institution_id"] for a in listed] == [swap["ganja"]]
    assert parties_now(swap) == {swap["ganja"], swap["turkestan"]}


def test_the_counterparty_rejects_and_the_parties_stay(app, swap, client):
    api, path = swap["api"], swap["path"]
    aid = propose(app, swap["session"], "curator", ganja_agreement(swap["session"]), [swap["ganja"], swap["tashkent"]])
    rejection = f"{path}/amendments/{aid}/rejection"
    assert api("curator_carpet")("post", rejection).status_code == 403  # not concerned
    assert api("partner")("post", rejection).status_code == 403  # a party, but not its curator
    log_in(client, "staff")
    assert "/reject" not in client.get(f"/agreements/{swap['agreement']}").get_data(as_text=True)
    log_in(client, "curator-turkestan")
    page = client.get(f"/agreements/{swap['agreement']}").get_data(as_text=True)
    action = f"/agreements/{swap['agreement']}/amendments/{aid}/reject"
    assert action in page
    done = client.post(action, data={"csrf_token": csrf_token(page)}, follow_redirects=True)
    assert "the parties stay as they were" in done.get_data(as_text=True)
    assert action not in done.get_data(as_text=True) and "Rejected" in done.get_data(as_text=True)
    assert parties_now(swap) == {swap["ganja"], swap["turkestan"]}
    assert api("curator_other")("post", f"{path}/amendments/{aid}/approvals").status_code == 409
    assert api("admin")("post", f"{path}/amendments/{aid}/application").status_code == 409
    assert api("curator")("post", rejection).status_code == 409
    assert audited(swap, "reject") == 1
    assert told(swap, "amendment_rejected") >= {"curator", "curator_other"}
    log_in(client, "curator")
    assert "rejected the change of the parties" in client.get("/notifications").get_data(as_text=True)


def test_the_joining_partys_signatory_comes_with_the_amendment(app, swap):
    api, path = swap["api"], swap["path"]
    joining = {"institution_id": swap["tashkent"], "signatory_name": {"en": "W. Eshonov", "ru": "В. Эшонов"}}
    body = {"parties": [{"institution_id": swap["ganja"]}, {"institution_id": swap["turkestan"]}, joining]}
    proposed = api("curator")("patch", path, json=body).get_json()
    assert proposed["parties"][2]["signatory_name"] == joining["signatory_name"]
    assert proposed["parties"][0]["signatory_name"]  # a staying party keeps its stored signatory
    assert api("admin")("post", f"{path}/amendments/{proposed['id']}/application").status_code == 200
    parties = api("curator")("get", path).get_json()["parties"]
    assert [p["institution_id"] for p in parties] == [swap["ganja"], swap["turkestan"], swap["tashkent"]]
    assert parties[2]["signatory_name"] == joining["signatory_name"]
