"""Built documents (maps) kept in the worker's memory, under keys that name everything
they depend on, the data version included (`versioned_key`): any change of the content gives
new keys, so nothing is invalidated by hand and no worker can serve a stale copy. Entries no
longer asked for age out, least recently used first, within a byte budget per kind."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from flask import current_app

from planner.data_version import current_version

# feeds keep their texts in `schedule.feed_store` instead
BUDGETS = {"maps": "MAP_CACHE_BYTES", "shared_parts": "SHARED_PARTS_BYTES"}


class DocumentCache:
    """A byte-budgeted LRU of built documents; safe for a threaded worker."""

    def __init__(self, budget: int):
        self.budget = budget
        self._entries: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get_or_build(self, key: str | None, build: Callable[[], Any], size: Callable[[Any], int] = len) -> Any:
        """The document stored under the key, else built (and kept if it fits); no key: just built."""
        if key is None:
            return build()
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key][0]
        document = build()
        if size(document) <= self.budget:
            self._keep(key, document, size(document))
        return document

    def _keep(self, key: str, document: Any, size: int) -> None:
        with self._lock:
            if key not in self._entries:
                self._entries[key] = (document, size)
                self._size += size
            while self._size > self.budget:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._size -= dropped


def document_cache(kind: str) -> DocumentCache:
    """This app's cache of one kind of document ("maps")."""
    return current_app.extensions.setdefault(f"{kind}_cache", DocumentCache(current_app.config[BUDGETS[kind]]))


def versioned_key(*parts) -> str | None:
    """A cache key for what the parts and the current data version determine; None when the
    data version is unknown (then nothing may be cached)."""
    return key_at(current_version()[0], *parts)


def key_at(token: str | None, *parts) -> str | None:
    """The key of `versioned_key` for a data version token already read."""
    if token is None:
        return None
    return hashlib.sha256("|".join(str(part) for part in (*parts, token)).encode()).hexdigest()
