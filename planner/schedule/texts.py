"""An event's texts in a reader's language, for pages and feeds alike."""

from __future__ import annotations

from planner.i18n import LANGUAGE_NAMES, pick_text
from planner.schedule.models import event_titles


def event_summary(event_row, language: str) -> str:
    """The event's title in ``language`` (or its fallback), for an iCal SUMMARY. A fallback is
    marked with the name of the language it is in, as pages mark it: "Heritage Tuesdays (English)"."""
    chosen = pick_text(event_titles(event_row), language)
    if chosen.fallback and chosen.language:
        return f"{chosen.text} ({LANGUAGE_NAMES.get(chosen.language, chosen.language)})"
    return chosen.text
