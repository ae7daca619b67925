"""Template helpers for what the MoU reader found: translated discrepancy messages and the
side-by-side preview table."""

from __future__ import annotations

from babel import Locale
from flask_babel import gettext as _
from flask_babel import ngettext

from planner.i18n import LANGUAGE_LABELS, current_locale
from planner.vocabulary import activity_label


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
    if kind == "activity_mismatch":
        listing = "; ".join(
            f"{_language(lang)}: {', '.join(activity_label(k) for k in kinds) or '—'}"
            for lang, kinds in (found.get("activities") or {}).items()
        )
        return _(
            "The versions of article %(article)s name different activities: %(listing)s.",
            article=article,
            listing=listing,
        )
    if kind == "missing_preamble":
        return _("The %(language)s version has no preamble.", language=language)
    return found.get("detail", "")


PREVIEW_ROWS = 300
PREVIEW_DISCREPANCIES = 300


def preview_rows(reading: dict, limit: int = PREVIEW_ROWS) -> tuple[list[dict], int]:
    """The side-by-side rows (one per article, its versions lined up by number, repeated
    numbers and titled sections by their order), at most `limit`, and how many more there
    are. One pass over the articles and one over the discrepancies: linear in the reading."""
    from planner.agreements.importing import article_keys

    flagged: dict[tuple, list[dict]] = {}
    for found in reading.get("discrepancies", []):
        if found.get("article") is not None:
            flagged.setdefault((found.get("language"), found["article"]), []).append(found)
    rows: dict[tuple, dict] = {}
    for language in reading["languages"]:
        articles = reading["versions"][language]["articles"]
        for key, article in zip(article_keys(articles), articles, strict=True):
            row = rows.get(key)
            if row is None:
                if len(rows) >= limit:
                    continue
                row = rows[key] = {"number": article["number"], "cells": {}}
            first = key[0] != "section" and key[1] == 0
            flags = flagged.get((language, article["number"]), []) + flagged.get((None, article["number"]), [])
            row["cells"][language] = {"article": article, "flags": flags if first else []}
    total = len(
        {key for language in reading["languages"] for key in article_keys(reading["versions"][language]["articles"])}
    )
    return list(rows.values()), max(0, total - len(rows))


def warning_message(found: dict, ocr: dict | None = None) -> str:
    """A reader's warning in the viewer's language (`ocr`: the reading's, for a recognised scan)."""
    kind, language = found.get("kind"), _language(found.get("language"))
    if kind == "recognised_text" and ocr:
        return ngettext(
            "The text was recognised from %(num)d scanned page with %(percent)d%% confidence: "
            "check names, numbers and dates against the scan.",
            "The text was recognised from %(num)d scanned pages with %(percent)d%% mean confidence: "
            "check names, numbers and dates against the scan.",
            ocr["pages"],
            percent=round(ocr["confidence"]),
        )
    if kind == "unsupported_language":
        return _(
            "The %(language)s version is in a language the reader has no word list for: its articles are numbered, "
            "but their activities are not recognised.",
            language=language,
        )
    if kind == "truncated":
        return _("The text ends in the middle of a sentence: the document may be incomplete.")
    if kind == "heading_style":
        return _(
            "The %(language)s version has no article headings: its articles were found by their clause numbers (1., 2., 3.).",
            language=language,
        )
    if kind == "renumbered":
        return _(
            "The numbering restarts inside the %(language)s version: check that every article was read as intended.",
            language=language,
        )
    return found.get("detail", "")


def instrument_label(kind: str | None) -> str:
    labels = {
        "law": _("Law"),
        "decree": _("Decree"),
        "resolution": _("Resolution"),
        "order": _("Order"),
        "cover_note": _("Cover note"),
    }
    return labels.get(kind or "", kind or "")


def default_terms_label(terms: str | None) -> str:
    labels = {
        "free_of_charge": _("Free of charge"),
        "compensated": _("Compensated"),
        "mutually_determined": _("Costs agreed case by case"),
        "split": _("Costs shared between the parties as the text says"),
    }
    return labels.get(terms or "", _("Not specified"))


def renewal_label(renewal: str | None) -> str:
    labels = {
        "automatic": _("renewed automatically"),
        "by_agreement": _("renewed only by agreement of the parties"),
        "none": _("no renewal provided"),
    }
    return labels.get(renewal or "", "")


def payer_label(payer: str) -> str:
    labels = {
        "sending_party": _("The sending party"),
        "receiving_party": _("The receiving party"),
        "each_party": _("Each party"),
    }
    return labels.get(payer, payer)


def country_name(code: str) -> str:
    return Locale.parse(current_locale()).territories.get(code.upper(), code)
