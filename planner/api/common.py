"""What every resource of the API shares: its blueprint, ETags with If-Match (412), pagination
and refusals. Look-ups and their rights are each domain's `access.py`, as for the pages."""

from __future__ import annotations

import json
from http import HTTPStatus

from flask import Response, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint, abort

from planner.api.auth import require_token
from planner.api.schemas import ErrorSchema
from planner.extensions import db


def api_blueprint(name: str, description: str) -> Blueprint:
    """A resource's blueprint under /api/v1; every endpoint needs a token."""
    blueprint = Blueprint(name, __name__, url_prefix="/api/v1", description=description)
    blueprint.before_request(require_token)
    blueprint.before_request(refuse_too_deep_json)
    blueprint.after_request(private_answer)
    return blueprint


def refuse_too_deep_json() -> None:
    """400 in the API's error shape for a JSON body nested deeper than the parser can follow
    (Python's json raises RecursionError, which would otherwise answer 500)."""
    if request.method in ("POST", "PUT", "PATCH") and request.is_json:
        try:
            json.loads(request.get_data(cache=True))
        except RecursionError:
            abort(400, message=_("The JSON body is nested too deeply."))
        except ValueError:
            pass  # malformed JSON: the argument parser answers 400 with the field-level shape


def private_answer(response):
    """Answers depend on the token and the language: no shared cache may keep them, and a
    client revalidates with its ETag."""
    response.headers.setdefault("Cache-Control", "private, no-cache")
    response.vary.update(("Authorization", "Accept-Language"))
    return response


def documents(blueprint: Blueprint, *codes: int):
    """Name the error answers an endpoint may give, in the OpenAPI description."""

    def decorate(view):
        for code in codes:
            view = blueprint.alt_response(code, schema=ErrorSchema, description=HTTPStatus(code).phrase)(view)
        return view

    return decorate


def etag_of(row) -> str:
    """Agreements, plans and events carry a version number (the pages' optimistic locking);
    the other resources change their ETag with their last change."""
    version = getattr(row, "version_id", None) or int(row.updated_at.timestamp() * 1_000_000)
    return f'"{row.__tablename__}-{row.id}-{version}"'


def require_current(row) -> None:
    """412 when If-Match names another version than the one stored."""
    wanted = request.headers.get("If-Match")
    if wanted and wanted.strip() != "*" and etag_of(row) not in [tag.strip() for tag in wanted.split(",")]:
        abort(412)


def with_etag(row, status: int = 200, location: str | None = None):
    """The answer with the row's ETag; 304 when a GET names the version the client has."""
    headers = {"ETag": etag_of(row)}
    if request.method == "GET" and request.if_none_match.contains(headers["ETag"].strip('"')):
        return Response(status=304, headers=headers)
    if location:
        headers["Location"] = location
    return row, status, headers


def expected_version(row) -> int | None:
    """The version the client's If-Match names (the stored one, checked by `require_current`),
    for operations that check it again once they hold the row's lock; None without If-Match."""
    wanted = (request.headers.get("If-Match") or "").strip()
    return row.version_id if wanted and wanted != "*" else None


def refuse(field: str, message: str) -> None:
    """422 with one field's error, for rules a schema cannot check alone."""
    abort(422, errors={"json": {field: [str(message)]}})


def page_of(statement, arguments: dict) -> dict:
    """One page of a select, with the numbers a client needs to fetch the others."""
    found = db.paginate(statement, page=arguments["page"], per_page=arguments["per_page"], error_out=False, count=True)
    return {
        "items": found.items,
        "page": found.page,
        "per_page": found.per_page,
        "total": found.total,
        "pages": found.pages,
    }


def require_role(*roles: str) -> None:
    if current_user.role not in roles:
        abort(403)
