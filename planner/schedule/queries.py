"""Which events a user may see in a window: bounded queries, then pure expansion.

Pages never read every event of a window: the month calendar reads one page of series at a
time, the dashboard only the series that can hold the next occurrences. Both stay as fast at
100 times the data (see BENCHMARKS.md); feeds read their whole window, and are cached."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, true
from sqlalchemy.orm import joinedload

from planner.agreements.models import Agreement, Party
from planner.extensions import db
from planner.models_base import naive_utc
from planner.plans.access import readable_plans
from planner.plans.drafts import draft_rule
from planner.plans.events import Event, OccurrenceStart
from planner.plans.models import Plan
from planner.plans.occurrences import LONG_SPAN, Occurrence, expand

# What expanding a series needs, without loading the event, its plan and its agreement.
SERIES_COLUMNS = (
    Event.id,
    Event.all_day,
    Event.timezone,
    Event.starts_at,
    Event.ends_at,
    Event.start_date,
    Event.end_date,
    Event.recurrence_frequency,
    Event.recurrence_interval,
    Event.recurrence_until,
    Event.recurrence_count,
    Event.excluded_dates,
    Event.plan_id,  # an all-day event repeating its plan's venue run is drawn once (spans.drawn_once)
    Event.site_id,
)


def overlapping(window_start: datetime, window_end: datetime, long_running: bool | None = None) -> ColumnElement[bool]:
    """Series overlapping the window. A short series starts at most LONG_SPAN before a window
    it overlaps, which bounds the index range scanned; the few long ones are flagged, and read
    apart (``long_running`` True or False) or together (None)."""
    start, end = naive_utc(window_start), naive_utc(window_end)
    short = and_(Event.long_running == false(), Event.range_start >= start - LONG_SPAN)
    long = Event.long_running == true()
    kinds = or_(short, long) if long_running is None else long if long_running else short
    return and_(kinds, Event.range_start < end, Event.range_end > start)


def scoped(query: Select, user, *, include_cancelled: bool = True, **scope) -> Select:
    """Live events of a plan, an agreement, an institution or an activity kind that the user
    may read (`scope` as for `plan_scope`)."""
    query = plan_scope(query.join(Plan, Event.plan_id == Plan.id).where(Event.deleted_at.is_(None)), user, **scope)
    if not include_cancelled:
        query = query.where(Event.status != "cancelled")
    return query


def plan_scope(
    query: Select,
    user,
    *,
    plan_id: int | None = None,
    agreement_id: int | None = None,
    institution_id: int | None = None,
    kind: str | None = None,
) -> Select:
    """A query already joined to Plan, kept to the live plans of a plan, an agreement, an
    institution or an activity kind that the user may read (events, and the spans of plans'
    parts in planner.schedule.spans)."""
    query = query.join(Agreement, Plan.agreement_id == Agreement.id).where(
        Plan.deleted_at.is_(None), readable_plans(user)
    )
    if plan_id is not None:
        query = query.where(Plan.id == plan_id)
    if agreement_id is not None:
        query = query.where(Plan.agreement_id == agreement_id)
    if institution_id is not None:
        query = query.where(Agreement.id.in_(select(Party.agreement_id).where(Party.institution_id == institution_id)))
    if kind:
        query = query.where(Plan.kind == kind)
    return query


def _with_plan(query: Select) -> Select:
    return query.options(
        joinedload(Event.plan).joinedload(Plan.agreement), joinedload(Event.site), joinedload(Event.override_of)
    )


def visible_events_query(user, window_start: datetime, window_end: datetime, **scope) -> Select:
    """Every event whose series overlaps the window (a feed's window), in order of start."""
    return _with_plan(
        scoped(select(Event), user, **scope)
        .where(overlapping(window_start, window_end))
        .order_by(Event.range_start, Event.id)
    )


def visible_events(user, window_start: datetime, window_end: datetime, **scope) -> list[Event]:
    return list(db.session.scalars(visible_events_query(user, window_start, window_end, **scope)).unique())


def moved_occurrences(series_ids: list[int], connection=None) -> dict[int, frozenset[str]]:
    """For each series, the keys of its occurrences that were moved (one statement), read in the
    session or, during a flush, on its connection."""
    rows = (connection or db.session).execute(
        select(Event.override_of_id, Event.recurrence_id).where(
            Event.override_of_id.in_(series_ids), Event.deleted_at.is_(None)
        )
    )
    moved: dict[int, set[str]] = {}
    for series_id, key in rows:
        moved.setdefault(series_id, set()).add(key)
    return {series_id: frozenset(keys) for series_id, keys in moved.items()}


def _expanded(
    events, window_start: datetime, window_end: datetime, moved: dict[int, frozenset[str]] | None = None
) -> list[Occurrence]:
    """The events' occurrences in the window, less the moved ones (read unless given), in order of start."""
    if moved is None:
        moved = moved_occurrences([e.id for e in events if e.recurrence_frequency])
    found = [o for e in events for o in expand(e, window_start, window_end, moved.get(e.id, frozenset()))]
    return sorted(found, key=lambda occurrence: (occurrence.sort_key, occurrence.event.id))


def occurrences_for(user, window_start: datetime, window_end: datetime, **scope) -> list[Occurrence]:
    """Every occurrence in the window, however many: pages use the bounded reads below, which
    the tests check against this."""
    return _expanded(visible_events(user, window_start, window_end, **scope), window_start, window_end)


@dataclass(frozen=True)
class Cursor:
    """Where a page of series ends: the last series' start and id (keyset pagination)."""

    range_start: datetime
    id: int

    def __str__(self) -> str:
        return f"{self.range_start.isoformat()}_{self.id}"

    @classmethod
    def parse(cls, text: str | None) -> Cursor | None:
        """The cursor of a `?after=` argument; None (the first page) for anything malformed."""
        try:
            moment, number = (text or "").rsplit("_", 1)
            return cls(datetime.fromisoformat(moment).replace(tzinfo=None), int(number))
        except ValueError:
            return None

    def following(self) -> ColumnElement[bool]:
        return and_(
            Event.range_start >= self.range_start, or_(Event.range_start > self.range_start, Event.id > self.id)
        )


# What a calendar page shows of an event, besides what expanding its series needs: no ORM
# objects, no plan or agreement loaded (a month at 100 times the demo holds 1,700 series).
SHOWN_COLUMNS = (
    *SERIES_COLUMNS,
    Event.range_start,
    Event.title,
    Event.titles,
    Event.status,
    Plan.title.label("plan_title"),
)


@dataclass(frozen=True)
class PlanLine:
    """The plan of an event as the calendar shows it (its link and its title)."""

    id: int
    title: dict


def _shown_events(query: Select) -> list[SimpleNamespace]:
    """Rows of SHOWN_COLUMNS as event-like objects (what `expand` and the templates read)."""
    return [
        SimpleNamespace(**row._asdict(), plan=PlanLine(row.plan_id, row.plan_title))
        for row in db.session.execute(query)
    ]


def window_occurrences(user, window_start: datetime, window_end: datetime, **scope) -> list[Occurrence]:
    """Every occurrence in the window, of events read with only the columns that place them (two
    statements: the series, their moved occurrences): the month grid counts them all, draws a few,
    and reads what it draws with `shown_details`."""
    rows = db.session.execute(
        scoped(select(*SERIES_COLUMNS, Event.range_start), user, **scope)
        .where(overlapping(window_start, window_end))
        .order_by(Event.range_start, Event.id)
    ).all()
    return _expanded(rows, window_start, window_end)


def shown_details(event_ids: set[int]) -> dict[int, SimpleNamespace]:
    """The events a page draws, with the columns it shows (one statement); the ids come from
    occurrences already kept to what the reader may read."""
    if not event_ids:
        return {}
    query = select(*SHOWN_COLUMNS).join(Plan, Event.plan_id == Plan.id).where(Event.id.in_(sorted(event_ids)))
    return {event.id: event for event in _shown_events(query)}


def occurrences_page(
    user, window_start: datetime, window_end: datetime, *, after: Cursor | None, limit: int, **scope
) -> tuple[list[Occurrence], Cursor | None]:
    """The occurrences of at most `limit` series overlapping the window, in order of the
    series' start, after the cursor; and the next page's cursor, or None on the last page.
    Short and long series are two index ranges, each read at most limit + 1 deep, with only the
    columns shown."""
    found: list[SimpleNamespace] = []
    for long_running in (False, True):
        query = scoped(select(*SHOWN_COLUMNS), user, **scope).where(overlapping(window_start, window_end, long_running))
        if after is not None:
            query = query.where(after.following())
        found += _shown_events(query.order_by(Event.range_start, Event.id).limit(limit + 1))
    found.sort(key=lambda e: (e.range_start, e.id))
    page = found[:limit]
    following = Cursor(page[-1].range_start, page[-1].id) if len(found) > limit else None
    return _expanded(page, window_start, window_end), following


def next_occurrences(user, now: datetime, today: date, horizon_end: datetime, limit: int) -> list[Occurrence]:
    """The first `limit` occurrences from now (all-day ones from today) to the horizon, read from
    indexes whatever the data: five statements, at most 3 x `limit` rows without their plans;
    only the chosen occurrences' events are then loaded in full."""
    found = _next_single_events(user, now, today, horizon_end, limit) + _next_of_series(
        user, now, today, horizon_end, limit
    )
    chosen = sorted(
        (o for o in found if _not_begun(o, now, today)),
        key=lambda occurrence: (occurrence.sort_key, occurrence.event.id),
    )[:limit]
    events = {
        e.id: e
        for e in db.session.scalars(
            _with_plan(select(Event)).where(Event.id.in_(sorted({o.event.id for o in chosen})))
        ).unique()
    }
    return [dataclasses.replace(o, event=events[o.event.id]) for o in chosen]


def _next_single_events(user, now: datetime, today: date, horizon_end: datetime, limit: int) -> list[Occurrence]:
    """The first `limit` timed and the first `limit` all-day events that do not repeat, from now."""
    start, end = naive_utc(now), naive_utc(horizon_end)
    light = scoped(select(*SERIES_COLUMNS).where(Event.recurrence_frequency.is_(None)), user)
    rows = [
        row
        for query in (
            light.where(Event.all_day == false(), Event.starts_at >= start, Event.starts_at < end)
            .order_by(Event.starts_at, Event.id)
            .limit(limit),
            light.where(Event.all_day == true(), Event.start_date >= today, Event.start_date < end.date())
            .order_by(Event.start_date, Event.id)
            .limit(limit),
        )
        for row in db.session.execute(query)
    ]
    return _expanded(rows, now, horizon_end, moved={})


def _next_of_series(user, now: datetime, today: date, horizon_end: datetime, limit: int) -> list[Occurrence]:
    """The first `limit` occurrences of recurring series, from the occurrence index; only their
    series are expanded, and only up to the last of them."""
    start, end, midnight = naive_utc(now), naive_utc(horizon_end), datetime.combine(today, time())
    rows = db.session.execute(
        scoped(
            select(*SERIES_COLUMNS, OccurrenceStart.starts_at.label("occurrence_start"))
            .select_from(Event)
            .join(OccurrenceStart, OccurrenceStart.event_id == Event.id),
            user,
        )
        .where(
            OccurrenceStart.starts_at >= min(start, midnight),
            OccurrenceStart.starts_at < end,
            or_(
                and_(Event.all_day == false(), OccurrenceStart.starts_at >= start),
                and_(Event.all_day == true(), OccurrenceStart.starts_at >= midnight),
            ),
        )
        .order_by(OccurrenceStart.starts_at, Event.id)
        .limit(limit)
    ).all()
    last = (
        rows[-1].occurrence_start.replace(tzinfo=UTC) + timedelta(microseconds=1) if len(rows) == limit else horizon_end
    )
    return _expanded(list({row.id: row for row in rows}.values()), now, last)


def _not_begun(occurrence: Occurrence, now: datetime, today: date) -> bool:
    return occurrence.start >= (today if occurrence.all_day else now)


def opening_day(kind: str, scope_id: int | None, today: date, user) -> date:
    """The day whose month a plan's or agreement's calendar opens on: that of its next event (an
    event running now: today), else of its first; other calendars open on today. Another
    institution's drafts do not count: their dates are not the reader's to see."""
    if kind not in ("plan", "agreement") or scope_id is None:
        return today
    query = select(Event.range_start).join(Plan, Event.plan_id == Plan.id)
    query = query.where(Event.deleted_at.is_(None), Plan.deleted_at.is_(None), draft_rule(user))
    query = query.where(Plan.id == scope_id if kind == "plan" else Plan.agreement_id == scope_id)
    midnight = datetime.combine(today, time())
    upcoming = db.session.scalar(query.where(Event.range_end >= midnight).order_by(Event.range_start).limit(1))
    if upcoming is not None:
        return max(upcoming.date(), today)
    first = db.session.scalar(query.order_by(Event.range_start).limit(1))
    return first.date() if first is not None else today
