"""The URL converter every route's `<int:...>` uses: ids outside the databases' INTEGER range
(above 2**31 - 1 on PostgreSQL) answer 404 without a query, on every page and API route; and
which requests are the API's."""

from __future__ import annotations

from flask import request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # the databases' INTEGER


class DatabaseIntegerConverter(IntegerConverter):
    """`int` as Werkzeug's, bounded to what an INTEGER column can hold (no match: 404)."""

    def __init__(
        self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = None, signed: bool = False
    ):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=MAX_ID if max is None else max, signed=signed)


def init_app(app) -> None:
    """Replace `int` before any blueprint adds its routes."""
    app.url_map.converters["int"] = DatabaseIntegerConverter


def is_api_request() -> bool:
    """Whether this request is one of the API's (its errors answer in JSON, its caller by token)."""
    return request.path.startswith("/api/")
