"""Log-in throttling that cannot lock anyone out (OWASP's device-cookie scheme).

An attempt from a browser holding a valid device cookie for that username (planner.accounts.devices)
is counted on that device alone, so failures from anywhere else never slow it down. Any other
attempt is counted per username and per address. Each counter lets a number of failures pass
freely, then asks for a pause after every further failure that doubles each time (1 s, 2 s, 4 s
... up to LOGIN_MAX_DELAY): guessing gets slow, and nobody is ever blocked for longer than that.
A success clears the counter of its device or username; a counter left quiet for a day starts again.

The counters are shared by every worker and host: a table in the database by default, Redis when
RATELIMIT_STORAGE_URI names it.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import Float, Integer, String, case, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from planner.extensions import db

QUIET_RESET = 24 * 3600  # seconds without a failure after which a counter starts again
REDIS_PREFIX = "planner:login:"
now = time.time  # the clock (tests move their own)


class LoginCounter(db.Model):
    """Failed log-ins of one device, username or address, and when the last one happened."""

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure: Mapped[float] = mapped_column(Float, default=0.0)  # seconds since the epoch


def pause(failures: int, free: int, longest: float) -> float:
    """Seconds a counter must rest after its last failure: none for the first `free` failures,
    then 1, 2, 4 ... seconds, never more than `longest`."""
    if failures < free:
        return 0.0
    return min(float(2 ** min(failures - free, 32)), float(longest))


def wait_left(failures: int, last_failure: float, now: float, free: int, longest: float) -> int:
    """Whole seconds still to wait before the next attempt counts (0: go ahead)."""
    if now - last_failure >= QUIET_RESET:
        return 0
    return max(0, math.ceil(last_failure + pause(failures, free, longest) - now))


class DatabaseCounters:
    """The counters as rows of `login_counter`, each change its own short transaction."""

    def read(self, keys: list[str]) -> dict[str, tuple[int, float]]:
        rows = db.session.execute(select(LoginCounter).where(LoginCounter.key.in_(keys))).scalars()
        return {row.key: (row.failures, row.last_failure) for row in rows}

    def add_failure(self, keys: list[str], now: float) -> None:
        """One failure more on each key, in one statement per key that two hosts may run at once."""
        dialect = db.session.get_bind().dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        for key in keys:
            statement = insert(LoginCounter).values(key=key, failures=1, last_failure=now)
            stale = statement.excluded.last_failure - LoginCounter.last_failure >= QUIET_RESET
            db.session.execute(
                statement.on_conflict_do_update(
                    index_elements=[LoginCounter.key],
                    set_={
                        "failures": case((stale, 1), else_=LoginCounter.failures + 1),
                        "last_failure": statement.excluded.last_failure,
                    },
                )
            )
        db.session.commit()

    def clear(self, keys: list[str]) -> None:
        db.session.execute(delete(LoginCounter).where(LoginCounter.key.in_(keys)))
        db.session.commit()


class RedisCounters:
    """The counters as Redis hashes that expire after a quiet day."""

    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(url)

    def read(self, keys: list[str]) -> dict[str, tuple[int, float]]:
        pipe = self.client.pipeline()
        for key in keys:
            pipe.hmget(REDIS_PREFIX + key, "failures", "last_failure")
        found = {}
        for key, (failures, last) in zip(keys, pipe.execute(), strict=True):
            if failures is not None:
                found[key] = (int(failures), float(last or 0))
        return found

    def add_failure(self, keys: list[str], now: float) -> None:
        pipe = self.client.pipeline()
        for key in keys:
            pipe.hincrby(REDIS_PREFIX + key, "failures", 1)
            pipe.hset(REDIS_PREFIX + key, "last_failure", repr(now))
            pipe.expire(REDIS_PREFIX + key, QUIET_RESET)
        pipe.execute()

    def clear(self, keys: list[str]) -> None:
        self.client.delete(*(REDIS_PREFIX + key for key in keys))


def counters():
    """Where this installation keeps its counters (RATELIMIT_STORAGE_URI: Redis, else the database)."""
    url = current_app.config.get("RATELIMIT_STORAGE_URI") or ""
    if url.startswith(("redis://", "rediss://", "unix://")):
        store = current_app.extensions.get("login_counters")
        if store is None or store[0] != url:
            store = current_app.extensions["login_counters"] = (url, RedisCounters(url))
        return store[1]
    return DatabaseCounters()


@dataclass(frozen=True)
class Attempt:
    """One log-in attempt: the username typed, the client's address and, when the browser holds
    a valid device cookie for that username, the device's nonce."""

    username: str
    address: str
    device: str | None = None

    def rules(self) -> list[tuple[str, int]]:
        """(counter key, free failures) of every counter this attempt is judged and counted by."""
        config = current_app.config
        if self.device:
            return [("device:" + self.device, config["LOGIN_FREE_FAILURES_PER_DEVICE"])]
        return [
            ("username:" + self.username.strip().lower()[:64], config["LOGIN_FREE_FAILURES_PER_USERNAME"]),
            ("address:" + (self.address or "")[:64], config["LOGIN_FREE_FAILURES_PER_ADDRESS"]),
        ]

    def wait(self) -> int:
        """Seconds before this attempt may be judged (0: now)."""
        rules = self.rules()
        found = counters().read([key for key, _free in rules])
        longest, moment = current_app.config["LOGIN_MAX_DELAY"], now()
        return max(
            (wait_left(*found[key], moment, free, longest) for key, free in rules if key in found),
            default=0,
        )

    def failed(self) -> None:
        counters().add_failure([key for key, _free in self.rules()], now())

    def succeeded(self) -> None:
        """The device's or the username's counter starts again (never the address's: one's own
        account must not buy an address more guesses at others)."""
        counters().clear([self.rules()[0][0]])
