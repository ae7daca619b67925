"""Which activities of the vocabulary an article provides for, with a lexicon per language.

Stems take case endings (көрмелерді, выставок); in Cyrillic and Turkic languages a stem must
start its word or follow a compound head (фотовыставка, fotosərgi), so "культур" is no tour
and "конкурс" no course. A thing only mentioned ("materials of the conference", "results of
research") is not an activity the parties undertake."""

from __future__ import annotations

import re

from planner.mou.lexicon import (
    ACTIVITY_PATTERNS,
    ANY_ACTIVITY,
    COMPOUND_HEADS,
    MENTIONED_AFTER,
    MENTIONED_BEFORE,
    WORD_START_LANGUAGES,
)
from planner.mou.vocabulary import ACTIVITY_KINDS

APOSTROPHES = re.compile(r"[ʻʼ’‘`]")
CONTEXT = 60


def lexicon_for(language: str) -> dict[str, re.Pattern] | None:
    return ACTIVITY_PATTERNS.get(language)


def _undertaken(text: str, match: re.Match, language: str) -> bool:
    """False when the words around the activity word show it is only mentioned."""
    before = MENTIONED_BEFORE.get(language)
    after = MENTIONED_AFTER.get(language)
    if before and before.search(text[max(0, match.start() - CONTEXT) : match.start()]):
        return False
    return not (after and after.search(text[match.start() : match.end() + CONTEXT]))


def _starts_word(text: str, start: int) -> bool:
    """The match begins a word, or the letters before it are a compound head ("фото")."""
    first = start
    while first > 0 and (text[first - 1].isalpha() or text[first - 1] == "'"):
        first -= 1
        if start - first > 6:
            return False
    return first == start or text[first:start] in COMPOUND_HEADS


def classify_activities(text: str, language: str) -> list[str]:
    """Activity keys an article provides for, in vocabulary order. Webinar phrases ("online
    conferences") are taken out before conferences are looked for. A language without a
    lexicon gives no activities (its version is reported as unsupported)."""
    patterns = lexicon_for(language)
    if patterns is None:
        return []
    remaining = APOSTROPHES.sub("'", " ".join(text.lower().split()))
    if not ANY_ACTIVITY[language].search(remaining):
        return []  # most clauses name no activity: one search instead of sixteen
    found = set()
    for kind in ("webinar", *[k for k in ACTIVITY_KINDS if k != "webinar"]):
        pattern = patterns.get(kind)
        if pattern is None:
            continue
        anchored = language in WORD_START_LANGUAGES
        matches = (m for m in pattern.finditer(remaining) if not anchored or _starts_word(remaining, m.start()))
        if any(_undertaken(remaining, match, language) for match in matches):
            found.add(kind)
            if kind == "webinar":
                remaining = pattern.sub(" ", remaining)
    return [kind for kind in ACTIVITY_KINDS if kind in found]
