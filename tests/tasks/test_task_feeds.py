"""Tasks on the calendars and in the feeds: all-day items categorised "task", `?kind=task` a feed
of tasks alone, read by the four parsers calendars use (icalendar, vobject,
recurring-ical-events, Mozilla's ical.js)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date

import icalendar
import pytest
import recurring_ical_events
import vobject

from tests.conftest import log_in
from tests.schedule.test_feed_pages import feed_paths
from tests.schedule.test_ical_builder import ICALJS
from tests.tasks.conftest import silk_road, tasks_of

WINDOW = (date(2026, 9, 1), date(2027, 12, 31))


def task_uid(plan_id: int, task_id: int) -> str:
    return f"plan-{plan_id}-task-{task_id}@mou-planner"


def test_a_feed_of_tasks_only_read_by_the_python_parsers(app, client, demo):
    plan = silk_road(demo.session)
    tasks = tasks_of(demo.session, plan.id)
    my_feed = feed_paths(app, "curator")[0]
    body = client.get(my_feed + "?kind=task")
    assert body.status_code == 200
    text = body.get_data(as_text=True)
    calendar = icalendar.Calendar.from_ical(text)
    items = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    review = items[task_uid(plan.id, tasks["press_review"].id)]
    assert review["DTSTART"].dt == date(2026, 12, 11) and review["DTEND"].dt == date(2026, 12, 12)
    assert [str(c) for c in review["CATEGORIES"].cats] == ["task", "exhibition"]
    assert (
        str(review["SUMMARY"])
        == "Task: Share the press coverage and first visitor figures (Ganja: a city on the Silk Road)"
    )
    assert all("task" in [str(c) for c in e["CATEGORIES"].cats] for e in items.values())  # tasks only
    assert "demo-silk-road-opening@mou-planner" not in items
    expanded = {str(e["UID"]) for e in recurring_ical_events.of(calendar).between(*WINDOW)}
    assert task_uid(plan.id, tasks["final_report"].id) in expanded
    assert len(list(vobject.readComponents(text))) == 1
    parsed = next(vobject.readComponents(text))
    assert any(e.uid.value == task_uid(plan.id, tasks["press_review"].id) for e in parsed.vevent_list)
    # the whole feed has the events and the tasks; the plan's own feed too
    everything = icalendar.Calendar.from_ical(client.get(my_feed).data)
    uids = {str(e["UID"]) for e in everything.walk("VEVENT")}
    assert "demo-silk-road-opening@mou-planner" in uids and task_uid(plan.id, tasks["press_review"].id) in uids


def test_a_changed_task_gets_a_higher_sequence(app, client, demo):
    from planner.tasks import operations
    from planner.unit_of_work import unit_of_work
    from tests.tasks.conftest import user

    plan = silk_road(demo.session)
    task = tasks_of(demo.session, plan.id)["press_review"]
    path = feed_paths(app, "curator")[0] + "?kind=task"
    sequence = lambda: {  # noqa: E731
        str(e["UID"]): int(e["SEQUENCE"]) for e in icalendar.Calendar.from_ical(client.get(path).data).walk("VEVENT")
    }[task_uid(plan.id, task.id)]
    first = sequence()
    import time

    time.sleep(1.1)
    with app.test_request_context(), unit_of_work():
        operations.update_task(task, user(demo.session, "curator"), {"due_on": date(2026, 12, 14)})
    assert sequence() > first


def test_thunderbirds_parser_reads_the_tasks(app, client, demo, tmp_path):
    if not (shutil.which("node") and (ICALJS / "node_modules" / "ical.js").exists()):
        if os.environ.get("CI") == "true":
            pytest.fail("node and ical.js are needed in CI (make test installs ical.js)")
        pytest.skip("node or ical.js missing: `make test` installs ical.js with npm")
    plan = silk_road(demo.session)
    tasks = tasks_of(demo.session, plan.id)
    feed = tmp_path / "tasks.ics"
    feed.write_bytes(client.get(feed_paths(app, "curator")[0] + "?kind=task").data)
    result = subprocess.run(
        ["node", str(ICALJS / "expand.mjs"), str(feed), "2026-09-01", "2027-12-31"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ICALJS,
        env={**os.environ, "TZ": "UTC"},
    )
    found = dict(json.loads(result.stdout))
    assert found[task_uid(plan.id, tasks["press_review"].id)].startswith("2026-12-11")
    assert found[task_uid(plan.id, tasks["final_report"].id)].startswith("2027-06-11")


def test_the_ganja_curator_sees_this_weeks_tasks_on_the_dashboard_and_calendar(client, demo):
    """The demo's "today" is 6 December 2026: the opening (two days overdue) and the press review."""
    log_in(client, "curator")
    dashboard = client.get("/").get_data(as_text=True)
    section = dashboard[dashboard.index('id="my-tasks"') :]
    assert "Share the press coverage and first visitor figures" in section
    assert section.index("Publish the press release") < section.index("Share the press coverage")  # overdue first
    assert "Book the return transport" not in section  # the borrower's (Turkestan's)
    week = client.get("/calendar?view=week&day=2026-12-09&kind=task").get_data(as_text=True)
    assert "Task: Share the press coverage and first visitor figures" in week
    assert "Opening of the exhibition in Turkestan" not in week  # tasks only
    assert "/my.ics?kind=task" in week  # its subscription: a feed of tasks only
    log_in(client, "curator-turkestan")
    theirs = client.get("/").get_data(as_text=True)
    assert "Share the press coverage" not in theirs[theirs.index("<main") :]
