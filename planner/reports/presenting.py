"""Showing a report's cells in a language: the translations, labels, numbers and dates of that
language, for the page (the reader's language) and the documents (one or two languages)."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal
from flask_babel import force_locale, gettext

from planner.reports.tables import Showing
from planner.vocabulary import activity_label, status_label


def showing_in(language: str, institution_names: dict[int, dict]) -> Showing:
    """A `Showing` whose words are fixed now, in ``language`` (needs an application context)."""
    with force_locale(language):
        words: dict[str, str] = {}
        held = _held_words()

        def translate(text: str) -> str:
            if text not in words:
                with force_locale(language):
                    words[text] = gettext(text)
            return words[text]

        def label(kind: str, key: str) -> str:
            with force_locale(language):
                if kind == "held":
                    return held[key]
                if kind == "activity":
                    return str(activity_label(key))
                return str(status_label(key))

    return Showing(
        language=language,
        translate=translate,
        label=label,
        institution_names=institution_names,
        number=lambda value: format_decimal(value, locale=language),
        day=lambda value: format_date(value, "medium", locale=language),
    )


def _held_words() -> dict[str, str]:
    return {"yes": gettext("Yes"), "no": gettext("No"), "unknown": gettext("Not yet known")}


def month_label(month: date, language: str) -> str:
    return format_date(month, "LLL y", locale=language)
