"""Every route of the app, for every role, with the answer expected. A route added without an
entry here fails `test_every_route_has_an_entry`."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.agreements.amendments import propose
from tests.api.conftest import loan_ids
from tests.conftest import ROLES, add_users_of_another_partnership, csrf_token, log_in

R = 302  # anonymous: sent to the log-in page
OK, NO, GONE = 200, 403, 404
READ_ALL = (R, OK, OK, OK, OK, OK, OK)
PARTNERSHIP = (R, OK, GONE, OK, OK, OK, OK)  # a partner of another partnership may not know it exists
EDIT = (R, NO, NO, NO, OK, NO, OK)  # curators of a party, and admins
CREATE = (R, NO, NO, NO, OK, OK, OK)
ADMIN = (R, NO, NO, NO, NO, NO, OK)
LOAN = (R, OK, GONE, OK, OK, GONE, OK)
LOAN_READ = (R, OK, GONE, OK, OK, GONE, OK)  # the lender's and the borrower's people
LOAN_EDIT = (R, NO, NO, NO, OK, GONE, OK)  # their curators

GET = {
    "/": READ_ALL,
    "/healthz": (OK,) * 7,
    "/login": (OK, R, R, R, R, R, R),
    "/account": READ_ALL,
    "/account/password": READ_ALL,
    "/account/feeds": READ_ALL,
    "/agreements": READ_ALL,
    "/agreements/{agreement}": PARTNERSHIP,
    "/agreements/{agreement}/articles/5": PARTNERSHIP,
    "/agreements/{agreement}/report": PARTNERSHIP,
    "/agreements/{agreement}/report.csv": PARTNERSHIP,
    "/agreements/{agreement}/report.xlsx": PARTNERSHIP,
    "/agreements/{agreement}/report.pdf?languages=az,kk": PARTNERSHIP,
    "/institutions/{institution}/report": PARTNERSHIP,
    "/institutions/{institution}/report.docx": PARTNERSHIP,
    "/plans/{plan}/results": EDIT,
    "/reports": READ_ALL,
    "/institutions/new": (R, NO, NO, NO, NO, NO, OK),
    "/institutions/{institution}/edit": (R, NO, NO, NO, OK, NO, OK),
    "/institutions/{institution}/delete": ADMIN,
    "/institutions/{institution}": PARTNERSHIP,
    "/agreements/new": CREATE,
    # a scan that is not the user's (or no scan): 404 for those who may upload one
    "/agreements/new/scans/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA": (R, NO, NO, NO, GONE, GONE, GONE),
    "/agreements/new/scans/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/pages/1.png": (R, NO, NO, NO, GONE, GONE, GONE),
    "/agreements/{agreement}/edit": EDIT,
    "/audit": (R, NO, NO, NO, NO, NO, OK),
    "/admin/users": ADMIN,
    "/admin/users/new": ADMIN,
    "/admin/users/{user}": ADMIN,
    "/admin/deleted": ADMIN,
    "/search?q=ganja": READ_ALL,
    "/plans": READ_ALL,
    "/agreements?partner={institution}&year=2026&status=in_force": READ_ALL,
    "/plans/{plan}": PARTNERSHIP,
    "/plans/{plan}/edit": EDIT,
    "/plans/{plan}/agreement.pdf": PARTNERSHIP,
    "/plans/{plan}/agreement.docx": PARTNERSHIP,
    # no copy with that id on the plan (the route plan is not signed): 404 for every reader
    # (downloads by role: tests/plans/test_signed_copies.py)
    "/plans/{plan}/signed-copies/999999": (R, GONE, GONE, GONE, GONE, GONE, GONE),
    "/agreements/{agreement}/plans/new": EDIT,
    # the agreements one may plan under; a curator whose institution is party to one goes straight to it
    "/plans/new": (R, NO, NO, NO, R, R, OK),
    "/plans/new?agreement={agreement}": EDIT,
    "/plans/{plan}/delete": EDIT,
    "/calendar": READ_ALL,
    "/calendar?view=week&day=2026-12-09": READ_ALL,
    "/calendar?view=week&agreement={agreement}&plan={plan}": READ_ALL,  # filters: nothing shown, not refused
    "/plans/{plan}/calendar": PARTNERSHIP,
    "/plans/{plan}/calendar?view=week&day=2026-12-09": PARTNERSHIP,
    "/agreements/{agreement}/calendar": PARTNERSHIP,
    "/agreements/{agreement}/calendar?view=week": PARTNERSHIP,
    "/institutions/{institution}/calendar": PARTNERSHIP,
    "/institutions/{institution}/calendar?view=week": PARTNERSHIP,
    "/events/{event}": PARTNERSHIP,
    "/events/{event}.ics": PARTNERSHIP,
    "/events/{event}/edit": EDIT,
    "/plans/{plan}/events/new": EDIT,
    "/events/{series}/move/2026-12-15T11:00": EDIT,
    "/map": READ_ALL,
    "/map.geojson": READ_ALL,
    "/plans/{plan}/map": PARTNERSHIP,
    "/plans/{plan}/map.geojson": PARTNERSHIP,
    "/plans/{plan}/route.gpx": PARTNERSHIP,
    "/agreements/{agreement}/map": PARTNERSHIP,
    "/agreements/{agreement}/map.geojson": PARTNERSHIP,
    "/institutions/{institution}/map": PARTNERSHIP,
    "/institutions/{institution}/map.geojson": PARTNERSHIP,
    "/sites/{site}": PARTNERSHIP,
    "/sites/new": CREATE,
    "/sites/{site}/edit": EDIT,
    "/sites/{site}/delete": EDIT,
    "/static/css/planner.css": (OK,) * 7,
    "/api-reference": (OK,) * 7,
    "/api/v1/openapi.json": (OK,) * 7,
    # a feed's token is its log-in: each role with its own token; anonymous with none valid
    "/feeds/{secret}/my.ics": (GONE, OK, OK, OK, OK, OK, OK),
    "/feeds/{secret}/plans/{plan}.ics": (GONE, OK, GONE, OK, OK, OK, OK),
    # a loan: its two institutions' people (partner: Aziret Sultan; staff, curator: Ganja) and admins
    "/loans/{loan}": LOAN,
    "/loans/{loan}?side=borrower": LOAN,
    "/loans/{loan}/agreement": LOAN,
    "/loans/{loan}/photos/999999": (R, GONE, GONE, GONE, GONE, GONE, GONE),
    "/admin/permit-templates": ADMIN,
    "/admin/permit-templates/AZ": ADMIN,
    "/notifications": READ_ALL,
    "/plans/{plan}/tasks": PARTNERSHIP,
    "/plans/{plan}/tasks.csv": PARTNERSHIP,
    "/plans/{plan}/tasks/{task}/edit": EDIT,
    "/plans/{plan}/tasks/{task}/proof": (R, GONE, GONE, GONE, GONE, GONE, GONE),  # no proof file yet
    "/admin/task-templates": ADMIN,
    "/admin/task-templates/new": ADMIN,
    "/admin/task-templates/{template}": ADMIN,
    "/notifications/{notification}": (R, R, GONE, GONE, GONE, GONE, GONE),  # the partner's own: to its plan
    # public: the link is the credential (tests/accounts/test_invitation.py); a made-up one is not known
    "/invitation/not-a-link": (GONE,) * 7,
    # loans (#28 items 7-10): the Silk Road loan, Ganja (curator, staff) to Aziret Sultan (partner)
    "/loans/{loan}/objects": LOAN_READ,
    "/loans/{loan}/spectrum.csv": LOAN_READ,
    "/loans/{loan}/collectionspace.xml": LOAN_READ,
    "/loans/{loan}/condition-report/departure.pdf": LOAN_READ,
    "/loans/{loan}/condition-report/nowhere.pdf": (R, GONE, GONE, GONE, GONE, GONE, GONE),
    "/loans/{loan}/images/999999/full": (R, GONE, GONE, GONE, GONE, GONE, GONE),
    "/loans/{loan}/import": LOAN_EDIT,
    "/plans/{silk}/loan-objects/import": EDIT,
    # an institution's objects: its own users and administrators; nobody else learns of them
    "/institutions/{institution}/objects": (R, GONE, GONE, OK, OK, GONE, OK),
}
# State-changing routes: refused (403/404, or the log-in page) or accepted (anything else but a 500).
ACCEPTED, REFUSED = "accepted", "refused"
POST_CURATOR = (R, NO, NO, NO, ACCEPTED, NO, ACCEPTED)
POST_LOAN = (R, NO, NO, NO, ACCEPTED, GONE, ACCEPTED)
POST = {
    "/language": (ACCEPTED,) * 7,
    "/invitation/not-a-link/renew": (GONE,) * 7,
    "/account/feed-token": (R,) + (ACCEPTED,) * 6,
    # administrators only; the world's institution is a party: refused with the reason, kept
    "/institutions/{institution}/delete": (R, NO, NO, NO, NO, NO, ACCEPTED),
    "/agreements/{agreement}/protocols": POST_CURATOR,
    "/agreements/{agreement}/notice": POST_CURATOR,
    "/plans/{plan}/venues": POST_CURATOR,
    "/plans/{plan}/stops/{stop}/move": POST_CURATOR,
    "/plans/{plan}/stops/{stop}/delete": POST_CURATOR,
    "/plans/{plan}/costs/template": POST_CURATOR,
    "/plans/{plan}/status": POST_CURATOR,
    "/events/{event}/delete": POST_CURATOR,
    "/plans/{plan}/approve": (R, NO, NO, NO, ACCEPTED, NO, NO),
    # a pending change of parties proposed by Ganja, Tashkent joining: Ganja's curator has
    # approved already (a message, no change), Tashkent's consents; administrators apply
    "/agreements/{agreement}/amendments/{amendment}/approve": (R, NO, NO, NO, ACCEPTED, ACCEPTED, NO),
    "/agreements/{agreement}/amendments/{amendment}/apply": (R, NO, NO, NO, NO, NO, ACCEPTED),
    # Tashkent's curator is concerned (joining); Ganja's withdraws its own proposal so
    "/agreements/{agreement}/amendments/{amendment}/reject": (R, NO, NO, NO, ACCEPTED, ACCEPTED, ACCEPTED),
    "/plans/{plan}/signed-copies": POST_CURATOR,  # accepted: refused with a message (not approved yet)
    # the parties' curators and staff, and administrators, write in the discussion
    "/plans/{plan}/comments": (R, NO, GONE, ACCEPTED, ACCEPTED, NO, ACCEPTED),
    "/plans/{plan}/proposal": POST_CURATOR,
    # a curator of a party other than the lead (the route's lead is Turkestan)
    "/plans/{plan}/change-requests": (R, NO, NO, NO, ACCEPTED, NO, NO),
    "/plans/{plan}/restore": (R, NO, NO, NO, NO, NO, ACCEPTED),
    "/plans/{plan}/results": POST_CURATOR,
    "/admin/users/{user}/observes": (R, NO, NO, NO, NO, NO, ACCEPTED),  # refused with a message: not an observer
    "/plans/{plan}/tasks": POST_CURATOR,  # an empty form: answered 400 with its errors
    "/plans/{plan}/tasks/from-template": POST_CURATOR,  # it has its checklist: a message
    "/plans/{plan}/tasks/{task}/edit": POST_CURATOR,
    "/plans/{plan}/tasks/{task}/pin": POST_CURATOR,
    "/plans/{plan}/tasks/{task}/state": POST_CURATOR,  # no state sent: a message
    "/plans/{plan}/tasks/{task}/done": POST_CURATOR,
    "/plans/{plan}/tasks/{task}/delete": POST_CURATOR,
    "/admin/task-templates/new": (R, NO, NO, NO, NO, NO, ACCEPTED),
    "/admin/task-templates/{template}": (R, NO, NO, NO, NO, NO, ACCEPTED),
    # a loan's curators (Ganja's here) and administrators; readers refused, outsiders never told
    **{
        f"/loans/{{loan}}/{action}": POST_LOAN
        for action in ("reference", "borrower", "agreement", "checks", "insurance", "legs", "couriers", "permits")
    },
    "/loans/{loan}/checks/{arrival_check}/countersignature": POST_LOAN,
    "/loans/{loan}/permits/999999/granted": POST_LOAN,
    "/loans/{loan}/transitions": POST_LOAN,  # "cancelled": the demo loan is cancelled (last)
    "/admin/permit-templates/TR": (R, NO, NO, NO, NO, NO, ACCEPTED),
    "/admin/users/{user}": (R, NO, NO, NO, NO, NO, ACCEPTED),
    "/admin/users/{user}/password": (R, NO, NO, NO, NO, NO, ACCEPTED),
    "/admin/users/{user}/invitation": (R, NO, NO, NO, NO, NO, ACCEPTED),
    "/admin/users/{user}/deactivate": (R, NO, NO, NO, NO, NO, ACCEPTED),
    "/admin/users/{user}/reactivate": (R, NO, NO, NO, NO, NO, ACCEPTED),
    "/admin/users/new": (R, NO, NO, NO, NO, NO, ACCEPTED),
    "/account/api-tokens": (R,) + (ACCEPTED,) * 6,
    "/loans/{loan}/objects/{silk_object}": (R, NO, NO, NO, ACCEPTED, GONE, ACCEPTED),
    "/loans/{loan}/objects/{silk_object}/images": (R, NO, NO, NO, ACCEPTED, GONE, ACCEPTED),  # no file: the reason
    "/loans/{loan}/images/999999/delete": (R, NO, NO, NO, GONE, GONE, GONE),
    "/loans/{loan}/import": (R, NO, NO, NO, ACCEPTED, GONE, ACCEPTED),  # no file: the reason
    "/plans/{silk}/loan-objects/import": POST_CURATOR,
    "/notifications/read": (R,) + (ACCEPTED,) * 6,
    "/account/notifications": (R,) + (ACCEPTED,) * 6,
    "/account/api-tokens/999999/revoke": (R,) + (GONE,) * 6,
    "/account/password": (R,) + (ACCEPTED,) * 6,
    "/account/logout-everywhere": (R,) + (ACCEPTED,) * 6,  # then the session is over
    "/logout": (R,) + (ACCEPTED,) * 6,  # last: it ends the session
}
# Rules covered by the paths above (POST forms of GET pages are exercised by the domain tests).
COVERED_RULES = {
    "/",
    "/healthz",
    "/login",
    "/account",
    "/logout",
    "/language",
    "/account/feed-token",
    "/account/feeds",
    "/agreements",
    "/agreements/<int:agreement_id>",
    "/agreements/<int:agreement_id>/articles/<int:number>",
    "/agreements/<int:agreement_id>/report",
    "/agreements/<int:agreement_id>/report.<any(pdf, docx, xlsx, csv):file_format>",
    "/institutions/<int:institution_id>/report",
    "/institutions/<int:institution_id>/report.<any(pdf, docx, xlsx, csv):file_format>",
    "/plans/<int:plan_id>/results",
    "/reports",
    "/admin/users/<int:user_id>/observes",
    "/institutions/new",
    "/institutions/<int:institution_id>/edit",
    "/institutions/<int:institution_id>/delete",
    "/institutions/<int:institution_id>",
    "/agreements/new",
    "/agreements/new/scans/<token>",
    "/agreements/new/scans/<token>/pages/<int:number>.png",
    "/agreements/<int:agreement_id>/edit",
    "/agreements/<int:agreement_id>/notice",
    "/agreements/<int:agreement_id>/protocols",
    "/agreements/<int:agreement_id>/amendments/<int:amendment_id>/approve",
    "/agreements/<int:agreement_id>/amendments/<int:amendment_id>/apply",
    "/agreements/<int:agreement_id>/amendments/<int:amendment_id>/reject",
    "/audit",
    "/plans/<int:plan_id>",
    "/plans/<int:plan_id>/edit",
    "/plans/<int:plan_id>/agreement.<any(pdf, docx):file_format>",
    "/agreements/<int:agreement_id>/plans/new",
    "/plans/new",
    "/plans/<int:plan_id>/delete",
    "/plans/<int:plan_id>/<any(venues, costs, loans, participants, stops):part_key>",
    "/plans/<int:plan_id>/<any(venues, costs, loans, participants, stops):part_key>/<int:item_id>/delete",
    "/plans/<int:plan_id>/stops/<int:item_id>/move",
    "/plans/<int:plan_id>/costs/template",
    "/plans/<int:plan_id>/approve",
    "/plans/<int:plan_id>/signed-copies",
    "/plans/<int:plan_id>/signed-copies/<int:copy_id>",
    "/plans/<int:plan_id>/comments",
    "/plans/<int:plan_id>/proposal",
    "/plans/<int:plan_id>/change-requests",
    "/plans/<int:plan_id>/status",
    "/plans/<int:plan_id>/restore",
    "/calendar",
    "/<any(plan, agreement, institution):kind>s/<int:scope_id>/calendar",
    "/events/<int:event_id>",
    "/events/<int:event_id>.ics",
    "/events/<int:event_id>/edit",
    "/plans/<int:plan_id>/events/new",
    "/events/<int:event_id>/delete",
    "/events/<int:event_id>/move/<occurrence>",
    "/feeds/<secret>/my.ics",
    "/feeds/<secret>/<any(plan, agreement, institution):kind>s/<int:scope_id>.ics",
    "/map",
    "/map.geojson",
    "/<any(plan, agreement, institution):kind>s/<int:scope_id>/map",
    "/<any(plan, agreement, institution):kind>s/<int:scope_id>/map.geojson",
    "/plans/<int:plan_id>/route.gpx",
    "/sites/<int:site_id>",
    "/sites/new",
    "/sites/<int:site_id>/edit",
    "/sites/<int:site_id>/delete",
    "/static/<path:filename>",
    "/api-reference",
    "/api/v1/openapi.json",
    "/account/api-tokens",
    "/account/api-tokens/<int:token_id>/revoke",
    "/account/password",
    "/account/logout-everywhere",
    "/admin/users",
    "/admin/users/new",
    "/admin/users/<int:user_id>",
    "/admin/users/<int:user_id>/<any(deactivate, reactivate):change>",
    "/admin/users/<int:user_id>/password",
    "/admin/users/<int:user_id>/invitation",
    "/admin/deleted",
    "/search",
    "/plans",
    "/notifications",
    "/notifications/<int:notification_id>",
    "/loans/<int:loan_id>",
    "/loans/<int:loan_id>/transitions",
    "/loans/<int:loan_id>/reference",
    "/loans/<int:loan_id>/borrower",
    "/loans/<int:loan_id>/agreement",
    "/loans/<int:loan_id>/checks",
    "/loans/<int:loan_id>/checks/<int:check_id>/countersignature",
    "/loans/<int:loan_id>/photos/<int:attachment_id>",
    "/loans/<int:loan_id>/insurance",
    "/loans/<int:loan_id>/legs",
    "/loans/<int:loan_id>/couriers",
    "/loans/<int:loan_id>/permits",
    "/loans/<int:loan_id>/permits/<int:permit_id>/granted",
    "/admin/permit-templates",
    "/admin/permit-templates/<country>",
    "/notifications/read",
    "/account/notifications",
    "/invitation/<secret>",
    "/invitation/<secret>/renew",
    "/plans/<int:plan_id>/tasks",
    "/plans/<int:plan_id>/tasks.csv",
    "/plans/<int:plan_id>/tasks/from-template",
    "/plans/<int:plan_id>/tasks/<int:task_id>/edit",
    "/plans/<int:plan_id>/tasks/<int:task_id>/pin",
    "/plans/<int:plan_id>/tasks/<int:task_id>/done",
    "/plans/<int:plan_id>/tasks/<int:task_id>/state",
    "/plans/<int:plan_id>/tasks/<int:task_id>/delete",
    "/plans/<int:plan_id>/tasks/<int:task_id>/proof",
    "/admin/task-templates",
    "/admin/task-templates/new",
    "/admin/task-templates/<int:template_id>",
    "/loans/<int:loan_id>/objects",
    "/loans/<int:loan_id>/objects/<int:object_id>",
    "/loans/<int:loan_id>/objects/<int:object_id>/images",
    "/loans/<int:loan_id>/images/<int:image_id>/<any(full, thumbnail):size>",
    "/loans/<int:loan_id>/images/<int:image_id>/delete",
    "/loans/<int:loan_id>/import",
    "/plans/<int:plan_id>/loan-objects/import",
    "/institutions/<int:institution_id>/objects",
    "/loans/<int:loan_id>/spectrum.csv",
    "/loans/<int:loan_id>/collectionspace.xml",
    "/loans/<int:loan_id>/condition-report/<checkpoint>.pdf",
}


def test_every_route_has_an_entry(app):
    """The API's operations have their own table (tests/api/test_api_authorization.py)."""
    rules = {rule.rule for rule in app.url_map.iter_rules() if not rule.endpoint.startswith(API_BLUEPRINTS)}
    assert rules - COVERED_RULES == set(), "add the new route to the authorization table"


API_BLUEPRINTS = ("Institutions.", "Agreements.", "Plans.", "Events.", "Documents.", "Reports.", "Tasks.", "Loans.")


@pytest.fixture()
def world(app, demo):
    """The Ganja partnership's ids, users at an unrelated institution (Tashkent), and a pending
    change of the partnership's parties (Tashkent to join) proposed by Ganja's curator."""
    from planner.agreements.models import Agreement
    from planner.tasks.models import Task, TaskTemplate
    from planner.tasks.operations import make_checklist

    tashkent = add_users_of_another_partnership(demo.session)
    demo.session.commit()
    agreement = next(a for a in demo.session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    amendment = propose(app, demo.session, "curator", agreement, [*agreement.institution_ids, tashkent.id])
    route = next(p for p in agreement.plans if p.kind == "heritage_route")
    make_checklist(route)  # the demo gives the Silk Road exhibition alone its checklist
    demo.session.commit()
    ganja = next(p.institution for p in agreement.parties if p.institution.short_name == "Ganja Reserve")
    webinar = next(p for p in agreement.plans if p.kind == "webinar")
    silk = next(p for p in agreement.plans if p.kind == "exhibition")
    return {
        "silk": silk.id,
        "silk_object": silk.loan_objects[0].id,
        **loan_ids(demo.session),
        "notification": partners_notification(demo.session),
        "series": webinar.events[0].id,
        "agreement": agreement.id,
        "amendment": amendment,
        "plan": route.id,
        "event": route.events[0].id,
        "institution": ganja.id,
        "site": ganja.sites[0].id,
        "stop": route.route_stops[0].id,
        "user": next(u.id for u in tashkent_users(demo.session, tashkent) if u.role == "partner"),
        "task": next(t.id for t in demo.session.scalars(select(Task).where(Task.plan_id == route.id))),
        "template": demo.session.scalar(select(TaskTemplate.id).order_by(TaskTemplate.id).limit(1)),
    }


def tashkent_users(session, tashkent):
    from planner.accounts.models import User

    return session.scalars(select(User).where(User.institution_id == tashkent.id))


def partners_notification(session) -> int:
    """The demo's notice to the partner (Aziret Sultan) that Ganja approved a plan."""
    from planner.accounts.models import User
    from planner.notifications.models import Notification

    partner = session.scalar(select(User).where(User.username == "partner"))
    return session.scalar(select(Notification.id).where(Notification.user_id == partner.id))


def client_as(app, role: str):
    client = app.test_client()
    if role != "anonymous":
        response = log_in(client, role)
        assert response.status_code == 200
    return client


def feed_secret(app, role: str) -> str:
    if role == "anonymous":
        return "not-a-token"
    output = app.test_cli_runner().invoke(args=["feeds", "urls", "--user", role]).output
    return output.split()[0].split("/")[2]


@pytest.mark.parametrize("role", ROLES)
def test_get_routes(app, world, role):
    client = client_as(app, role)
    ids = {**world, "secret": feed_secret(app, role)}
    wrong = {}
    for template, expected in GET.items():
        path = template.format(**ids)
        with client.get(path) as response:
            status = response.status_code
        if status != expected[ROLES.index(role)]:
            wrong[path] = (status, expected[ROLES.index(role)])
    assert wrong == {}


@pytest.mark.parametrize("role", ROLES)
def test_post_routes(app, world, role):
    client = client_as(app, role)
    token = csrf_token(client.get("/login" if role == "anonymous" else "/account").data)
    wrong = {}
    for template, expected in POST.items():
        path = template.format(**world)
        status = client.post(
            path, data={"csrf_token": token, "version_id": 0, "direction": "up", "status": "cancelled", "lang": "en"}
        ).status_code
        want = expected[ROLES.index(role)]
        if (
            status == 500
            or (want == ACCEPTED and status in (401, 403, 404))
            or (want in (R, NO, GONE) and status != want)
        ):
            wrong[path] = (status, want)
    assert wrong == {}


def test_post_without_csrf_token_is_refused(app, world):
    client = client_as(app, "curator")
    response = client.post(f"/agreements/{world['agreement']}/protocols", data={"text": "Amendment"})
    assert response.status_code == 400


# --- the observer (a ministry): the granted institutions' agreements and reports, nothing else ---

#: What an observer granted the Ganja reserve gets on each GET route above; every other route 403.
OBSERVER = {
    "/": R,  # to its reports
    "/healthz": OK,
    "/login": R,
    "/account": OK,
    "/account/password": OK,
    "/agreements": OK,
    "/agreements/{agreement}": OK,
    "/agreements/{agreement}/articles/5": OK,
    "/agreements/{agreement}/report": OK,
    "/agreements/{agreement}/report.csv": OK,
    "/agreements/{agreement}/report.xlsx": OK,
    "/agreements/{agreement}/report.pdf?languages=az,kk": OK,
    "/agreements?partner={institution}&year=2026&status=in_force": OK,
    "/institutions/{institution}": OK,
    "/institutions/{institution}/report": OK,
    "/institutions/{institution}/report.docx": OK,
    "/reports": OK,
    "/static/css/planner.css": OK,
    "/api-reference": OK,  # public: the reports' API is documented there
    "/api/v1/openapi.json": OK,
}


@pytest.fixture()
def observer(app, world):
    """An observer granted the Ganja reserve, made as an operator would (`flask users create`)."""
    from tests.conftest import DEMO_PASSWORD

    result = app.test_cli_runner().invoke(
        args=["users", "create", "ministry", "--role", "observer", "--observes", str(world["institution"]),
              "--password", DEMO_PASSWORD]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    client = app.test_client()
    assert log_in(client, "ministry").status_code == 200
    return client


def test_an_observer_reads_its_reports_and_agreements_and_nothing_else(app, world, observer):
    ids = {**world, "secret": "not-a-token"}
    wrong = {}
    for template in GET:
        path = template.format(**ids)
        want = OBSERVER.get(template, NO)
        with observer.get(path) as response:
            if response.status_code != want:
                wrong[path] = (response.status_code, want)
    assert wrong == {}


def test_an_observer_reads_no_other_institution_and_no_plan(app, demo, world, observer):
    from planner.agreements.models import Agreement

    others = [a for a in demo.session.scalars(select(Agreement)) if world["institution"] not in a.institution_ids]
    assert others and observer.get(f"/agreements/{others[0].id}").status_code == 404
    assert observer.get(f"/agreements/{others[0].id}/report").status_code == 404
    ganja = next(a for a in demo.session.scalars(select(Agreement)) if a.id == world["agreement"])
    partner = next(i for i in ganja.institution_ids if i != world["institution"])  # readable, not granted
    assert observer.get(f"/institutions/{partner}").status_code == 200
    assert observer.get(f"/institutions/{partner}/report").status_code == 404
    assert observer.get(f"/plans/{world['plan']}").status_code == 403  # plans, comments, people: not its to read
    for page in (f"/agreements/{world['agreement']}", f"/institutions/{world['institution']}", "/reports"):
        body = observer.get(page).get_data(as_text=True)  # no link to what it may not open
        assert not re.search(r'href="/(plans|calendar|map|search|sites|events|notifications)', body), page
        assert "/report" in body
    assert observer.get("/api/v1/plans").status_code in (401, 403)


def test_an_observer_never_reads_a_draft_agreement(app, demo, world, observer):
    from planner.agreements.models import Agreement, Party

    draft = Agreement(title={"en": "Draft memorandum"}, status="draft")
    draft.parties.append(Party(institution_id=world["institution"]))
    demo.session.add(draft)
    demo.session.commit()
    assert observer.get(f"/agreements/{draft.id}").status_code == 404
    assert f'/agreements/{draft.id}"' not in observer.get("/agreements").get_data(as_text=True)
