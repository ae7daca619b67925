"""E-mail from the outbox, after the commit and never inside a user's request: a slow or dead
SMTP server delays only the mail. Each message is claimed before it is sent (so two runs never
send the same one), marked sent once the server took it, and retried with a growing pause when
the server refused it or could not be reached. Standard library only (smtplib, email.message):
the outbox, not a mail extension, decides when mail leaves, so Flask-Mailman would add nothing."""

from __future__ import annotations

import smtplib
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import urlsplit

from babel.dates import format_date, format_time
from flask import current_app, render_template
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update

from planner.accounts.models import Invitation, User
from planner.agreements.access import can_read_agreement
from planner.extensions import db
from planner.i18n import LANGUAGES
from planner.models_base import utcnow
from planner.notifications.messages import describe, load_records
from planner.notifications.models import Notification, NotificationPreference, OutboxMessage
from planner.timezones import zone

MAX_ATTEMPTS = 8
DIGEST_SIZE = 100  # notifications one digest lists at most (the inbox holds them all)
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
        _send_invitations(now, report, deadline)
        while time.monotonic() < deadline:
            due = list(db.session.scalars(_due(now).order_by(OutboxMessage.id).limit(batch)))
            if not due or not _send_batch(due, now, report, deadline):
                break
    report.waiting = db.session.scalar(select(func.count()).select_from(_due(now).subquery()))
    return report


def _send_invitations(now: datetime, report: SendReport, deadline: float) -> None:
    """The invitations waiting (unused, unexpired), each claimed first as outbox messages are,
    over one connection; a refusal waits with the same growing pause."""
    due = select(Invitation.id).where(
        Invitation.sent_at.is_(None),
        Invitation.used_at.is_(None),
        Invitation.expires_at > now,
        Invitation.attempts < MAX_ATTEMPTS,
        Invitation.next_attempt_at <= now,
    )
    connection = None
    try:
        for invitation_id in list(db.session.scalars(due.order_by(Invitation.id))):
            if time.monotonic() >= deadline or not _claim_invitation(invitation_id, now):
                continue
            invitation = db.session.get(Invitation, invitation_id)
            try:
                connection = connection or _connect()
                connection.send_message(invitation_email(invitation))
            except (smtplib.SMTPException, OSError) as failure:
                db.session.rollback()
                invitation = db.session.get(Invitation, invitation_id)
                invitation.next_attempt_at = now + backoff(invitation.attempts)
                invitation.last_error = f"{failure.__class__.__name__}: {failure}"[:300]
                db.session.commit()
                report.failed += 1
                connection = _close(connection)
                continue
            invitation.sent_at = utcnow()
            db.session.commit()
            report.sent += 1
    finally:
        _close(connection)


def _claim_invitation(invitation_id: int, now: datetime) -> bool:
    claimed = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation_id, Invitation.sent_at.is_(None), Invitation.next_attempt_at <= now)
        .values(attempts=Invitation.attempts + 1, next_attempt_at=now + LEASE)
    )
    db.session.commit()
    return claimed.rowcount == 1


def invitation_email(invitation: Invitation) -> EmailMessage:
    """The invitation in its recipient's language: who they are in the planner, the one-time
    link to choose a password, and until when it works."""
    from flask import url_for

    user = invitation.user
    language = mail_language(user)
    with force_locale(language):
        link = url_for(
            "accounts.invitation", secret=invitation.secret(current_app.config["SECRET_KEY"]), _external=True
        )
        context = {
            "user": user,
            "link": link,
            "valid_until": _moment_for(user, invitation.expires_at, language),
            "language": language,
        }
        email = EmailMessage()
        email["Subject"] = _("MoU Planner: your account %(name)s", name=user.username)
        email["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
        email["To"] = user.email
        email["Date"] = formatdate(localtime=False)
        email["Message-ID"] = make_msgid(f"invitation-{invitation.id}", urlsplit(public_base_url()).hostname)
        email.set_content(render_template("accounts/invitation_email.txt", **context))
        email.add_alternative(render_template("accounts/invitation_email.html", **context), subtype="html")
        email["Content-Language"] = language
    return email


def _moment_for(user: User, moment: datetime, language: str) -> str:
    """A stored (naive UTC) moment in the user's zone, else their institution's, with the
    zone's name: "December 9, 2026, 12:17 (Asia/Almaty)"."""
    institution = user.institution
    tz = zone(user.timezone or (institution.timezone if institution is not None else None))
    local = moment.replace(tzinfo=UTC).astimezone(tz)
    return f"{format_date(local.date(), 'long', locale=language)}, {format_time(local, 'HH:mm', locale=language)} ({tz.key})"


def send_digests(today: date) -> SendReport:
    """One e-mail per user who chose the daily digest, listing their unread notifications that
    no digest listed yet (and that they may still read), at most once a day: the user's day is
    claimed first (`digest_sent_on`), so a second run, here or on another host, sends nothing.
    A refused message gives the day back, and the next run tries again."""
    report = SendReport()
    if not current_app.config.get("MAIL_SERVER"):
        return report
    waiting = (
        select(User.id)
        .where(
            User.mail_digest.is_(True),
            User.active.is_(True),
            User.email != "",
            or_(User.digest_sent_on.is_(None), User.digest_sent_on < today),
        )
        .order_by(User.id)
    )
    connection = None
    with current_app.test_request_context(base_url=public_base_url()):
        try:
            for user_id in list(db.session.scalars(waiting)):
                entries = _digest_entries(db.session.get(User, user_id))
                if not entries:
                    continue
                previous = db.session.get(User, user_id).digest_sent_on
                if not _claim_day(user_id, today):
                    continue
                user = db.session.get(User, user_id)
                try:
                    connection = connection or _connect()
                    connection.send_message(_digest_email(user, entries))
                except (smtplib.SMTPException, OSError) as failure:
                    db.session.rollback()
                    db.session.execute(update(User).where(User.id == user_id).values(digest_sent_on=previous))
                    db.session.commit()
                    current_app.logger.warning("digest to user %s failed: %s", user_id, failure)
                    report.failed += 1
                    connection = _close(connection)
                    continue
                moment = utcnow()
                for entry in entries:
                    entry.digested_at = moment
                db.session.commit()
                report.sent += 1
        finally:
            _close(connection)
    return report


def _claim_day(user_id: int, today: date) -> bool:
    claimed = db.session.execute(
        update(User)
        .where(User.id == user_id, or_(User.digest_sent_on.is_(None), User.digest_sent_on < today))
        .values(digest_sent_on=today)
    )
    db.session.commit()
    return claimed.rowcount == 1


def _digest_entries(user: User) -> list[Notification]:
    """The user's unread notifications no digest listed yet, of the kinds they want by e-mail,
    that they may still read."""
    inbox_only = select(NotificationPreference.kind).where(
        NotificationPreference.user_id == user.id, NotificationPreference.email.is_(False)
    )
    found = db.session.scalars(
        select(Notification)
        .where(
            Notification.user_id == user.id,
            Notification.read_at.is_(None),
            Notification.digested_at.is_(None),
            Notification.kind.not_in(inbox_only),
        )
        .order_by(Notification.id)
        .limit(DIGEST_SIZE)
    )
    return [entry for entry in found if may_still_hear(entry)]


def _digest_email(user: User, entries: list[Notification]) -> EmailMessage:
    language = mail_language(user)
    with force_locale(language):
        records = load_records(entries)
        said = [describe(entry, records, user, external=True) for entry in entries]
        context = {"messages": said, "account_url": _account_url(), "language": language, "digest": True}
        subject = ngettext(
            "MoU Planner: %(num)d unread notification", "MoU Planner: %(num)d unread notifications", len(said)
        )
        return _composed(subject, user.email, f"digest-{user.id}", language, context)


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


def mail_language(user: User) -> str:
    """The language a user is written to in: their own choice, else the first of their
    institution's document languages the planner speaks, else the site's (DEFAULT_LANGUAGE).
    A curator who never touched the switcher still reads her institution's language."""
    if user.language in LANGUAGES:
        return user.language
    institution = user.institution
    for language in (institution.document_languages or []) if institution is not None else []:
        if language in LANGUAGES:
            return language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _email(message: OutboxMessage) -> EmailMessage:
    """The notification as a MIME message (plain text and HTML) in its recipient's language."""
    notification: Notification = message.notification
    recipient: User = notification.user
    language = mail_language(recipient)
    with force_locale(language):
        said = describe(notification, load_records([notification]), recipient, external=True)
        context = {"messages": [said], "account_url": _account_url(), "language": language, "digest": False}
        subject = _("MoU Planner: %(text)s", text=_shortened(said.text))
        return _composed(subject, message.recipient, f"notification-{notification.id}", language, context)


def _account_url() -> str:
    return public_base_url() + "/account#notifications"


def _composed(subject: str, recipient: str, key: str, language: str, context: dict) -> EmailMessage:
    """The MIME message: a plain-text part and an HTML part (autoescaped) of the same letter."""
    email = EmailMessage()
    email["Subject"] = subject
    email["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    email["To"] = recipient
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(key, urlsplit(public_base_url()).hostname)
    email.set_content(render_template("notifications/email.txt", **context))
    email.add_alternative(render_template("notifications/email.html", **context), subtype="html")
    email["Content-Language"] = language  # after the parts: making them moves Content-* headers
    return email


def _shortened(text: str, limit: int = 120) -> str:
    """One line (a title may hold a line break, which no header may), at most `limit` long."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
