"""Which events a user may see in a window: one query, then pure expansion."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from planner.accounts.permissions import readable_agreements
from planner.agreements.models import Agreement, Party
from planner.extensions import db
from planner.models_base import naive_utc
from planner.plans.models import Plan
from planner.schedule.models import Event
from planner.schedule.occurrences import Occurrence, expand


def visible_events_query(user, window_start: datetime, window_end: datetime, *, plan_id: int | None = None,
                         agreement_id: int | None = None, institution_id: int | None = None,
                         kind: str | None = None, include_cancelled: bool = True) -> Select:
    """Events whose series overlaps the window, filtered by scope and by what the user may read."""
    query = (select(Event).join(Plan, Event.plan_id == Plan.id).join(Agreement, Plan.agreement_id == Agreement.id)
             .where(Event.deleted_at.is_(None), Plan.deleted_at.is_(None),
                    Event.range_start < naive_utc(window_end), Event.range_end > naive_utc(window_start),
                    readable_agreements(user))
             .options(joinedload(Event.plan).joinedload(Plan.agreement), joinedload(Event.site),
                      joinedload(Event.override_of))
             .order_by(Event.range_start, Event.id))
    if plan_id is not None:
        query = query.where(Event.plan_id == plan_id)
    if agreement_id is not None:
        query = query.where(Plan.agreement_id == agreement_id)
    if institution_id is not None:
        query = query.where(Agreement.id.in_(
            select(Party.agreement_id).where(Party.institution_id == institution_id)))
    if kind:
        query = query.where(Plan.kind == kind)
    if not include_cancelled:
        query = query.where(Event.status != "cancelled")
    return query


def visible_events(user, window_start: datetime, window_end: datetime, **scope) -> list[Event]:
    return list(db.session.scalars(visible_events_query(user, window_start, window_end, **scope)).unique())


def moved_occurrences(series_ids: list[int]) -> dict[int, frozenset[str]]:
    """For each series, the keys of its occurrences that were moved (one statement)."""
    if not series_ids:
        return {}
    rows = db.session.execute(select(Event.override_of_id, Event.recurrence_id).where(
        Event.override_of_id.in_(series_ids), Event.deleted_at.is_(None)))
    moved: dict[int, set[str]] = {}
    for series_id, key in rows:
        moved.setdefault(series_id, set()).add(key)
    return {series_id: frozenset(keys) for series_id, keys in moved.items()}


def occurrences_for(user, window_start: datetime, window_end: datetime, **scope) -> list[Occurrence]:
    events = visible_events(user, window_start, window_end, **scope)
    moved = moved_occurrences([e.id for e in events if e.recurrence_frequency])
    found: list[Occurrence] = []
    for event in events:
        found.extend(expand(event, window_start, window_end, moved.get(event.id, frozenset())))
    return sorted(found, key=lambda occurrence: (occurrence.sort_key, occurrence.event.id))
