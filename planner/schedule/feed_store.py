"""Where every worker finds the VEVENT texts already serialized, and the lock that lets only
one of them serialize what is missing.

An entry is the text of one event (or one lifecycle date) in one language, stored under a key
that names every version it was made from (`feeds.py` computes it): a change makes new keys,
so an entry is never updated, never invalidated and never stale. Each entry also names its
`ref` (the event and language, whatever the version), so that while a new text is being
serialized another request can serve the previous one.

Two stores, chosen by configuration: the `feed_entry` table of the planner's own database (the
default), or Redis when `CACHE_REDIS_URL` is set (entries then expire after `FEED_ENTRY_TTL`).
Build locks are per feed (`build_lock(wait, feed)`: one request builds a feed while every other
feed builds at its own pace), under one lock of every feed (`build_lock(wait)`, for work that
must see no build under way): a PostgreSQL advisory lock (the feeds' shared, a feed's own
exclusive), Redis locks, or (SQLite, one machine) a process's locks."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import DateTime, String, Text, delete, select, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Mapped, aliased, mapped_column

from planner.extensions import db
from planner.jobs import hold_job_lock
from planner.models_base import utcnow

CHUNK = 500  # keys per statement or Redis round trip
BUILD_LOCK = 0x4D6F5546  # the advisory lock of every feed ("MoUF"); a feed's: (FEED_LOCKS, its number)
FEED_LOCKS = 0x4D6F55  # the first half of a feed's two-number advisory lock (the other key space)


class ProcessLocks:
    """Build locks within one process (SQLite: one machine): a feed's, each exclusive, and the
    lock of every feed, which waits until no feed builds and stops new builds while held."""

    def __init__(self):
        self._changed = threading.Condition()
        self._feeds: set[str] = set()
        self._every = False

    def acquire(self, feed: str | None, wait: float) -> bool:
        with self._changed:
            if not self._changed.wait_for(lambda: self._free(feed), timeout=max(wait, 0)):
                return False
            if feed is None:
                self._every = True
            else:
                self._feeds.add(feed)
            return True

    def _free(self, feed: str | None) -> bool:
        if self._every:
            return False
        return not self._feeds if feed is None else feed not in self._feeds

    def release(self, feed: str | None) -> None:
        with self._changed:
            if feed is None:
                self._every = False
            else:
                self._feeds.discard(feed)
            self._changed.notify_all()


_process_locks = ProcessLocks()


def feed_lock_number(feed: str) -> int:
    """A feed's advisory lock number (a signed 32-bit integer from its name)."""
    return int.from_bytes(hashlib.blake2b(feed.encode(), digest_size=4).digest(), "big", signed=True)


class FeedEntry(db.Model):
    """One serialized VEVENT; never changed once written (a change makes a new key)."""

    __tablename__ = "feed_entry"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    ref: Mapped[str] = mapped_column(String(200), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


def chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for first in range(0, len(items), size):
        yield items[first : first + size]


class DatabaseStore:
    """Entries in the `feed_entry` table, read and written a chunk of keys per statement."""

    def get_many(self, keys: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for chunk in chunks(keys):
            found.update(
                (row.key, row.body)
                for row in db.session.execute(select(FeedEntry.key, FeedEntry.body).where(FeedEntry.key.in_(chunk)))
            )
        return found

    def missing(self, keys: list[str]) -> set[str]:
        """The keys with no entry (their keys only are read, not their texts)."""
        present: set[str] = set()
        for chunk in chunks(keys):
            present.update(db.session.scalars(select(FeedEntry.key).where(FeedEntry.key.in_(chunk))))
        return set(keys) - present

    def put_many(self, entries: Iterable[tuple[str, str, str]]) -> None:
        """(key, ref, body) rows, committed; a key written meanwhile by another is kept as is."""
        rows = [{"key": key, "ref": ref, "body": body, "created_at": utcnow()} for key, ref, body in entries]
        if not rows:
            return
        if db.engine.dialect.name == "postgresql":
            _insert_arrays(rows)
        else:
            statement = sqlite.insert(FeedEntry.__table__).on_conflict_do_nothing(index_elements=["key"])
            db.session.execute(statement, rows)  # executemany: in-process, no round trips
        db.session.commit()

    def latest(self, refs: list[str]) -> dict[str, str]:
        """The newest text stored for each ref, whatever its version."""
        found: dict[str, tuple[datetime, str]] = {}
        for chunk in chunks(refs):
            rows = db.session.execute(
                select(FeedEntry.ref, FeedEntry.created_at, FeedEntry.body).where(FeedEntry.ref.in_(chunk))
            )
            for ref, created_at, body in rows:
                if ref not in found or found[ref][0] < created_at:
                    found[ref] = (created_at, body)
        return {ref: body for ref, (_, body) in found.items()}

    @contextmanager
    def build_lock(self, wait: float, feed: str | None = None) -> Iterator[bool]:
        """A feed's build lock, held by one request of any worker at a time (None: the lock of
        every feed, held while no feed builds); True when obtained within `wait` s."""
        if db.engine.dialect.name != "postgresql":
            obtained = _process_locks.acquire(feed, wait)
            try:
                yield obtained
            finally:
                if obtained:
                    _process_locks.release(feed)
            return
        with db.engine.connect() as connection:  # its own session: the lock outlives commits
            obtained = _poll(lambda: _try_advisory(connection, feed), wait)
            connection.commit()
            try:
                yield obtained
            finally:
                if obtained:
                    _release_advisory(connection, feed)
                    connection.commit()


def _try_advisory(connection, feed: str | None) -> bool:
    """Every feed's lock exclusive; or every feed's shared and then the feed's own exclusive."""
    if feed is None:
        return connection.scalar(text(f"SELECT pg_try_advisory_lock({BUILD_LOCK})"))
    if not connection.scalar(text(f"SELECT pg_try_advisory_lock_shared({BUILD_LOCK})")):
        return False
    if connection.scalar(text(f"SELECT pg_try_advisory_lock({FEED_LOCKS}, {feed_lock_number(feed)})")):
        return True
    connection.execute(text(f"SELECT pg_advisory_unlock_shared({BUILD_LOCK})"))
    return False


def _release_advisory(connection, feed: str | None) -> None:
    if feed is None:
        connection.execute(text(f"SELECT pg_advisory_unlock({BUILD_LOCK})"))
        return
    connection.execute(text(f"SELECT pg_advisory_unlock({FEED_LOCKS}, {feed_lock_number(feed)})"))
    connection.execute(text(f"SELECT pg_advisory_unlock_shared({BUILD_LOCK})"))


def prune_replaced(age: timedelta) -> int:
    """Delete the `feed_entry` texts that a newer text of the same event and language replaced
    and that are older than `age`; the number deleted. (Redis entries expire by themselves.)
    One host at a time (the job's lock): another host's run at the same moment deletes nothing twice."""
    hold_job_lock("feeds prune")
    newer = aliased(FeedEntry)
    replaced = select(newer.key).where(newer.ref == FeedEntry.ref, newer.created_at > FeedEntry.created_at)
    statement = delete(FeedEntry).where(FeedEntry.created_at < utcnow() - age, replaced.exists())
    count = db.session.execute(statement.execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return count


# One statement a chunk, its columns as four arrays: psycopg's executemany sends a statement
# a row (a cold build of 30,000 texts waited seconds on round trips), and a multi-row VALUES
# costs SQLAlchemy more to compile than the texts cost to make.
INSERT_ARRAYS = text(
    "INSERT INTO feed_entry (key, ref, body, created_at) "
    "SELECT * FROM unnest(CAST(:keys AS TEXT[]), CAST(:refs AS TEXT[]), CAST(:bodies AS TEXT[]), "
    "CAST(:times AS TIMESTAMP[])) ON CONFLICT (key) DO NOTHING"
)


def _insert_arrays(rows: list[dict]) -> None:
    for chunk in chunks(rows):
        columns = {name: [row[column] for row in chunk] for name, column in ARRAY_COLUMNS}
        db.session.execute(INSERT_ARRAYS, columns)


ARRAY_COLUMNS = (("keys", "key"), ("refs", "ref"), ("bodies", "body"), ("times", "created_at"))


def _poll(attempt, wait: float) -> bool:
    deadline = time.monotonic() + wait
    while True:
        if attempt():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


class RedisStore:
    """Entries in Redis (`CACHE_REDIS_URL`), with a time to live; a ref names its newest key."""

    def __init__(self, url: str, ttl: int):
        import redis

        self.client = redis.Redis.from_url(url)
        self.ttl = ttl

    def get_many(self, keys: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for chunk in chunks(keys):
            values = self.client.mget([f"planner:feed:{key}" for key in chunk])
            found.update((key, value.decode()) for key, value in zip(chunk, values, strict=True) if value is not None)
        return found

    def missing(self, keys: list[str]) -> set[str]:
        absent: set[str] = set()
        for chunk in chunks(keys):
            pipeline = self.client.pipeline(transaction=False)
            for key in chunk:
                pipeline.exists(f"planner:feed:{key}")
            absent.update(key for key, exists in zip(chunk, pipeline.execute(), strict=True) if not exists)
        return absent

    def put_many(self, entries: Iterable[tuple[str, str, str]]) -> None:
        pipeline = self.client.pipeline(transaction=False)
        for key, ref, body in entries:
            pipeline.set(f"planner:feed:{key}", body, ex=self.ttl)
            pipeline.set(f"planner:feedref:{ref}", key, ex=self.ttl)
        pipeline.execute()

    def latest(self, refs: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for chunk in chunks(refs):
            keys = self.client.mget([f"planner:feedref:{ref}" for ref in chunk])
            named = {key.decode(): ref for ref, key in zip(chunk, keys, strict=True) if key is not None}
            found.update((named[key], body) for key, body in self.get_many(list(named)).items())
        return found

    @contextmanager
    def build_lock(self, wait: float, feed: str | None = None) -> Iterator[bool]:
        """A feed's lock (`planner:feed-build:<feed>`), taken only while the lock of every feed
        (`planner:feed-build`) is free; that one, once taken, waits for the feeds' builds to end."""
        from redis.exceptions import LockError

        timeout = current_app.config["FEED_BUILD_TIMEOUT"]
        name = EVERY_FEED if feed is None else f"{EVERY_FEED}:{feed}"
        lock = self.client.lock(name, timeout=timeout)
        obtained = _poll(lambda: self._try(lock, feed), wait)
        try:
            yield obtained
        finally:
            if obtained:
                with suppress(LockError):  # it expired during a very long build: another may hold it now
                    lock.release()

    def _try(self, lock, feed: str | None) -> bool:
        if feed is not None and self.client.exists(EVERY_FEED):
            return False
        if not lock.locked() and lock.acquire(blocking=False):
            if feed is None:
                return self._feeds_idle(lock)
            if not self.client.exists(EVERY_FEED):
                return True
            lock.release()
        return False

    def _feeds_idle(self, lock) -> bool:
        """Holding every feed's lock (no new build starts): whether no feed is building now."""
        if next(iter(self.client.scan_iter(f"{EVERY_FEED}:*", count=1000)), None) is None:
            return True
        lock.release()
        return False


EVERY_FEED = "planner:feed-build"


def feed_store() -> DatabaseStore | RedisStore:
    """This app's store: Redis when `CACHE_REDIS_URL` is set, else the database."""
    url = current_app.config.get("CACHE_REDIS_URL")
    if not url:
        return DatabaseStore()
    return current_app.extensions.setdefault("feed_redis_store", RedisStore(url, current_app.config["FEED_ENTRY_TTL"]))
