"""`flask notify due` reminds the side responsible for an open task a week before and on the
day, once each (on SQLite and PostgreSQL), and on two hosts at once still once."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, func, select

from tests.conftest import ON_POSTGRES
from tests.tasks.conftest import silk_road, tasks_of


def due(app, day: date) -> dict:
    output = app.test_cli_runner().invoke(args=["notify", "due", "--today", day.isoformat()]).output
    return {kind: int(n) for kind, n in re.findall(r"(\w+): (\d+) raised", output)} | {"output": output}


def reminded(session) -> list[tuple[str, str]]:
    from planner.notifications.models import Notification

    rows = session.scalars(select(Notification).where(Notification.kind == "task_due").order_by(Notification.id))
    return [(row.user.username, row.key.rsplit(":", 1)[1]) for row in rows]


def test_a_week_before_and_on_the_day_once_each(app, demo):
    """The press review (the lead's: Ganja) is due on 11 December 2026: Ganja's curator hears
    of it on the 4th (a week before; a day the clock missed is caught up the next run), again
    on the day, and never twice. Turkestan is not the lead: it hears nothing. (The opening,
    due on the 4th for every party, is done here, so that only the press review is left.)"""
    from planner.tasks.models import Task

    tasks = tasks_of(demo.session, silk_road(demo.session).id)
    demo.session.get(Task, tasks["opening"].id).state = "done"
    demo.session.commit()
    assert tasks["press_review"].due_on == date(2026, 12, 11)
    assert due(app, date(2026, 12, 3))["task_due"] == 0  # eight days before: nothing yet
    assert due(app, date(2026, 12, 6))["task_due"] == 1  # the week's reminder, caught up
    assert due(app, date(2026, 12, 6))["task_due"] == 0
    assert due(app, date(2026, 12, 10))["task_due"] == 0
    assert due(app, date(2026, 12, 11))["task_due"] == 1
    assert due(app, date(2026, 12, 11))["task_due"] == 0
    assert due(app, date(2026, 12, 12))["task_due"] == 0  # past due: the dashboard says it
    assert reminded(demo.session) == [("curator", "7"), ("curator", "0")]


def test_a_done_task_is_not_reminded_and_the_inbox_says_when(app, client, demo):
    from planner.tasks.models import Task
    from tests.conftest import log_in

    plan = silk_road(demo.session)
    demo.session.get(Task, tasks_of(demo.session, plan.id)["opening"].id).state = "done"
    demo.session.commit()
    assert due(app, date(2026, 12, 4))["task_due"] == 1  # the press review, a week before; the opening is done
    log_in(client, "curator")
    inbox = client.get("/notifications").get_data(as_text=True)
    assert (
        "“Share the press coverage and first visitor figures” of the plan “Ganja: a city on the Silk Road” is due on"
        in inbox
    )


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="hosts at once are tested on PostgreSQL")
def test_two_hosts_at_once_remind_once(app, demo):
    from planner.notifications.models import Notification
    from planner.tasks.reminders import raise_task_reminders_once
    from tests.notifications.test_jobs_on_many_hosts import at_once

    for _round in range(3):
        demo.session.execute(delete(Notification).where(Notification.kind == "task_due"))
        demo.session.commit()
        results = at_once(app, lambda: raise_task_reminders_once(date(2026, 12, 11) - timedelta(days=2)))
        assert sorted(results) == [0, 1], results
        assert demo.session.scalar(select(func.count()).where(Notification.kind == "task_due")) == 1
