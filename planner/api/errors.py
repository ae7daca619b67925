"""One error shape for every failure of the API, in the caller's language:

{"error": {"status": 422, "code": "unprocessable_entity", "message": "...",
           "fields": {"title": {"en": ["Give the English text."]}}}}
"""

from __future__ import annotations

from flask import jsonify
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from planner.errors import DomainError, Forbidden, Invalid, NotFound

# marshmallow's own messages, listed so the catalogs translate them.
LIBRARY_MESSAGES = {
    str(message): message
    for message in (
        _l("Missing data for required field."),
        _l("Unknown field."),
        _l("Field may not be null."),
        _l("Not a valid integer."),
        _l("Not a valid string."),
        _l("Not a valid boolean."),
        _l("Not a valid date."),
        _l("Not a valid datetime."),
        _l("Not a valid number."),
        _l("Not a valid list."),
        _l("Not a valid mapping type."),
        _l("Invalid input type."),
        _l("Invalid value."),
        _l("Special numeric values (nan or infinity) are not permitted."),
        _l("Invalid JSON body."),
    )
}


def status_messages() -> dict[int, str]:
    return {
        400: _("The request could not be read: send a JSON body."),
        401: _("Send a valid API token: Authorization: Bearer <token>."),
        403: _("Your role does not allow this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        409: _("This conflicts with other data: it is still in use."),
        412: _("It changed since you read it: read it again (for its new ETag) and retry."),
        413: _("The request is too large."),
        415: _("Send the body as JSON (Content-Type: application/json)."),
        422: _("Some fields are not valid."),
        500: _("Something went wrong on our side; nothing was saved."),
    }


def translated(messages):
    """marshmallow's nested messages with every text in the caller's language."""
    if isinstance(messages, dict):
        return {str(key): translated(value) for key, value in messages.items()}
    if isinstance(messages, (list, tuple)):
        return [translated(value) for value in messages]
    text = str(messages)
    return str(LIBRARY_MESSAGES.get(text, text))


def field_messages(error: HTTPException) -> dict | None:
    """Field errors from webargs (per location: json, query) merged into one mapping."""
    data = getattr(error, "data", None) or {}
    found = data.get("errors") or data.get("messages")
    if not found:
        return None
    merged: dict = {}
    for location, messages in found.items():
        if location in ("json", "query", "path", "form") and isinstance(messages, dict):
            merged.update(messages)
        elif location in ("json", "query", "path", "form"):
            merged["_body"] = messages
        else:
            merged[location] = messages
    return translated(merged)


def error_response(error: HTTPException):
    """The JSON answer to any HTTP error raised on an API path."""
    code = error.code or 500
    data = getattr(error, "data", None) or {}
    body = {
        "status": code,
        "code": error.name.lower().replace(" ", "_"),
        "message": str(data.get("message") or status_messages().get(code) or error.description),
    }
    fields = field_messages(error)
    if fields:
        body["fields"] = fields
    response = jsonify({"error": body})
    response.status_code = code
    if code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="mou-planner"'
    for name, value in (data.get("headers") or {}).items():
        response.headers[name] = value
    if code == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def api_answer(error: DomainError):
    """How the API answers a domain error, in its one JSON error shape."""
    from werkzeug.exceptions import Conflict as HttpConflict
    from werkzeug.exceptions import Forbidden as HttpForbidden
    from werkzeug.exceptions import NotFound as HttpNotFound
    from werkzeug.exceptions import PreconditionFailed, UnprocessableEntity

    if isinstance(error, NotFound):
        answer = HttpNotFound()
    elif isinstance(error, Forbidden):
        answer = HttpForbidden()
    elif isinstance(error, Invalid):
        answer = UnprocessableEntity()
        answer.data = {"errors": {"json": {error.field: [error.message]}}}
    else:
        answer = PreconditionFailed() if error.code == "stale" else HttpConflict()
        answer.data = {"message": error.message} if error.message else {}
    return error_response(answer)


def date_arguments_are_bad_requests(error, req, schema, *, error_status_code, error_headers):
    """webargs' error handler: a date in the query string that is malformed or outside 1900–2199
    answers 400 (the request itself is wrong), in the error shape, before any query runs; every
    other refused argument keeps its status (422)."""
    from flask_smorest import abort
    from marshmallow import fields

    status = error_status_code or 422
    query = error.messages.get("query") if isinstance(error.messages, dict) else None
    by_key = {field.data_key or name: field for name, field in schema.fields.items()}
    if isinstance(query, dict) and query and all(isinstance(by_key.get(key), fields.Date) for key in query):
        status = 400
        message = _("Give each date as YYYY-MM-DD, between 1900 and 2199.")
        abort(status, exc=error, messages=error.messages, message=message, headers=error_headers)
    abort(status, exc=error, messages=error.messages, headers=error_headers)
