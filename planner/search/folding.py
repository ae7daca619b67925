"""Text as the search compares it: case, accents and the letters particular to Azerbaijani and
Kazakh folded, so «Гянджа», «ГЯНДЖИ» and «гянджа» meet, as do «Ələt» and «alet», «Түркістан»
and «туркистан», «ёлка» and «елка». Pure functions, no Flask, no database.

Folding keeps the length of the text (one character for one), so a match found in the folded
text points at the same place in the original: that is how passages are highlighted.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from markupsafe import Markup, escape

# Letters NFKD does not take apart: Kazakh (ә ғ қ ң ө ұ ү һ і), Azerbaijani ə and dotless ı.
SPECIAL = str.maketrans("әғқңөұүһі" + "əı", "агкноуухи" + "ai")

WORD = re.compile(r"\w+")
MIN_STEM = 4
MAX_QUERY_WORDS = 8

# Case and number endings of Russian, Kazakh and Azerbaijani, in folded spelling. A query word
# loses its longest ending (keeping at least MIN_STEM letters) and then matches as a prefix:
# «Гянджи» finds «Гянджа», «Түркістанда» finds «Түркістан», «Gəncədə» finds «Gəncə».
ENDINGS = sorted(
    {
        # Russian
        "ами",
        "ями",
        "ого",
        "его",
        "ому",
        "ему",
        "ыми",
        "ими",
        "ах",
        "ях",
        "ов",
        "ев",
        "еи",
        "ои",
        "ом",
        "ем",
        "ам",
        "ям",
        "ы",
        "и",
        "а",
        "я",
        "у",
        "ю",
        "е",
        "о",
        # Kazakh (ғ→г, қ→к, ә→а, і→и, ы stays)
        "дагы",
        "тагы",
        "нын",
        "нин",
        "дын",
        "дин",
        "тын",
        "тин",
        "дан",
        "ден",
        "тан",
        "тен",
        "нан",
        "нен",
        "лар",
        "лер",
        "дар",
        "дер",
        "тар",
        "тер",
        "га",
        "ге",
        "ка",
        "ке",
        "да",
        "де",
        "та",
        "те",
        "на",
        "не",
        "ны",
        "ни",
        "ды",
        "ди",
        "ты",
        "ти",
        "ын",
        "ин",
        "сы",
        "си",
        # Azerbaijani (ə→a, ı→i)
        "daki",
        "nin",
        "nun",
        "dan",
        "lar",
        "da",
        "ya",
        "na",
        "in",
        "un",
        "si",
        "su",
        "i",
        "u",
        "a",
    },
    key=len,
    reverse=True,
)


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character folded to one character (lower case, no accents, special letters mapped)."""
    lowered = char.lower().translate(SPECIAL)
    bare = "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))
    return bare[:1] or char


def fold(text: str) -> str:
    """The whole text folded; ``len(fold(text)) == len(text)``."""
    return "".join(fold_char(c) for c in text)


def stem(word: str) -> str:
    """A folded query word without its case or plural ending, to match as a prefix."""
    if len(word) <= MIN_STEM:
        return word
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def query_stems(query: str) -> list[str]:
    """The distinct stems of a query's words (words of one letter are ignored)."""
    stems = [stem(w) for w in WORD.findall(fold(query or "")) if len(w) > 1]
    return list(dict.fromkeys(stems))[:MAX_QUERY_WORDS]


def fts5_query(stems: list[str]) -> str:
    """An FTS5 MATCH expression: every stem as a quoted prefix (stems are word characters only)."""
    return " AND ".join(f'"{s}"*' for s in stems)


def tsquery(stems: list[str]) -> str:
    """A PostgreSQL to_tsquery('simple', ...) expression: every stem as a prefix."""
    return " & ".join(f"{s}:*" for s in stems)


def matches(folded: str, stems: list[str]) -> list[tuple[int, int]]:
    """Where words starting with any stem are, as (start, end) positions."""
    if not stems:
        return []
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in stems) + r")\w*")
    return [m.span() for m in pattern.finditer(folded)]


def passage(text: str, stems: list[str], before: int = 60, after: int = 160) -> Markup:
    """The first matching passage of ``text`` with every match in it marked; the rest escaped."""
    spans = matches(fold(text), stems)
    if not spans:
        return Markup(escape(text[: before + after]))
    start = max(0, spans[0][0] - before)
    end = min(len(text), spans[0][0] + after)
    while start > 0 and not text[start - 1].isspace():
        start += 1
    pieces, cursor = [], start
    for first, last in spans:
        if first < start or last > end:
            continue
        pieces += [escape(text[cursor:first]), Markup("<mark>"), escape(text[first:last]), Markup("</mark>")]
        cursor = last
    pieces.append(escape(text[cursor:end]))
    return Markup("…" if start > 0 else "") + Markup("").join(pieces) + Markup("…" if end < len(text) else "")
