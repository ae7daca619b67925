"""Double bookings: two events at one venue at once, or one person in two places at once."""

from __future__ import annotations

from planner.plans.occurrences import Occurrence, utc_instant


def overlap(a: Occurrence, b: Occurrence) -> bool:
    return utc_instant(a.start) < utc_instant(b.end) and utc_instant(b.start) < utc_instant(a.end)


def venue_clashes(mine: list[Occurrence], others: list[Occurrence]) -> list[tuple[Occurrence, Occurrence]]:
    """Pairs (mine, other) at the same venue that overlap; other events of the same series excluded."""
    return [
        (a, b)
        for a in mine
        for b in others
        if a.event.site_id and a.event.site_id == b.event.site_id and a.event.id != b.event.id and overlap(a, b)
    ]


def participant_clashes(participants) -> list[tuple]:
    """Pairs of stays of one person (same name, case-insensitive) whose dates overlap."""
    stays = sorted(
        (p for p in participants if p.from_date and p.to_date), key=lambda p: (p.name.casefold(), p.from_date)
    )
    return [
        (a, b)
        for a, b in zip(stays, stays[1:], strict=False)
        if a.name.casefold() == b.name.casefold() and b.from_date <= a.to_date
    ]
