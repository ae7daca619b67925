"""A loan from request to closed, the way the two registrars take it in headless Chromium: Aziret
Sultan lends one object to Ganja for the Silk Road exhibition; the lender uploads the signed loan
agreement, checks the object at departure with a photo, records the insurance and takes the
steps; the borrower checks it on arrival and on return, and closes the loan. Each step refused
without its proof says which is missing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PIL import Image
from sqlalchemy import select

from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture()
def new_loan(app, demo, tmp_path):
    """One object of Aziret Sultan on the Silk Road plan: its loan (to Ganja) is requested. Also
    the files a registrar has at hand: a signed agreement (PDF) and a photo (JPEG)."""
    from fpdf import FPDF

    from planner.accounts.models import User
    from planner.plans import operations
    from planner.plans.models import Plan
    from planner.unit_of_work import unit_of_work

    plan = demo.session.scalar(select(Plan).where(Plan.kind == "exhibition").order_by(Plan.id))
    aziret = next(p.institution for p in plan.agreement.parties if p.institution.short_name == "Aziret Sultan")
    curator = demo.session.scalar(select(User).where(User.username == "curator-turkestan"))
    today = date.today()
    with app.test_request_context(), unit_of_work():
        item = operations.add_part(
            plan,
            curator,
            "loan_objects",
            {"lender_institution_id": aziret.id, "inventory_number": "AS-KZ-501", "title": "Felt carpet",
             "loan_from": today, "loan_to": today + timedelta(days=60), "insurance_value": Decimal("8000.00"),
             "insurance_currency": "EUR"},
        )  # fmt: skip
    loan = item.loan
    assert loan is not None and loan.status == "requested" and loan.lender_institution_id == aziret.id
    agreement = FPDF()
    agreement.add_page()
    agreement.set_font("helvetica", size=12)
    agreement.cell(text="Loan agreement AS-KZ-501, signed")
    pdf = tmp_path / "loan-agreement.pdf"
    pdf.write_bytes(bytes(agreement.output()))
    photo = tmp_path / "carpet.jpg"
    Image.new("RGB", (640, 480), (150, 40, 40)).save(photo, "JPEG")
    return {"loan": loan.id, "object": item.id, "pdf": str(pdf), "photo": str(photo), "today": today}


def in_form(action: str, css: str) -> str:
    return f"form[action$='{action}'] {css}"


def step(browser, loan_id: int, status: str, note: str = ""):
    browser.open(f"/loans/{loan_id}#status")
    browser.select(in_form("/transitions", "select[name=status]"), status)
    if note:
        browser.type(in_form("/transitions", "textarea[name=note]"), note)
    browser.click(in_form("/transitions", "button[type=submit]"))


def check(browser, loan_id: int, checkpoint: str, condition: str, photo: str | None = None):
    browser.open(f"/loans/{loan_id}#checks")
    browser.select(in_form("/checks", "select[name=checkpoint]"), checkpoint)
    browser.select(in_form("/checks", "select[name=condition]"), condition)
    browser.type(in_form("/checks", "input[name=method]"), "visual, raking light")
    if photo:
        browser.find(in_form("/checks", "input[type=file]")).send_keys(photo)
    browser.click(in_form("/checks", "button[type=submit]"))
    assert "The condition check is recorded." in browser.text(), browser.text()[:800]


def status_of(demo, loan_id: int) -> str:
    from planner.loans.models import Loan

    demo.session.expire_all()
    return demo.session.get(Loan, loan_id).status


def test_a_loan_from_request_to_closed(browser, demo, new_loan):
    loan_id, today = new_loan["loan"], new_loan["today"]
    # the lender (Aziret Sultan, Turkestan)
    browser.log_in("curator-turkestan", DEMO_PASSWORD)
    browser.open(f"/loans/{loan_id}")
    assert "Loan out to" in browser.text()
    step(browser, loan_id, "Agreed")
    assert status_of(demo, loan_id) == "requested"  # refused: no signed agreement
    assert "signed" in browser.text().lower()
    browser.open(f"/loans/{loan_id}#status")
    browser.find("#loan-agreement-file").send_keys(new_loan["pdf"])
    browser.click(in_form("/agreement", "button[type=submit]"))
    assert "The signed loan agreement is stored." in browser.text()
    step(browser, loan_id, "Agreed", "Signed by both directors")
    assert status_of(demo, loan_id) == "agreed"

    step(browser, loan_id, "Packed")
    assert status_of(demo, loan_id) == "agreed"  # refused: no departure check
    check(browser, loan_id, "Departure", "Good", new_loan["photo"])
    assert browser.find_all("#checks .photos img"), "the photo's thumbnail is shown"
    step(browser, loan_id, "Packed")
    assert status_of(demo, loan_id) == "packed"

    step(browser, loan_id, "In transit")
    assert status_of(demo, loan_id) == "packed"  # refused: no insurance
    browser.open(f"/loans/{loan_id}#insurance")
    browser.type(in_form("/insurance", "input[name=insurer]"), "Nomad Insurance")
    browser.type(in_form("/insurance", "input[name=policy_number]"), "NI-2026-77")
    browser.set_value(in_form("/insurance", "input[name=cover_from]"), (today - timedelta(days=1)).isoformat())
    browser.set_value(in_form("/insurance", "input[name=cover_to]"), (today + timedelta(days=70)).isoformat())
    browser.type(in_form("/insurance", "input[name=sum_amount]"), "8000")
    browser.select(in_form("/insurance", "select[name=sum_currency]"), "EUR")
    browser.click(in_form("/insurance", "button[type=submit]"))
    assert "covers its value" in browser.text(), browser.text()[:800]
    step(browser, loan_id, "In transit")
    assert status_of(demo, loan_id) == "in_transit"

    # the borrower (Ganja)
    browser.driver.delete_all_cookies()  # the other registrar, on the same machine
    browser.log_in("curator", DEMO_PASSWORD)
    browser.open(f"/loans/{loan_id}")
    assert "Loan in from" in browser.text()
    step(browser, loan_id, "Received")
    check(browser, loan_id, "Arrival", "Good")
    for status in ("On display", "De-installed", "Returned"):
        step(browser, loan_id, status)
    assert status_of(demo, loan_id) == "returned"
    step(browser, loan_id, "Closed")
    assert status_of(demo, loan_id) == "returned"  # refused: no return check
    check(browser, loan_id, "Return", "Good")
    step(browser, loan_id, "Closed", "Back in Turkestan, as lent")
    assert status_of(demo, loan_id) == "closed"
    history = browser.open(f"/loans/{loan_id}").find("ol.history").text
    for word in ("Requested", "Agreed", "Packed", "In transit", "Received", "Returned", "Closed"):
        assert word in history, word
    # the objects page, the files and the report of the departure, from the loan page's links
    browser.click("nav.loan-objects-links a[href$='/objects']")
    assert "AS-KZ-501" in browser.text()
