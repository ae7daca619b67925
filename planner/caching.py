"""Built documents kept in the worker's memory, under keys that name everything they depend on,
the data version included (`planner.data_version`): any change of the content gives new keys,
so nothing is invalidated by hand and no worker can serve a stale copy. Entries no longer asked
for age out, least recently used first, within a byte budget (config FEED_CACHE_BYTES)."""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable

from flask import current_app


class BodyCache:
    """A byte-budgeted LRU of bodies; safe for a threaded worker."""

    def __init__(self, budget: int):
        self.budget = budget
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get_or_build(self, key: str | None, build: Callable[[], bytes]) -> bytes:
        """The body stored under the key, else built (and kept if it fits); no key: just built."""
        if key is None:
            return build()
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        body = build()
        if len(body) <= self.budget:
            self._keep(key, body)
        return body

    def _keep(self, key: str, body: bytes) -> None:
        with self._lock:
            if key not in self._entries:
                self._entries[key] = body
                self._size += len(body)
            while self._size > self.budget:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped)


def feed_cache() -> BodyCache:
    """This app's cache of built feeds."""
    return current_app.extensions.setdefault("feed_cache", BodyCache(current_app.config["FEED_CACHE_BYTES"]))
