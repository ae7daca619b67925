"""Loading an event and checking the caller's right to it: one function for pages and API.

An event exists for a caller when it and its plan are not deleted and the caller may read the
plan's agreement; changing it is changing its plan (see `planner.plans.access`)."""

from __future__ import annotations

from planner.errors import MAX_ID, NotFound
from planner.extensions import db
from planner.plans.access import check_plan
from planner.plans.events import Event


def load_event(event_id: int | None, user, *, edit: bool = False) -> Event:
    event = db.session.get(Event, event_id) if event_id is not None and 0 < event_id <= MAX_ID else None
    if event is None or event.deleted_at is not None or event.plan.deleted_at is not None:
        raise NotFound()
    check_plan(event.plan, user, edit=edit)
    return event
