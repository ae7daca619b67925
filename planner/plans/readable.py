"""The change summary of `planner.plans.summary` in the reader's language: the words from
the catalogs, the names of the institutions and sites from the database (one query each)."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from planner.agreements.models import Institution
from planner.extensions import db
from planner.i18n import pick_text
from planner.maps.models import Site
from planner.plans.approval import INSTITUTION_COLUMNS
from planner.plans.summary import PART_KEYS, Names, Row, record, summarize
from planner.vocabulary import activity_label, status_label

PART_NAMES = {
    "kind": _l("Kind"),
    "title": _l("Title"),
    "description": _l("Description"),
    "articles": _l("Articles"),
    "online_url": _l("Online link"),
    "terms": _l("Terms"),
    "project_agreement": _l("Separate project agreement"),
    "lead": _l("Lead institution"),
    "partners": _l("Partner institutions"),
    "events": _l("Event"),
    "venues": _l("Venue"),
    "costs": _l("Cost"),
    "loans": _l("Loan object"),
    "participants": _l("Participant"),
    "route": _l("Route stop"),
}


def reader_words(group: str, key: str) -> str:
    """The word the summary needs, in the current request's (or forced) language."""
    if group == "part":
        return str(PART_NAMES.get(key, key))
    if group == "activity":
        return activity_label(key)
    if group == "text":
        return {
            "inventory": _("inv. no. {number}"),
            "article": _("Article {number}"),
            "moved": _("{title} (moved occurrence)"),
            "replaces": _("instead of {day}"),
            "excluded": _("not on {days}"),
            "part_of": _("for the part of {institution}"),
            "departure": _("condition at departure: {text}"),
            "return": _("condition on return: {text}"),
        }[key]
    return status_label(key)


def names_for(*contents: dict) -> Names:
    """The institutions and sites the contents mention, named in the current language."""
    institution_ids, site_ids = set(), set()
    for content in contents:
        institution_ids.update(filter(None, [content.get("lead"), *(content.get("partners") or [])]))
        rows = {part: [record(part, row) for row in content.get(part) or []] for part in PART_KEYS}
        institution_ids.update(
            row.get(column) for part, column in INSTITUTION_COLUMNS for row in rows[part] if row.get(column) is not None
        )
        site_ids.update(
            row["site_id"] for part in ("venues", "route", "events") for row in rows[part] if row.get("site_id")
        )
    locale = reader_locale()
    institutions = (
        db.session.scalars(select(Institution).where(Institution.id.in_(institution_ids))) if institution_ids else []
    )
    sites = db.session.scalars(select(Site).where(Site.id.in_(site_ids))) if site_ids else []
    return Names(
        institutions={i.id: pick_text(i.name, locale).text for i in institutions},
        sites={s.id: pick_text(s.name, locale).text for s in sites},
    )


def readable_changes(before: dict, after: dict) -> list[Row]:
    """What changed between two contents of a plan, for the current reader."""
    return summarize(before, after, names_for(before, after), reader_locale(), reader_words)


def reader_locale() -> str:
    """The reader's language, also inside `force_locale` (an e-mail in its recipient's language)."""
    return str(get_locale() or "en")
