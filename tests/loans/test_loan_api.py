"""The loan API: the interfaces other tools rely on, steps refused without their proofs (409 with
`error.fields.missing`), cover through the API, countersignature by the wrong institution."""

from __future__ import annotations

import io

from PIL import Image


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


def test_the_demo_loan_reads_the_same_for_both_sides(api, silk_road):
    for username in ("curator", "curator-turkestan", "staff", "partner"):
        answer = api(username).get(f"/api/v1/loans/{silk_road.id}")
        assert answer.status_code == 200, (username, answer.json)
        body = answer.json
        assert body["status"] == "on_display"
        assert body["lender_reference"] == "GSHCR-L-2026-07" and body["borrower_reference"] == "ASM-IN-2026-112"
        assert [step["to_status"] for step in body["status_history"]] == [
            "requested",
            "agreed",
            "permit_granted",
            "packed",
            "in_transit",
            "received",
            "on_display",
        ]
        assert len(body["objects"]) == 3 and len(body["damaged_on_arrival"]) == 1
    listed = api("curator").get(f"/api/v1/plans/{silk_road.plan_id}/loans")
    assert [loan["id"] for loan in listed.json] == [silk_road.id]


def test_outsiders_do_not_see_the_loan(api, silk_road):
    for username in ("curator_other", "partner_other", "anonymous"):
        answer = api(username).get(f"/api/v1/loans/{silk_road.id}")
        assert answer.status_code in (401, 404), username
    assert api("curator_other").get(f"/api/v1/plans/{silk_road.plan_id}/loans").json == []


def test_readers_may_not_move_a_loan(api, silk_road):
    answer = api("staff").post(f"/api/v1/loans/{silk_road.id}/transitions", json={"status": "deinstalled"})
    assert answer.status_code == 403


def test_each_step_is_refused_without_its_proof(api, fresh_loan):
    curator = api("curator")

    def step(status):
        return curator.post(f"/api/v1/loans/{fresh_loan}/transitions", json={"status": status, "note": "n"})

    refused = step("agreed")
    assert refused.status_code == 409
    assert refused.json["error"]["fields"]["missing"] == ["signed_agreement"]
    assert "signed loan agreement" in refused.json["error"]["message"]
    assert step("packed").status_code == 422  # not the next step
    assert step("cancelled").status_code == 200


def test_the_steps_with_their_proofs(app, api, fresh_loan):
    from planner.extensions import db
    from planner.loans.models import Loan

    curator, borrower = api("curator"), api("curator-turkestan")
    path = f"/api/v1/loans/{fresh_loan}"
    with app.app_context():
        loan = db.session.get(Loan, fresh_loan)
        object_id = loan.objects[0].id
    # agreed: a signed loan agreement attached (through the operation: the page's upload)
    _attach_agreement(app, fresh_loan)
    assert curator.post(f"{path}/transitions", json={"status": "agreed"}).status_code == 200
    # a border crossed: the permit step is needed, then packed needs departure checks
    leg = {
        "method": "road",
        "crosses_border": True,
        "departs_at": "2027-02-25T08:00",
        "departure_timezone": "Asia/Baku",
        "arrives_at": "2027-02-27T18:00",
        "arrival_timezone": "Asia/Almaty",
    }
    assert curator.post(f"{path}/transport-legs", json=leg).status_code == 201
    refused = curator.post(f"{path}/transitions", json={"status": "permit_granted"})
    assert refused.status_code == 409 and refused.json["error"]["fields"]["missing"] == ["export_permit"]
    assert curator.post(f"{path}/transitions", json={"status": "packed"}).status_code == 422  # no skipping now
    permit = {
        "country": "AZ",
        "status": "granted",
        "number": "P-1",
        "issued_on": "2027-01-10",
        "return_by": "2027-07-15",
    }
    answer = curator.post(f"{path}/permits", json=permit)
    assert answer.status_code == 201 and answer.json["authority"].startswith("Cabinet of Ministers")
    assert curator.post(f"{path}/transitions", json={"status": "permit_granted"}).status_code == 200
    refused = curator.post(f"{path}/transitions", json={"status": "packed"})
    assert refused.json["error"]["fields"]["missing"] == ["departure_checks"]
    check = curator.post(
        f"{path}/condition-checks",
        data={
            "object_id": str(object_id),
            "checkpoint": "departure",
            "condition": "good",
            "notes": "ok",
            "photos": (io.BytesIO(_jpeg()), "rim.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert check.status_code == 201, check.json
    assert len(check.json["photos"]) == 1
    assert curator.post(f"{path}/transitions", json={"status": "packed"}).status_code == 200
    # in transit: insurance covering period and sums per currency
    refused = curator.post(f"{path}/transitions", json={"status": "in_transit"})
    assert refused.json["error"]["fields"]["missing"] == ["insurance"]
    cover = {
        "kind": "commercial",
        "cover_from": "2027-03-01",
        "cover_to": "2027-06-01",
        "sums": [{"currency": "USD", "amount": "5000"}],
    }
    answer = curator.put(f"{path}/insurance", json=cover)
    assert answer.status_code == 200 and answer.json["covers"] is False
    refused = curator.post(f"{path}/transitions", json={"status": "in_transit"})
    assert refused.json["error"]["fields"]["missing"] == ["insurance_period", "insurance_sum"]
    cover |= {"cover_to": "2027-07-01", "sums": [{"currency": "EUR", "amount": "1000"}]}
    assert curator.put(f"{path}/insurance", json=cover).json["covers"] is True
    assert curator.post(f"{path}/transitions", json={"status": "in_transit"}).status_code == 200
    for status in ("received", "on_display", "deinstalled", "returned"):
        assert borrower.post(f"{path}/transitions", json={"status": status}).status_code == 200, status
    refused = curator.post(f"{path}/transitions", json={"status": "closed"})
    assert refused.json["error"]["fields"]["missing"] == ["return_checks"]
    assert curator.post(f"{path}/transitions", json={"status": "cancelled"}).status_code == 422
    done = {"object_id": object_id, "checkpoint": "return", "condition": "good"}
    assert curator.post(f"{path}/condition-checks", json=done).status_code == 201
    assert curator.post(f"{path}/transitions", json={"status": "closed"}).status_code == 200


def _attach_agreement(app, loan_id):
    from fpdf import FPDF
    from sqlalchemy import select

    from planner.accounts.models import User
    from planner.extensions import db
    from planner.loans import operations
    from planner.loans.models import Loan
    from planner.unit_of_work import unit_of_work

    pdf = FPDF()
    pdf.add_page()
    with app.test_request_context(), unit_of_work():
        user = db.session.scalar(select(User).where(User.username == "curator"))
        operations.attach_loan_agreement(db.session.get(Loan, loan_id), user, io.BytesIO(bytes(pdf.output())), "a.pdf")


def test_a_countersignature_comes_from_the_other_institution(api, silk_road):
    check = next(c for c in silk_road.condition_checks if c.checkpoint == "arrival")  # by Turkestan
    path = f"/api/v1/loans/{silk_road.id}/condition-checks/{check.id}/countersignature"
    assert api("curator-turkestan").post(path, json={"agree": True}).status_code == 403
    assert api("curator").post(path, json={"agree": False}).status_code == 422  # a disagreement says why
    answer = api("curator").post(path, json={"agree": False, "note": "The crack was 12 mm at departure."})
    assert answer.status_code == 200 and answer.json["disputed"] is True
    assert api("curator").post(path, json={"agree": True}).status_code == 409


def test_the_openapi_names_the_loan_paths(api):
    paths = api("curator").get("/api/v1/openapi.json").json["paths"]
    for path in (
        "/api/v1/plans/{plan_id}/loans",
        "/api/v1/loans/{loan_id}",
        "/api/v1/loans/{loan_id}/transitions",
        "/api/v1/loans/{loan_id}/condition-checks",
        "/api/v1/loans/{loan_id}/insurance",
        "/api/v1/loans/{loan_id}/transport-legs",
        "/api/v1/loans/{loan_id}/permits",
    ):
        assert path in paths, path
