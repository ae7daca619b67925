"""`flask notify due`: reminders of notice deadlines, period ends and events, raised once
each, then the outbox sent."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import func, select

from planner.notifications.reminders import threshold

GANJA = "Memorandum of Understanding and Cooperation: Ganja Reserve and Aziret Sultan"


def test_the_nearest_threshold_not_yet_passed():
    assert [threshold(d, (7, 30, 90)) for d in (91, 90, 45, 30, 8, 7, 0, -1, None)] == [
        None,
        90,
        90,
        30,
        30,
        7,
        7,
        None,
        None,
    ]


def due(app, day: date) -> dict[str, int]:
    output = app.test_cli_runner().invoke(args=["notify", "due", "--today", day.isoformat()]).output
    return {kind: int(n) for kind, n in re.findall(r"(\w+): (\d+) raised", output)} | {"output": output}


def ganja_signed(session, signed_on: date):
    from planner.agreements.models import Agreement

    agreement = session.scalar(select(Agreement).where(Agreement.title["en"].as_string() == GANJA))
    agreement.signed_on = signed_on
    session.commit()
    return agreement


def test_notice_deadline_reminders_are_raised_once_and_mailed_once(app, demo, mail_config, mailbox):
    """Signed 2022-03-15 for five years, renewing unless notice one month before: the notice
    deadline is 2027-02-15. Thirty days before it both curators hear of it, once."""
    from planner.accounts.models import User
    from planner.notifications.models import Notification

    for curator in demo.session.scalars(select(User).where(User.role == "curator")):
        curator.language = "en"  # chosen (else each reads their institution's language)
    agreement = ganja_signed(demo.session, date(2022, 3, 15))
    deadline = agreement.lifecycle(date(2027, 1, 1)).notice_deadline
    assert deadline == date(2027, 2, 15)
    first = due(app, deadline - timedelta(days=30))
    assert first["notice_deadline"] == 2, first["output"]  # the curators of both parties
    assert "e-mail: 2 sent" in first["output"]
    again = due(app, deadline - timedelta(days=30))
    assert again["notice_deadline"] == 0 and "e-mail: 0 sent" in again["output"]
    assert due(app, deadline - timedelta(days=29))["notice_deadline"] == 0  # still the 30-day reminder
    assert due(app, deadline - timedelta(days=7))["notice_deadline"] == 2
    count = demo.session.scalar(select(func.count()).where(Notification.kind == "notice_deadline"))
    assert count == 4 and len(mailbox.received) == 4
    body = mailbox.received[0][1].decode()
    assert "February 15, 2027" in body and f"/agreements/{agreement.id}" in body


def test_period_end_and_events_of_ones_plans(app, demo):
    from planner.plans.models import Plan
    from planner.plans.occurrences import first_occurrence

    ganja_signed(demo.session, date(2022, 3, 15))
    plan = demo.session.scalar(select(Plan).where(Plan.title["en"].as_string() == "Ganja: a city on the Silk Road"))
    start = first_occurrence(plan.events[0]).start
    day = (start.date() if hasattr(start, "date") else start) - timedelta(days=5)
    first = due(app, day)
    assert first["event_soon"] >= 4, first["output"]  # curators, staff and partner of Ganja and Aziret Sultan
    assert due(app, day)["event_soon"] == 0
    period = due(app, date(2027, 3, 14) - timedelta(days=7))
    assert period["period_end"] == 4  # for information: every user of both parties
