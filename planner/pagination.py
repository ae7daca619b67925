"""Page numbers from the query string, kept in a range the database can offset by, and pages
of lists already in memory."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import request

MAX_PAGE = 10_000


def page_number() -> int:
    """`?page=` as an int in 1..MAX_PAGE; junk, negatives and huge values are clamped."""
    page = request.args.get("page", 1, type=int) or 1
    return min(max(page, 1), MAX_PAGE)


@dataclass(frozen=True)
class ListPage:
    """One page of a list already in memory, with what the `pagination` macro reads."""

    items: Sequence
    page: int
    pages: int

    @classmethod
    def of(cls, everything: Sequence, per_page: int) -> ListPage:
        pages = max(1, -(-len(everything) // per_page))
        page = min(page_number(), pages)
        return cls(everything[(page - 1) * per_page : page * per_page], page, pages)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1
