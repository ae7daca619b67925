"""E-mail from the outbox, after the commit and never inside a user's request: a slow or dead
SMTP server delays only the mail. Each message is claimed before it is sent (so two runs never
send the same one), marked sent once the server took it, and retried with a growing pause when
the server refused it or could not be reached. Standard library only (smtplib, email.message):
the outbox, not a mail extension, decides when mail leaves, so Flask-Mailman would add nothing."""

from __future__ import annotations

import smtplib
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from planner.accounts.models import User
from planner.agreements.access import can_read_agreement
from planner.extensions import db
from planner.models_base import utcnow
from planner.notifications.messages import describe, load_records
from planner.notifications.models import Notification, OutboxMessage

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=15)  # a claimed message another run leaves alone while this one sends it


def backoff(attempts: int) -> timedelta:
    """The pause after the n-th failed attempt: 2, 4, 8 ... minutes, at most a day."""
    return min(timedelta(minutes=2**attempts), timedelta(days=1))


@dataclass
class SendReport:
    """What one run did: sent, failed (retried later), dropped (the recipient may no longer hear
    it), and the messages due that are still waiting after the run (its time ran out)."""

    sent: int = 0
    failed: int = 0
    dropped: int = 0
    waiting: int = 0


def public_base_url() -> str:
    """Where links in e-mails point: PUBLIC_URL, else SERVER_NAME, else the development server."""
    config = current_app.config
    if config.get("PUBLIC_URL"):
        return config["PUBLIC_URL"].rstrip("/")
    if config.get("SERVER_NAME"):
        return f"{config.get('PREFERRED_URL_SCHEME', 'http')}://{config['SERVER_NAME']}"
    return "http://127.0.0.1:5000"


def send_outbox(now: datetime | None = None, batch: int = 200, seconds: float = 240.0) -> SendReport:
    """Send everything due, `batch` messages a round, until none is left or `seconds` have
    passed; without MAIL_SERVER nothing is sent (and nothing was queued). Each message's
    recipient is checked again first: someone deactivated, or who may no longer read the record,
    is not written to (the message is dropped)."""
    report = SendReport()
    if not current_app.config.get("MAIL_SERVER"):
        return report
    now = now or utcnow()
    deadline = time.monotonic() + seconds
    with current_app.test_request_context(base_url=public_base_url()):
        while time.monotonic() < deadline:
            due = list(db.session.scalars(_due(now).order_by(OutboxMessage.id).limit(batch)))
            if not due or not _send_batch(due, now, report, deadline):
                break
    report.waiting = db.session.scalar(select(func.count()).select_from(_due(now).subquery()))
    return report


def _due(now: datetime):
    return select(OutboxMessage.id).where(
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.dropped_at.is_(None),
        OutboxMessage.attempts < MAX_ATTEMPTS,
        OutboxMessage.next_attempt_at <= now,
    )


def _send_batch(due: list[int], now: datetime, report: SendReport, deadline: float) -> bool:
    """Send one round over one connection; False when the run must stop (no server, no time)."""
    connection = None
    try:
        for position, message_id in enumerate(due):
            if time.monotonic() >= deadline:
                return False
            if not _claim(message_id, now):
                continue
            message = db.session.get(OutboxMessage, message_id)
            if not may_still_hear(message.notification):
                _dropped(message_id)
                report.dropped += 1
                continue
            try:
                connection = connection or _connect()
            except (smtplib.SMTPException, OSError) as failure:  # unreachable: every message waits
                report.failed += 1 + _postpone(due[position + 1 :], now, failure)
                _failed(message_id, now, failure)
                return False
            try:
                connection.send_message(_email(message))
            except (smtplib.SMTPException, OSError) as failure:
                _failed(message_id, now, failure)
                report.failed += 1
                connection = _close(connection)
                continue
            _sent(message_id)
            report.sent += 1
    finally:
        _close(connection)
    return True


def may_still_hear(notification: Notification) -> bool:
    """Whether the recipient is active and may still read what the notification is about."""
    user = notification.user
    if user is None or not user.active:
        return False
    records = load_records([notification])
    if notification.subject_type == "plan":
        plan = records.plans.get(notification.subject_id)
        agreement = plan.agreement if plan is not None else None
    else:
        agreement = records.agreements.get(notification.subject_id)
    return agreement is not None and can_read_agreement(user, agreement)


def _dropped(message_id: int) -> None:
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(dropped_at=utcnow()))
    db.session.commit()


def _claim(message_id: int, now: datetime) -> bool:
    """Take the message for this run: one attempt more, and out of every other run's sight."""
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
        )
        .values(attempts=OutboxMessage.attempts + 1, next_attempt_at=now + LEASE)
    )
    db.session.commit()
    return claimed.rowcount == 1


def _postpone(message_ids: list[int], now: datetime, failure: Exception) -> int:
    """The server cannot be reached: the other due messages count a failed attempt too, rather
    than each waiting out its own connection timeout in this run."""
    postponed = 0
    for message_id in message_ids:
        if _claim(message_id, now):
            _failed(message_id, now, failure)
            postponed += 1
    return postponed


def _sent(message_id: int) -> None:
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(sent_at=utcnow()))
    db.session.commit()


def _failed(message_id: int, now: datetime, failure: Exception) -> None:
    db.session.rollback()
    message = db.session.get(OutboxMessage, message_id)
    message.next_attempt_at = now + backoff(message.attempts)
    message.last_error = f"{failure.__class__.__name__}: {failure}"[:300]
    current_app.logger.warning("mail to outbox message %s failed: %s", message_id, message.last_error)
    db.session.commit()


def _connect() -> smtplib.SMTP:
    config = current_app.config
    connection = smtplib.SMTP(config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25), timeout=config["MAIL_TIMEOUT"])
    if config.get("MAIL_USE_TLS"):
        connection.starttls()
    if config.get("MAIL_USERNAME"):
        connection.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    return connection


def _close(connection) -> None:
    if connection is not None:
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()


def _email(message: OutboxMessage) -> EmailMessage:
    """The notification as a MIME message (plain text and HTML) in its recipient's language."""
    notification: Notification = message.notification
    recipient: User = notification.user
    language = recipient.language or current_app.config.get("BABEL_DEFAULT_LOCALE", "en")
    with force_locale(language):
        said = describe(notification, load_records([notification]), recipient, external=True)
        account = public_base_url() + "/account#notifications"
        context = {"message": said, "account_url": account, "language": language}
        email = EmailMessage()
        email["Subject"] = _("MoU Planner: %(text)s", text=_shortened(said.text))
        email["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
        email["To"] = message.recipient
        email["Date"] = formatdate(localtime=False)
        email["Message-ID"] = make_msgid(f"notification-{notification.id}", urlsplit(public_base_url()).hostname)
        email.set_content(render_template("notifications/email.txt", **context))
        email.add_alternative(render_template("notifications/email.html", **context), subtype="html")
        email["Content-Language"] = language  # after the parts: making them moves Content-* headers
    return email


def _shortened(text: str, limit: int = 120) -> str:
    """One line (a title may hold a line break, which no header may), at most `limit` long."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
