"""An event's texts in a reader's language, for pages and feeds alike."""

from __future__ import annotations

from planner.i18n import marked_text
from planner.plans.events import event_titles


def event_summary(event_row, language: str) -> str:
    """The event's title in ``language`` (or its marked fallback), for an iCal SUMMARY."""
    return marked_text(event_titles(event_row), language)
