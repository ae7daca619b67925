"""The occurrence index (`OccurrenceStart`): one row per occurrence of every recurring series.

Derived data, rewritten for a series whenever an ORM flush touches it or one of its moved
occurrences, written in bulk by the synthetic data generator and rebuilt by the import; never
exported. The dashboard reads 'the next occurrences' from it as one index range instead of
expanding every series still running."""

from __future__ import annotations

from itertools import chain
from types import SimpleNamespace

from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session

from planner.models_base import naive_utc
from planner.plans.events import Event, OccurrenceStart
from planner.plans.occurrences import FAR_FUTURE, FAR_PAST, expand
from planner.schedule.queries import SERIES_COLUMNS, moved_occurrences

BATCH = 500


def index_rows(series, moved: frozenset[str] = frozenset()) -> list[dict]:
    """The index rows of one series (an Event, a row of SERIES_COLUMNS or a synthetic dict's
    namespace); none for an event that does not repeat."""
    if not series.recurrence_frequency:
        return []
    return [
        {"event_id": series.id, "starts_at": naive_utc(o.sort_key)} for o in expand(series, FAR_PAST, FAR_FUTURE, moved)
    ]


def bulk_rows(event_rows: list[dict]) -> list[dict]:
    """Index rows for events being bulk-inserted as plain dicts (no moved occurrences yet)."""
    return [
        row
        for values in event_rows
        if values.get("recurrence_frequency")
        for row in index_rows(SimpleNamespace(**values))
    ]


def reindex(connection, event_ids) -> None:
    """Rewrite the rows of these events from what is stored now (on the flush's connection)."""
    table = OccurrenceStart.__table__
    event_ids = sorted(event_ids)
    for first in range(0, len(event_ids), BATCH):
        batch = event_ids[first : first + BATCH]
        connection.execute(delete(table).where(table.c.event_id.in_(batch)))
        series = connection.execute(
            select(*SERIES_COLUMNS).where(Event.id.in_(batch), Event.recurrence_frequency.is_not(None))
        ).all()
        moved = moved_occurrences([s.id for s in series], connection)
        rows = [row for s in series for row in index_rows(s, moved.get(s.id, frozenset()))]
        if rows:
            connection.execute(insert(table), rows)


def rebuild(connection) -> None:
    """Every recurring series again (after an import)."""
    reindex(connection, connection.execute(select(Event.id).where(Event.recurrence_frequency.is_not(None))).scalars())


@event.listens_for(Session, "after_flush")
def _reindex_touched_series(session: Session, flush_context) -> None:
    """A changed event is reindexed, and so is the series of a moved occurrence that changed
    (a new, edited or deleted move frees or takes an occurrence of its series)."""
    events = [e for e in chain(session.new, session.dirty, session.deleted) if isinstance(e, Event)]
    touched = {e.id for e in events} | {e.override_of_id for e in events if e.override_of_id}
    if touched:
        reindex(session.connection(), touched)
