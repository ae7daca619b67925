"""Showing a report's cells in a language: the translations, labels, numbers and dates of that
language, for the page (the reader's language) and the documents (one or two languages)."""

from __future__ import annotations

from datetime import date

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from flask_babel import force_locale, gettext

from planner.reports.tables import Showing
from planner.vocabulary import activity_label, status_label


def showing_in(language: str, institution_names: dict[int, dict]) -> Showing:
    """A `Showing` whose words are fixed now, in ``language`` (needs an application context).
    Each translation and label is looked up once and kept: a year's report of a ministry party
    to every agreement shows some 50,000 labels, and forcing the locale for each cost seconds."""
    locale = Locale.parse(language)  # parsed once, not by Babel at every number and date
    with force_locale(language):
        held = _held_words()
    words: dict[str, str] = {}
    labels: dict[tuple[str, str], str] = {}

    def translate(text: str) -> str:
        if text not in words:
            with force_locale(language):
                words[text] = gettext(text)
        return words[text]

    def label(kind: str, key: str) -> str:
        if (kind, key) not in labels:
            with force_locale(language):
                labels[kind, key] = _label_now(kind, key, held)
        return labels[kind, key]

    return Showing(
        language=language,
        translate=translate,
        label=label,
        institution_names=institution_names,
        number=lambda value: format_decimal(value, locale=locale),
        day=lambda value: format_date(value, "medium", locale=locale),
    )


def _label_now(kind: str, key: str, held: dict[str, str]) -> str:
    if kind == "held":
        return held[key]
    if kind == "activity":
        return str(activity_label(key))
    return str(status_label(key))


def _held_words() -> dict[str, str]:
    return {"yes": gettext("Yes"), "no": gettext("No"), "unknown": gettext("Not yet known")}


def month_label(month: date, language: str) -> str:
    return format_date(month, "LLL y", locale=language)
