"""A notification per recipient, the e-mail outbox, and each user's e-mail choice per kind."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.extensions import db
from planner.models_base import utcnow


class Notification(db.Model):
    """One thing one user should know: `kind` says what happened to the subject record
    (`subject_type` "plan" or "agreement", `subject_id`), done by `actor` (None: the clock).
    `key` names a reminder once per user, so a second run of `notify due` raises nothing new."""

    __table_args__ = (
        UniqueConstraint("user_id", "key", name="uq_notification_user_id_key"),
        Index("ix_notification_user_id_read_at", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(32))
    subject_type: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    key: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    # set when a daily digest listed it (a user who chose the digest): never listed twice
    digested_at: Mapped[datetime | None] = mapped_column(DateTime)

    user = relationship("User", foreign_keys=[user_id])
    actor = relationship("User", foreign_keys=[actor_id])


class OutboxMessage(db.Model):
    """The e-mail of one notification, waiting to leave. One row per notification (unique), and
    `sent_at` set once it left: a message is never sent twice. A failed attempt moves
    `next_attempt_at` further away (backoff) until MAX_ATTEMPTS."""

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notification.id"), unique=True)
    recipient: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    # set instead of sending when the recipient was deactivated or may no longer read the record
    dropped_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str] = mapped_column(String(300), default="")

    notification = relationship("Notification")


class NotificationPreference(db.Model):
    """A user's choice for one kind: inbox and e-mail (the default, when no row) or inbox only."""

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    email: Mapped[bool] = mapped_column(Boolean, default=True)
