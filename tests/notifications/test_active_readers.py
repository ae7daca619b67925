"""Only active readers hear anything (#32 item 3): nobody deactivated or unable to read the
record is notified, and the outbox checks the recipient again when it sends; `notify send`
works through everything due, in batches, and its counts are true."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.conftest import add_users_of_another_partnership, log_in
from tests.notifications.test_mail import approve, send, silk_road, user


def told(session, kind: str) -> set[str]:
    from planner.accounts.models import User
    from planner.notifications.models import Notification

    query = select(User.username).join(Notification, Notification.user_id == User.id).where(Notification.kind == kind)
    return set(session.scalars(query))


def test_a_deactivated_user_is_not_notified(client, demo):
    user(demo.session, "staff").active = False
    demo.session.commit()
    log_in(client, "curator-turkestan")
    assert approve(client, silk_road(demo.session).id).status_code == 302
    assert "curator" in told(demo.session, "plan_approved")
    assert "staff" not in told(demo.session, "plan_approved")


def test_the_outbox_drops_mail_to_whoever_can_no_longer_hear_it(app, client, demo, mail_config, mailbox):
    """Queued for the Ganja staff member and the Turkestan partner; then one is deactivated and
    the other moves to an institution outside the partnership: neither is written to."""
    tashkent = add_users_of_another_partnership(demo.session)
    demo.session.commit()
    log_in(client, "curator-turkestan")
    assert approve(client, silk_road(demo.session).id).status_code == 302
    user(demo.session, "staff").active = False
    user(demo.session, "partner").institution_id = tashkent.id
    demo.session.commit()
    output = send(app)
    assert "e-mail: 1 sent, 0 failed (retried later), 2 dropped" in output and "0 waiting" in output
    assert [rcpt for rcpts, _raw in mailbox.received for rcpt in rcpts] == [user(demo.session, "curator").email]
    assert "0 sent, 0 failed (retried later), 0 dropped" in send(app)


def test_notify_send_works_through_everything_due_in_batches(app, client, demo, mail_config, mailbox):
    from planner.notifications.mail import send_outbox
    from planner.notifications.models import OutboxMessage

    log_in(client, "curator-turkestan")
    approve(client, silk_road(demo.session).id)
    queued = demo.session.scalar(select(func.count()).select_from(OutboxMessage))
    assert queued == 3
    with app.app_context():
        stopped = send_outbox(seconds=0)
        assert (stopped.sent, stopped.waiting) == (0, 3)  # out of time: what is left is counted
        report = send_outbox(batch=1)
    assert (report.sent, report.failed, report.dropped, report.waiting) == (3, 0, 0, 0)
    assert len(mailbox.received) == 3
