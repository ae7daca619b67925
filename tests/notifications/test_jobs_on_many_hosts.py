"""Jobs that run on many hosts (#32 item 6), on PostgreSQL: `notify due`, `notify send` and
`feeds prune` started at the same moment (threads with their own sessions and connections,
released at a barrier) never crash, never double, and their counts add up."""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, func, select

from tests.conftest import ON_POSTGRES
from tests.notifications.test_mail import approve, silk_road
from tests.notifications.test_reminders import ganja_signed

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES, reason="hosts at once are tested on PostgreSQL"),
]
ROUNDS = 5


def at_once(app, job, hosts: int = 2) -> list:
    """Run `job()` on `hosts` threads released together; what each returned (or raised)."""
    from planner.extensions import db

    barrier = threading.Barrier(hosts)
    results: list = [None] * hosts

    def run(index: int) -> None:
        with app.test_request_context():
            barrier.wait()
            try:
                results[index] = job()
            except Exception as failure:  # noqa: BLE001  (what the host would have crashed with)
                results[index] = failure
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(hosts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_notify_due_on_two_hosts_at_once_raises_each_reminder_once(app, demo):
    from planner.notifications.models import Notification
    from planner.notifications.reminders import raise_due_once

    ganja_signed(demo.session, date(2022, 3, 15))
    day = date(2027, 3, 14) - timedelta(days=7)  # the period-end reminder: every user of both parties
    for round_number in range(ROUNDS):
        demo.session.execute(delete(Notification))
        demo.session.commit()
        results = at_once(app, lambda: raise_due_once(day))
        assert not [r for r in results if isinstance(r, Exception)], (round_number, results)
        assert sorted(r["period_end"] for r in results) == [0, 4], (round_number, results)
        stored = demo.session.scalar(select(func.count()).select_from(Notification))
        assert stored == 4, (round_number, stored)


def test_notify_send_on_two_hosts_at_once_sends_each_message_once(app, client, demo, mail_config, mailbox):
    from planner.notifications.mail import send_outbox
    from tests.conftest import log_in

    log_in(client, "curator-turkestan")
    approve(client, silk_road(demo.session).id)
    reports = at_once(app, lambda: send_outbox(batch=1))
    assert not [r for r in reports if isinstance(r, Exception)], reports
    assert sum(r.sent for r in reports) == 3 and [r.waiting for r in reports] == [0, 0]
    assert len(mailbox.received) == 3


def test_a_job_waits_while_another_host_runs_it(app, demo):
    """While one host holds `feeds prune`, another's prune waits; then it runs and finds its work."""
    from planner.extensions import db
    from planner.jobs import hold_job_lock
    from planner.schedule.feed_store import prune_replaced

    held, release, finished = threading.Event(), threading.Event(), threading.Event()

    def first_host() -> None:
        with app.app_context():
            hold_job_lock("feeds prune")
            held.set()
            release.wait(30)
            db.session.commit()
            db.session.remove()

    def second_host() -> None:
        with app.app_context():
            prune_replaced(timedelta(days=0))
            finished.set()
            db.session.remove()

    first = threading.Thread(target=first_host)
    first.start()
    assert held.wait(30)
    second = threading.Thread(target=second_host)
    second.start()
    time.sleep(1.0)
    waited = not finished.is_set()
    release.set()
    first.join(30)
    second.join(30)
    assert waited and finished.is_set()
