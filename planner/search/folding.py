"""Text as the search compares it: case, accents and the letters particular to Azerbaijani and
Kazakh folded, so «Гянджа», «ГЯНДЖИ» and «гянджа» meet, as do «Ələt» and «alet», «Түркістан»
and «туркистан», «ёлка» and «елка». Pure functions, no Flask, no database.

Folding keeps the length of the text (one character for one), so a match found in the folded
text points at the same place in the original: that is how passages are highlighted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
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


class _Table(dict):
    """A `str.translate` table filled on first sight of a character: translating a whole text at
    C speed instead of a Python call per character (a full reindex folds megabytes)."""

    def __init__(self, one: Callable[[str], str]):
        super().__init__()
        self.one = one

    def __missing__(self, code: int) -> str:
        self[code] = self.one(chr(code))
        return self[code]


_FOLD = _Table(fold_char)


def fold(text: str) -> str:
    """The whole text folded; ``len(fold(text)) == len(text)``."""
    return text.translate(_FOLD)


# The transliteration key: every script written as one plain Latin spelling, so the same name
# written in Azerbaijani, Turkish, Kazakh, Russian or English Latin meets («Gence» and «Gəncə»,
# «Turkestan», «Turkistan», «Түркістан» and «Туркестан»). Cyrillic goes letter by letter to the
# Latin letter the Turkic alphabets use for it; the vowels spelled differently from one language
# to the next (ə ä e i ı і ы) become one, as do x and h; ъ and ь, which no Latin spelling writes, disappear.
CYRILLIC_KEY = dict(
    zip(
        "абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщыіэюяә",
        "abvggdeejziykklmnnooprstuuufhhccssiieuae",
        strict=True,
    )
)
# Latin letters the languages spell one sound with: ə ä e i ı are one vowel; az x is kk/tr h.
VOWELS_KEY = {"ə": "e", "ä": "e", "ı": "e", "i": "e", "x": "h"}


@lru_cache(maxsize=4096)
def key_char(char: str) -> str:
    """One character's key: '' for the silent signs, else one Latin letter (or the folded character)."""
    lowered = char.lower()
    if lowered in "ъь":
        return ""
    if lowered in VOWELS_KEY:
        return VOWELS_KEY[lowered]
    if lowered in CYRILLIC_KEY:
        return VOWELS_KEY.get(CYRILLIC_KEY[lowered], CYRILLIC_KEY[lowered])
    folded = fold_char(char)
    return VOWELS_KEY.get(folded, folded)


_KEY = _Table(key_char)


def key(text: str) -> str:
    """The text's transliteration key (stored beside the folded text; shorter where ъ or ь were)."""
    return text.translate(_KEY)


def stem(word: str) -> str:
    """A folded query word without its case or plural ending, to match as a prefix."""
    if len(word) <= MIN_STEM:
        return word
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


class Stem(str):
    """A folded query stem that also carries the key of the letters it was folded from (the key
    is taken from the typed word, not the folded one: «Gəncə» folds to «ganca» but keys to «gence»)."""

    key: str

    def __new__(cls, folded: str, typed: str) -> Stem:
        made = super().__new__(cls, folded)
        made.key = key(typed)
        return made


def query_stems(query: str) -> list[Stem]:
    """The distinct stems of a query's words (words of one letter are ignored)."""
    typed = query or ""
    folded = fold(typed)
    stems: dict[str, Stem] = {}
    for match in WORD.finditer(folded):
        if len(match.group()) > 1:
            stemmed = stem(match.group())
            stems.setdefault(stemmed, Stem(stemmed, typed[match.start() : match.start() + len(stemmed)]))
    return list(stems.values())[:MAX_QUERY_WORDS]


def spellings(stem_: str) -> list[str]:
    """A query stem and its transliteration key: a word matches when it starts with either."""
    keyed = getattr(stem_, "key", None) or key(stem_)
    return [stem_] if keyed == stem_ or not WORD.fullmatch(keyed or "-") else [stem_, keyed]


def fts5_query(stems: list[str]) -> str:
    """An FTS5 MATCH expression: every stem as a quoted prefix, in either spelling (stems are
    word characters only)."""
    return " AND ".join("(" + " OR ".join(f'"{s}"*' for s in spellings(stem_)) + ")" for stem_ in stems)


def tsquery(stems: list[str]) -> str:
    """A PostgreSQL to_tsquery('simple', ...) expression: every stem as a prefix, in either spelling."""
    return " & ".join("(" + " | ".join(f"{s}:*" for s in spellings(stem_)) + ")" for stem_ in stems)


def matches(text: str, stems: list[str]) -> list[tuple[int, int]]:
    """Where the words of ``text`` starting with any stem are, folded or by their key, as
    (start, end) positions."""
    if not stems:
        return []
    prefixes = tuple(spelling for stem_ in stems for spelling in spellings(stem_))
    return [
        m.span()
        for m in WORD.finditer(fold(text))
        if m.group().startswith(prefixes) or key(text[m.start() : m.end()]).startswith(prefixes)
    ]


def passage(text: str, stems: list[str], before: int = 60, after: int = 160) -> Markup:
    """The first matching passage of ``text`` with every match in it marked; the rest escaped."""
    spans = matches(text, stems)
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
