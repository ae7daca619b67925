"""The loan operations' refusals, each called directly (the pages and the API share them)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from planner.errors import Forbidden, Invalid


@pytest.fixture()
def ops(app, demo, silk_road):
    """(operations, the demo loan, Ganja's curator, Turkestan's curator, the admin) inside a
    request; nothing is committed."""
    from planner.accounts.models import User
    from planner.extensions import db
    from planner.loans import operations

    with app.test_request_context():
        users = {u.username: u for u in db.session.scalars(select(User))}
        yield operations, silk_road, users["curator"], users["curator-turkestan"], users["admin"]
        db.session.rollback()


def test_a_check_names_an_object_of_this_loan(ops, fresh_loan):
    from planner.extensions import db
    from planner.loans.models import Loan

    operations, loan, ganja, _turkestan, _admin = ops
    other = db.session.get(Loan, fresh_loan).objects[0].id
    with pytest.raises(Invalid) as refused:
        operations.add_condition_check(loan, ganja, {"object_id": other, "checkpoint": "arrival", "condition": "good"})
    assert refused.value.field == "object_id"


def test_an_administrator_checks_for_one_of_the_two_institutions(ops):
    operations, loan, _ganja, _turkestan, admin = ops
    values = {"object_id": loan.objects[0].id, "checkpoint": "installation", "condition": "good"}
    with pytest.raises(Invalid) as refused:
        operations.add_condition_check(loan, admin, {**values, "checker_institution_id": 999})
    assert refused.value.field == "checker_institution_id"


def test_a_granted_permit_has_its_number_and_issue_date(ops):
    operations, loan, ganja, *_ = ops
    with pytest.raises(Invalid) as refused:
        operations.add_permit(loan, ganja, {"country": "AZ", "status": "granted"})
    assert refused.value.field == "number"
    with pytest.raises(Invalid) as refused:
        operations.add_permit(loan, ganja, {"country": "ZZ"})
    assert refused.value.field == "country"
    with pytest.raises(Invalid) as refused:
        operations.add_permit(
            loan, ganja, {"country": "AZ", "issued_on": date(2027, 1, 2), "return_by": date(2027, 1, 1)}
        )
    assert refused.value.field == "return_by"


def test_a_cover_ends_after_it_begins_and_names_one_sum_per_currency(ops):
    operations, loan, ganja, *_ = ops
    cover = {"kind": "commercial", "cover_from": date(2027, 1, 2), "cover_to": date(2027, 1, 1)}
    with pytest.raises(Invalid) as refused:
        operations.put_insurance(loan, ganja, cover)
    assert refused.value.field == "cover_to"
    twice = [{"currency": "EUR", "amount": 1}, {"currency": "EUR", "amount": 2}]
    with pytest.raises(Invalid) as refused:
        operations.put_insurance(loan, ganja, {**cover, "cover_to": date(2027, 2, 1), "sums": twice})
    assert refused.value.field == "sums"


def test_a_leg_has_known_zones_and_arrives_after_it_departs(ops):
    operations, loan, ganja, *_ = ops
    with pytest.raises(Invalid) as refused:
        operations.add_transport_leg(loan, ganja, {"method": "road", "departure_timezone": "Mars/Olympus"})
    assert refused.value.field == "departure_timezone"
    backwards = {"method": "road", "departs_at": datetime(2027, 1, 2, 9), "arrives_at": datetime(2027, 1, 1, 9)}
    with pytest.raises(Invalid) as refused:
        operations.add_transport_leg(loan, ganja, backwards)
    assert refused.value.field == "arrives_at"


def test_a_courier_is_a_participant_of_the_plan(ops):
    operations, loan, ganja, *_ = ops
    with pytest.raises(Invalid) as refused:
        operations.add_courier(loan, ganja, {"participant_id": 999999})
    assert refused.value.field == "participant_id"


def test_references_are_short_and_each_side_sets_its_own(ops):
    operations, loan, ganja, turkestan, _admin = ops
    with pytest.raises(Invalid):
        operations.set_reference(loan, ganja, "x" * 65)
    operations.set_reference(loan, turkestan, "ASM-2")
    assert loan.borrower_reference == "ASM-2" and loan.lender_reference == "GSHCR-L-2026-07"


def test_only_the_lenders_curator_changes_the_borrower(ops):
    operations, loan, _ganja, turkestan, _admin = ops
    with pytest.raises(Forbidden):
        operations.change_borrower(loan, turkestan, loan.lender_institution_id)


def test_permit_templates_are_the_administrators(ops):
    operations, _loan, ganja, _turkestan, admin = ops
    values = {"authority": {"en": "Ministry"}, "document_name": {"en": "Permit"}, "lead_time_days": 20}
    with pytest.raises(Forbidden):
        operations.update_permit_template(ganja, "GE", values)
    assert operations.update_permit_template(admin, "GE", values).lead_time_days == 20
    with pytest.raises(Invalid):
        operations.update_permit_template(admin, "GE", {**values, "lead_time_days": -1})


def test_the_shipped_templates_cover_the_four_countries(ops):
    operations, *_ = ops
    operations.ensure_permit_templates()
    for country, words in (("AZ", "Cabinet of Ministers"), ("KZ", "temporary export"), ("TR", "2863")):
        template = operations.template_for(country)
        assert set(template.authority) == {"en", "az", "kk", "ru"}
        assert words in template.authority["en"] + template.document_name["en"]
    assert operations.template_for("UZ").authority["en"].startswith("Cultural Heritage Agency")


def test_without_a_border_the_permit_step_is_skipped_but_a_border_crossed_later_needs_it(app, demo, fresh_loan):
    import io

    from fpdf import FPDF

    from planner.accounts.models import User
    from planner.extensions import db
    from planner.loans import operations
    from planner.loans.models import Loan

    pdf = FPDF()
    pdf.add_page()
    with app.test_request_context():
        ganja = db.session.scalar(select(User).where(User.username == "curator"))
        loan = db.session.get(Loan, fresh_loan)
        operations.attach_loan_agreement(loan, ganja, io.BytesIO(bytes(pdf.output())), "agreement.pdf")
        operations.transition(loan, "agreed", "", ganja)
        assert operations.next_steps(loan) == ["permit_granted", "packed", "cancelled"]
        item = loan.objects[0]
        operations.add_condition_check(
            loan, ganja, {"object_id": item.id, "checkpoint": "departure", "condition": "good"}
        )
        operations.transition(loan, "packed", "", ganja)
        cover = {"kind": "self_insured", "cover_from": date(2027, 1, 1), "cover_to": date(2027, 12, 31)}
        operations.put_insurance(loan, ganja, {**cover, "sums": [{"currency": "EUR", "amount": 1000}]})
        operations.add_transport_leg(loan, ganja, {"method": "air", "crosses_border": True})
        with pytest.raises(operations.MissingProofs) as refused:
            operations.transition(loan, "in_transit", "", ganja)
        assert refused.value.missing == ["export_permit"]
        db.session.rollback()
