"""The loan page reads a bounded number of statements, whatever the number of checks and photos."""

from __future__ import annotations

from tests.conftest import log_in, statements_of


def test_the_loan_page_does_not_grow_with_its_checks(app, client, demo, silk_road):
    from sqlalchemy import select

    from planner.accounts.models import User
    from planner.extensions import db
    from planner.loans import operations
    from planner.loans.models import Loan

    log_in(client, "curator")
    path = f"/loans/{silk_road.id}"
    small = len(statements_of(app, client, path))
    with app.test_request_context():
        ganja = db.session.scalar(select(User).where(User.username == "curator"))
        loan = db.session.get(Loan, silk_road.id)
        for item in loan.objects:
            for checkpoint in ("installation", "deinstallation", "return"):
                values = {"object_id": item.id, "checkpoint": checkpoint, "condition": "good"}
                operations.add_condition_check(loan, ganja, values)
        db.session.commit()
    large = len(statements_of(app, client, path))
    print(f"loan page: {small} statements, {large} with nine more checks")
    assert large == small and small <= 25
