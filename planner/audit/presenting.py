"""The audit log as people read it: only the fields that changed, each value as plain text.

Entries store JSON snapshots (whole plan contents, lists of rows); an administrator wants
"Status: proposed → approved", not two screens of JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

# Labels of the keys that audit snapshots use; unknown keys are shown as they are.
FIELD_LABELS = {
    "title": _l("Title"),
    "name": _l("Name"),
    "status": _l("Status"),
    "kind": _l("Kind"),
    "terms": _l("Terms"),
    "signed_on": _l("Signed on"),
    "term_years": _l("Term"),
    "renewal_years": _l("Automatic renewal"),
    "notice": _l("Notice before expiry"),
    "parties": _l("Parties"),
    "lead": _l("Lead institution"),
    "partners": _l("Partner institutions"),
    "venues": _l("Venues"),
    "events": _l("Events"),
    "costs": _l("Costs"),
    "loans": _l("Loan objects"),
    "participants": _l("Participants"),
    "stops": _l("Route"),
    "latitude": _l("Latitude"),
    "longitude": _l("Longitude"),
    "precision": _l("How precise are the coordinates?"),
    "precision_note": _l("Where the coordinates come from"),
    "country": _l("Country"),
    "timezone": _l("Time zone"),
    "role": _l("Role"),
    "institution": _l("Institution"),
    "active": _l("Active"),
    "username": _l("User name"),
    "label": _l("Label"),
    "number": _l("Number"),
    "text": _l("Text"),
}


def field_label(key: str) -> str:
    return str(FIELD_LABELS.get(key, key))


@dataclass(frozen=True)
class Change:
    """One changed field of an audit entry (``field`` is the stored key; see ``field_label``)."""

    field: str
    before: str
    after: str


def as_text(value) -> str:
    """A snapshot value as one line: language maps as "en: …", rows separated by semicolons."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, dict):
        return "; ".join(f"{key}: {as_text(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        parts = [as_text(item) for item in value if item not in (None, "")]
        joiner = "; " if any(isinstance(item, list | tuple | dict) for item in value) else ", "
        return joiner.join(parts) or "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return str(value)


def changes(before: dict | None, after: dict | None) -> list[Change]:
    """The fields whose value differs between two snapshots, in the order they were stored."""
    before, after = before or {}, after or {}
    keys = list(dict.fromkeys([*before, *after]))
    return [
        Change(key, as_text(before.get(key)), as_text(after.get(key)))
        for key in keys
        if before.get(key) != after.get(key)
    ]


def record_url(kind: str, record_id: int) -> str | None:
    """The page of a record (audit entries, search results); None for kinds without a page."""
    from flask import url_for

    page = RECORD_PAGES.get(kind)
    return url_for(page[0], **{page[1]: record_id}) if page else None


# Where each kind of record is shown (endpoint and its id argument); kinds without a page are not linked.
RECORD_PAGES = {
    "agreement": ("agreements.show", "agreement_id"),
    "plan": ("plans.show", "plan_id"),
    "event": ("schedule.event", "event_id"),
    "site": ("maps.site", "site_id"),
    "institution": ("agreements.institution", "institution_id"),
    "user": ("admin.edit_user", "user_id"),
}
