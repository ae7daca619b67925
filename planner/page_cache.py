"""Rendered pages kept per data version, for the pages people open again and again.

The dashboard, the month calendar, a plan's and an agreement's page cost 10 to 30 ms each to
query and render, and most requests for them follow no change at all: the same person reloads,
or opens the same page from another tab. A page is kept, in the worker, under everything it
may depend on:

- the data version (`data_version`: every change of the content makes a new one, in the same
  transaction), so no change is ever missed, in any worker;
- the reader: who they are, their role, institution, language, time zone and session
  generation, the page's language, and the session's CSRF secret (the page's forms carry
  tokens made from it);
- the address with its query string;
- the minute: "today", "next event" and "overdue" move with the clock, so a page is never
  more than a minute behind it.

A request with a flash message waiting is answered by the view, and its page not kept (the
message belongs to one response; the kept pages flash nothing of their own). Each response
gets its own CSP nonce, swapped into the kept text. Only GET requests answered 200 with HTML
are kept. PAGE_CACHE_SIZE pages per worker, least recently
used out first; PAGE_CACHE = False turns it off (`make loadtest` measures both)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from functools import wraps

from flask import Response, current_app, g, make_response, request, session
from flask_login import current_user

from planner.data_version import current_version


class PageStore:
    """A thread-safe least-recently-used map of keys to (html, nonce used in it)."""

    def __init__(self, size: int):
        self.size = size
        self.pages: OrderedDict[tuple, tuple[str, str]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> tuple[str, str] | None:
        with self.lock:
            found = self.pages.get(key)
            if found is not None:
                self.pages.move_to_end(key)
            return found

    def put(self, key: tuple, page: tuple[str, str]) -> None:
        with self.lock:
            self.pages[key] = page
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


def clock() -> float:
    """Seconds since the epoch (a function, so tests can move the clock)."""
    return time.time()


def _store() -> PageStore:
    store = current_app.extensions.get("page_cache")
    if store is None:
        store = current_app.extensions["page_cache"] = PageStore(current_app.config.get("PAGE_CACHE_SIZE", 256))
    return store


def page_key(token: str) -> tuple:
    """Everything the page may depend on, at data version `token`."""
    user = current_user
    reader = (user.id, user.username, user.display_name, user.role, user.institution_id)
    reader += (user.language, user.timezone, user.session_generation)
    minute = int(clock() // 60)
    return (token, minute, request.full_path, reader, g.locale, session.get("csrf_token"))


def _has_flashes() -> bool:
    return bool(session.get("_flashes"))


def cached_page(view):
    """Serve the view's page from the store when nothing it depends on has changed (one
    primary-key read, the data version, instead of the page's queries and rendering)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_app.config.get("PAGE_CACHE", True) or request.method != "GET" or _has_flashes():
            return view(*args, **kwargs)
        token, _ = current_version()
        if token is None:  # nothing recorded yet: the next change could not be told apart
            return view(*args, **kwargs)
        found = _store().get(page_key(token))
        if found is not None:
            html, nonce = found
            return Response(html.replace(nonce, g.csp_nonce), mimetype="text/html")
        response = make_response(view(*args, **kwargs))
        if response.status_code == 200 and response.mimetype == "text/html":
            # the key again: rendering may have started the session's CSRF secret
            _store().put(page_key(token), (response.get_data(as_text=True), g.csp_nonce))
        return response

    return wrapper
