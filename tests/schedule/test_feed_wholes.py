"""Feeds never keep a subscriber waiting (#34 item 3): each feed has its own build lock, so one
feed's build never holds up another's; while a feed is being built its subscribers get its
previous whole at once; an unchanged feed is read back from its stored whole (same bytes, same
headers) instead of being streamed again from its texts; a whole is kept only once complete."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import ON_POSTGRES, statements_of
from tests.schedule.test_incremental_feeds import scoped_paths

HEADERS = ("ETag", "Last-Modified", "Cache-Control", "Content-Type")


def curator_feed(demo, kind: str = "my", scope_id: int | None = None) -> str:
    """The build lock's name of one of the curator's feeds (in English, from 90 days ago)."""
    from planner.accounts.models import User
    from planner.schedule.feeds import FeedScope, feed_identity

    curator = demo.session.scalar(select(User).where(User.username == "curator"))
    return feed_identity(curator, FeedScope(kind, scope_id), None, "en")


@contextmanager
def feed_lock_held_elsewhere(app, feed: str):
    """Another request (a thread) holds one feed's build lock; this app waits 0.2 s for it."""
    from planner.schedule.feed_store import feed_store

    app.config["FEED_BUILD_WAIT"] = 0.2
    held, release = threading.Event(), threading.Event()

    def long_build() -> None:
        with app.app_context(), feed_store().build_lock(1, feed) as obtained:
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


def rename_the_opening(demo, title: str) -> None:
    from planner.plans.events import Event

    opening = demo.session.scalar(select(Event).where(Event.uid == "demo-silk-road-opening@mou-planner"))
    opening.title = title
    demo.session.commit()


def wholes_of(app) -> list[Path]:
    return sorted(Path(app.config["FEED_WHOLES_FOLDER"]).glob("*/*.ics"))


def test_while_one_feed_builds_its_subscribers_get_its_previous_whole_and_other_feeds_build_their_own(
    app, client, demo
):
    paths = scoped_paths(app)
    mine, plan_key = paths[("my", None)], next(key for key in paths if key[0] == "plan")
    before = {path: client.get(path) for path in (mine, paths[plan_key])}
    assert all(response.get_data() for response in before.values())  # read: streamed bodies
    rename_the_opening(demo, "Renamed while my feed builds")
    with feed_lock_held_elsewhere(app, curator_feed(demo)):
        read = " ".join(statements_of(app, client, mine))
        assert "feed_entry" not in read  # the previous whole, not the previous texts
        stale = client.get(mine)
        other = client.get(paths[plan_key])
        assert other.status_code == 200 and b"Renamed while my feed builds" in other.data  # not held up
        assert other.headers["ETag"] != before[paths[plan_key]].headers["ETag"]
        assert not other.headers["ETag"].endswith('-previous"')
    assert stale.status_code == 200 and stale.data == before[mine].data  # the previous whole
    assert stale.headers["ETag"].endswith('-previous"') and stale.headers["Cache-Control"] == "private, no-cache"
    assert b"Renamed while my feed builds" in client.get(mine).data


@pytest.mark.parametrize("where", ["database", "redis"])
def test_a_feeds_lock_waits_for_the_lock_of_every_feed_and_leaves_other_feeds_free(app, demo, where):
    from planner.schedule.feed_store import RedisStore, feed_store
    from tests.conftest import redis_test_url

    store = feed_store() if where == "database" else RedisStore(redis_test_url(), 60)
    with store.build_lock(0, "feed-a") as first:
        assert first
        with store.build_lock(0, "feed-a") as again, store.build_lock(0, "feed-b") as other:
            assert not again and other
        with store.build_lock(0) as every:
            assert not every  # a feed is building
    with store.build_lock(0) as every:
        assert every
        with store.build_lock(0, "feed-b") as other:
            assert not other


def test_an_unchanged_feed_without_an_etag_is_read_from_its_stored_whole_with_the_same_bytes_and_headers(
    app, client, demo
):
    for path in scoped_paths(app).values():
        streamed = client.get(path)
        assert streamed.status_code == 200 and streamed.data.endswith(b"END:VCALENDAR\r\n")
        read = " ".join(statements_of(app, client, path))
        assert "feed_entry" not in read and "FROM event" not in read, path  # neither texts nor events
        kept = client.get(path)
        assert kept.data == streamed.data
        assert {name: kept.headers.get(name) for name in HEADERS} == {
            name: streamed.headers.get(name) for name in HEADERS
        }
    assert len(wholes_of(app)) == len(scoped_paths(app))  # one whole a feed, its newest
    rename_the_opening(demo, "Renamed after the wholes")
    path = scoped_paths(app)[("my", None)]
    assert b"Renamed after the wholes" in client.get(path).data
    assert b"Renamed after the wholes" in client.get(path).data  # its new whole
    assert len(wholes_of(app)) == len(scoped_paths(app))  # the old one gone


def test_a_release_that_changes_the_feeds_format_serves_no_whole_of_the_old_one(app, client, demo, monkeypatch):
    from planner.schedule import feeds

    path = scoped_paths(app)[("my", None)]
    assert client.get(path).get_data() and len(wholes_of(app)) == 1
    monkeypatch.setattr(feeds, "FEED_FORMAT", feeds.FEED_FORMAT + "-next")
    assert "feed_entry" in " ".join(statements_of(app, client, path))  # made again, not read back


def test_a_feed_cut_short_or_filled_in_from_an_older_text_leaves_no_whole(app, client, demo):
    from planner.schedule.feed_store import FeedEntry

    path = scoped_paths(app)[("my", None)]
    response = client.get(path)
    next(iter(response.response))  # the subscriber reads the first bytes and goes away
    response.close()
    assert wholes_of(app) == [] and not list(Path(app.config["FEED_WHOLES_FOLDER"]).glob("*/.*"))
    assert client.get(path).data.endswith(b"END:VCALENDAR\r\n") and len(wholes_of(app)) == 1
    rename_the_opening(demo, "Renamed then lost")
    client.get(path).get_data()  # built and kept (its texts stored, the feed prepared)
    for whole in wholes_of(app):
        whole.unlink()
    lost = FeedEntry.__table__.delete().where(FeedEntry.body.contains("Renamed then lost"))
    demo.session.execute(lost)
    demo.session.commit()
    served = client.get(path).data.replace(b"\r\n ", b"")  # the opening's text filled in from its previous version
    assert b"Opening of the exhibition" in served and b"Renamed then lost" not in served
    assert wholes_of(app) == []  # not the whole of its version: not kept


def test_the_redis_store_keeps_the_wholes_too(app, client, demo):
    import redis

    from tests.conftest import redis_test_url

    url = redis_test_url()
    redis.Redis.from_url(url).flushdb()
    app.config["CACHE_REDIS_URL"] = url
    app.extensions.pop("feed_redis_store", None)
    try:
        path = scoped_paths(app)[("my", None)]
        streamed = client.get(path)
        assert streamed.status_code == 200 and streamed.get_data()
        assert len(redis.Redis.from_url(url).keys("planner:whole:*")) == 1 and wholes_of(app) == []
        kept = client.get(path)
        assert kept.data == streamed.data and kept.headers["ETag"] == streamed.headers["ETag"]
        rename_the_opening(demo, "Renamed with Redis wholes")
        with feed_lock_held_elsewhere(app, curator_feed(demo)):
            stale = client.get(path)
        assert stale.data == streamed.data and stale.headers["ETag"].endswith('-previous"')
        assert b"Renamed with Redis wholes" in client.get(path).data
    finally:
        app.config["CACHE_REDIS_URL"] = ""
        app.extensions.pop("feed_redis_store", None)
        redis.Redis.from_url(url).flushdb()


def test_feeds_prune_removes_the_wholes_written_before_its_days(app, client, demo):
    path = scoped_paths(app)[("my", None)]
    client.get(path).get_data()
    assert len(wholes_of(app)) == 1
    kept = app.test_cli_runner().invoke(args=["feeds", "prune"])
    assert kept.exit_code == 0 and len(wholes_of(app)) == 1 and "0 whole feeds removed" in kept.output
    pruned = app.test_cli_runner().invoke(args=["feeds", "prune", "--days", "0"])
    assert pruned.exit_code == 0 and "1 whole feeds removed" in pruned.output and wholes_of(app) == []


@pytest.mark.skipif(not ON_POSTGRES, reason="threads need their own connections: the PostgreSQL run of the suite")
def test_a_slow_build_of_one_feed_holds_up_neither_another_feed_nor_its_own_subscribers(app, client, demo, monkeypatch):
    """Request A builds the personal feed, held inside its build by a hook until the end of the
    test; meanwhile the plan feed is built and served, and a second poll of the personal feed
    gets its previous whole: neither waits for A (with one lock for everything, both would)."""
    from planner.schedule import feeds

    paths = scoped_paths(app)
    mine, plan_path = paths[("my", None)], paths[next(key for key in paths if key[0] == "plan")]
    previous = client.get(mine).data
    rename_the_opening(demo, "Renamed during a slow build")
    building, release = threading.Event(), threading.Event()
    serialize = feeds.serialize_missing

    def slow_serialize(plan, store, missing):
        if plan.scope.kind == "my":
            building.set()
            release.wait(60)
        return serialize(plan, store, missing)

    monkeypatch.setattr(feeds, "serialize_missing", slow_serialize)
    app.config["FEED_BUILD_WAIT"] = 0.2
    built: list[bytes] = []
    builder = threading.Thread(target=lambda: built.append(app.test_client().get(mine).data))
    builder.start()
    try:
        assert building.wait(30)
        other = client.get(plan_path)
        assert other.status_code == 200 and b"Renamed during a slow build" in other.data
        stale = client.get(mine)
        assert stale.data == previous and stale.headers["ETag"].endswith('-previous"')
        assert not release.is_set() and builder.is_alive()  # A was still building all along
    finally:
        release.set()
        builder.join(60)
        app.config["FEED_BUILD_WAIT"] = 10
    assert b"Renamed during a slow build" in built[0]
