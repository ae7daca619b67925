"""Parts of pages shared by every reader who would see the same part.

A calendar's grid, or the body of a dashboard, depends on which agreements and plans the reader
may see (`planner.plans.drafts.reader_set`), the institution and role where the part says "my
institution" or offers a curator's links, the language, the zone, the clock and the data
version; nothing else of the reader's goes in it (their menu, unread badge, CSRF token and feed
address are the chrome rendered around it on every request). So eight curators of one museum,
or every staff member of the ministry, share one rendered part per data version instead of each
building their own: after a change, the first of them builds it.

Kept in Redis when `CACHE_REDIS_URL` is set (every worker and node shares it; entries expire
after SHARED_PARTS_TTL seconds), else in the worker (`planner.caching`, SHARED_PARTS_BYTES).
The data version is in the key: a change makes new keys and nothing stale is ever served.
SHARED_PARTS = False turns it off (the bench's "made anew" from scratch)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import suppress

from flask import current_app, g, request
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from planner.caching import document_cache, versioned_key
from planner.page_cache import clock
from planner.plans.drafts import reader_set
from planner.timezones import viewer_zone

log = logging.getLogger(__name__)


def prefix(kind: str) -> str:
    """The Redis key prefix of one kind of part ("calendar-grid", "dashboard")."""
    return f"planner:{kind}:"


class RedisParts:
    """Rendered parts in Redis, with a time to live."""

    def __init__(self, url: str, ttl: int):
        import redis

        self.client = redis.Redis.from_url(url)
        self.ttl = ttl

    def get_or_build(self, key: str, build: Callable[[], str]) -> str:
        """The stored part, else built and stored; Redis out of reach only costs the build."""
        from redis.exceptions import RedisError

        try:
            found = self.client.get(key)
        except RedisError as failure:
            log.warning("shared parts: Redis unreachable (%s); building the part", failure)
            return build()
        if found is not None:
            return found.decode()
        html = build()
        with suppress(RedisError):
            self.client.set(key, html.encode(), ex=self.ttl)
        return html


def _redis() -> RedisParts | None:
    url = current_app.config.get("CACHE_REDIS_URL")
    if not url:
        return None
    return current_app.extensions.setdefault(
        "shared_parts_redis", RedisParts(url, current_app.config.get("SHARED_PARTS_TTL", 3600))
    )


def shared_part(kind: str, parts: tuple, build: Callable[[], str]) -> str:
    """The part of this kind for `parts` (everything it depends on, see above) at the current
    data version: the stored one, else built and stored; built every time when sharing is off
    or the data version is unknown."""
    if not current_app.config.get("SHARED_PARTS", True):
        return build()
    key = versioned_key(kind, *parts)
    if key is None:
        return build()
    redis = _redis()
    if redis is None:
        return document_cache("shared_parts").get_or_build(key, build)
    return redis.get_or_build(prefix(kind) + key, build)


# What a part's forms carry while it is built for everyone: each reader's own CSRF token replaces
# it when the part is served. (A shared body holds no inline script: a CSP nonce is per response.)
CSRF_PLACEHOLDER = "shared-part-csrf-token-placeholder"


def shared_body(kind: str, parts: tuple, build: Callable[[], str]) -> Markup:
    """A page's body shared as `shared_part` does, forms included: it is built with a
    placeholder for the CSRF token (Flask-WTF keeps the request's token in `g`), replaced by
    this reader's own on every request."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")

    def build_for_everyone() -> str:
        own = g.pop(field, None)
        setattr(g, field, CSRF_PLACEHOLDER)
        try:
            return build()
        finally:
            g.pop(field, None)
            if own is not None:
                setattr(g, field, own)

    html = shared_part(kind, parts, build_for_everyone)
    return Markup(html.replace(CSRF_PLACEHOLDER, generate_csrf()) if CSRF_PLACEHOLDER in html else html)


def reader_parts(user) -> tuple:
    """What a shared body may depend on of the reader: the plans they read, their institution
    and role (the buttons and links they are offered), language, zone and the minute (what is
    "today", "next" or "overdue"), and the address with its query."""
    return (reader_set(user), user.institution_id, user.role, str(get_locale()), viewer_zone().key,
            int(clock() // 60), request.path, request.query_string)  # fmt: skip
