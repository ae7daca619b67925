"""Filters of the agreement and plan lists, read from the URL only (nothing is remembered
between visits: a link or a bookmark says all). Pure: a mapping of arguments in, filters and
the problems found out."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

FIRST_YEAR, LAST_YEAR = 1900, 2199
KEYS = ("partner", "status", "kind", "year")


@dataclass(frozen=True)
class ListFilters:
    partner: int | None = None  # an institution id
    status: str | None = None
    kind: str | None = None
    year: int | None = None

    def as_args(self) -> dict:
        """The filters as URL arguments (for pagination links)."""
        return {key: getattr(self, key) for key in KEYS if getattr(self, key) is not None}


def _number(raw: str, low: int, high: int) -> int | None:
    return int(raw) if raw.isdigit() and low <= int(raw) <= high else None


def parse_filters(
    args: Mapping[str, str], *, statuses: Collection[str], kinds: Collection[str]
) -> tuple[ListFilters, list[str]]:
    """The filters the URL asks for; a value that cannot be one is named in ``problems`` (by key)
    and ignored, so a mistyped link still shows the list."""
    raw = {key: (args.get(key) or "").strip() for key in KEYS}
    problems = []
    partner = _number(raw["partner"], 1, 2**31 - 1)
    year = _number(raw["year"], FIRST_YEAR, LAST_YEAR)
    status = raw["status"] if raw["status"] in statuses else None
    kind = raw["kind"] if raw["kind"] in kinds else None
    for key, value in (("partner", partner), ("year", year), ("status", status), ("kind", kind)):
        if raw[key] and value is None:
            problems.append(key)
    return ListFilters(partner, status, kind, year), problems
