"""Changes to events, once, for the pages and the API. An event is part of its plan's content
(the parties approve its dates), so each change runs as a change of the plan
(`plans.operations.changing`): approvals withdrawn, plan audited, all in one transaction."""

from __future__ import annotations

from flask_babel import gettext as _

from planner.audit.models import record
from planner.errors import Conflict, Invalid
from planner.extensions import db
from planner.maps.models import Site
from planner.plans.events import Event
from planner.plans.operations import changing
from planner.schedule.editing import RECURRENCE_ERRORS, apply_event_values, new_uid


def _check(values: dict) -> None:
    if values.get("site_id") and db.session.get(Site, values["site_id"]) is None:
        raise Invalid("site_id", _("No such site."))


def _apply(event: Event, values: dict) -> None:
    problems = apply_event_values(values, event)
    if problems:
        raise Invalid("recurrence", " ".join(str(RECURRENCE_ERRORS.get(code, code)) for code in problems))


def _require_event_version(event: Event, version_id: int | None) -> None:
    if version_id is not None and version_id != event.version_id:
        raise Conflict(
            "stale",
            _(
                "Someone else saved this event while you were editing. Nothing was overwritten: review it and save again."
            ),
        )


def save_event(plan, user, event: Event | None, values: dict, *, version_id: int | None = None) -> Event:
    """Create (`event` None) or change an event of the plan from `editing.event_values`;
    a change raises the event's SEQUENCE so calendars replace their copy."""
    _check(values)
    row = event or Event(plan_id=plan.id)
    with changing(plan, user):
        if event is not None:  # checked under the plan's lock, on the event as stored now
            _require_event_version(event, version_id)
        _apply(row, values)
        row.plan = plan
        db.session.add(row)
        db.session.flush()
        after = {"uid": row.uid, "sequence": row.sequence, "title": row.title}
        record(user.id, "update" if event else "create", "event", row.id, after=after)
    return row


def cancel_event(event: Event, user, *, version_id: int | None = None) -> Event:
    """Cancel: the event stays in feeds as cancelled for 30 days, so calendars remove it."""
    _require_event_version(event, version_id)
    with changing(event.plan, user):
        if event.status != "cancelled":
            event.status = "cancelled"
            event.sequence = (event.sequence or 0) + 1
        record(user.id, "cancel", "event", event.id, after={"status": "cancelled"})
    return event


def move_occurrence(series: Event, user, occurrence: str, values: dict) -> Event:
    """Move one occurrence of a series: a new row that replaces it (RECURRENCE-ID in feeds)."""
    _check(values)
    moved = Event(override_of=series, recurrence_id=occurrence, uid=new_uid())
    with changing(series.plan, user):
        _apply(moved, values)
        moved.plan = series.plan
        db.session.add(moved)
        db.session.flush()
        record(user.id, "create", "event", moved.id, after={"moves": series.uid, "occurrence": occurrence})
    return moved
