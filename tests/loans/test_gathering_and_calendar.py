"""Objects join their loan when added to a plan (drafts included), the default borrower, and the
loan's legs, couriers and permits in the plan's calendar and feed; permit return-by reminders."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from sqlalchemy import select


def test_the_default_borrower_is_the_lead_or_its_first_partner():
    from planner.loans.operations import default_borrower

    plan = SimpleNamespace(lead_institution_id=1, partners=[SimpleNamespace(id=7), SimpleNamespace(id=3)])
    assert default_borrower(plan, 5) == 1
    assert default_borrower(plan, 1) == 3  # the lead lends: its first partner (by id) borrows
    assert default_borrower(SimpleNamespace(lead_institution_id=1, partners=[]), 1) is None


def test_a_draft_gathers_its_objects_into_one_loan_per_lender_and_borrower(app, demo, fresh_loan):
    from planner.extensions import db
    from planner.loans.models import Loan

    loan = db.session.get(Loan, fresh_loan)
    assert loan.status == "requested" and [c.to_status for c in loan.history] == ["requested"]
    assert loan.borrower.short_name.startswith("Aziret") or "Aziret" in str(loan.borrower.name)
    assert len(loan.objects) == 1


def test_a_second_object_of_the_same_lender_joins_the_same_loan(app, demo, fresh_loan):
    from planner.accounts.models import User
    from planner.extensions import db
    from planner.loans.models import Loan
    from planner.plans import operations
    from planner.unit_of_work import unit_of_work

    with app.test_request_context(), unit_of_work():
        curator = db.session.scalar(select(User).where(User.username == "curator"))
        plan = db.session.get(Loan, fresh_loan).plan
        values = {"lender_institution_id": curator.institution_id, "inventory_number": "GQ-TEST-2", "title": "Cup"}
        operations.add_part(plan, curator, "loan_objects", values)
    db.session.expire_all()
    loans = db.session.scalars(select(Loan).where(Loan.plan_id == plan.id)).all()
    assert len(loans) == 1 and len(loans[0].objects) == 2


def test_legs_couriers_and_return_by_days_are_in_the_plan_calendar_and_feed(app, client, demo, silk_road):
    from tests.conftest import log_in

    log_in(client, "curator")
    page = client.get(f"/plans/{silk_road.plan_id}/calendar?month=2026-11").get_data(as_text=True)
    assert "Transport: Baku (GYD) → Turkistan International Airport (HSA)" in page
    secret = app.test_cli_runner().invoke(args=["feeds", "urls", "--user", "curator"]).output.split()[0]
    feed = client.get(f"{secret.rsplit('/', 1)[0]}/plans/{silk_road.plan_id}.ics")
    if feed.status_code == 404:  # the listed urls are per scope: find the plan's
        urls = app.test_cli_runner().invoke(args=["feeds", "urls", "--user", "curator"]).output.split()
        path = next(u for u in urls if u.endswith(f"/plans/{silk_road.plan_id}.ics"))
        feed = client.get(path)
    body = feed.get_data(as_text=True)
    assert "Return by (export permit MN-2026/1184)" in body.replace("\r\n ", "")


def test_the_permit_return_by_date_is_reminded_to_both_parties(app, demo, silk_road):
    from planner.extensions import db
    from planner.notifications.models import Notification
    from planner.notifications.reminders import raise_due

    with app.test_request_context():
        raised = raise_due(date(2027, 4, 20))  # return by 15 May 2027: the 30-day reminder
        again = raise_due(date(2027, 4, 21))
    assert raised["permit_return"] >= 2 and again["permit_return"] == 0
    told = db.session.scalars(select(Notification).where(Notification.kind == "permit_return")).all()
    institutions = {n.user.institution_id for n in told}
    assert institutions == {silk_road.lender_institution_id, silk_road.borrower_institution_id}
