"""Events: the dated items of a plan, timed in an IANA zone or all-day, maybe recurring."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.extensions import db
from planner.models_base import Timestamped

EVENT_STATUSES = ("confirmed", "tentative", "cancelled")
EVENT_KINDS = ("opening", "session", "meeting", "visit", "travel", "deadline", "other")


class Event(Timestamped, db.Model):
    """Timed events keep UTC instants plus their zone; all-day events keep dates (end exclusive).

    ``range_start``/``range_end`` (UTC) bound the whole series, so a calendar window is one
    indexed range query whatever the recurrence.
    """
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version_id}  # optimistic locking: a stale save fails
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    uid: Mapped[str] = mapped_column(String(120), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16), default="other")
    status: Mapped[str] = mapped_column(String(16), default="confirmed")
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"), index=True)
    online_url: Mapped[str] = mapped_column(String(500), default="")
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    starts_at: Mapped[datetime | None] = mapped_column(DateTime)
    ends_at: Mapped[datetime | None] = mapped_column(DateTime)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    recurrence_frequency: Mapped[str | None] = mapped_column(String(8))
    recurrence_interval: Mapped[int] = mapped_column(Integer, default=1)
    recurrence_until: Mapped[date | None] = mapped_column(Date)
    recurrence_count: Mapped[int | None] = mapped_column(Integer)
    excluded_dates: Mapped[list] = mapped_column(JSON, default=list)
    range_start: Mapped[datetime] = mapped_column(DateTime, index=True)
    range_end: Mapped[datetime] = mapped_column(DateTime, index=True)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    # A moved occurrence of a series: its own row, pointing at the series and at the original
    # local start it replaces (ISO text, a date for all-day series); feeds give it the series' UID.
    override_of_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"), index=True)
    recurrence_id: Mapped[str | None] = mapped_column(String(32))

    plan = relationship("Plan", back_populates="events")
    site = relationship("Site")
    override_of = relationship("Event", remote_side=[id])
