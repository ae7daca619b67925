"""Objects in detail, the bulk import (nothing saved when a row is wrong), where an
institution's objects are, and the loan's files (Spectrum CSV, CollectionSpace XML, condition
report), through the pages and the API, on the demo's Silk Road exhibition (Ganja lends to
Aziret Sultan, Turkestan)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from openpyxl import Workbook
from PIL import Image
from sqlalchemy import func, select

from planner.unit_of_work import unit_of_work
from tests.conftest import add_users_of_another_partnership, csrf_token

HEADER = "Object number,Title,Loan out begin date,Loan out end date,Insurance/indemnity value,Insurance/indemnity currency,Material\n"


@pytest.fixture()
def silk(app, demo):
    """The Silk Road exhibition's loan (Ganja to Aziret Sultan) gathered from its objects, and a
    Tashkent curator and partner who have nothing to do with it."""
    from planner.loans import operations
    from planner.plans.models import Plan

    with app.test_request_context(), unit_of_work():
        add_users_of_another_partnership(demo.session)
        plan = demo.session.scalar(select(Plan).where(Plan.title["en"].as_string().like("Ganja: a city%")))
        operations.gather_objects(plan)
        (loan,) = plan.loan_objects[0].loan,
        ids = {"plan": plan.id, "loan": loan.id, "objects": [o.id for o in plan.loan_objects],
               "lender": loan.lender_institution_id, "borrower": loan.borrower_institution_id}  # fmt: skip
    return ids


def object_count(demo) -> int:
    from planner.plans.models import LoanObject

    demo.session.expire_all()
    return demo.session.scalar(select(func.count(LoanObject.id)))


def upload(client, path: str, data: bytes, name: str, **fields):
    token = csrf_token(client.get(path).data)
    return client.post(
        path,
        data={"csrf_token": token, "file": (io.BytesIO(data), name), **fields},
        content_type="multipart/form-data",
    )


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- bulk import ----------------------------------------------------------------------------------


def test_a_csv_with_one_bad_row_saves_nothing(as_user, demo, silk):
    client = as_user("curator")
    before = object_count(demo)
    bad = HEADER + "GQ-9-1,Bowl,2026-11-20,2027-04-30,100,EUR,clay\nGQ-9-2,Lamp,2027-05-01,2027-04-30,100,EUR,\n"
    page = upload(client, f"/loans/{silk['loan']}/import", bad.encode(), "list.csv")
    assert page.status_code == 422
    body = page.get_data(as_text=True)
    assert "The loan cannot end before it begins." in body and "GQ-9-1" in body
    assert 'name="confirm"' not in body
    assert object_count(demo) == before


def test_an_xlsx_with_one_bad_row_saves_nothing(as_user, demo, silk):
    client = as_user("curator")
    before = object_count(demo)
    data = xlsx([["Object number", "Title", "Insurance/indemnity value", "Insurance/indemnity currency"],
                 ["GQ-9-1", "Bowl", 100, "EUR"], ["GQ-9-2", "Lamp", "lots", "EUR"]])  # fmt: skip
    page = upload(client, f"/loans/{silk['loan']}/import", data, "list.xlsx")
    assert page.status_code == 422 and "Not a number." in page.get_data(as_text=True)
    assert object_count(demo) == before


def test_a_tampered_confirmation_is_checked_again_and_saves_nothing(as_user, demo, silk):
    """The preview sends the table back: what comes back is read and checked as a new file."""
    client = as_user("curator")
    before = object_count(demo)
    token = csrf_token(client.get(f"/loans/{silk['loan']}/import").data)
    table = '[["Object number","Title"],["GQ-9-1","Bowl"],["GQ-9-2",""]]'
    page = client.post(f"/loans/{silk['loan']}/import", data={"csrf_token": token, "confirm": "1", "table": table})
    assert page.status_code == 422 and object_count(demo) == before
    for shape in ('{"a": 1}', '["row"]', "not json", '[["Object number","Title"],{"x":1}]'):
        page = client.post(f"/loans/{silk['loan']}/import", data={"csrf_token": token, "confirm": "1", "table": shape})
        assert page.status_code == 422, shape
    duplicate = '[["Object number","Title"],["GQ-1987-014","Bowl again"]]'
    page = client.post(f"/loans/{silk['loan']}/import", data={"csrf_token": token, "confirm": "1", "table": duplicate})
    assert page.status_code == 422 and "already on the plan" in page.get_data(as_text=True)
    assert object_count(demo) == before


def test_a_good_list_is_previewed_then_imported_into_the_loan(as_user, demo, silk):
    from planner.plans.models import LoanObject

    client = as_user("curator")
    before = object_count(demo)
    good = HEADER + "GQ-9-1,Bowl,2026-11-20,2027-04-30,100,EUR,clay\nGQ-9-2,Lamp,,,,,\n"
    preview = upload(client, f"/loans/{silk['loan']}/import", good.encode(), "list.csv")
    assert preview.status_code == 200 and object_count(demo) == before
    body = preview.get_data(as_text=True)
    token = csrf_token(body)
    import re

    table = re.search(r'name="table"[^>]*value="([^"]*)"', body) or re.search(r'value="([^"]*)"[^>]*name="table"', body)
    import html

    done = client.post(
        f"/loans/{silk['loan']}/import",
        data={"csrf_token": token, "confirm": "1", "table": html.unescape(table.group(1))},
    )
    assert done.status_code == 302
    assert object_count(demo) == before + 2
    item = demo.session.scalar(select(LoanObject).where(LoanObject.inventory_number == "GQ-9-1"))
    assert item.loan_id == silk["loan"] and item.materials == {"en": "clay"} and item.insurance_value == Decimal("100")


def test_a_plan_import_names_lenders_by_the_parties_names(as_user, demo, silk):
    from planner.plans.models import LoanObject

    client = as_user("curator")
    path = f"/plans/{silk['plan']}/loan-objects/import"
    unknown = upload(client, path, b"Object number,Title,Lender\nX-1,Cup,Louvre\n", "a.csv")
    assert unknown.status_code == 422 and "No party of the agreement" in unknown.get_data(as_text=True)
    without = upload(client, path, b"Object number,Title\nX-1,Cup\n", "a.csv")
    assert without.status_code == 422 and "Choose the lender." in without.get_data(as_text=True)
    assert demo.session.scalar(select(LoanObject).where(LoanObject.inventory_number == "X-1")) is None
    named = upload(client, path, b"Object number,Title,Lender\nX-1,Cup,aziret sultan\n", "a.csv")
    assert named.status_code == 200, named.get_data(as_text=True)[:2000]
    import html
    import re

    body = named.get_data(as_text=True)
    table = re.search(r'name="table"[^>]*value="([^"]*)"', body) or re.search(r'value="([^"]*)"[^>]*name="table"', body)
    done = client.post(path, data={"csrf_token": csrf_token(body), "confirm": "1", "table": html.unescape(table.group(1))})
    assert done.status_code == 302
    item = demo.session.scalar(select(LoanObject).where(LoanObject.inventory_number == "X-1"))
    assert item.lender_institution_id == silk["borrower"]  # Aziret Sultan lends it
    assert item.loan is not None and item.loan.borrower_institution_id == silk["lender"]  # to Ganja


@pytest.mark.parametrize("who", ["partner", "staff"])
def test_readers_of_the_loan_may_not_import(as_user, silk, who):
    assert as_user(who).get(f"/loans/{silk['loan']}/import").status_code == 403


def test_others_do_not_learn_the_loan_exists(as_user, silk):
    client = as_user("curator_other")
    for path in (f"/loans/{silk['loan']}/import", f"/loans/{silk['loan']}/objects", f"/loans/{silk['loan']}/spectrum.csv"):
        assert client.get(path).status_code == 404, path


# --- objects in detail and their pictures --------------------------------------------------------


def test_the_borrower_s_curator_describes_an_object(as_user, demo, silk):
    from planner.plans.models import LoanObject

    client = as_user("curator-turkestan")
    path = f"/loans/{silk['loan']}/objects"
    object_id = silk["objects"][0]
    token = csrf_token(client.get(path).data)
    prefix = f"o{object_id}-"
    answer = client.post(
        f"{path}/{object_id}",
        data={"csrf_token": token, prefix + "height": "12.5", prefix + "width": "30", prefix + "depth": "",
              prefix + "dimension_unit": "cm", prefix + "materials": "glazed ceramic", prefix + "dating": "12th c.",
              prefix + "credit_line": "Lent by Ganja"},  # fmt: skip
    )
    assert answer.status_code == 302
    demo.session.expire_all()
    item = demo.session.get(LoanObject, object_id)
    assert item.height == Decimal("12.50") and item.depth is None and item.materials == {"en": "glazed ceramic"}
    assert "glazed ceramic" in client.get(path).get_data(as_text=True)


def test_a_partner_viewer_may_not_describe(as_user, silk):
    client = as_user("partner")
    path = f"/loans/{silk['loan']}/objects"
    token = csrf_token(as_user("curator").get(path).data)
    client = as_user("partner")
    assert client.post(f"{path}/{silk['objects'][0]}", data={"csrf_token": token}).status_code == 403


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (400, 300), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x013B] = "Registrar at home"  # Artist
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_a_picture_is_stored_without_its_exif_and_with_a_thumbnail(as_user, demo, silk):
    from planner.attachments.store import open_stored
    from planner.loans.models import LoanObjectImage

    data = jpeg_with_exif()
    assert b"SecretCam" in data
    client = as_user("curator")
    object_id = silk["objects"][0]
    token = csrf_token(client.get(f"/loans/{silk['loan']}/objects").data)
    answer = client.post(
        f"/loans/{silk['loan']}/objects/{object_id}/images",
        data={"csrf_token": token, "file": (io.BytesIO(data), "bowl.jpg")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    image = demo.session.scalar(select(LoanObjectImage).where(LoanObjectImage.loan_object_id == object_id))
    with open_stored(image.attachment) as kept:
        stored_bytes = kept.read()
    assert b"SecretCam" not in stored_bytes and not Image.open(io.BytesIO(stored_bytes)).getexif()
    full = client.get(f"/loans/{silk['loan']}/images/{image.id}/full")
    small = client.get(f"/loans/{silk['loan']}/images/{image.id}/thumbnail")
    assert full.status_code == 200 and small.status_code == 200
    assert max(Image.open(io.BytesIO(small.data)).size) <= 320
    assert as_user("curator_other").get(f"/loans/{silk['loan']}/images/{image.id}/full").status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "Only PDF, JPEG and PNG"),
        ("pdf", "Only JPEG and PNG pictures"),
        (b"\xff\xd8\xff\xe0 not really a jpeg", "damaged"),
    ],
)
def test_a_wrong_picture_is_refused_with_the_reason(as_user, demo, silk, data, message):
    from fpdf import FPDF

    from planner.loans.models import LoanObjectImage

    if data == "pdf":
        document = FPDF()
        document.add_page()
        data = bytes(document.output())

    client = as_user("curator")
    path = f"/loans/{silk['loan']}/objects"
    token = csrf_token(client.get(path).data)
    answer = client.post(
        f"{path}/{silk['objects'][0]}/images",
        data={"csrf_token": token, "file": (io.BytesIO(data), "x.jpg")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert answer.status_code == 200 and message in answer.get_data(as_text=True)
    assert demo.session.scalar(select(func.count(LoanObjectImage.id))) == 0


def test_an_oversized_picture_is_refused(app, as_user, demo, silk):
    from planner.loans.models import LoanObjectImage

    client = as_user("curator")
    path = f"/loans/{silk['loan']}/objects"
    token = csrf_token(client.get(path).data)
    limit = app.config["ATTACHMENTS_MAX_BYTES"]
    app.config["ATTACHMENTS_MAX_BYTES"] = 1000
    try:
        answer = client.post(
            f"{path}/{silk['objects'][0]}/images",
            data={"csrf_token": token, "file": (io.BytesIO(jpeg_with_exif() + b"\0" * 2000), "big.jpg")},
            content_type="multipart/form-data",
            follow_redirects=True,
        )
    finally:
        app.config["ATTACHMENTS_MAX_BYTES"] = limit
    assert "larger than" in answer.get_data(as_text=True)
    assert demo.session.scalar(select(func.count(LoanObjectImage.id))) == 0


# --- where are my objects ------------------------------------------------------------------------


def put_on_display(app, demo, silk, overdue_object: int | None = None) -> None:
    from planner.loans.models import Loan
    from planner.plans.models import LoanObject

    with app.test_request_context(), unit_of_work():
        loan = demo.session.get(Loan, silk["loan"])
        loan.status = "on_display"
        if overdue_object:
            demo.session.get(LoanObject, overdue_object).loan_to = date.today() - timedelta(days=3)


def test_the_ganja_objects_are_away_in_turkestan_one_overdue(app, as_user, demo, silk):
    put_on_display(app, demo, silk, overdue_object=silk["objects"][1])
    page = as_user("curator").get(f"/institutions/{silk['lender']}/objects")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    for number in ("GQ-1987-014", "GQ-2004-231", "GQ-2011-077"):
        assert number in body
    assert "Aziret" in body  # the exhibition's venue in Turkestan
    assert body.count("overdue-flag") == 1
    assert body.index("GQ-2004-231") < body.index("GQ-1987-014")  # the overdue one first
    borrowed = as_user("curator-turkestan").get(f"/institutions/{silk['borrower']}/objects").get_data(as_text=True)
    assert "GQ-1987-014" in borrowed and "Borrowed" in borrowed


def test_before_departure_the_objects_are_at_home(app, as_user, demo, silk):
    from planner.loans.models import Loan

    with app.test_request_context(), unit_of_work():
        demo.session.get(Loan, silk["loan"]).status = "agreed"
    body = as_user("staff").get(f"/institutions/{silk['lender']}/objects").get_data(as_text=True)
    assert "Not yet left" in body and "overdue-flag" not in body


@pytest.mark.parametrize("who", ["curator_other", "partner_other", "curator-turkestan"])
def test_another_institution_s_whereabouts_are_not_found(as_user, silk, who):
    assert as_user(who).get(f"/institutions/{silk['lender']}/objects").status_code == 404


def test_an_administrator_sees_any_institution_s_objects(as_user, silk):
    assert as_user("admin").get(f"/institutions/{silk['lender']}/objects").status_code == 200


def test_the_institution_page_and_the_menu_link_the_whereabouts(as_user, silk):
    body = as_user("curator").get(f"/institutions/{silk['lender']}").get_data(as_text=True)
    assert f"/institutions/{silk['lender']}/objects" in body


# --- files: Spectrum CSV, CollectionSpace XML, condition report -----------------------------------


def test_each_side_downloads_the_spectrum_csv_in_its_words(as_user, silk):
    lender = as_user("curator").get(f"/loans/{silk['loan']}/spectrum.csv")
    assert lender.status_code == 200 and lender.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(lender.get_data(as_text=True))))
    assert {r["Object number"] for r in rows} == {"GQ-1987-014", "GQ-2004-231", "GQ-2011-077"}
    assert "Loan out begin date" in rows[0]
    borrower = as_user("partner").get(f"/loans/{silk['loan']}/spectrum.csv").get_data(as_text=True)
    assert "Loan in begin date" in borrower.splitlines()[0]


def test_the_collectionspace_export_is_loan_in_for_the_borrower(as_user, silk):
    from lxml import etree

    answer = as_user("curator-turkestan").get(f"/loans/{silk['loan']}/collectionspace.xml")
    root = etree.fromstring(answer.data)
    assert root[0].get("service") == "Loansin"
    assert len(root.findall("import[@service='CollectionObjects']")) == 3


def test_the_api_gives_the_same_files(app, demo, silk):
    from planner.accounts.models import Token, User

    with app.test_request_context(), unit_of_work():
        user = demo.session.scalar(select(User).where(User.username == "curator"))
        token, secret = Token.issue(user, "api", "tests")
        demo.session.add(token)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {secret}"}
    csv_answer = client.get(f"/api/v1/loans/{silk['loan']}/spectrum.csv", headers=headers)
    assert csv_answer.status_code == 200 and csv_answer.get_data(as_text=True).startswith("Object number,")
    assert client.get(f"/api/v1/loans/{silk['loan']}/collectionspace.xml", headers=headers).status_code == 200
    pdf = client.get(f"/api/v1/loans/{silk['loan']}/condition-report/departure.pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert client.get(f"/api/v1/loans/{silk['loan']}/condition-report/nowhere.pdf", headers=headers).status_code == 404
    assert client.get(f"/api/v1/loans/{silk['loan']}/spectrum.csv").status_code == 401


def test_the_condition_report_prints_the_check_and_its_photo(app, as_user, demo, silk):
    from planner.accounts.models import User
    from planner.loans import operations
    from planner.loans.models import Loan
    from tests.documents.conftest import pdf_text, squeezed

    with app.test_request_context(), unit_of_work():
        loan = demo.session.get(Loan, silk["loan"])
        curator = demo.session.scalar(select(User).where(User.username == "curator"))
        operations.add_condition_check(
            loan,
            curator,
            {"object_id": silk["objects"][0], "checkpoint": "departure", "condition": "good",
             "notes": {"en": "Hairline crack, stable", "ru": "Волосяная трещина"}, "method": "visual"},
            [(io.BytesIO(jpeg_with_exif()), "bowl.jpg")],
        )  # fmt: skip
    answer = as_user("curator").get(f"/loans/{silk['loan']}/condition-report/departure.pdf")
    assert answer.status_code == 200 and answer.data.startswith(b"%PDF")
    text = squeezed(pdf_text(answer.data))
    assert squeezed("GQ-1987-014") in text
    # in the lender's (az) and the borrower's (kk) languages, side by side
    assert squeezed("Vəziyyət hesabatı") in text and squeezed("Жай-күй туралы есеп") in text
    assert squeezed("Hairline crack, stable") in text  # the note, in the language it was written in
    assert b"/Subtype /Image" in answer.data
    assert as_user("curator").get(f"/loans/{silk['loan']}/condition-report/nowhere.pdf").status_code == 404


# --- the operations' own guards (pages check first; these hold for every caller) ----------------


def users(demo, *names):
    from planner.accounts.models import User

    return [demo.session.scalar(select(User).where(User.username == name)) for name in names]


@pytest.mark.parametrize("who", ["partner", "staff"])
def test_only_curators_of_either_side_change_an_object(app, demo, silk, who):
    from planner.errors import Forbidden
    from planner.loans import objects
    from planner.loans.models import Loan

    (user,) = users(demo, who)
    with app.test_request_context():
        loan = demo.session.get(Loan, silk["loan"])
        with pytest.raises(Forbidden):
            objects.update_details(loan, user, silk["objects"][0], {"materials": {"en": "gold"}})
        with pytest.raises(Forbidden):
            objects.add_image(loan, user, silk["objects"][0], io.BytesIO(jpeg_with_exif()), "x.jpg")
        with pytest.raises(Forbidden):
            objects.remove_image(loan, user, 1)


def test_a_curator_of_a_third_museum_does_not_learn_of_the_loan(app, demo, silk):
    from planner.errors import NotFound
    from planner.loans import objects
    from planner.loans.models import Loan

    (other,) = users(demo, "curator_other")  # added by the silk fixture
    with app.test_request_context():
        loan = demo.session.get(Loan, silk["loan"])
        with pytest.raises(NotFound):
            objects.update_details(loan, other, silk["objects"][0], {"materials": {"en": "gold"}})


def test_only_description_fields_are_changed(app, demo, silk):
    from planner.errors import Invalid
    from planner.loans import objects
    from planner.loans.models import Loan

    (curator,) = users(demo, "curator")
    with app.test_request_context():
        loan = demo.session.get(Loan, silk["loan"])
        with pytest.raises(Invalid):
            objects.update_details(loan, curator, silk["objects"][0], {"insurance_value": Decimal("1")})


def test_an_object_of_another_loan_is_not_found(app, demo, silk):
    from planner.errors import NotFound
    from planner.loans import objects
    from planner.loans.models import Loan, LoanObjectImage
    from planner.plans.models import LoanObject, Plan

    (curator,) = users(demo, "curator")
    with app.test_request_context(), unit_of_work():
        other_plan = demo.session.scalar(select(Plan).where(Plan.id != silk["plan"]).order_by(Plan.id))
        stranger = LoanObject(plan=other_plan, lender_institution_id=silk["lender"], inventory_number="Z-1", title="Z")
        demo.session.add(stranger)
        demo.session.flush()
        from planner.attachments.models import Attachment

        kept = Attachment(storage_key="k" * 32, content_type="image/png", size=1, sha256="0" * 64)
        demo.session.add(kept)
        demo.session.flush()
        image = LoanObjectImage(loan_object_id=stranger.id, attachment_id=kept.id)
        demo.session.add(image)
        demo.session.flush()
        ids = (stranger.id, image.id)
    with app.test_request_context():
        loan = demo.session.get(Loan, silk["loan"])
        with pytest.raises(NotFound):
            objects.update_details(loan, curator, ids[0], {"materials": {"en": "gold"}})
        with pytest.raises(NotFound):
            objects.image_of(loan, ids[1])


def test_an_object_has_at_most_twelve_pictures(app, demo, silk, monkeypatch):
    from planner.errors import Invalid
    from planner.loans import objects
    from planner.loans.models import Loan

    monkeypatch.setattr(objects, "MAX_IMAGES", 1)
    (curator,) = users(demo, "curator")
    with app.test_request_context(), unit_of_work():
        loan = demo.session.get(Loan, silk["loan"])
        objects.add_image(loan, curator, silk["objects"][0], io.BytesIO(jpeg_with_exif()), "a.jpg")
    with app.test_request_context():
        loan = demo.session.get(Loan, silk["loan"])
        with pytest.raises(Invalid):
            objects.add_image(loan, curator, silk["objects"][0], io.BytesIO(jpeg_with_exif()), "b.jpg")


def test_the_import_operation_refuses_a_result_with_errors_and_another_lender(app, demo, silk):
    from planner.errors import Invalid
    from planner.loans import importing, objects
    from planner.loans.models import Loan
    from planner.plans.models import Plan

    (curator,) = users(demo, "curator")
    before = object_count(demo)
    bad = importing.parse_objects([["Object number", "Title"], ["N-1", "Cup"], ["N-2", ""]])
    other_lender = importing.parse_objects([["Object number", "Title", "Lender"], ["N-3", "Cup", "Aziret Sultan"]])
    with app.test_request_context():
        loan = demo.session.get(Loan, silk["loan"])
        plan = demo.session.get(Plan, silk["plan"])
        with pytest.raises(Invalid):
            objects.import_objects(plan, curator, bad, loan=loan)
        with pytest.raises(Invalid):
            objects.import_objects(plan, curator, other_lender, loan=loan)
        assert other_lender.rows[0].errors[0][0] == "lender"
    demo.session.rollback()
    assert object_count(demo) == before


def test_a_closed_loan_and_a_deleted_plan_are_not_where_objects_are(app, demo, silk):
    from planner.loans import whereabouts
    from planner.loans.models import Loan
    from planner.plans.models import Plan

    with app.test_request_context():
        assert len(whereabouts.whereabouts(silk["lender"])) == 3
    with app.test_request_context(), unit_of_work():
        demo.session.get(Loan, silk["loan"]).status = "closed"
    with app.test_request_context():
        assert whereabouts.whereabouts(silk["lender"]) == []
    with app.test_request_context(), unit_of_work():
        demo.session.get(Loan, silk["loan"]).status = "on_display"
        from planner.models_base import utcnow

        demo.session.get(Plan, silk["plan"]).deleted_at = utcnow()
    with app.test_request_context():
        assert whereabouts.whereabouts(silk["lender"]) == []


def test_in_transit_the_objects_are_on_the_current_leg(app, demo, silk):
    from datetime import datetime

    from planner.loans import whereabouts
    from planner.loans.models import Loan, TransportLeg

    with app.test_request_context(), unit_of_work():
        loan = demo.session.get(Loan, silk["loan"])
        loan.status = "in_transit"
        loan.transport_legs.append(
            TransportLeg(uid="leg-1@test", method="road", departure_place="Ganja", arrival_place="Baku",
                         departs_at=datetime(2026, 11, 21, 6), position=1)
        )  # fmt: skip
        loan.transport_legs.append(
            TransportLeg(uid="leg-2@test", method="air", departure_place="Baku", arrival_place="Turkestan",
                         departs_at=datetime(2026, 11, 22, 6), position=2)
        )  # fmt: skip
    with app.test_request_context():
        found = whereabouts.whereabouts(silk["lender"], now=datetime(2026, 11, 21, 12))
    assert {(w.where, w.place) for w in found} == {("travelling", "Ganja → Baku")}


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("ru", "Срок выдачи не может закончиться раньше, чем начнётся."),
        ("kk", "Беру мерзімі басталмай тұрып аяқтала алмайды."),
        ("az", "Verilmə başlamamış bitə bilməz."),
    ],
)
def test_row_errors_are_in_the_user_s_language(as_user, demo, silk, language, said):
    client = as_user("curator")
    client.post("/language", data={"lang": language, "csrf_token": csrf_token(client.get("/").data)})
    bad = HEADER + "GQ-9-1,Чаша,2027-05-01,2027-04-30,,,\n"
    page = upload(client, f"/loans/{silk['loan']}/import", bad.encode(), "list.csv")
    assert page.status_code == 422
    assert said in page.get_data(as_text=True)


def test_the_pages_and_files_issue_the_same_statements_for_more_loans_and_objects(
    app, as_user, demo, silk, monkeypatch
):
    """Where our objects are, the objects in detail and the exchange files: bounded whatever the
    number of loans, objects and pictures."""
    from planner.attachments.models import Attachment
    from planner.loans.models import Loan, LoanObjectImage
    from planner.plans.models import LoanObject, Plan
    from tests.conftest import statements_of

    client = as_user("curator")
    monkeypatch.setitem(app.config, "PAGE_CACHE", False)
    pages = [
        f"/institutions/{silk['lender']}/objects",
        f"/loans/{silk['loan']}/objects",
        f"/loans/{silk['loan']}/spectrum.csv",
        f"/loans/{silk['loan']}/collectionspace.xml",
    ]
    small = {path: len(statements_of(app, client, path)) for path in pages}
    silk_plan = demo.session.get(Plan, silk["plan"])
    for n in range(6):
        plan = Plan(agreement=silk_plan.agreement, kind="exhibition", title={"en": f"Show {n}"},
                    lead_institution_id=silk["borrower"], status="approved")  # fmt: skip
        demo.session.add(plan)
        demo.session.flush()
        loan = Loan(plan_id=plan.id, lender_institution_id=silk["lender"], borrower_institution_id=silk["borrower"],
                    status="on_display")  # fmt: skip
        demo.session.add(loan)
        demo.session.flush()
        for k in range(4):
            demo.session.add(LoanObject(plan_id=plan.id, loan_id=loan.id, lender_institution_id=silk["lender"],
                                        inventory_number=f"G-{n}-{k}", title="Cup", loan_to=date(2020, 1, 1)))  # fmt: skip
    for k in range(8):
        item = LoanObject(plan_id=silk["plan"], loan_id=silk["loan"], lender_institution_id=silk["lender"],
                          inventory_number=f"S-{k}", title="Cup", materials={"en": "clay"})  # fmt: skip
        demo.session.add(item)
        demo.session.flush()
        picture = Attachment(storage_key=f"{k:032d}", content_type="image/png", size=1, sha256="0" * 64)
        demo.session.add(picture)
        demo.session.flush()
        demo.session.add(LoanObjectImage(loan_object_id=item.id, attachment_id=picture.id, thumbnail_id=picture.id))
    demo.session.commit()
    large = {path: len(statements_of(app, client, path)) for path in pages}
    assert large == small
    assert max(small.values()) <= 25, small


def test_the_plan_edit_page_links_the_import(as_user, silk):
    body = as_user("curator").get(f"/plans/{silk['plan']}/edit").get_data(as_text=True)
    assert f"/plans/{silk['plan']}/loan-objects/import" in body
