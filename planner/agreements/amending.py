"""The arithmetic of a change of parties, on plain institution ids (no Flask, no database): what
a proposal adds and removes, and whose consent it needs before it takes effect."""

from __future__ import annotations

from collections.abc import Iterable


def party_changes(before: Iterable[int], after: Iterable[int]) -> tuple[list[int], list[int]]:
    """(joining, leaving) institution ids, each sorted; a change of order alone changes nothing."""
    old, new = set(before), set(after)
    return sorted(new - old), sorted(old - new)


def required_parties(proposed: Iterable[int], removed: Iterable[int]) -> set[int]:
    """Every party when the change was proposed (those staying and those leaving) and every
    joining party must consent: nobody is bound to, or dropped from, an agreement alone."""
    return set(proposed) | set(removed)


def agreed(required: Iterable[int], approved: Iterable[int]) -> bool:
    """Whether every institution whose consent is required has given it."""
    return set(required) <= set(approved)
