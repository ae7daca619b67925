"""iCal feeds: which events a feed holds, and the feed itself, streamed from stored texts.

A feed's validators (ETag, Last-Modified) come from the data version, so a client that already
has the current feed gets 304 without anything being read. Otherwise the feed is laid out
(`lay_out`: one lean statement of versions and dates, no texts), its missing VEVENT texts are
serialized once (by one request of one worker at a time, `feed_store.build_lock`) and stored
for every worker, and the body is streamed a chunk of stored texts at a time: a change
re-serializes only the events it touched, and a build holds one chunk in memory, not the feed.

Each text is stored under a key naming every version it was made from: the event's
(`version_id`, `sequence`, `updated_at`), its plan's, its venue's and, for a moved occurrence,
its series'; for an agreement's dates, the agreement's version and the dates themselves; and
always the language and `FEED_FORMAT`. Nothing is invalidated by hand: a change anywhere,
through any path that moves these versions, makes new keys."""

from __future__ import annotations

import dataclasses
import hashlib
import heapq
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from types import SimpleNamespace

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import DateTime, String, case, cast, false, func, literal, or_, select, text, true, type_coerce
from sqlalchemy.orm import aliased

from planner.accounts.permissions import readable_agreements
from planner.accounts.tokens import feed_secret_for
from planner.agreements.lifecycle import Term
from planner.agreements.models import Agreement, Institution, Party, lifecycle_on_cached
from planner.caching import key_at
from planner.data_version import current_version
from planner.extensions import db
from planner.i18n import current_locale, pick_text
from planner.maps.models import Site
from planner.plans.access import draft_rule
from planner.plans.models import Plan
from planner.plans.spans import spans_in_window
from planner.schedule import texts
from planner.schedule.feed_store import CHUNK, DatabaseStore, FeedEntry, chunks
from planner.schedule.ical import (
    FOOTER,
    FeedEvent,
    calendar_header,
    event_years,
    feed_order,
    timezones_text,
    vevent_text,
)
from planner.schedule.models import Event, event_descriptions
from planner.schedule.occurrences import event_recurrence, local_bounds
from planner.schedule.queries import overlapping, scoped
from planner.timezones import zone

CANCELLED_KEPT_DAYS = 30
NOTICE_REMINDER = timedelta(days=14)
FEED_FORMAT = "2"  # part of every entry's key: raise it when the serializer's output changes
FAR = datetime(2200, 1, 1, tzinfo=UTC)
Series = aliased(Event)  # the series a moved occurrence belongs to


@dataclass(frozen=True)
class FeedScope:
    """What a feed covers: everything the user may see, or one plan, agreement or institution."""

    kind: str  # "my" | "plan" | "agreement" | "institution"
    id: int | None = None
    # my.ics narrowed as My calendar (?agreement=, ?plan=, ?kind=); part of the scope's str,
    # so of the feed's ETag and cache key too
    agreement: int | None = None
    plan: int | None = None
    activity: str | None = None

    def filters(self, user) -> dict:
        """The scope as query filters. "my" is the partnerships of the user's institution (an
        admin's, or a user's without an institution: everything they may read), narrowed."""
        if self.kind != "my":
            return {f"{self.kind}_id": self.id}
        found = (
            {"institution_id": user.institution_id} if user.institution_id is not None and user.role != "admin" else {}
        )
        narrowed = {"agreement_id": self.agreement, "plan_id": self.plan, "kind": self.activity}
        return found | {name: value for name, value in narrowed.items() if value is not None}

    @property
    def of_plans(self) -> bool:
        """Only plans' events and spans: no agreement's dates (one plan, or one kind of plan)."""
        return self.kind == "plan" or self.plan is not None or self.activity is not None


def window_start(since: date | None) -> datetime:
    days = current_app.config["FEED_WINDOW_DAYS"]
    start = since or (date.today() - timedelta(days=days))
    return datetime.combine(start, time(), tzinfo=UTC)


@dataclass(frozen=True)
class Subscription:
    """A feed the user may subscribe to: its scope, its name (one text per language), its path."""

    kind: str  # "my" | "agreement" | "plan" | "institution"
    name: dict
    path: str


def subscriptions_for(user) -> list[Subscription]:
    """Every feed the user may subscribe to, named, with paths carrying the user's feed token
    (four statements whatever the number of feeds)."""
    secret = feed_secret_for(user)
    agreements = db.session.execute(
        select(Agreement.id, Agreement.title).where(readable_agreements(user)).order_by(Agreement.id)
    ).all()
    agreement_ids = [a.id for a in agreements]
    plans = db.session.execute(
        select(Plan.id, Plan.title)
        .where(Plan.agreement_id.in_(agreement_ids), Plan.deleted_at.is_(None), draft_rule(user))
        .order_by(Plan.id)
    ).all()
    parties = select(Party.institution_id).where(Party.agreement_id.in_(agreement_ids))
    institutions = db.session.execute(
        select(Institution.id, Institution.name).where(Institution.id.in_(parties)).order_by(Institution.id)
    ).all()
    return (
        [Subscription("my", {}, f"/feeds/{secret}/my.ics")]
        + [Subscription("agreement", a.title, f"/feeds/{secret}/agreements/{a.id}.ics") for a in agreements]
        + [Subscription("plan", p.title, f"/feeds/{secret}/plans/{p.id}.ics") for p in plans]
        + [Subscription("institution", i.name, f"/feeds/{secret}/institutions/{i.id}.ics") for i in institutions]
    )


def feed_paths_for(user) -> list[str]:
    """Every feed the user may subscribe to, as paths carrying the user's feed token."""
    return [subscription.path for subscription in subscriptions_for(user)]


@dataclass(frozen=True)
class FeedVersion:
    """What a feed's content depends on, as HTTP validators and as its cache key."""

    etag: str
    last_modified: datetime
    cache_key: str | None  # None: the data version is unknown, nothing may be cached


def feed_version(user, scope: FeedScope, since: date | None) -> FeedVersion:
    """From the data version (one primary-key read, whatever the size of the data): every
    change of the content makes a new version, so a client that has the current feed gets
    304 and a worker that built it serves it again, without either being built."""
    token, changed_at = current_version()
    key = key_at(token, "feed", scope, since, date.today(), current_locale(), user.id, user.role, user.institution_id)
    etag = '"' + (key or secrets.token_hex(16))[:32] + '"'
    return FeedVersion(etag, changed_at.replace(tzinfo=UTC), key)


def feed_event(source, language: str) -> FeedEvent:
    """An event (a row of `SOURCE_FIELDS`, or `source_of` an ORM event) as the plain data the
    iCal builder takes; a moved occurrence carries its series' UID and the RECURRENCE-ID of
    the occurrence it replaces."""
    start, end = local_bounds(source)
    moved = source.series_uid is not None
    location = pick_text(source.site_name, language).text if source.site_name else ""
    return FeedEvent(
        uid=source.series_uid if moved else source.uid,
        sequence=source.sequence,
        title=event_summary(source, language),
        start=start,
        end=end,
        recurrence_id=_original_start(source, source.recurrence_id) if moved else None,
        timezone=None if source.all_day else source.timezone,
        description=event_details(source, language),
        location=location or source.online_url,
        url=source.online_url,
        categories=(source.plan_kind,),
        status=source.status,
        transparent=source.all_day and (end - start).days > 1,
        recurrence=event_recurrence(source),
        created=source.created_at.replace(tzinfo=UTC),
        last_modified=source.updated_at.replace(tzinfo=UTC),
    )


def event_summary(source, language: str) -> str:
    """The event's title in the language: every reader of an event's title in a feed goes
    through here (titles become one text per language with a one-line change)."""
    return texts.event_summary(source, language)


def event_details(source, language: str) -> str:
    """The event's description, else its plan's, in the language."""
    return pick_text(event_descriptions(source), language).text or pick_text(source.plan_description, language).text


def _original_start(source, key: str) -> date | datetime:
    """The replaced occurrence's start, of the same type (and zone) as the series' DTSTART."""
    if source.series_all_day:
        return date.fromisoformat(key)
    return datetime.fromisoformat(key).replace(tzinfo=zone(source.series_timezone))


# What serializing an event reads: its own columns (no other), its plan's kind and description,
# its venue's name and its series' UID and time: never an agreement, let alone its texts.
EVENT_FIELDS = [
    "id",
    "uid",
    "sequence",
    "title",
    "description",
    "titles",
    "descriptions",
    "status",
    "all_day",
    "timezone",
    "starts_at",
    "ends_at",
    "start_date",
    "end_date",
    "recurrence_frequency",
    "recurrence_interval",
    "recurrence_until",
    "recurrence_count",
    "excluded_dates",
    "online_url",
    "created_at",
    "updated_at",
    "recurrence_id",
]
SOURCE_COLUMNS = (
    *(getattr(Event, name) for name in EVENT_FIELDS),
    Plan.kind.label("plan_kind"),
    Plan.description.label("plan_description"),
    Site.name.label("site_name"),
    Series.uid.label("series_uid"),
    Series.all_day.label("series_all_day"),
    Series.timezone.label("series_timezone"),
)
# What laying a feed out reads: versions, dates and zones (the texts come from the store).
LAYOUT_COLUMNS = (
    *(getattr(Event, name) for name in ["id", "uid", "version_id", "sequence", "updated_at", "all_day", "timezone"]),
    *(getattr(Event, name) for name in ["starts_at", "ends_at", "start_date", "end_date", "recurrence_frequency"]),
    Event.recurrence_until,
    Event.site_id,
    Plan.id.label("plan_id"),
    Plan.version_id.label("plan_version"),
    Site.updated_at.label("site_changed"),
    Series.uid.label("series_uid"),
    Series.version_id.label("series_version"),
)
TERM_FIELDS = tuple(field.name for field in dataclasses.fields(Term))
AGREEMENT_COLUMNS = (
    Agreement.id,
    Agreement.version_id,
    Agreement.updated_at,
    Agreement.title,
    *(getattr(Agreement, name) for name in TERM_FIELDS),
)


def _with_venue_and_series(query):
    return query.outerjoin(Site, Site.id == Event.site_id).outerjoin(Series, Series.id == Event.override_of_id)


def event_sources(ids: list[int]) -> dict[int, object]:
    """The rows `feed_event` reads, for these events (one statement)."""
    query = select(*SOURCE_COLUMNS).select_from(Event).join(Plan, Plan.id == Event.plan_id).where(Event.id.in_(ids))
    return {row.id: row for row in db.session.execute(_with_venue_and_series(query))}


def source_of(event: Event) -> SimpleNamespace:
    """An ORM event as the same plain source (the single event's .ics; the tests' reference build)."""
    series = event.override_of
    return SimpleNamespace(
        **{name: getattr(event, name) for name in EVENT_FIELDS},
        plan_kind=event.plan.kind,
        plan_description=event.plan.description,
        site_name=event.site.name if event.site else None,
        series_uid=series.uid if series else None,
        series_all_day=series.all_day if series else None,
        series_timezone=series.timezone if series else None,
    )


def feed_events_query(user, scope: FeedScope, since: date | None, columns) -> object:
    """The feed's events (`columns` of each), in the order the full build receives them: the
    window's series, and cancelled ones for 30 days so that calendars remove them."""
    cutoff = datetime.combine(date.today() - timedelta(days=CANCELLED_KEPT_DAYS), time())  # a day's feeds are alike
    query = scoped(select(*columns).select_from(Event), user, **scope.filters(user))
    return (
        _with_venue_and_series(query)
        .where(overlapping(window_start(since), FAR), or_(Event.status != "cancelled", Event.updated_at >= cutoff))
        .order_by(Event.range_start, Event.id)
    )


def scope_agreements(user, scope: FeedScope) -> list:
    """The agreements whose lifecycle dates belong in the feed (their term columns and title)."""
    if scope.of_plans:
        return []
    query = select(*AGREEMENT_COLUMNS).where(readable_agreements(user), Agreement.status != "draft")
    filters = scope.filters(user)
    if "agreement_id" in filters:
        query = query.where(Agreement.id == filters["agreement_id"])
    if "institution_id" in filters:
        parties = select(Party.agreement_id).where(Party.institution_id == filters["institution_id"])
        query = query.where(Agreement.id.in_(parties))
    return db.session.execute(query.order_by(Agreement.id)).all()


def lifecycle_events(agreement, today: date, language: str) -> list[FeedEvent]:
    """The notice deadline (with a reminder 14 days before) and the current period's end."""
    state = lifecycle_on_cached(Term(**{name: getattr(agreement, name) for name in TERM_FIELDS}), today)
    title = pick_text(agreement.title, language).text
    stamp = agreement.updated_at.replace(tzinfo=UTC)
    found = []
    if state.notice_deadline:
        found.append(
            FeedEvent(
                uid=f"agreement-{agreement.id}-notice-{state.notice_deadline.isoformat()}@mou-planner",
                sequence=agreement.version_id,
                title=_("Notice deadline: %(title)s", title=title),
                start=state.notice_deadline,
                end=state.notice_deadline + timedelta(days=1),
                description=_("Last day to give written notice if the agreement is not to be renewed."),
                categories=("deadline",),
                transparent=True,
                created=stamp,
                last_modified=stamp,
                alarm_before=NOTICE_REMINDER,
                alarm_text=_("Notice deadline in 14 days: %(title)s", title=title),
            )
        )
    if state.period_end:
        found.append(
            FeedEvent(
                uid=f"agreement-{agreement.id}-period-end-{state.period_end.isoformat()}@mou-planner",
                sequence=agreement.version_id,
                title=_("End of the current period: %(title)s", title=title),
                start=state.period_end,
                end=state.period_end + timedelta(days=1),
                categories=("deadline",),
                transparent=True,
                created=stamp,
                last_modified=stamp,
            )
        )
    return found


def feed_name(scope: FeedScope, language: str) -> str:
    """The calendar's name: the plan's, agreement's or institution's in the language."""
    if scope.kind == "my":
        return _("MoU Planner: my calendar")
    column = {"plan": Plan.title, "agreement": Agreement.title, "institution": Institution.name}[scope.kind]
    values = db.session.scalar(select(column).where(column.class_.id == scope.id))
    return _("MoU Planner: %(name)s", name=pick_text(values, language).text)


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


def _digest(*parts) -> str:
    return hashlib.blake2b("|".join(str(part) for part in parts).encode(), digest_size=20).hexdigest()


def plan_feed(user, scope: FeedScope, since: date | None, language: str) -> FeedPlan:
    """The feed's header and agreement dates: a few statements, no event rows."""
    reader = SimpleNamespace(id=user.id, role=user.role, institution_id=user.institution_id)  # outlives the session
    dates = sorted(
        agreement_dates(reader, scope, language) + span_dates(reader, scope, since, language),
        key=lambda slot: slot.order,
    )
    header = calendar_header(feed_name(scope, language), _("MoU Planner calendar"))
    return FeedPlan(reader, scope, since, language, header, dates)


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


def prepare(plan: FeedPlan, store, wait: float) -> Preparation | None:
    """Make sure every text of the feed is stored, serializing the missing ones under the
    build lock; a request that cannot get the lock within `wait` s gets the previous texts
    instead. None: the feed is being built for the first time (nothing to serve yet)."""
    missing = missing_texts(plan, store)
    if not missing:
        return Preparation(None)
    with store.build_lock(wait) as obtained:
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


def being_built(store) -> bool:
    """Whether another request holds the build lock right now (asked without waiting)."""
    with store.build_lock(0) as obtained:
        return not obtained


class FeedBody:
    """The feed, streamed: the header, then the stored texts in the feed's order, a chunk at a
    time (only one chunk is ever held), then the footer. It runs after the view has returned,
    in an app context (and database session) of its own.

    With `build`, it first stores the texts the feed lacks, under the build lock, right after
    the header has gone out: a subscriber's first byte never waits for a build. Requests that
    find the lock taken meanwhile wait for it and then find their texts stored; past `wait`
    seconds a request builds what it still lacks itself (a text is stored once: a second
    writer of a key leaves it as it is), so a body never carries an outdated text."""

    def __init__(self, app, plan: FeedPlan, store, previous=None, build: bool = False, wait: float = 0, built=None):
        self.app, self.plan, self.store, self.previous = app, plan, store, previous
        self.build, self.wait, self.built = build, wait, built

    def __iter__(self) -> Iterator[bytes]:
        plan = self.plan
        yield plan.header.encode()  # at once: the time zones take two passes over the events
        with self.app.app_context():
            if self.build:
                with self.store.build_lock(self.wait):
                    serialize_missing(plan, self.store, missing_texts(plan, self.store))
                if self.built is not None:
                    self.built()
            yield feed_timezones(plan.user, plan.scope, plan.since, plan.dates).encode()
            for chunk in chunks_of(_texts_in_order(plan, self.store, self.previous)):
                yield "".join(chunk).encode()
        yield FOOTER.encode()


@dataclass(frozen=True)
class FeedAnswer:
    """What a feed request gets: a body (None: the feed is being built for the first time, try
    again later), and whether it is the previous version, served while another request builds."""

    body: FeedBody | None
    previous: bool = False


def answer_feed(app, plan: FeedPlan, store, key: str | None, wait: float) -> FeedAnswer:
    """Who builds and what each request serves. A feed this worker already prepared at this data
    version (`key` names both) streams at once; else the request builds it, after its first
    bytes, unless another request is building right now: then it waits for that build (at most
    `wait` s) and serves the result, or the previous version."""
    prepared = app.extensions.setdefault("prepared_feeds", set())
    remember = partial(_remember, prepared, key)
    if key is not None and key in prepared:
        return FeedAnswer(FeedBody(app, plan, store))
    if not being_built(store):
        return FeedAnswer(FeedBody(app, plan, store, build=True, wait=wait, built=remember))
    done = prepare(plan, store, wait)
    if done is None:
        return FeedAnswer(None)
    if done.previous is not None:
        return FeedAnswer(FeedBody(app, plan, store, done.previous), previous=True)
    remember()
    return FeedAnswer(FeedBody(app, plan, store))


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


def _texts_in_order(plan: FeedPlan, store, previous: dict[str, str] | None) -> Iterator[str]:
    """The events' texts (read with a server-side cursor) merged with the agreement dates'."""
    dates = store.get_many([slot.key for slot in plan.dates])
    date_texts = ((slot.order, dates.get(slot.key), slot.ref) for slot in plan.dates)
    for _order, found, ref in heapq.merge(_event_texts(plan, store), date_texts, key=lambda item: item[0]):
        if found is None:  # changed since `prepare` (or being built by another): its previous text
            found = (previous or {}).get(ref) or store.latest([ref]).get(ref)
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
