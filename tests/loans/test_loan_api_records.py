"""The loan's records that were on the pages only, now in the API (issue #28 item 10): the loan's
own fields (references, borrower), couriers, the signed loan agreement, a permit granted, the
objects' details and pictures; and the loan's GET with every record. Each endpoint: success,
refusal by role (404 to outsiders, 403 to readers), bad input in the API's error shape."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from tests.mou.damaged import DAMAGED_FILES


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def _pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    return bytes(pdf.output())


def _fields(answer) -> dict:
    assert set(answer.json["error"]) >= {"status", "code", "message"}, answer.json
    return answer.json["error"].get("fields", {})


@pytest.fixture()
def with_participant(app, demo, fresh_loan):
    """The fresh loan's plan with a participant (a courier to be): (loan id, participant id)."""
    from planner.accounts.models import User
    from planner.extensions import db
    from planner.loans.models import Loan
    from planner.plans import operations
    from planner.unit_of_work import unit_of_work

    with app.test_request_context(), unit_of_work():
        curator = db.session.scalar(select(User).where(User.username == "curator"))
        plan = db.session.get(Loan, fresh_loan).plan
        person = operations.add_part(
            plan, curator, "participants", {"name": "Rauf Hasanov", "home_institution_id": curator.institution_id}
        )
        person_id = person.id
    return fresh_loan, person_id


@pytest.fixture()
def three_parties(app, demo):
    """A plan of the tripartite protocol (National Art Museum lends; Ege University and Izmir
    Culture are partners), made by the administrator: its loan id and the two partners' ids."""
    from planner.accounts.models import User
    from planner.agreements.models import Agreement
    from planner.extensions import db
    from planner.loans.models import Loan
    from planner.plans import operations
    from planner.unit_of_work import unit_of_work

    with app.test_request_context(), unit_of_work():
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        agreement = next(a for a in db.session.scalars(select(Agreement)) if len(a.parties) == 3)
        lead, *partners = sorted(agreement.institution_ids)
        plan = operations.create_plan(
            agreement,
            admin,
            {
                "kind": "exhibition",
                "title": {"en": "Three parties"},
                "lead_institution_id": lead,
                "partner_ids": partners,
            },
        )
        operations.add_part(
            plan, admin, "loan_objects", {"lender_institution_id": lead, "inventory_number": "T-1", "title": "Tile"}
        )
        operations.propose(plan, admin)
        plan_id = plan.id
    return db.session.scalar(select(Loan.id).where(Loan.plan_id == plan_id)), partners


# --- GET: every record of the loan -----------------------------------------------------------------


def test_the_loan_lists_every_record(api, silk_road):
    body = api("partner").get(f"/api/v1/loans/{silk_road.id}").json
    assert len(body["condition_checks"]) == 6
    assert {c["checkpoint"] for c in body["condition_checks"]} == {"departure", "arrival"}
    assert body["insurance"]["sums"] == [{"amount": "87000.000", "currency": "EUR"}]
    assert body["insurance"]["policy_number"] == "FA-26-00871" and body["insurance_covers"] is True
    assert [leg["method"] for leg in body["transport_legs"]] == ["road", "air"]
    assert body["transport_legs"][1]["departs_at_utc"].startswith("2026-11-26T05:30")
    assert [p["number"] for p in body["permits"]] == ["MN-2026/1184"] and body["permits"][0]["status"] == "granted"
    assert body["couriers"] == [] and body["loan_agreement_id"] is not None
    item = body["objects"][0]
    assert {"height", "width", "depth", "dimension_unit", "materials", "dating", "credit_line", "images"} <= set(item)


# --- PATCH /loans/<id>: references and the borrower --------------------------------------------------


def test_each_side_sets_its_own_reference(api, silk_road):
    path = f"/api/v1/loans/{silk_road.id}"
    answer = api("curator").patch(path, json={"lender_reference": "GSHCR-L-2026-08"})
    assert answer.status_code == 200 and answer.json["lender_reference"] == "GSHCR-L-2026-08"
    answer = api("curator-turkestan").patch(path, json={"borrower_reference": "ASM-IN-9"})
    assert answer.status_code == 200 and answer.json["borrower_reference"] == "ASM-IN-9"
    assert answer.json["lender_reference"] == "GSHCR-L-2026-08"
    # the other side's number is not theirs to set (the page never offers it)
    assert api("curator").patch(path, json={"borrower_reference": "X"}).status_code == 403
    assert api("curator-turkestan").patch(path, json={"lender_reference": "X"}).status_code == 403
    both = api("admin").patch(path, json={"lender_reference": "L-1", "borrower_reference": "B-1"})
    assert both.status_code == 200 and (both.json["lender_reference"], both.json["borrower_reference"]) == (
        "L-1",
        "B-1",
    )
    assert api("staff").patch(path, json={"lender_reference": "X"}).status_code == 403
    assert api("partner").patch(path, json={"borrower_reference": "X"}).status_code == 403
    assert api("curator_other").patch(path, json={"lender_reference": "X"}).status_code == 404
    assert api("curator").get(path).json["borrower_reference"] == "B-1"


def test_a_bad_reference_or_an_empty_change_is_refused(api, silk_road):
    path = f"/api/v1/loans/{silk_road.id}"
    answer = api("curator").patch(path, json={"lender_reference": "<script>"})
    assert answer.status_code == 422 and "lender_reference" in _fields(answer)
    answer = api("curator").patch(path, json={"lender_reference": "x" * 65})
    assert answer.status_code == 422 and "lender_reference" in _fields(answer)
    assert api("curator").patch(path, json={}).status_code == 422
    assert api("curator").patch(path, json={"status": "closed"}).status_code == 422
    assert api("curator").patch(path, json={"borrower_institution_id": "two"}).status_code == 422
    assert api("curator").get(path).json["lender_reference"] == "GSHCR-L-2026-07"


def test_the_borrower_changes_as_on_the_page(api, silk_road, three_parties):
    loan_id, (first, second) = three_parties
    path = f"/api/v1/loans/{loan_id}"
    assert api("admin").get(path).json["borrower_institution_id"] == first
    answer = api("admin").patch(path, json={"borrower_institution_id": second})
    assert answer.status_code == 200 and answer.json["borrower_institution_id"] == second
    answer = api("admin").patch(path, json={"borrower_institution_id": 1})  # not a party of the plan
    assert answer.status_code == 422 and "borrower_institution_id" in _fields(answer)
    # only while requested; only the lender's side (Turkestan borrows)
    answer = api("curator").patch(f"/api/v1/loans/{silk_road.id}", json={"borrower_institution_id": 3})
    assert answer.status_code == 422 and "requested" in _fields(answer)["borrower_institution_id"][0]
    assert (
        api("curator-turkestan").patch(f"/api/v1/loans/{silk_road.id}", json={"borrower_institution_id": 1}).status_code
        == 403
    )


# --- couriers -----------------------------------------------------------------------------------------


def test_a_courier_is_added_and_listed(api, with_participant):
    loan_id, person = with_participant
    path = f"/api/v1/loans/{loan_id}"
    curator = api("curator")
    leg = curator.post(f"{path}/transport-legs", json={"method": "air"}).json["id"]
    courier = {"participant_id": person, "transport_leg_id": leg, "travels_out_on": "2027-02-25", "notes": "Carries"}
    answer = curator.post(f"{path}/couriers", json={**courier, "travels_back_on": "2027-02-28"})
    assert answer.status_code == 201, answer.json
    assert answer.json["participant_name"] == "Rauf Hasanov" and answer.json["transport_leg_id"] == leg
    listed = api("partner").get(path).json["couriers"]
    assert [(c["participant_id"], c["travels_back_on"]) for c in listed] == [(person, "2027-02-28")]
    assert api("staff").post(f"{path}/couriers", json=courier).status_code == 403
    assert api("curator_other").post(f"{path}/couriers", json=courier).status_code == 404


def test_a_courier_is_refused_with_the_reason(api, with_participant, silk_road):
    loan_id, person = with_participant
    path = f"/api/v1/loans/{loan_id}/couriers"
    curator = api("curator")
    answer = curator.post(f"/api/v1/loans/{silk_road.id}/couriers", json={"participant_id": person})
    assert answer.status_code == 422 and "participant_id" in _fields(answer)  # not of that plan
    other_leg = silk_road.transport_legs[0].id
    answer = curator.post(path, json={"participant_id": person, "transport_leg_id": other_leg})
    assert answer.status_code == 422 and "transport_leg_id" in _fields(answer)
    backwards = {"participant_id": person, "travels_out_on": "2027-03-02", "travels_back_on": "2027-03-01"}
    answer = curator.post(path, json=backwards)
    assert answer.status_code == 422 and "travels_back_on" in _fields(answer)
    answer = curator.post(path, json={"participant_id": "Rauf"})
    assert answer.status_code == 422 and "participant_id" in _fields(answer)
    assert api("curator").get(f"/api/v1/loans/{loan_id}").json["couriers"] == []


# --- the signed loan agreement -------------------------------------------------------------------------


def test_the_signed_loan_agreement_is_uploaded_and_proves_agreed(api, fresh_loan):
    path = f"/api/v1/loans/{fresh_loan}"
    curator = api("curator")
    assert curator.get(f"{path}/agreement").status_code == 404  # none yet
    refused = curator.post(f"{path}/transitions", json={"status": "agreed"})
    assert refused.json["error"]["fields"]["missing"] == ["signed_agreement"]
    upload = {"file": (io.BytesIO(_pdf()), "loan-agreement.pdf")}
    assert api("staff").post(f"{path}/agreement", data=upload, content_type="multipart/form-data").status_code == 403
    upload = {"file": (io.BytesIO(_pdf()), "loan-agreement.pdf")}
    answer = curator.post(f"{path}/agreement", data=upload, content_type="multipart/form-data")
    assert answer.status_code == 200 and answer.json["loan_agreement_id"] is not None
    got = api("partner").get(f"{path}/agreement")
    assert got.status_code == 200 and got.data.startswith(b"%PDF")
    assert api("curator_other").get(f"{path}/agreement").status_code == 404
    assert curator.post(f"{path}/transitions", json={"status": "agreed"}).status_code == 200


def test_an_agreement_that_is_no_document_is_refused(api, fresh_loan):
    path = f"/api/v1/loans/{fresh_loan}/agreement"
    curator = api("curator")
    answer = curator.post(path, data={"file": (io.BytesIO(b"just words"), "a.pdf")}, content_type="multipart/form-data")
    assert answer.status_code == 422 and "file" in _fields(answer)
    answer = curator.post(path, data={}, content_type="multipart/form-data")
    assert answer.status_code == 422 and "file" in _fields(answer)
    assert api("curator_other").post(path, data={}, content_type="multipart/form-data").status_code == 404
    assert curator.get(f"/api/v1/loans/{fresh_loan}").json["loan_agreement_id"] is None


# --- a permit granted ------------------------------------------------------------------------------


def test_a_permit_is_granted_with_its_number_and_issue_date(api, fresh_loan):
    path = f"/api/v1/loans/{fresh_loan}"
    curator = api("curator")
    permit = curator.post(f"{path}/permits", json={"country": "AZ", "applied_on": "2027-01-02"}).json
    item = f"{path}/permits/{permit['id']}"
    answer = curator.patch(item, json={"status": "granted"})
    assert answer.status_code == 422 and "number" in _fields(answer)
    assert (
        api("staff").patch(item, json={"status": "granted", "number": "P-7", "issued_on": "2027-01-20"}).status_code
        == 403
    )
    assert api("curator_other").patch(item, json={"number": "P-7"}).status_code == 404
    granted = {"status": "granted", "number": "P-7", "issued_on": "2027-01-20", "return_by": "2027-08-01"}
    answer = curator.patch(item, json=granted)
    assert answer.status_code == 200, answer.json
    assert (answer.json["status"], answer.json["number"], answer.json["applied_on"]) == ("granted", "P-7", "2027-01-02")
    assert api("partner").get(path).json["permits"][0]["return_by"] == "2027-08-01"


def test_a_permit_change_is_refused_with_the_reason(api, fresh_loan, silk_road):
    path = f"/api/v1/loans/{fresh_loan}"
    curator = api("curator")
    permit = curator.post(f"{path}/permits", json={"country": "AZ"}).json
    item = f"{path}/permits/{permit['id']}"
    answer = curator.patch(item, json={"issued_on": "2027-05-01", "return_by": "2027-04-01"})
    assert answer.status_code == 422 and "return_by" in _fields(answer)
    answer = curator.patch(item, json={"status": "lost", "issued_on": "someday"})
    assert answer.status_code == 422 and {"status", "issued_on"} <= set(_fields(answer))
    assert curator.patch(item, json={}).status_code == 200  # nothing sent, nothing changed
    # another loan's permit is not this loan's
    other = silk_road.permits[0].id
    assert curator.patch(f"{path}/permits/{other}", json={"number": "X"}).status_code == 404
    assert curator.patch(f"{path}/permits/999999", json={"number": "X"}).status_code == 404
    assert api("curator").get(f"/api/v1/loans/{silk_road.id}").json["permits"][0]["number"] == "MN-2026/1184"


# --- objects in detail ---------------------------------------------------------------------------------


def test_an_objects_details_are_set_and_read(app, api, silk_road):
    path = f"/api/v1/loans/{silk_road.id}"
    item = silk_road.objects[0].id
    details = {"height": "31.5", "width": 20, "dimension_unit": "cm", "materials": {"en": "Glazed clay", "ru": "Глина"}}
    answer = api("curator-turkestan").patch(f"{path}/objects/{item}", json=details)
    assert answer.status_code == 200, answer.json
    assert (answer.json["height"], answer.json["width"]) == ("31.50", "20.00")
    shown = next(o for o in api("partner").get(path).json["objects"] if o["id"] == item)
    assert shown["materials"] == {"en": "Glazed clay", "ru": "Глина"} and shown["dimension_unit"] == "cm"
    assert api("staff").patch(f"{path}/objects/{item}", json=details).status_code == 403
    assert api("curator_other").patch(f"{path}/objects/{item}", json=details).status_code == 404


def test_bad_object_details_are_refused(api, silk_road, fresh_loan):
    path = f"/api/v1/loans/{silk_road.id}/objects/{silk_road.objects[0].id}"
    curator = api("curator")
    for bad, field in (
        ({"height": 1e12}, "height"),
        ({"depth": -1}, "depth"),
        ({"dimension_unit": "furlong"}, "dimension_unit"),
        ({"materials": {"xx": "clay"}}, "materials"),
        ({"credit_line": "x" * 501}, "credit_line"),
    ):
        answer = curator.patch(path, json=bad)
        assert answer.status_code == 422 and field in _fields(answer), bad
    assert curator.patch(path, json={}).status_code == 422
    other = _first_object_of(api, fresh_loan)
    assert curator.patch(f"/api/v1/loans/{silk_road.id}/objects/{other}", json={"width": 1}).status_code == 404


def _first_object_of(api, loan_id: int) -> int:
    return api("curator").get(f"/api/v1/loans/{loan_id}").json["objects"][0]["id"]


def test_an_objects_picture_is_uploaded_without_camera_data(api, silk_road):
    path = f"/api/v1/loans/{silk_road.id}"
    item = silk_road.objects[0].id
    upload = {"file": (io.BytesIO(_jpeg()), "bowl.jpg")}
    answer = api("curator").post(f"{path}/objects/{item}/images", data=upload, content_type="multipart/form-data")
    assert answer.status_code == 201, answer.json
    assert answer.json["thumbnail_id"] is not None
    shown = next(o for o in api("partner").get(path).json["objects"] if o["id"] == item)
    assert [image["id"] for image in shown["images"]] == [answer.json["id"]]
    upload = {"file": (io.BytesIO(_jpeg()), "bowl.jpg")}
    refused = api("staff").post(f"{path}/objects/{item}/images", data=upload, content_type="multipart/form-data")
    assert refused.status_code == 403
    upload = {"file": (io.BytesIO(_pdf()), "bowl.pdf")}
    refused = api("curator").post(f"{path}/objects/{item}/images", data=upload, content_type="multipart/form-data")
    assert refused.status_code == 422 and "file" in _fields(refused)
    refused = api("curator").post(f"{path}/objects/999999/images", data={}, content_type="multipart/form-data")
    assert refused.status_code == 404


# --- OpenAPI --------------------------------------------------------------------------------------


def test_the_openapi_describes_the_new_operations(api):
    spec = api("curator").get("/api/v1/openapi.json").json
    paths = spec["paths"]
    assert "patch" in paths["/api/v1/loans/{loan_id}"]
    assert "post" in paths["/api/v1/loans/{loan_id}/couriers"]
    assert "multipart/form-data" in paths["/api/v1/loans/{loan_id}/agreement"]["post"]["requestBody"]["content"]
    assert "patch" in paths["/api/v1/loans/{loan_id}/permits/{permit_id}"]
    assert "patch" in paths["/api/v1/loans/{loan_id}/objects/{object_id}"]
    assert "post" in paths["/api/v1/loans/{loan_id}/objects/{object_id}/images"]
    for name in ("LoanChange", "Courier", "PermitChange", "ObjectDetails", "LoanObjectDetail", "InsuranceShown"):
        assert name in spec["components"]["schemas"], name
    assert "couriers" in spec["components"]["schemas"]["Loan"]["properties"]


def test_dates_stay_in_range(api, fresh_loan):
    permit = api("curator").post(f"/api/v1/loans/{fresh_loan}/permits", json={"country": "AZ"}).json
    answer = api("curator").patch(
        f"/api/v1/loans/{fresh_loan}/permits/{permit['id']}", json={"return_by": "9999-12-31"}
    )
    assert answer.status_code == 422 and "return_by" in _fields(answer)


def _cut_pdf() -> bytes:
    return _pdf()[:300]


@pytest.mark.parametrize(
    "name, make", [("cut.pdf", _cut_pdf), *((n, lambda raw=raw: raw) for n, raw in DAMAGED_FILES[1:2])]
)
@pytest.mark.parametrize("target", ["agreement", "objects/{item}/images"])
def test_a_damaged_upload_is_refused_with_the_reason(api, silk_road, target, name, make):
    """A cut PDF and a Word file that is no document: 422 with the reason, never a 500 (the store
    keeps a whole PDF even when its text would inflate: it is not read here)."""
    path = f"/api/v1/loans/{silk_road.id}/" + target.format(item=silk_road.objects[0].id)
    answer = api("curator").post(path, data={"file": (io.BytesIO(make()), name)}, content_type="multipart/form-data")
    assert answer.status_code == 422 and "file" in _fields(answer), answer.json


def test_refusals_speak_the_callers_language(api, silk_road):
    path = f"/api/v1/loans/{silk_road.id}"
    answer = api("curator", "ru").patch(path, json={})
    assert _fields(answer)["_schema"] == ["Передайте хотя бы одно поле для изменения."]
    answer = api("curator", "kk").patch(f"{path}/objects/{silk_road.objects[0].id}", json={"width": 100000})
    assert _fields(answer)["width"] == ["Сан көрсетіңіз: ең азы 0, ең көбі 99999."]


def test_an_objects_picture_is_read_and_removed(api, silk_road, fresh_loan):
    path = f"/api/v1/loans/{silk_road.id}"
    upload = {"file": (io.BytesIO(_jpeg()), "bowl.jpg")}
    image = (
        api("curator")
        .post(f"{path}/objects/{silk_road.objects[0].id}/images", data=upload, content_type="multipart/form-data")
        .json["id"]
    )
    for suffix in ("", "/thumbnail"):
        got = api("partner").get(f"{path}/images/{image}{suffix}")
        assert got.status_code == 200 and got.data.startswith(b"\xff\xd8"), suffix
        assert api("curator_other").get(f"{path}/images/{image}{suffix}").status_code == 404
        assert api("curator").get(f"/api/v1/loans/{fresh_loan}/images/{image}{suffix}").status_code == 404
    assert api("partner").delete(f"{path}/images/{image}").status_code == 403
    assert api("curator").delete(f"/api/v1/loans/{fresh_loan}/images/{image}").status_code == 404
    assert api("curator-turkestan").delete(f"{path}/images/{image}").status_code == 204
    assert api("curator").get(f"{path}/images/{image}").status_code == 404
    assert all(item["images"] == [] for item in api("curator").get(path).json["objects"])


def test_a_condition_photo_is_read_by_the_loans_people_only(api, fresh_loan, silk_road):
    path = f"/api/v1/loans/{fresh_loan}"
    item = api("curator").get(path).json["objects"][0]["id"]
    check = (
        api("curator")
        .post(
            f"{path}/condition-checks",
            data={
                "object_id": str(item),
                "checkpoint": "departure",
                "condition": "good",
                "photos": (io.BytesIO(_jpeg()), "a.jpg"),
            },
            content_type="multipart/form-data",
        )
        .json
    )
    photo = check["photos"][0]
    for attachment in (photo["attachment_id"], photo["thumbnail_id"]):
        got = api("partner").get(f"{path}/photos/{attachment}")
        assert got.status_code == 200 and got.data.startswith(b"\xff\xd8")
        assert api("curator_other").get(f"{path}/photos/{attachment}").status_code == 404
        assert api("curator").get(f"/api/v1/loans/{silk_road.id}/photos/{attachment}").status_code == 404


def test_the_loans_statements_do_not_grow_with_its_records(app, api, with_participant):
    """Couriers (with their participant's name), pictures, checks and permits: read in a bounded
    number of statements, one loan or its every record."""
    from tests.conftest import statements_of

    loan_id, _person = with_participant
    path = f"/api/v1/loans/{loan_id}"
    curator = api("curator")
    loan = curator.get(path).json
    item = loan["objects"][0]["id"]

    def add_records():
        person = {"name": "Courier", "home_institution_id": loan["lender_institution_id"]}
        person = curator.post(f"/api/v1/plans/{loan['plan_id']}/participants", json=person).json["id"]
        assert curator.post(f"{path}/couriers", json={"participant_id": person}).status_code == 201
        curator.post(f"{path}/permits", json={"country": "AZ"})
        curator.post(
            f"{path}/condition-checks", json={"object_id": item, "checkpoint": "departure", "condition": "good"}
        )
        upload = {"file": (io.BytesIO(_jpeg()), "a.jpg")}
        curator.post(f"{path}/objects/{item}/images", data=upload, content_type="multipart/form-data")

    add_records()
    few = len(statements_of(app, curator, path))
    for _ in range(3):
        add_records()
    assert len(statements_of(app, curator, path)) == few
