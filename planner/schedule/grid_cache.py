"""The calendar grid, shared by every reader who would see the same one.

A month, week, agenda or day grid depends on which plans the reader may see (`reader_set`), the
scope and filters of the page, the window, the language, the time zone, today's date and the
data version; nothing else of the reader's goes in it (their menu, unread badge, CSRF token and
feed address are the chrome rendered around it on every request). So eight curators of one
museum, or every staff member of the ministry, share one rendered grid per window and data
version instead of each building their own.

Kept in Redis when `CACHE_REDIS_URL` is set (every worker and node shares it; entries expire
after CALENDAR_GRID_TTL seconds), else in the worker (`planner.caching`, CALENDAR_GRID_CACHE_BYTES).
The data version is in the key: a change makes new keys and nothing stale is ever served.
CALENDAR_GRID_CACHE = False turns it off (the bench's "made anew")."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import suppress

from flask import current_app

from planner.caching import document_cache, versioned_key

PREFIX = "planner:calendar-grid:"
log = logging.getLogger(__name__)


class RedisGrids:
    """Rendered grids in Redis, with a time to live."""

    def __init__(self, url: str, ttl: int):
        import redis

        self.client = redis.Redis.from_url(url)
        self.ttl = ttl

    def get_or_build(self, key: str, build: Callable[[], str]) -> str:
        """The stored grid, else built and stored; Redis out of reach only costs the build."""
        from redis.exceptions import RedisError

        try:
            found = self.client.get(PREFIX + key)
        except RedisError as failure:
            log.warning("calendar grids: Redis unreachable (%s); building the grid", failure)
            return build()
        if found is not None:
            return found.decode()
        html = build()
        with suppress(RedisError):
            self.client.set(PREFIX + key, html.encode(), ex=self.ttl)
        return html


def _store():
    url = current_app.config.get("CACHE_REDIS_URL")
    if not url:
        return document_cache("calendar_grids")
    return current_app.extensions.setdefault(
        "calendar_grid_redis", RedisGrids(url, current_app.config.get("CALENDAR_GRID_TTL", 3600))
    )


def shared_grid(parts: tuple, build: Callable[[], str]) -> str:
    """The grid for `parts` (see above) at the current data version: the stored one, else built
    and stored; built every time when the cache is off or the data version is unknown."""
    if not current_app.config.get("CALENDAR_GRID_CACHE", True):
        return build()
    key = versioned_key("calendar-grid", *parts)
    if key is None:
        return build()
    return _store().get_or_build(key, build)
