"""Incremental feeds: every feed streamed from stored VEVENT texts is byte for byte the feed
built whole from the database, after every kind of change; a change serializes only what it
touched; one build at a time, whatever the number of requests; the Redis store does the same."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
import recurring_ical_events
import vobject
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from tests.conftest import ON_POSTGRES
from tests.schedule.test_bounded_pages import add_event
from tests.schedule.test_feed_pages import feed_paths


def full_build(user, kind: str, scope_id: int | None, language: str, scope=None) -> bytes:
    """The feed built whole, from ORM events, as before feeds were incremental: the reference
    (`scope`: a FeedScope narrowed by filters, instead of `kind` and `scope_id`)."""
    from flask import g
    from flask_babel import force_locale
    from flask_babel import gettext as _

    from planner.schedule.feeds import (
        CANCELLED_KEPT_DAYS,
        FeedScope,
        feed_event,
        feed_name,
        lifecycle_events,
        scope_agreements,
        source_of,
        window_start,
    )
    from planner.schedule.ical import build_feed
    from planner.schedule.queries import visible_events
    from planner.schedule.spans import spans_in_window
    from planner.schedule.task_items import task_items

    scope = scope or FeedScope(kind, scope_id)
    cutoff = datetime.combine(date.today() - timedelta(days=CANCELLED_KEPT_DAYS), time())
    g.locale = language
    with force_locale(language):
        events = [
            feed_event(source_of(e), language)
            for e in visible_events(user, window_start(None), datetime(2200, 1, 1, tzinfo=UTC), **scope.filters(user))
            if e.status != "cancelled" or e.updated_at >= cutoff
        ]
        spans = spans_in_window(user, window_start(None).date(), date(2200, 1, 1), **scope.filters(user))
        events += [span.feed_event() for span in spans]
        tasks = task_items(user, window_start(None).date(), date(2200, 1, 1), **scope.filters(user))
        events += [item.feed_event() for item in tasks]  # a plan's tasks (issue #29)
        for agreement in scope_agreements(user, scope):
            events += lifecycle_events(agreement, date.today(), language)
        name, description = feed_name(scope, language), _("MoU Planner calendar")
    return build_feed(name, events, stamp=datetime(2000, 1, 1, tzinfo=UTC), description=description)


def scoped_paths(app) -> dict[tuple[str, int | None], str]:
    """The curator's personal feed and those of the Ganja agreement, one of its plans and a party."""
    paths = {}
    for path in feed_paths(app, "curator"):
        tail = path.rsplit("/", 2)
        if tail[-1] == "my.ics":
            paths[("my", None)] = path
        else:
            kind = tail[-2].removesuffix("s")
            paths.setdefault((kind, None), path)
            paths[(kind, int(tail[-1].removesuffix(".ics")))] = path
    return {key: value for key, value in paths.items() if key[0] == "my" or key[1] is not None}


def spans_of(session, plan_id: int) -> list:
    """The all-day spans of one plan that the curator's feeds hold."""
    from planner.accounts.models import User
    from planner.schedule.feeds import window_start
    from planner.schedule.spans import spans_in_window

    curator = session.scalar(select(User).where(User.username == "curator"))
    return spans_in_window(curator, window_start(None).date(), date(2200, 1, 1), plan_id=plan_id)


def stored_texts(db) -> int:
    from planner.schedule.feed_store import FeedEntry

    return db.session.scalar(select(func.count()).select_from(FeedEntry))


def assert_every_feed_is_its_full_build(app, client, db, language: str = "en") -> None:
    from planner.accounts.models import User

    curator = db.session.scalar(select(User).where(User.username == "curator"))
    plan_id = next(key[1] for key in scoped_paths(app) if key[0] == "plan")
    agreement_id = next(key[1] for key in scoped_paths(app) if key[0] == "agreement")
    institution_id = next(key[1] for key in scoped_paths(app) if key[0] == "institution")
    for kind, scope_id in (
        ("my", None),
        ("plan", plan_id),
        ("agreement", agreement_id),
        ("institution", institution_id),
    ):
        response = client.get(scoped_paths(app)[(kind, scope_id)])
        assert response.status_code == 200
        assert response.data == full_build(curator, kind, scope_id, language), (kind, scope_id)


def test_every_kind_of_change_gives_the_bytes_of_a_full_build_and_serializes_only_what_it_touched(app, client, demo):
    from planner.accounts.models import User
    from planner.agreements.models import Agreement
    from planner.demo.synth import synthesize
    from planner.maps.models import Site
    from planner.plans.events import Event

    session = demo.session
    assert_every_feed_is_its_full_build(app, client, demo)  # cold: every text serialized
    opening = session.scalar(select(Event).where(Event.uid == "demo-silk-road-opening@mou-planner"))
    series = session.scalar(select(Event).where(Event.uid == "demo-heritage-tuesdays@mou-planner"))

    def after(change, serialized: int | None = None, language: str = "en") -> None:
        before = stored_texts(demo)
        change()
        session.commit()
        assert_every_feed_is_its_full_build(app, client, demo, language)
        if serialized is not None:
            assert stored_texts(demo) - before == serialized

    after(lambda: setattr(opening, "title", "Opening\r\nBEGIN:VEVENT\u2028<b>bold</b>\x1b"), serialized=1)
    after(lambda: setattr(opening, "timezone", "America/New_York"), serialized=1)  # a new VTIMEZONE, a new time
    after(lambda: (setattr(opening, "recurrence_frequency", "weekly"), setattr(opening, "recurrence_count", 3)), 1)
    plan = opening.plan
    described = [e for e in plan.events if not e.description and e.deleted_at is None]
    spans = len(spans_of(session, plan.id))  # its venue runs, stays and stops: texts of the plan's version
    assert spans, "the demo's exhibition has venue runs"
    after(lambda: setattr(plan, "description", {"en": "New plan description"}), serialized=len(described) + spans)
    after(lambda: setattr(plan, "title", {"en": "A renamed plan"}))  # the plan feed's name
    after(lambda: setattr(session.get(Site, opening.site_id), "name", {"en": "Renamed venue"}))
    agreement = next(a for a in session.scalars(select(Agreement)) if "Carpet" in a.title["en"])
    after(lambda: setattr(agreement, "title", {"en": "A renamed memorandum"}), serialized=0)  # not Ganja's
    moved = add_event(series.plan, "Moved session", start=datetime(2026, 12, 16, 11, tzinfo=UTC))
    after(lambda: setattr(moved, "override_of", series) or setattr(moved, "recurrence_id", "2026-12-15T11:00"))
    after(lambda: setattr(opening, "status", "cancelled"), serialized=1)
    after(lambda: setattr(opening, "deleted_at", datetime(2026, 1, 1)), serialized=0)
    after(lambda: synthesize(agreements=1, plans=1, events=3, sites=1, seed=9))  # bulk inserts
    curator = session.scalar(select(User).where(User.username == "curator"))
    after(lambda: setattr(curator, "language", "ru"), language="ru")


def test_feeds_with_control_characters_and_markup_in_every_text_parse_back(app, client, demo, as_user):
    """CR, LF, U+2028, other control characters and markup in plan, agreement, venue and event
    texts: every feed kind and the single event's .ics still parse, one event per event."""
    from planner.agreements.models import Agreement
    from planner.maps.models import Site
    from planner.plans.events import Event

    hostile = "Line\r\nBEGIN:VEVENT\rEND:VCALENDAR\u2028x\u2029y\x85z\x0b\x0c\x01\x1f\x7f<script>alert(1)</script>;,\\"
    opening = demo.session.scalar(select(Event).where(Event.uid == "demo-silk-road-opening@mou-planner"))
    opening.title = opening.description = hostile
    opening.online_url = "https://example.org/\r\nX-INJECTED:1"
    opening.plan.title = opening.plan.description = {"en": hostile}
    demo.session.get(Site, opening.site_id).name = {"en": hostile}
    for agreement in demo.session.scalars(select(Agreement)):
        agreement.title = {"en": hostile}
    demo.session.commit()
    bodies = [client.get(path).data for path in scoped_paths(app).values()]
    bodies.append(as_user("curator").get(f"/events/{opening.id}.ics").data)
    for body in bodies:
        assert all(ord(c) >= 32 or c in "\r\n" for c in body.decode()), "a control character reached the feed"
        assert "X-INJECTED" not in body.decode().replace("\r\n ", "").split("URL:")[0]
        calendar = icalendar.Calendar.from_ical(body)
        names = [str(calendar.get(name, "")) for name in ("NAME", "X-WR-CALNAME", "X-WR-CALDESC")]
        assert all("\r" not in name for name in names)
        events = calendar.walk("VEVENT")
        uids = [str(e["UID"]) for e in events]
        assert len(uids) == body.count(b"BEGIN:VEVENT\r\n") and "x" not in calendar.walk("VCALENDAR")[0]
        assert not any("X-INJECTED" in e for e in events)
        parsed = next(vobject.readComponents(body.decode()))
        assert len(getattr(parsed, "vevent_list", [])) == len(events)
        recurring_ical_events.of(calendar).between(date(2026, 1, 1), date(2028, 1, 1))
        texts = [str(e.get(name, "")) for e in events for name in ("SUMMARY", "DESCRIPTION", "LOCATION")]
        assert not any(c in text for text in texts + names for c in "\x01\x1f\x7f\x85\u2028\u2029\r")
    opening_events = icalendar.Calendar.from_ical(bodies[0]).walk("VEVENT")
    mine = next(e for e in opening_events if str(e["UID"]) == opening.uid)
    assert str(mine["SUMMARY"]) == "Line\nBEGIN:VEVENT\nEND:VCALENDAR\nx\ny\nz\n\n<script>alert(1)</script>;,\\"


def inserts_of_texts(app):
    """Counts the statements that store event texts."""
    from planner.extensions import db

    with app.app_context():
        engine = db.engine
    counted = []
    lock = threading.Lock()

    def listener(connection, cursor, statement, parameters, *rest):
        if statement.startswith("INSERT INTO feed_entry"):
            with lock:
                counted.append(statement)

    sa_event.listen(engine, "before_cursor_execute", listener)
    return engine, listener, counted


@pytest.mark.skipif(not ON_POSTGRES, reason="threads need their own connections: the PostgreSQL run of the suite")
def test_six_clients_polling_at_once_after_a_change_cause_one_build_and_no_error(app, client, demo):
    from planner.plans.events import Event

    path = feed_paths(app, "curator")[0]
    assert client.get(path).status_code == 200
    opening = demo.session.scalar(select(Event).where(Event.uid == "demo-silk-road-opening@mou-planner"))
    opening.title = "Renamed while six calendars poll"
    demo.session.commit()
    engine, listener, counted = inserts_of_texts(app)
    barrier, results = threading.Barrier(6), []

    def poll() -> None:
        barrier.wait()
        response = app.test_client().get(path)
        results.append((response.status_code, response.headers["ETag"], response.data))

    try:
        threads = [threading.Thread(target=poll) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        sa_event.remove(engine, "before_cursor_execute", listener)
    assert [status for status, _, _ in results] == [200] * 6
    assert len({body for _, _, body in results}) == 1 and b"Renamed while six calendars poll" in results[0][2]
    assert len(counted) == 1  # one build, of the one changed event


@contextmanager
def build_lock_held_elsewhere(app):
    """Another request (a thread) holds the build lock; this app waits 0.2 s for it."""
    from planner.schedule.feed_store import feed_store

    app.config["FEED_BUILD_WAIT"] = 0.2
    held, release = threading.Event(), threading.Event()

    def long_build() -> None:
        with app.app_context(), feed_store().build_lock(1) as obtained:
            assert obtained
            held.set()
            release.wait(30)

    builder = threading.Thread(target=long_build)
    builder.start()
    try:
        assert held.wait(10)
        yield
    finally:
        release.set()
        builder.join(30)
        app.config["FEED_BUILD_WAIT"] = 10


def test_a_request_that_cannot_get_the_build_lock_serves_the_previous_version_with_its_own_etag(app, client, demo):
    from planner.plans.events import Event

    path = feed_paths(app, "curator")[0]
    current = client.get(path)
    assert b"Opening of the exhibition" in current.data  # read now: the body is streamed
    opening = demo.session.scalar(select(Event).where(Event.uid == "demo-silk-road-opening@mou-planner"))
    opening.title = "Renamed during a long build"
    demo.session.commit()
    with build_lock_held_elsewhere(app):
        previous = client.get(path)
    assert previous.status_code == 200
    assert previous.data == current.data  # the previous title
    assert previous.headers["ETag"] not in (current.headers["ETag"], client.get(path).headers["ETag"])
    assert b"Renamed during a long build" in client.get(path).data


def test_a_feed_never_built_is_503_with_retry_after_while_another_request_builds_it(app, client, demo):
    from planner.accounts.models import User

    demo.session.scalar(select(User).where(User.username == "curator")).language = "ru"
    demo.session.commit()
    path = feed_paths(app, "curator")[0]
    with build_lock_held_elsewhere(app):
        waiting = client.get(path)
    assert waiting.status_code == 503 and waiting.headers["Retry-After"] == "60"
    assert "Этот календарь готовится" in waiting.get_data(as_text=True)  # the subscriber's language
    assert client.get(path).status_code == 200


def test_the_redis_store_serves_the_same_bytes_and_must_be_reachable(app, client, demo):
    """Redis 7 on 127.0.0.1:6379 (database 15, or one below per worker): unreachable is a failure, not a skip."""
    import redis

    from planner.plans.events import Event
    from tests.conftest import redis_test_url

    url = redis_test_url()
    redis.Redis.from_url(url).flushdb()
    app.config["CACHE_REDIS_URL"] = url
    app.extensions.pop("feed_redis_store", None)
    try:
        assert_every_feed_is_its_full_build(app, client, demo)
        opening = demo.session.scalar(select(Event).where(Event.uid == "demo-silk-road-opening@mou-planner"))
        opening.title = "Renamed with Redis"
        demo.session.commit()
        assert_every_feed_is_its_full_build(app, client, demo)
        assert stored_texts(demo) == 0  # nothing went to the table
        assert len(redis.Redis.from_url(url).keys("planner:feed:*")) > 1
    finally:
        app.config["CACHE_REDIS_URL"] = ""
        app.extensions.pop("feed_redis_store", None)
        redis.Redis.from_url(url).flushdb()


def test_an_event_changed_while_its_feed_streams_keeps_its_previous_text(app, client, demo):
    from planner.plans.events import Event

    path = feed_paths(app, "curator")[0]
    before = client.get(path).data
    response = client.get(path)  # prepared: every text stored; the body is read below
    opening = demo.session.scalar(select(Event).where(Event.uid == "demo-silk-road-opening@mou-planner"))
    opening.title = "Renamed while the feed streams"
    demo.session.commit()
    assert response.data == before


def test_feeds_and_calendars_never_read_the_memorandum_text_or_articles(app, as_user, demo):
    """The MoU source text and article texts are large: no feed, calendar or event file reads them."""
    from tests.conftest import statements_of

    client = as_user("curator")
    paths = list(scoped_paths(app).values()) + ["/calendar?month=2026-12", "/calendar?month=2026-12&view=agenda"]
    for path in paths + paths:  # built, then served from stored texts
        read = " ".join(statements_of(app, client, path))
        assert "source_text" not in read and "article_version" not in read, path


def test_storing_a_feeds_texts_leaves_the_data_version_and_so_the_etag_as_they_are(app, client, demo):
    from planner.data_version import current_version

    path = feed_paths(app, "curator")[0]
    before = current_version()
    first = client.get(path)
    assert first.data and stored_texts(demo) > 0
    assert current_version() == before and client.get(path).headers["ETag"] == first.headers["ETag"]


def test_the_request_that_builds_sends_the_header_before_it_stores_a_text(app, client, demo):
    """A subscriber's first byte never waits for a build: the calendar's header goes out, then
    the changed event's text is stored, then the feed follows."""
    from planner.plans.events import Event

    path = feed_paths(app, "curator")[0]
    assert b"END:VCALENDAR" in client.get(path).data
    opening = demo.session.scalar(select(Event).where(Event.uid == "demo-silk-road-opening@mou-planner"))
    opening.title = "Renamed before the first byte"
    demo.session.commit()
    engine, listener, counted = inserts_of_texts(app)
    try:
        response = client.get(path)
        chunks = iter(response.response)
        first = next(chunks)
        assert first.startswith(b"BEGIN:VCALENDAR") and counted == []
        rest = b"".join(chunks)
    finally:
        sa_event.remove(engine, "before_cursor_execute", listener)
    assert len(counted) == 1 and b"Renamed before the first byte" in rest


def test_feeds_prune_removes_replaced_texts_and_keeps_every_current_one(app, client, demo):
    """`flask feeds prune --days 0`: the renamed event's old text goes, every feed stays its full build."""
    from planner.plans.events import Event
    from planner.schedule.feed_store import FeedEntry

    path = feed_paths(app, "curator")[0]
    client.get(path).get_data()
    opening = demo.session.scalar(select(Event).where(Event.uid == "demo-silk-road-opening@mou-planner"))
    opening.title = "Renamed before the prune"
    demo.session.commit()
    client.get(path).get_data()
    ref = f"e{opening.id}:en"
    assert demo.session.scalar(select(func.count()).where(FeedEntry.ref == ref)) == 2
    before = stored_texts(demo)
    kept = app.test_cli_runner().invoke(args=["feeds", "prune"])  # replaced a moment ago: kept a week
    assert kept.exit_code == 0 and stored_texts(demo) == before
    pruned = app.test_cli_runner().invoke(args=["feeds", "prune", "--days", "0"])
    assert pruned.exit_code == 0 and pruned.output.startswith("1 ")
    assert demo.session.scalar(select(func.count()).where(FeedEntry.ref == ref)) == 1
    assert b"Renamed before the prune" in client.get(path).data
    assert_every_feed_is_its_full_build(app, client, demo)
