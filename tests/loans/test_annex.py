"""The project agreement's loan annex (issue #28 item 10): the approved objects with their loan
periods, and apart, labelled "for information", the loan records' state of the day, which never
moves the approved part nor the fingerprint."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from planner.documents.data import LoanData, LoanRecordData
from planner.documents.model import Heading, Paragraph, Table
from planner.unit_of_work import unit_of_work
from tests.documents.conftest import pdf_text, squeezed
from tests.documents.test_document_model import ONE, TWO, english, plan_data
from tests.loans.test_objects import jpeg_with_exif, silk  # noqa: F401  (the fixture)

LOAN = LoanData(ONE.name, "GQ-1", {"en": "Bowl"}, Decimal("45000"), "EUR", {"en": "hairline crack"},
                date(2026, 11, 20), date(2027, 4, 30))  # fmt: skip
RECORD = LoanRecordData(
    ONE.name, TWO.name, "in_transit", "L-1", "B-7", (("GQ-1", "good", date(2026, 11, 18)),),
    "state_indemnity", "Ministry", "P-9", date(2026, 11, 1), date(2027, 5, 31), ((Decimal("45000"), "EUR"),),
    (("road", "Ganja", "Turkestan", date(2026, 11, 21), date(2026, 11, 25)),),
)  # fmt: skip


def texts_of(blocks) -> str:
    found = []
    for block in blocks:
        if isinstance(block, Heading | Paragraph):
            found.extend(block.texts)
        elif isinstance(block, Table):
            for row in block.rows:
                found.extend(c if isinstance(c, str) else " ".join(c) for c in row.cells)
    return " ".join(found)


def test_the_annex_prints_the_approved_objects_with_their_loan_period():
    document = english(plan_data(loans=(LOAN,)))
    approved = texts_of(document.blocks)
    assert "Annex: the loan objects" in approved and "November 20, 2026 – April 30, 2027" in approved
    assert not any(getattr(block, "informative", False) for block in document.blocks)


def test_the_loan_record_is_a_labelled_part_after_the_approved_one(app):
    from planner.documents.languages import LanguageChoice
    from planner.documents.model import build_document
    from planner.documents.wording import wording_for

    data = plan_data(loans=(LOAN,), loan_records=(RECORD,), record_date=date(2026, 11, 22))
    with app.test_request_context():
        document = build_document(data, [LanguageChoice("en")], {"en": wording_for("en")})
    informative = [block for block in document.blocks if getattr(block, "informative", False)]
    approved = [block for block in document.blocks if not getattr(block, "informative", False)]
    assert informative and document.blocks[-len(informative) :] == tuple(informative)  # all of it last
    text = texts_of(informative)
    assert "Loan record on November 22, 2026 — for information, not part of the approved content" in text
    assert "In transit" in text and "Good, November 18, 2026" in text and "State indemnity" in text
    assert "Ganja → Turkestan" in text and "45,000.00 EUR" in text
    with app.test_request_context():
        alone = build_document(plan_data(loans=(LOAN,)), [LanguageChoice("en")], {"en": wording_for("en")})
    assert approved == list(alone.blocks)  # the approved part is unchanged


def test_a_departure_check_shows_in_the_pdf_without_moving_the_fingerprint(app, as_user, demo, silk):  # noqa: F811
    from planner.accounts.models import User
    from planner.loans import operations
    from planner.loans.models import Loan
    from planner.plans.models import Plan

    client = as_user("curator")
    plan = demo.session.get(Plan, silk["plan"])
    before = plan.current_fingerprint
    with app.test_request_context(), unit_of_work():
        loan = demo.session.get(Loan, silk["loan"])
        curator = demo.session.scalar(select(User).where(User.username == "curator"))
        operations.add_condition_check(
            loan, curator, {"object_id": silk["objects"][0], "checkpoint": "departure", "condition": "fair"},
            [(io.BytesIO(jpeg_with_exif()), "bowl.jpg")],
        )  # fmt: skip
    demo.session.expire_all()
    assert demo.session.get(Plan, silk["plan"]).current_fingerprint == before
    answer = client.get(f"/plans/{silk['plan']}/agreement.pdf?languages=en")
    text = squeezed(pdf_text(answer.data))
    assert squeezed("for information, not part of the approved content") in text
    assert squeezed("GQ-1987-014 Fair,") in text and squeezed("On display") in text
    assert squeezed("Insurance or indemnity: Commercial insurance") in text and squeezed("Transport: Road") in text
