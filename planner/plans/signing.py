"""When a plan counts as signed: pure, on plain values (copies need `institution_id`,
`fingerprint` and `uploaded_at`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def signed_on(party_ids: set[int], copies: Iterable, current_fingerprint: str) -> date | None:
    """The date of the latest upload among the copies of the current content, once every party
    has one; None before (a copy of an earlier version counts for nothing)."""
    current = [copy for copy in copies if copy.fingerprint == current_fingerprint]
    if not party_ids or not party_ids <= {copy.institution_id for copy in current}:
        return None
    return max(copy.uploaded_at for copy in current).date()


def is_duplicate(copies: Iterable, institution_id: int, fingerprint: str, sha256: str) -> bool:
    """The same file already stands as this party's copy of this version."""
    return any(
        copy.institution_id == institution_id and copy.fingerprint == fingerprint and copy.sha256 == sha256
        for copy in copies
    )
