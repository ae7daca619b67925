"""The calendar grid, shared by every reader who would see the same one (`planner.shared_parts`).

A month, week, agenda or day grid depends on which plans the reader may see (`reader_set`), the
scope and filters of the page, the window, the language, the time zone, today's date and the
data version; the reader's menu, badge and feed address are rendered around it."""

from __future__ import annotations

from collections.abc import Callable

from planner.shared_parts import prefix, shared_part

KIND = "calendar-grid"
PREFIX = prefix(KIND)


def shared_grid(parts: tuple, build: Callable[[], str]) -> str:
    """The grid for `parts` at the current data version, shared (see planner.shared_parts)."""
    return shared_part(KIND, parts, build)
