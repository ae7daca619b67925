"""Document languages: ISO 639-1 codes, ordered, per institution; and which language the fixed
text of a document can be given in (only the languages the catalogs translate)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from babel import Locale
from flask_babel import lazy_gettext as _l

# The languages the fixed clauses are written in (the app's catalogs plus English, the source).
FIXED_TEXT_LANGUAGES = ("en", "az", "kk", "ru")
MAX_DOCUMENT_LANGUAGES = 6
_CODE = re.compile(r"^[a-z]{2}$")
UNKNOWN_LANGUAGES = _l(
    "Give languages as two-letter ISO 639-1 codes in order, each once, such as “kk, ru” (at most six)."
)


def known_codes() -> set[str]:
    """Two-letter language codes Babel knows a name for (ISO 639-1)."""
    return {code for code in Locale("en").languages if _CODE.match(code)}


def parse_languages(value) -> tuple[list[str], list[str]]:
    """("az, kk" or ["az", "kk"]) -> (codes in order without repeats, codes that are not ISO 639-1).
    Spaces, commas and semicolons separate; letter case does not matter."""
    items = re.split(r"[\s,;]+", value) if isinstance(value, str) else list(value or [])
    codes, unknown, known = [], [], known_codes()
    for item in items:
        code = str(item).strip().lower()
        if not code or code in codes:
            continue
        (codes if code in known else unknown).append(code)
    return codes, unknown


@dataclass(frozen=True)
class LanguageChoice:
    """The language a party's column is written in, and the language it stands in for."""

    language: str
    instead_of: str | None = None


def text_language_for(document_languages: list[str] | tuple[str, ...]) -> LanguageChoice:
    """A party's first document language that has fixed text; the first one it skipped is
    named so the document can say so. English when none of its languages has fixed text."""
    languages = list(document_languages or [])
    for language in languages:
        if language in FIXED_TEXT_LANGUAGES:
            first = languages[0]
            return LanguageChoice(language, None if first == language else first)
    return LanguageChoice("en", languages[0] if languages else None)


def default_languages(parties_languages: list[list[str]]) -> list[LanguageChoice]:
    """The document's columns: each party's first usable language, without repeats, at most two."""
    chosen: list[LanguageChoice] = []
    for languages in parties_languages:
        choice = text_language_for(languages)
        if choice.language not in [c.language for c in chosen]:
            chosen.append(choice)
    return chosen[:2] or [LanguageChoice("en")]


def asked_languages(value: str) -> tuple[list[LanguageChoice], list[str]]:
    """`?languages=az,kk`: (one or two columns, codes that cannot be a column)."""
    codes, unknown = parse_languages(value)
    unusable = unknown + [code for code in codes if code not in FIXED_TEXT_LANGUAGES]
    if len(codes) > 2:
        unusable.extend(codes[2:])
    return [LanguageChoice(code) for code in codes[:2] if code in FIXED_TEXT_LANGUAGES], unusable
