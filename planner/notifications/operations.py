"""Changes a reader makes to their own notifications, once, for the pages (and any other
surface): reading them and choosing how each kind reaches them. Operations flush; the
request's unit of work commits (planner/unit_of_work.py)."""

from __future__ import annotations

from sqlalchemy import select, update

from planner.errors import Invalid, NotFound
from planner.extensions import db
from planner.models_base import utcnow
from planner.notifications.models import Notification, NotificationPreference
from planner.notifications.raising import KINDS
from planner.unit_of_work import flush

DELIVERIES = ("inbox", "email")  # inbox only, or inbox and e-mail
RHYTHMS = ("immediate", "daily")  # each e-mail as it happens, or one daily digest


def read_notification(notification_id: int, user) -> Notification:
    """The user's notification, marked read (someone else's does not exist for them)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotFound()
    if notification.read_at is None:
        notification.read_at = utcnow()
        flush()
    return notification


def read_all(user) -> None:
    """Mark every unread notification of the user read."""
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )


def set_deliveries(user, chosen: dict[str, str], rhythm: str = "immediate") -> None:
    """Per kind "inbox" or "email"; any other value saves nothing (Invalid). A kind not in
    `chosen` keeps e-mail, the default. `rhythm`: the e-mails as they happen ("immediate") or
    one daily digest ("daily")."""
    if set(chosen.values()) - set(DELIVERIES):
        raise Invalid("delivery", "")
    if rhythm not in RHYTHMS:
        raise Invalid("rhythm", "")
    user.mail_digest = rhythm == "daily"
    stored = {
        p.kind: p
        for p in db.session.scalars(select(NotificationPreference).where(NotificationPreference.user_id == user.id))
    }
    for kind in KINDS:
        preference = stored.get(kind) or NotificationPreference(user_id=user.id, kind=kind)
        preference.email = chosen.get(kind, "email") == "email"
        db.session.add(preference)
    flush()
