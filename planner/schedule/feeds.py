"""iCal feeds: the feed itself, laid out, its missing texts serialized once, streamed from stored
texts. Who may subscribe to which feed and a feed's version: feed_scopes.py; which rows and dates
a feed holds: feed_events.py; where the texts are kept: feed_store.py; the text: ical.py.

A feed's validators (ETag, Last-Modified) come from the data version, so a client that already
has the current feed gets 304 without anything being read. A client without them gets the
feed's stored whole of this version when there is one (`feed_wholes.py`: the bytes last sent,
read back in chunks). Otherwise the feed is laid out (`plan_feed`: one lean statement of versions
and dates, no texts), its missing VEVENT texts are serialized once (by one request of one worker
at a time for each feed, `feed_store.build_lock(wait, feed)`; other feeds build meanwhile) and
stored for every worker, and the body is streamed a chunk of stored texts at a time, and kept
whole as it goes: a change re-serializes only the events it touched, and a build holds one chunk
in memory, not the feed. While a feed is being built, its other subscribers get its previous
whole at once (`answer_feed`).

Each text is stored under a key naming every version it was made from: the event's
(`version_id`, `sequence`, `updated_at`), its plan's, its venue's and, for a moved occurrence,
its series'; for an agreement's dates, the agreement's version and the dates themselves; and
always the language and `FEED_FORMAT`. Nothing is invalidated by hand: a change anywhere,
through any path that moves these versions, makes new keys."""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date
from functools import partial
from types import SimpleNamespace

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import DateTime, String, case, cast, false, func, literal, text, true, type_coerce

from planner.extensions import db
from planner.maps.models import Site
from planner.plans.events import Event
from planner.plans.models import Plan
from planner.schedule.feed_events import (  # noqa: F401  (the names other modules know from here)
    CANCELLED_KEPT_DAYS,
    EVENT_FIELDS,
    FAR,
    NOTICE_REMINDER,
    SOURCE_COLUMNS,
    Series,
    event_details,
    event_sources,
    event_summary,
    feed_event,
    feed_events_query,
    feed_name,
    lifecycle_events,
    scope_agreements,
    source_of,
)
from planner.schedule.feed_scopes import (  # noqa: F401  (the names other modules know from here)
    FeedScope,
    FeedVersion,
    Subscription,
    feed_identity,
    feed_paths_for,
    feed_version,
    subscriptions_for,
    window_start,
)
from planner.schedule.feed_store import CHUNK, DatabaseStore, FeedEntry, chunks
from planner.schedule.feed_wholes import whole_name, whole_store
from planner.schedule.ical import (
    FOOTER,
    FeedEvent,
    calendar_header,
    event_years,
    feed_order,
    timezones_text,
    vevent_text,
)
from planner.schedule.spans import spans_in_window
from planner.schedule.task_items import task_items

FEED_FORMAT = "2"  # part of every entry's key: raise it when the serializer's output changes


@dataclass(frozen=True)
class Slot:
    """An agreement date of a feed: where it goes, the key and ref of its text, the event."""

    order: tuple
    key: str
    ref: str
    event: FeedEvent


@dataclass
class FeedPlan:
    """A feed before its events' texts: who and what it is for, its header (the VTIMEZONEs
    follow it), and its agreement dates (few; the events stay in the database until streamed)."""

    user: object
    scope: FeedScope
    since: date | None
    language: str
    header: str
    dates: list[Slot]


def event_key(language: str):
    """The key of an event's text, computed by the database from every version the text
    depends on: the event's, its plan's, its venue's, its series' (moved occurrences)."""
    parts = (
        Event.id,
        Event.version_id,
        Event.sequence,
        Event.updated_at,
        Plan.version_id,
        Event.site_id,
        Site.updated_at,
        Series.version_id,
    )
    key = literal(f"{FEED_FORMAT}:{language}")
    for part in parts:
        key = key + ":" + func.coalesce(cast(part, String), "")
    return key.label("key")


def event_ref(language: str):
    """An event's texts of every version, in one language: the previous one is found by it."""
    return (literal("e") + cast(Event.id, String) + f":{language}").label("ref")


def _instant(day, moment, dialect: str):
    """An all-day event's date (at UTC midnight) or a timed event's UTC moment, as one
    comparable timestamp (SQLite keeps both as text, in SQLAlchemy's format)."""
    if dialect == "sqlite":
        day = cast(day, String) + " 00:00:00.000000"
    else:
        day = cast(day, DateTime)
    return type_coerce(case((Event.all_day == true(), day), else_=moment), DateTime)


def feed_order_columns(dialect: str) -> tuple:
    """`ical.feed_order` computed by the database: start instant, UID (byte order), moved last."""
    uid = func.coalesce(Series.uid, Event.uid)
    if dialect != "sqlite":
        uid = uid.collate("C")
    instant = _instant(Event.start_date, Event.starts_at, dialect)
    return instant.label("instant"), uid.label("order_uid"), (Series.id.is_not(None)).label("moved")


def _row_order(row) -> tuple:
    return (row.instant.replace(tzinfo=UTC), row.order_uid, bool(row.moved))


def _dialect() -> str:
    return db.engine.dialect.name


def feed_timezones(user, scope: FeedScope, since: date | None, dates: list[Slot]) -> str:
    """The VTIMEZONEs of the feed, from two aggregate statements (zones; first and last years)."""
    dialect = _dialect()
    instant, end = (
        _instant(Event.start_date, Event.starts_at, dialect),
        _instant(Event.end_date, Event.ends_at, dialect),
    )
    until = case((Event.recurrence_frequency.is_not(None), Event.recurrence_until), else_=None)
    first, last, last_until = db.session.execute(
        feed_events_query(user, scope, since, (func.min(instant), func.max(end), func.max(until))).order_by(None)
    ).one()
    zones = db.session.scalars(
        feed_events_query(user, scope, since, (Event.timezone,))
        .where(Event.all_day == false())
        .order_by(None)
        .distinct()
    ).all()
    years = [year for slot in dates for year in event_years(slot.event)]
    years += [_year(value) for value in (first, last, last_until) if value is not None]
    return timezones_text(zones, years)


def _year(value) -> int:
    return value.year if hasattr(value, "year") else int(str(value)[:4])


_DATES_SEEN: dict[tuple, list[Slot]] = {}


def agreement_dates(user, scope: FeedScope, language: str) -> list[Slot]:
    """The agreements' lifecycle dates as slots; computed once per agreement version, day and
    language in each worker (the term arithmetic and translations cost more than the lookup)."""
    today = date.today()
    found = []
    for agreement in scope_agreements(user, scope):
        memo = (agreement.id, agreement.version_id, agreement.updated_at, today, language)
        if memo not in _DATES_SEEN:
            if len(_DATES_SEEN) > 20_000:
                _DATES_SEEN.clear()
            _DATES_SEEN[memo] = [
                Slot(
                    feed_order(event),
                    _digest(FEED_FORMAT, "agreement", *memo, event.uid),
                    f"a{event.uid}:{language}",
                    event,
                )
                for event in lifecycle_events(agreement, today, language)
            ]
        found += _DATES_SEEN[memo]
    return sorted(found, key=lambda slot: slot.order)


def span_dates(user, scope: FeedScope, since: date | None, language: str) -> list[Slot]:
    """The all-day spans of the plans' parts (venue runs, stays, route stops) as slots, keyed by
    their plan's version: a change of the plan gives them new texts, no hand-made event needed."""
    spans = spans_in_window(user, window_start(since).date(), FAR.date(), **scope.filters(user))
    slots = []
    for span in spans:
        event = span.feed_event()
        plan = span.plan
        parts = (span.uid, plan.version_id, plan.updated_at, span.start_date, span.end_date, span.title)
        key = _digest(FEED_FORMAT, "span", *parts, language)
        slots.append(Slot(feed_order(event), key, f"s{span.uid}:{language}", event))
    return slots


def task_dates(user, scope: FeedScope, since: date | None, language: str) -> list[Slot]:
    """The plans' tasks as slots (issue #29), keyed by each task's own change and due date."""
    slots = []
    for item in task_items(user, window_start(since).date(), FAR.date(), **scope.filters(user)):
        event = item.feed_event()
        parts = (item.uid, item.task.updated_at, item.start_date, item.task.state, item.title, item.plan.kind)
        slots.append(
            Slot(feed_order(event), _digest(FEED_FORMAT, "task", *parts, language), f"t{item.uid}:{language}", event)
        )
    return slots


def _digest(*parts) -> str:
    return hashlib.blake2b("|".join(str(part) for part in parts).encode(), digest_size=20).hexdigest()


def plan_feed(user, scope: FeedScope, since: date | None, language: str, header: str | None = None) -> FeedPlan:
    """The feed's header and agreement dates: a few statements, no event rows."""
    reader = reader_of(user)
    dates = sorted(
        agreement_dates(reader, scope, language)
        + span_dates(reader, scope, since, language)
        + task_dates(reader, scope, since, language),
        key=lambda slot: slot.order,
    )
    return FeedPlan(reader, scope, since, language, header or feed_header(scope, language), dates)


def reader_of(user) -> SimpleNamespace:
    """Who reads the feed, as plain values: they outlive the request's session."""
    return SimpleNamespace(id=user.id, role=user.role, institution_id=user.institution_id)


def feed_header(scope: FeedScope, language: str) -> str:
    """The calendar's first lines, its name in the language (one statement at most)."""
    return calendar_header(feed_name(scope, language), _("MoU Planner calendar"))


def _keyed_events(plan: FeedPlan, *columns):
    return feed_events_query(
        plan.user, plan.scope, plan.since, (Event.id, event_key(plan.language), event_ref(plan.language), *columns)
    )


def missing_texts(plan: FeedPlan, store) -> list[tuple[int | FeedEvent, str, str]]:
    """(event id or agreement date, key, ref) of every text the feed lacks. In the database
    one anti-join finds them, whatever the size of the feed; Redis is asked for every key."""
    if isinstance(store, DatabaseStore):
        query = _keyed_events(plan).outerjoin(FeedEntry, FeedEntry.key == event_key(plan.language).element)
        rows = db.session.execute(query.where(FeedEntry.key.is_(None)).order_by(None)).all()
    else:
        every = db.session.execute(_keyed_events(plan).order_by(None)).all()
        absent = store.missing([row.key for row in every])
        rows = [row for row in every if row.key in absent]
    found = [(row.id, row.key, row.ref) for row in rows]
    absent_dates = store.missing([slot.key for slot in plan.dates])
    return found + [(slot.event, slot.key, slot.ref) for slot in plan.dates if slot.key in absent_dates]


def serialize_missing(plan: FeedPlan, store, missing: list[tuple]) -> int:
    """Serialize and store the missing texts, a chunk at a time; the number serialized."""
    count = 0
    for chunk in chunks(missing):
        sources = event_sources([source for source, _, _ in chunk if isinstance(source, int)])
        entries = []
        for source, key, ref in chunk:
            if isinstance(source, FeedEvent):
                entries.append((key, ref, vevent_text(source)))
            elif source in sources:  # else deleted meanwhile: the next version leaves it out
                entries.append((key, ref, vevent_text(feed_event(sources[source], plan.language))))
        store.put_many(entries)
        count += len(entries)
    return count


@dataclass(frozen=True)
class Preparation:
    """Whether the feed is current (`previous` None) or, while another request builds it, the
    previous texts of the events it is building (by ref)."""

    previous: dict[str, str] | None
    serialized: int = 0


def prepare(plan: FeedPlan, store, wait: float, feed: str | None = None) -> Preparation | None:
    """Make sure every text of the feed is stored, serializing the missing ones under the
    feed's build lock; a request that cannot get the lock within `wait` s gets the previous
    texts instead. None: the feed is being built for the first time (nothing to serve yet)."""
    missing = missing_texts(plan, store)
    if not missing:
        return Preparation(None)
    with store.build_lock(wait, feed) as obtained:
        if not obtained:
            return _previous_texts(plan, store, missing)
        missing = missing_texts(plan, store)  # another request may have built them meanwhile
        return Preparation(None, serialize_missing(plan, store, missing))


def _previous_texts(plan: FeedPlan, store, missing: list[tuple]) -> Preparation | None:
    """The newest stored text of each missing event; None when too many have none (a first build)."""
    refs = [ref for _, _, ref in missing]
    previous = store.latest(refs)
    total = db.session.scalar(
        feed_events_query(plan.user, plan.scope, plan.since, (func.count(Event.id),)).order_by(None)
    )
    if len(refs) - len(previous) > (total + len(plan.dates)) // 10:  # more than a tenth would be left out
        return None
    return Preparation(previous)


def being_built(store, feed: str | None = None) -> bool:
    """Whether another request holds the feed's build lock right now (asked without waiting)."""
    with store.build_lock(0, feed) as obtained:
        return not obtained


RACE_WAIT = 10  # s a request that began a build waits for another that began it at the same moment


class FeedBody:
    """The feed, streamed: the header, then the stored texts in the feed's order, a chunk at a
    time (only one chunk is ever held), then the footer. It runs after the view has returned,
    in an app context (and database session) of its own.

    With `build`, it first stores the texts the feed lacks, under the feed's build lock, right
    after the header has gone out: a subscriber's first byte never waits for a build. A request
    that began the same build at the same moment waits for it (at most RACE_WAIT s) and then
    finds its texts stored; past that it builds what it still lacks itself (a text is stored
    once: a second writer of a key leaves it as it is), so a body never carries an outdated text.

    With `keep` (a whole's writer, for a body of the current version), every chunk sent is
    also written there, and the whole is kept once the last has gone out, unless a text had to
    come from an older version (changed while streaming)."""

    def __init__(self, app, plan, store, previous=None, build: bool = False, built=None, **kwargs):
        self.app, self.plan, self.store, self.previous = app, plan, store, previous
        # a FeedPlan, or (a request that builds) a FeedRequest: laid out once its header is out
        self.header = plan.header if isinstance(plan, FeedPlan) else kwargs["header"]
        self.build, self.built = build, built
        self.feed, self.keep = kwargs.get("feed"), kwargs.get("keep")
        self.current = True  # no text of an older version in it (so far)

    def __iter__(self) -> Iterator[bytes]:
        writer = self.keep() if self.keep is not None else None
        try:
            for piece in self._pieces():
                if writer is not None:
                    writer.write(piece)
                yield piece
        except BaseException:  # the client left (GeneratorExit) or the stream failed: no whole
            if writer is not None:
                writer.abandon()
            raise
        if writer is not None:
            (writer.commit if self.current else writer.abandon)()

    def _pieces(self) -> Iterator[bytes]:
        yield self.header.encode()  # at once: laying out and the time zones read the database
        with self.app.app_context():
            plan = self._laid_out()
            if self.build:
                with self.store.build_lock(RACE_WAIT, self.feed):
                    serialize_missing(plan, self.store, missing_texts(plan, self.store))
                if self.built is not None:
                    self.built()
            yield feed_timezones(plan.user, plan.scope, plan.since, plan.dates).encode()
            for chunk in chunks_of(_texts_in_order(plan, self.store, self.previous, self)):
                yield "".join(chunk).encode()
        yield FOOTER.encode()

    def _laid_out(self) -> FeedPlan:
        if isinstance(self.plan, FeedPlan):
            return self.plan
        asked = self.plan
        with force_locale(asked.language):
            return plan_feed(asked.user, asked.scope, asked.since, asked.language, self.header)

    def filled_in(self) -> None:
        """A text came from an older version: this body is not the whole of its version."""
        self.current = False


@dataclass(frozen=True)
class FeedAnswer:
    """What a feed request gets: a body (None: the feed is being built for the first time, try
    again later), and whether it is the previous version, served while another request builds."""

    body: Iterable[bytes] | None
    previous: bool = False


@dataclass(frozen=True)
class FeedRequest:
    """Whose feed, of what, from when, in which language, at which version (`key`: None when
    the data version is unknown and nothing may be kept)."""

    user: object
    scope: FeedScope
    since: date | None
    language: str
    key: str | None


def answer_feed(app, asked: FeedRequest, store, wait: float) -> FeedAnswer:
    """Who builds and what each request serves, fastest first:

    1. the whole of this version, stored: read back in chunks (no texts, no build);
    2. else, if nobody builds this feed now: this request builds it (after its first bytes),
       streams it and keeps its whole;
    3. else another request builds this very feed (other feeds have locks of their own): wait
       at most `wait` s for that build, then serve its result, or the feed's previous whole at
       once (stale while revalidate), or the previous texts, or 503 for a feed never built."""
    wholes = whole_store(store)
    feed = feed_identity(asked.user, asked.scope, asked.since, asked.language)
    # the format too: a release that changes the serializer makes new wholes, as it makes new texts
    version = whole_name(asked.key, FEED_FORMAT) if asked.key is not None else None
    if version is not None and (kept := wholes.open(feed, version)) is not None:
        return FeedAnswer(kept)
    keep = partial(wholes.writer, feed, version) if version is not None else None
    prepared = app.extensions.setdefault("prepared_feeds", set())
    remember = partial(_remember, prepared, asked.key)
    ready = asked.key is not None and asked.key in prepared  # this worker stored its texts already
    if not ready and being_built(store, feed):
        stale = wholes.latest(feed)
        if stale is None:
            plan = plan_feed(asked.user, asked.scope, asked.since, asked.language)
            return _without_a_whole(app, plan, store, wait, feed, keep, remember)
        with store.build_lock(wait, feed) as obtained:
            pass
        if not obtained:  # before the feed is laid out: the previous whole's first byte at once
            return FeedAnswer(stale, previous=True)
        # the other build ended meanwhile: this request streams the feed (its texts are stored now)
    if ready:
        plan = plan_feed(asked.user, asked.scope, asked.since, asked.language)
        return FeedAnswer(FeedBody(app, plan, store, feed=feed, keep=keep))
    # this request builds: its header goes out at once, the feed is laid out after it
    later = replace(asked, user=reader_of(asked.user))
    header = feed_header(asked.scope, asked.language)
    return FeedAnswer(FeedBody(app, later, store, build=True, built=remember, feed=feed, keep=keep, header=header))


def _without_a_whole(app, plan: FeedPlan, store, wait: float, feed: str, keep, remember) -> FeedAnswer:
    """Another request builds a feed this node has no whole of: its result when it ends within
    `wait` s, else the previous texts of what it builds, else (a first build) nothing yet."""
    done = prepare(plan, store, wait, feed)
    if done is None:
        return FeedAnswer(None)
    if done.previous is not None:
        return FeedAnswer(FeedBody(app, plan, store, done.previous), previous=True)
    remember()
    return FeedAnswer(FeedBody(app, plan, store, feed=feed, keep=keep))


def _remember(prepared: set, key: str | None) -> None:
    if key is None:
        return
    if len(prepared) > 10_000:
        prepared.clear()
    prepared.add(key)


def chunks_of(texts: Iterator[str], size: int = CHUNK) -> Iterator[list[str]]:
    chunk: list[str] = []
    for text_ in texts:
        chunk.append(text_)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _texts_in_order(plan: FeedPlan, store, previous: dict[str, str] | None, body=None) -> Iterator[str]:
    """The events' texts (read with a server-side cursor) merged with the agreement dates'; a
    text missing is filled in from its previous version (and the body told so)."""
    dates = store.get_many([slot.key for slot in plan.dates])
    date_texts = ((slot.order, dates.get(slot.key), slot.ref) for slot in plan.dates)
    for _order, found, ref in heapq.merge(_event_texts(plan, store), date_texts, key=lambda item: item[0]):
        if found is None:  # changed since `prepare` (or being built by another): its previous text
            found = (previous or {}).get(ref) or store.latest([ref]).get(ref)
            if body is not None:
                body.filled_in()
        if found:
            yield found


def _event_texts(plan: FeedPlan, store) -> Iterator[tuple[tuple, str | None, str]]:
    dialect = _dialect()
    order = ("instant", "order_uid", "moved", Event.range_start, Event.id)
    if isinstance(store, DatabaseStore):
        # the texts in the feed's order in one pass, read STREAM_ROWS at a time; the key is only
        # joined on, and an event's ref made here, so neither string is sent for every row
        query = feed_events_query(plan.user, plan.scope, plan.since, (Event.id, *feed_order_columns(dialect)))
        query = query.add_columns(FeedEntry.body).outerjoin(
            FeedEntry, FeedEntry.key == event_key(plan.language).element
        )
        suffix = f":{plan.language}"
        if dialect == "postgresql":  # the sort (texts included) in memory, not in temporary files
            db.session.execute(text(f"SET LOCAL work_mem = '{STREAM_WORK_MEM}'"))
        for row in db.session.execute(query.order_by(None).order_by(*order).execution_options(yield_per=STREAM_ROWS)):
            yield _row_order(row), row.body, f"e{row.id}{suffix}"
        return
    query = _keyed_events(plan, *feed_order_columns(dialect)).order_by(None).order_by(*order)
    for rows in chunks_of(iter(db.session.execute(query.execution_options(yield_per=CHUNK)))):
        texts = store.get_many([row.key for row in rows])
        for row in rows:
            yield _row_order(row), texts.get(row.key), row.ref


STREAM_ROWS = 2000  # rows a round trip while a feed streams (about 0.6 MB of texts)
STREAM_WORK_MEM = "64MB"  # PostgreSQL's sort memory for that one statement (a 300x feed: 28 MB)
