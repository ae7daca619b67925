"""Template helpers for what the MoU reader found: translated discrepancy messages and the
side-by-side preview table."""

from __future__ import annotations

from babel import Locale
from flask_babel import gettext as _

from planner.i18n import LANGUAGE_LABELS, current_locale


def _language(code: str | None) -> str:
    return str(LANGUAGE_LABELS.get(code or "", code or ""))


def discrepancy_message(found: dict) -> str:
    """A discrepancy in the viewer's language (the reader's `detail` is English)."""
    kind, article, language = found.get("kind"), found.get("article"), _language(found.get("language"))
    if kind == "missing_article":
        return _("Article %(article)s is missing from the %(language)s version.", article=article, language=language)
    if kind == "number_mismatch":
        return _(
            "The numbers written in article %(article)s differ between the versions (%(language)s).",
            article=article,
            language=language,
        )
    if kind == "duplicate_text":
        return _(
            "The %(language)s version of article %(article)s repeats a passage: “%(words)s”.",
            language=language,
            article=article,
            words=found.get("words") or found.get("detail", ""),
        )
    if kind == "signatory_spelling":
        return _(
            "The signatories' names are spelled differently across the versions: %(detail)s",
            detail=found.get("detail", ""),
        )
    if kind == "missing_preamble":
        return _("The %(language)s version has no preamble.", language=language)
    return found.get("detail", "")


def preview_numbers(reading: dict) -> list[int]:
    return sorted({a["number"] for v in reading["versions"].values() for a in v["articles"]})


def preview_article(reading: dict, language: str, number: int) -> dict | None:
    return next((a for a in reading["versions"][language]["articles"] if a["number"] == number), None)


def discrepancy_at(reading: dict, language: str, number: int) -> list[dict]:
    return [d for d in reading.get("discrepancies", []) if d.get("article") == number and d.get("language") == language]


def country_name(code: str) -> str:
    return Locale.parse(current_locale()).territories.get(code.upper(), code)
