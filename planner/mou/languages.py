"""Which language a line or a text is in, from its letters and a few common words.

The reader has lexicons for SUPPORTED languages; any other language is still named (by its
script or its common words) so that its version is split and numbered and reported as
unsupported, never mistaken for a supported one."""

from __future__ import annotations

import re
from functools import lru_cache

SUPPORTED = ("en", "ru", "az", "kk", "tr", "uz", "uk")
LANGUAGE_SAMPLE = 50_000
SURE_LETTERS = 25  # a line with fewer letters and no telling letter is ambiguous
LINE_SAMPLE = 400  # the letters of a line's first 400 characters tell its language

_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[а-яёА-ЯЁіїєґўқғҳәөұүңһІЇЄҐЎҚҒҲӘӨҰҮҢҺ]")
_LATIN = re.compile(r"[a-zA-ZÀ-žƏəİı]")
_OTHER_SCRIPTS = (
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ka", re.compile(r"[\u10a0-\u10ff]")),
    ("hy", re.compile(r"[\u0530-\u058f]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
)
_KAZAKH = re.compile(r"[әөұүңһӘӨҰҮҢҺ]")
_KAZAKH_OR_UZBEK = re.compile(r"[қғҚҒ]")
_UZBEK_CYRILLIC = re.compile(r"[ўҳЎҲ]")
_UKRAINIAN = re.compile(r"[їєґЇЄҐ]")
_I_DOTTED = re.compile(r"[іІ]")
_AZERBAIJANI = re.compile(r"[əƏ]")
_UZBEK_LATIN = re.compile(r"[oOgG][ʻʼ‘’'`]|\b(?:va|bilan|uchun|tomonlar\w*|hamkorlik\w*|o'rtasida)\b", re.IGNORECASE)
_TURKISH = re.compile(r"[ğışİĞŞı]")
_STOPWORDS = {
    "en": r"the|and|of|shall|to|in|with|for|this|parties|between",
    "fr": r"le|la|les|et|des|du|une|dans|entre|pour|sont",
    "de": r"der|die|und|das|den|mit|werden|zwischen|für|sich",
    "es": r"el|los|las|y|del|por|entre|para|con|una",
    "it": r"il|gli|della|delle|e|tra|per|con|sono|nel",
    "pt": r"os|das|dos|em|não|para|entre|uma|pelo|com",
    "tr": r"ve|ile|bu|için|olarak|taraflar\w*|arasında",
    "uz": r"va|bilan|uchun|tomonlar\w*|o'rtasida|hamda",
    "az": r"və|ilə|üçün|tərəflər\w*|arasında",
}
_STOPWORD_PATTERNS = {code: re.compile(rf"(?:{words})", re.IGNORECASE) for code, words in _STOPWORDS.items()}
_ANY_STOPWORD = re.compile(r"\b(?:" + "|".join(_STOPWORDS.values()) + r")\b", re.IGNORECASE)


def letters(text: str) -> int:
    return len(_LETTER.findall(text))


def script_of(text: str) -> str | None:
    """'latin', 'cyrillic', another language code for other scripts, or None (no letters)."""
    cyrillic, latin = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    others = [(len(pattern.findall(text)), code) for code, pattern in _OTHER_SCRIPTS]
    best_other = max(others)
    if best_other[0] > max(cyrillic, latin):
        return best_other[1]
    if cyrillic == latin == 0:
        return None
    return "cyrillic" if cyrillic > latin else "latin"


@lru_cache(maxsize=4096)
def line_language(text: str) -> tuple[str | None, str | None]:
    """(script, language or None when the line alone does not tell), from its first
    characters (bounded cost per line; repeated lines are looked up once)."""
    text = text[:LINE_SAMPLE]
    script = script_of(text)
    if script is None:
        return None, None
    if script == "cyrillic":
        return script, _cyrillic_language(text, sure=letters(text) >= SURE_LETTERS)
    if script == "latin":
        return script, _latin_language(text, sure=letters(text) >= SURE_LETTERS)
    return script, script


def _cyrillic_language(text: str, sure: bool) -> str | None:
    if _UZBEK_CYRILLIC.search(text):
        return "uz"
    if _KAZAKH.search(text) or _KAZAKH_OR_UZBEK.search(text):
        return "kk"
    if _UKRAINIAN.search(text) or (_I_DOTTED.search(text) and sure):
        return "uk"
    return "ru" if sure else None


def _latin_language(text: str, sure: bool) -> str | None:
    if _AZERBAIJANI.search(text):
        return "az"
    if _UZBEK_LATIN.search(text) and sure:
        return _best_by_words(text, default="uz")
    if _TURKISH.search(text) and (sure or len(_TURKISH.findall(text)) >= 2):
        return "tr"
    if not sure:
        return None
    return _best_by_words(text, default="en")


@lru_cache(maxsize=4096)
def _stopword_languages(word: str) -> tuple[str, ...]:
    """The languages whose common words include `word` (as found in a text: case kept)."""
    return tuple(code for code, pattern in _STOPWORD_PATTERNS.items() if pattern.fullmatch(word))


def _best_by_words(text: str, default: str) -> str:
    """The language with the most common words in the line: one search for every language's
    words, each word found then looked up once (nine searches a line made English text slow)."""
    counts = dict.fromkeys(_STOPWORD_PATTERNS, 0)
    for word in _ANY_STOPWORD.findall(text):
        for code in _stopword_languages(word):
            counts[code] += 1
    best = max(counts, key=counts.get)
    return best if counts[best] > counts.get(default, 0) else default


@lru_cache(maxsize=4096)
def script_default(text: str, script: str | None, fallback: str | None) -> str:
    """The language a line that does not tell is taken for, when no neighbour in its script tells."""
    text = text[:LINE_SAMPLE]
    if script == "cyrillic":
        return _cyrillic_language(text, sure=True) or "ru"
    if script == "latin":
        return _latin_language(text, sure=True) or "en"
    return script or fallback or "en"


def detect_language(text: str) -> str:
    """The language of a whole text (on a sample): the language most of its letters are in."""
    sample = text[:LANGUAGE_SAMPLE]
    weights: dict[str, int] = {}
    for line in sample.split("\n"):
        _, language = line_language(line)
        if language:
            weights[language] = weights.get(language, 0) + letters(line)
    if weights:
        return max(weights, key=weights.get)
    script = script_of(sample)
    if script == "cyrillic":
        return _cyrillic_language(sample, sure=True) or "ru"
    if script == "latin":
        return _latin_language(sample, sure=True) or "en"
    return script or "en"
