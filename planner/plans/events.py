"""Events: the dated items of a plan, timed in an IANA zone or all-day, maybe recurring."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, event, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.extensions import db
from planner.models_base import Timestamped
from planner.multilingual import keep_in_step, texts
from planner.plans.occurrences import is_long_running
from planner.vocabulary import EventStatus

EVENT_STATUSES = EventStatus.keys()
EVENT_KINDS = ("opening", "session", "meeting", "visit", "travel", "deadline", "other")


class Event(Timestamped, db.Model):
    """Timed events keep UTC instants plus their zone; all-day events keep dates (end exclusive).

    ``range_start``/``range_end`` (UTC) bound the whole series, so a calendar window is one
    indexed range query whatever the recurrence. ``long_running`` flags the few series longer
    than ``LONG_SPAN``: every other series starts at most that long before a window it
    overlaps, so the index range a window query scans stays as short as the window
    (``ix_event_window``), however many years of events lie before it. ``deleted_at`` has no
    index: nearly every row is live, and SQLite, which keeps no statistics, would pick such an
    index over a good one.
    """

    __table_args__ = (Index("ix_event_window", "long_running", "range_start", "range_end"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version_id}  # optimistic locking: a stale save fails
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    uid: Mapped[str] = mapped_column(String(120), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # The title and description in every language ({"en": ..., "ru": ...}); `title` and
    # `description` keep the English (or only) value for the API, approvals and the audit log.
    titles: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    descriptions: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    kind: Mapped[str] = mapped_column(String(16), default="other")
    status: Mapped[str] = mapped_column(String(16), default="confirmed")
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"), index=True)
    online_url: Mapped[str] = mapped_column(String(500), default="")
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    starts_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)  # the dashboard's next events
    ends_at: Mapped[datetime | None] = mapped_column(DateTime)
    start_date: Mapped[date | None] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date)
    recurrence_frequency: Mapped[str | None] = mapped_column(String(8))
    recurrence_interval: Mapped[int] = mapped_column(Integer, default=1)
    recurrence_until: Mapped[date | None] = mapped_column(Date)
    recurrence_count: Mapped[int | None] = mapped_column(Integer)
    excluded_dates: Mapped[list] = mapped_column(JSON, default=list)
    range_start: Mapped[datetime] = mapped_column(DateTime, index=True)
    range_end: Mapped[datetime] = mapped_column(DateTime, index=True)
    long_running: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)
    # A moved occurrence of a series: its own row, pointing at the series and at the original
    # local start it replaces (ISO text, a date for all-day series); feeds give it the series' UID.
    override_of_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"), index=True)
    recurrence_id: Mapped[str | None] = mapped_column(String(32))
    # After the fact (issue #30): whether it took place (None: not said yet) and who attended.
    held: Mapped[bool | None] = mapped_column(Boolean)
    attendance_on_site: Mapped[int | None] = mapped_column(Integer)
    attendance_online: Mapped[int | None] = mapped_column(Integer)

    plan = relationship("Plan", back_populates="events")
    site = relationship("Site")
    override_of = relationship("Event", remote_side=[id])


class OccurrenceStart(db.Model):
    """When one occurrence of a recurring series begins (UTC; all-day ones at UTC midnight of
    their date: the calendars' sort key). Derived from the series, moved and excluded
    occurrences left out, kept by `occurrence_index`: 'what is next' is then one index range,
    however many series are running."""

    __tablename__ = "occurrence_start"
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime, primary_key=True, index=True)


@event.listens_for(Event, "before_insert")
@event.listens_for(Event, "before_update")
def _flag_long_running(mapper, connection, target: Event) -> None:
    """Every ORM write keeps the flag in step with the range, whoever set the range."""
    target.long_running = is_long_running(target.range_start, target.range_end)


def event_titles(event) -> dict:
    """An event's title per language; older events without translations show their one title."""
    return texts(event, "title")


def event_descriptions(event) -> dict:
    return texts(event, "description")


# When `title` or `description` is assigned (the API, scripts), the English value follows.
keep_in_step(Event, "title", "description")
