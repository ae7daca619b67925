"""Every API operation for every role, with the status expected: the same rules as the pages,
and 404 rather than 403 for what the caller may not know exists."""

from __future__ import annotations

import pytest

from tests.conftest import ROLES

U = 401
READ_ALL = (U, 200, 200, 200, 200, 200, 200)
PARTNERSHIP = (U, 200, 404, 200, 200, 200, 200)


LOAN_READ = (U, 200, 404, 200, 200, 404, 200)  # the lender's and the borrower's people, administrators
FILES = (".csv", ".xml", ".pdf", "/agreement")  # answers that are files, not JSON (a loan's signed agreement)


def EDIT(ok):  # curators of a party and admins; a partner of another partnership does not know it
    return (U, 403, 404, 403, ok, 403, ok)


def LOAN(read, ok):
    """A loan: its two institutions' people (partner: Aziret Sultan, staff and curator: Ganja) and
    administrators; nobody else knows it exists, not even a curator who reads every agreement."""
    return (U, read, 404, read, ok, 404, ok)


def CREATE(ok):
    return (U, 403, 403, 403, ok, ok, ok)


MOU = "Memorandum\n\nArticle 1\nThe Parties may organise joint exhibitions.\n\nArticle 2\nThis Memorandum enters into force on signing."
EVENT = {"title": "Study day", "starts_local": "2027-02-01T10:00:00", "ends_local": "2027-02-01T16:00:00"}
PART_BODIES = {
    "venues": {"site_id": "{site}"},
    "route-stops": {"site_id": "{site}", "position": 1},
    "cost-items": {"payer_institution_id": "{institution}", "amount": "100.00", "currency": "AZN"},
    "loan-objects": {"lender_institution_id": "{institution}", "inventory_number": "GR-1", "title": "Jug"},
    "participants": {"name": "A. Curator", "home_institution_id": "{institution}"},
}
# In order: reads, creates, changes, then deletions (each role starts from fresh demo data).
TABLE = [
    ("get", "/api/v1/loans/{loan}/spectrum.csv", None, LOAN_READ),
    ("get", "/api/v1/loans/{loan}/collectionspace.xml", None, LOAN_READ),
    ("get", "/api/v1/loans/{loan}/condition-report/departure.pdf", None, LOAN_READ),
    ("get", "/api/v1/institutions", None, READ_ALL),
    ("get", "/api/v1/institutions/{institution}", None, PARTNERSHIP),
    ("get", "/api/v1/sites", None, READ_ALL),
    ("get", "/api/v1/sites/{site}", None, PARTNERSHIP),
    ("get", "/api/v1/agreements", None, READ_ALL),
    ("get", "/api/v1/agreements/{agreement}", None, PARTNERSHIP),
    ("get", "/api/v1/plans", None, READ_ALL),
    ("get", "/api/v1/plans/{plan}", None, PARTNERSHIP),
    # without Accept: application/pdf or the Word type, 406 (tests/documents test the files by role)
    ("get", "/api/v1/plans/{plan}/agreement", None, (U, 406, 404, 406, 406, 406, 406)),
    ("get", "/api/v1/events", None, READ_ALL),
    ("get", "/api/v1/events/{event}", None, PARTNERSHIP),
    ("get", "/api/v1/agreements/{agreement}/amendments", None, PARTNERSHIP),
    ("get", "/api/v1/agreements/{agreement}/amendments/{amendment}", None, PARTNERSHIP),
    ("get", "/api/v1/agreements/{agreement}/report", None, PARTNERSHIP),
    ("get", "/api/v1/institutions/{institution}/report", None, PARTNERSHIP),
    ("get", "/api/v1/plans/{plan}/results", None, PARTNERSHIP),
    ("put", "/api/v1/plans/{plan}/results", {"outcome": {"en": "Done"}}, EDIT(200)),
    ("post", "/api/v1/mou/parse", {"text": MOU}, READ_ALL),
    # a scan's recognition: only its sender reads it (tests/api/test_mou_scans.py); no job, 404 for all
    ("get", "/api/v1/mou/scans/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", None, (U, 404, 404, 404, 404, 404, 404)),
    ("get", "/api/v1/plans/{plan}/tasks", None, PARTNERSHIP),
    ("get", "/api/v1/tasks/{task}", None, PARTNERSHIP),
    ("get", "/api/v1/task-templates", None, READ_ALL),
    ("get", "/api/v1/task-templates/{template}", None, READ_ALL),
    ("patch", "/api/v1/tasks/{task}", {"pinned": True}, EDIT(200)),
    # administrators write the templates
    ("patch", "/api/v1/task-templates/{template}", {"active": True}, (U, 403, 403, 403, 403, 403, 200)),
    (
        "post",
        "/api/v1/task-templates",
        {
            "plan_kind": "film",
            "title": {"en": "Book the crew"},
            "anchor": "first_event",
            "offset": {"amount": 2, "unit": "months", "direction": "before"},
        },
        (U, 403, 403, 403, 403, 403, 201),
    ),
    ("post", "/api/v1/plans/{plan}/approvals", {"fingerprint": "{fingerprint}"}, (U, 403, 404, 403, 201, 403, 403)),
    # the route plan awaits the partner's approval: a party's curator and the admin hear 409
    # (uploads and downloads by role: tests/plans/test_signed_copies.py)
    ("post", "/api/v1/plans/{plan}/signed-copies", None, (U, 403, 404, 403, 409, 403, 409)),
    ("get", "/api/v1/plans/{plan}/signed-copies/999999", None, (U, 404, 404, 404, 404, 404, 404)),
    ("get", "/api/v1/plans/{plan}/comments", None, PARTNERSHIP),
    # the parties' curators and staff, and administrators; partner viewers read the thread only
    ("post", "/api/v1/plans/{plan}/comments", {"text": "Can the route pass Shaki?"}, (U, 403, 404, 201, 201, 403, 201)),
    # the route is proposed already: nothing to propose (its lead is Turkestan; Ganja's curator may edit)
    ("post", "/api/v1/plans/{plan}/proposal", None, (U, 403, 404, 403, 422, 403, 422)),
    # only a curator of a party other than the lead (Turkestan): Ganja's curator
    ("post", "/api/v1/plans/{plan}/change-requests", {"comment": "Add Shaki."}, (U, 403, 404, 403, 201, 403, 403)),
    (
        "post",
        "/api/v1/institutions",
        {"name": {"en": "Ege University"}, "country": "TR", "timezone": "Europe/Istanbul"},
        (U, 403, 403, 403, 403, 403, 201),
    ),
    ("post", "/api/v1/sites", {"name": {"en": "Nizami Mausoleum"}, "latitude": 40.72, "longitude": 46.40}, CREATE(201)),
    ("post", "/api/v1/agreements", {"text": MOU}, CREATE(201)),
    ("post", "/api/v1/agreements/{agreement}/protocols", {"text": "Protocol No. 1"}, EDIT(201)),
    (
        "post",
        "/api/v1/plans",
        {"agreement_id": "{agreement}", "kind": "webinar", "title": {"en": "Webinar"}},
        EDIT(201),
    ),
    ("post", "/api/v1/events", {"plan_id": "{plan}", **EVENT}, EDIT(201)),
    *[("post", f"/api/v1/plans/{{plan}}/{slug}", body, EDIT(201)) for slug, body in PART_BODIES.items()],
    ("patch", "/api/v1/institutions/{institution}", {"city": "Ganja"}, (U, 403, 404, 403, 200, 403, 200)),
    ("patch", "/api/v1/sites/{site}", {"address": "Javad Khan street"}, (U, 403, 404, 403, 200, 403, 200)),
    ("patch", "/api/v1/agreements/{agreement}", {"term_years": 5}, EDIT(200)),
    ("patch", "/api/v1/plans/{plan}", {"description": {"en": "Three cities."}}, EDIT(200)),
    ("patch", "/api/v1/plans/{plan}/route-stops/{stop}", {"position": 2}, EDIT(200)),
    ("patch", "/api/v1/events/{event}", {"title": "Departure from Ganja"}, EDIT(200)),
    (
        "post",
        "/api/v1/agreements/{agreement}/notice",
        {"given_on": "2026-11-01", "given_by_institution_id": "{institution}"},
        EDIT(200),
    ),
    # the pending change of parties (Tashkent to join, Ganja approved by proposing): Tashkent's
    # curator consents (Aziret Sultan's is still missing), Ganja's has already (409); partners,
    # staff and administrators do not consent; administrators apply it at once
    (
        "post",
        "/api/v1/agreements/{agreement}/amendments/{amendment}/approvals",
        None,
        (U, 403, 404, 403, 409, 201, 403),
    ),
    (
        "post",
        "/api/v1/agreements/{agreement}/amendments/{amendment}/application",
        None,
        (U, 403, 404, 403, 403, 403, 200),
    ),
    # then rejected: by whoever is concerned while pending (403 for the others), 409 once decided
    (
        "post",
        "/api/v1/agreements/{agreement}/amendments/{amendment}/rejection",
        None,
        (U, 403, 404, 403, 200, 200, 409),
    ),
    # loans: the lender's and the borrower's people only; their curators (and admins) change them
    ("get", "/api/v1/plans/{loan_plan}/loans", None, PARTNERSHIP),
    ("get", "/api/v1/loans/{loan}", None, LOAN(200, 200)),
    ("post", "/api/v1/loans/{loan}/transitions", {"status": "deinstalled"}, LOAN(403, 200)),
    (
        "post",
        "/api/v1/loans/{loan}/condition-checks",
        {
            "object_id": "{loan_object}",
            "checkpoint": "installation",
            "condition": "good",
            "checker_institution_id": "{institution}",
        },
        LOAN(403, 201),
    ),
    # Turkestan's arrival check: Ganja's curator countersigns; an administrator is of neither side
    (
        "post",
        "/api/v1/loans/{loan}/condition-checks/{arrival_check}/countersignature",
        {"agree": True},
        (U, 403, 404, 403, 200, 404, 403),
    ),
    (
        "put",
        "/api/v1/loans/{loan}/insurance",
        {
            "kind": "state_indemnity",
            "cover_from": "2026-11-01",
            "cover_to": "2027-06-01",
            "sums": [{"currency": "EUR", "amount": "90000"}],
        },
        LOAN(403, 200),
    ),
    ("post", "/api/v1/loans/{loan}/transport-legs", {"method": "rail"}, LOAN(403, 201)),
    ("post", "/api/v1/loans/{loan}/permits", {"country": "KZ"}, LOAN(403, 201)),
    # Ganja lends: its curator sets the lender's reference (an administrator either side's)
    ("patch", "/api/v1/loans/{loan}", {"lender_reference": "GSHCR-L-2026-09"}, LOAN(403, 200)),
    # the demo's plan has no participants: the curator is told to choose one (201: tests/loans)
    ("post", "/api/v1/loans/{loan}/couriers", {"participant_id": 999999}, LOAN(403, 422)),
    # a JSON body carries no file: refused for it once the role may (201: tests/loans)
    ("post", "/api/v1/loans/{loan}/agreement", None, LOAN(403, 422)),
    ("get", "/api/v1/loans/{loan}/agreement", None, LOAN_READ),
    (
        "patch",
        "/api/v1/loans/{loan}/permits/{loan_permit}",
        {"status": "granted", "number": "MN-2026/1184", "issued_on": "2026-10-28"},
        LOAN(403, 200),
    ),
    ("patch", "/api/v1/loans/{loan}/objects/{loan_object}", {"materials": {"en": "Clay"}}, LOAN(403, 200)),
    ("post", "/api/v1/loans/{loan}/objects/{loan_object}/images", None, LOAN(403, 422)),
    # the demo's objects have no pictures, its checks no photos (read and removed: tests/loans)
    ("get", "/api/v1/loans/{loan}/images/999999", None, (U, 404, 404, 404, 404, 404, 404)),
    ("get", "/api/v1/loans/{loan}/images/999999/thumbnail", None, (U, 404, 404, 404, 404, 404, 404)),
    ("delete", "/api/v1/loans/{loan}/images/999999", None, LOAN(403, 404)),
    ("get", "/api/v1/loans/{loan}/photos/999999", None, (U, 404, 404, 404, 404, 404, 404)),
    ("delete", "/api/v1/plans/{plan}/route-stops/{stop}", None, EDIT(204)),
    ("delete", "/api/v1/events/{event}", None, EDIT(204)),
    ("delete", "/api/v1/sites/{spare_site}", None, (U, 403, 404, 403, 204, 403, 204)),
    ("delete", "/api/v1/institutions/{institution}", None, (U, 403, 404, 403, 403, 403, 409)),
    ("delete", "/api/v1/agreements/{agreement}", None, (U, 403, 404, 403, 403, 403, 409)),
    ("delete", "/api/v1/plans/{plan}", None, EDIT(204)),
    # deleted by the curator and the admin just above; the others still see it, undeleted
    ("post", "/api/v1/plans/{plan}/restore", None, (U, 403, 404, 403, 404, 403, 200)),
]
# Part operations other than route stops: the same code path, added and removed by each role below.
ITEM_OPERATIONS = [(slug, body) for slug, body in PART_BODIES.items() if slug != "route-stops"]


def filled(value, ids: dict):
    """The body or path with {names} replaced by the fixture's ids (ints stay ints)."""
    if isinstance(value, dict):
        return {key: filled(item, ids) for key, item in value.items()}
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
        return ids[value[1:-1]]
    return value.format(**ids) if isinstance(value, str) else value


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_for_every_role(api, api_world, role):
    caller = api(role)
    wrong = {}
    for method, path, body, expected in TABLE:
        kwargs = {"json": filled(body, api_world)} if body is not None else {}
        response = getattr(caller, method)(filled(path, api_world), **kwargs)
        want = expected[ROLES.index(role)]
        if response.status_code != want:
            wrong[f"{method.upper()} {path}"] = (response.status_code, want, response.get_data(as_text=True)[:200])
        assert response.is_json or response.status_code == 204 or (response.status_code == 200 and path.endswith(FILES))
    assert wrong == {}


@pytest.mark.parametrize("role", ROLES)
def test_part_items_change_and_go_for_who_may_edit(api, api_world, role):
    """Each kind of plan part: a curator of a party adds one; the role then changes and removes it."""
    wrong = {}
    for slug, body in ITEM_OPERATIONS:
        added = api("curator").post(filled(f"/api/v1/plans/{{plan}}/{slug}", api_world), json=filled(body, api_world))
        assert added.status_code == 201, added.json
        item = f"/api/v1/plans/{api_world['plan']}/{slug}/{added.json['id']}"
        change = {
            "venues": {"opens_on": "2027-03-01"},
            "cost-items": {"description": "Fees"},
            "loan-objects": {"title": "Glazed jug"},
            "participants": {"role": "Restorer"},
        }[slug]
        for method, kwargs, ok in (("patch", {"json": change}, 200), ("delete", {}, 204)):
            status = getattr(api(role), method)(item, **kwargs).status_code
            if status != EDIT(ok)[ROLES.index(role)]:
                wrong[f"{method} {slug}"] = (status, EDIT(ok)[ROLES.index(role)])
    assert wrong == {}


def test_every_api_operation_has_an_entry(app):
    """An endpoint added without a line in the tables above fails here."""
    adapter = app.url_map.bind("localhost")
    covered = {adapter.match(filled(path, _sample_ids()), method=method.upper())[0] for method, path, _b, _e in TABLE}
    covered |= {
        adapter.match(f"/api/v1/plans/1/{slug}/1", method=method)[0]
        for slug, _ in ITEM_OPERATIONS
        for method in ("PATCH", "DELETE")
    }
    operations = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api-docs.openapi_json"
    }
    assert operations - covered == set()


def _sample_ids() -> dict:
    return dict.fromkeys(
        (
            "institution",
            "site",
            "agreement",
            "plan",
            "event",
            "stop",
            "spare_site",
            "fingerprint",
            "amendment",
            "task",
            "template",
            "loan",
            "loan_plan",
            "loan_object",
            "arrival_check",
            "loan_permit",
        ),
        "1",
    )
