"""The small errors domain operations raise, and the one place per surface that answers them.

Operations know nothing about HTTP: they raise `NotFound`, `Forbidden`, `Conflict(code)` or
`Invalid(field, message)`. The pages answer with the error page (404, 403) or a flash message
and a redirect to where the user came from; the API answers with its JSON error shape
(404, 403, 409 or 412, 422). Messages are in the user's language when raised."""

from __future__ import annotations

from flask import Flask, flash, g, redirect, request, url_for

MAX_ID = 2**31 - 1  # the databases' INTEGER: a larger id names no row


class DomainError(Exception):
    """A state change the rules refuse; nothing of it was saved."""

    def __init__(self, message: str = ""):
        super().__init__(str(message))
        self.message = str(message)


class NotFound(DomainError):
    """No such record, or one the caller may not know exists."""


class Forbidden(DomainError):
    """The caller may see the record but not do this to it."""


class Conflict(DomainError):
    """The request contradicts the stored state. `code` says how: "stale" (someone saved
    first, or the version seen is not the current one), "already_approved", "in_use"."""

    def __init__(self, code: str, message: str = ""):
        super().__init__(message)
        self.code = code


class Invalid(DomainError):
    """A value breaks a rule of the domain; `field` names it as the form or the JSON does."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def returns_to(endpoint: str, anchor: str = ""):
    """Mark a page view: on a Conflict or Invalid, flash the message and go back to
    `endpoint` (called with the view's own URL arguments)."""
    from functools import wraps

    def decorate(view):
        @wraps(view)
        def marked(*args, **kwargs):
            g.returns_to = (endpoint, anchor)
            return view(*args, **kwargs)

        return marked

    return decorate


def page_answer(error: DomainError):
    """How a page answers a domain error: the error page for 404 and 403, otherwise the
    message as a flash on the page the user came from."""
    from werkzeug.exceptions import Forbidden as HttpForbidden
    from werkzeug.exceptions import NotFound as HttpNotFound

    if isinstance(error, NotFound):
        return _error_page(HttpNotFound())
    if isinstance(error, Forbidden):
        return _error_page(HttpForbidden())
    flash(error.message, "error")
    endpoint, anchor = g.get("returns_to", ("dashboard.index", ""))
    return redirect(url_for(endpoint, **_known_arguments(endpoint, request.view_args or {})) + anchor)


def _known_arguments(endpoint: str, arguments: dict) -> dict:
    """Only the URL arguments the target endpoint takes (a part's URL has more than its plan's)."""
    from flask import current_app

    wanted = {name for rule in current_app.url_map.iter_rules(endpoint) for name in rule.arguments}
    return {name: value for name, value in arguments.items() if name in wanted}


def _error_page(error):
    from flask import render_template

    return render_template("errors/error.html", error=error), error.code


def init_app(app: Flask, api_answer) -> None:
    """One handler for both surfaces; it rolls back whatever the refused change had begun.
    `api_answer` (planner.api.errors) says it in the API's JSON: the API is a surface above."""
    from planner.extensions import db
    from planner.routing import is_api_request

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
        return api_answer(error) if is_api_request() else page_answer(error)
