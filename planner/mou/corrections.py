"""Corrections of recognised text (OCR) that follow from the script and language of the line a
word stands in, not from any one document. Pure functions, applied to each recognised page.

- **Look-alike letters.** Tesseract reading several scripts at once takes a Cyrillic letter
  for the Latin one drawn the same (and a "б" for a "6"): "3-6an" for "3-бап", "іп" for "in".
  In a line of one script, a word is written in that script when every letter of the other
  script in it has a look-alike there and either it mixes the two scripts, or it mixes digits
  and letters, or it is a short lower-case word standing alone among words of the line's script.
  A word quoted in the other script ("«Aziret Sultan»", "e-mail", "IT") keeps its letters: it
  has a letter without a look-alike, or capitals, or neighbours of its own script.
- **Impossible sequences.** No Russian, Kazakh or Ukrainian word holds "ьй": it is "ый" misread.
- **Azerbaijani "və".** The word "və" (and) alone is read "vo" when ə is not in the languages
  Tesseract was given; in an Azerbaijani line (or a line that does not tell, among Azerbaijani
  lines) a lone "vo" is "və".
- **English "w".** A "w" is often read as "vv" ("betvveen"); English has next to no words with
  "vv" (those it has are kept: savvy, navvy, divvy, revved, skivvy, civvies, chivvy, …), so in
  an English line "vv" in any other word is "w".

A short line (a heading such as "3-6an", a lone "vo") takes its script and language from the
nearest line above or below that tells them."""

from __future__ import annotations

import re

from planner.mou.languages import line_language

LATIN_TO_CYRILLIC = {
    "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "n": "п", "k": "к", "i": "і",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р", "T": "Т",
    "X": "Х", "Y": "У", "6": "б",
}  # fmt: skip
CYRILLIC_TO_LATIN = {
    "а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y", "п": "n", "к": "k", "і": "i",
    "ј": "j", "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "К": "K", "М": "M", "О": "O", "Р": "P",
    "Т": "T", "Х": "X", "І": "I", "Ј": "J",
}  # fmt: skip
SURE_LETTERS = 8  # a line with fewer letters takes its script from its neighbours
SHORT_WORD = 4  # a lone word of the other script this long at most is taken for a misreading

_WORD = re.compile(r"[^\W_]+")
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u0259\u018f]")
_SOFT_SHORT_I = re.compile(r"ь(?=й)|Ь(?=Й)")
_DOUBLE_V = re.compile(r"[^\W\d_]*(?:vv|VV)[^\W\d_]*")
ENGLISH_VV = re.compile(r"(?:sa|na|di|re|ski|ci|chi|bo|go|fla|hi|la|le|va)vv(?:y|ies|ied|ing|ed|er|ers|ie|ies)?", re.I)
_AZERBAIJANI_AND = re.compile(r"(?<![^\W\d_])([Vv])o(?![^\W\d_])")


def _script(text: str) -> str | None:
    cyrillic, latin = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    if cyrillic + latin < SURE_LETTERS or cyrillic == latin:
        return None
    return "cyrillic" if cyrillic > latin else "latin"


def _word_script(word: str) -> str | None:
    cyrillic, latin = bool(_CYRILLIC.search(word)), bool(_LATIN.search(word))
    return "mixed" if cyrillic and latin else "cyrillic" if cyrillic else "latin" if latin else None


def _fixed_word(word: str, script: str, alone: bool) -> str:
    """The word written in `script` when it is a misreading of it (see the module's rules)."""
    table, foreign = (LATIN_TO_CYRILLIC, _LATIN) if script == "cyrillic" else (CYRILLIC_TO_LATIN, _CYRILLIC)
    kind = _word_script(word)
    if kind is None or kind == script:
        return word
    if any(foreign.match(ch) and ch not in table for ch in word):
        return word  # a letter with no look-alike: a word of the other script
    digits = sum(ch.isdigit() for ch in word)
    letters = len(_LETTER.findall(word))
    mixes_digits = digits and letters >= 2 and letters > digits
    short_alone = alone and word.isalpha() and word.islower() and len(word) <= SHORT_WORD
    if kind != "mixed" and not mixes_digits and not short_alone:
        return word
    if not mixes_digits and script == "cyrillic":
        table = {key: value for key, value in table.items() if not key.isdigit()}
    return "".join(table.get(ch, ch) for ch in word)


def _fixed_scripts(line: str, script: str, own: bool) -> str:
    """The line with its misread words written in its script; a lone short word only when the
    line itself tells its script (`own`)."""
    words = list(_WORD.finditer(line))
    kinds = [_word_script(match.group()) for match in words]
    out, last = [], 0
    for index, match in enumerate(words):
        neighbours = [kinds[other] for other in (index - 1, index + 1) if 0 <= other < len(words)]
        alone = own and all(kind in (script, None) for kind in neighbours)
        out += [line[last : match.start()], _fixed_word(match.group(), script, alone)]
        last = match.end()
    return "".join(out) + line[last:]


def _context(lines: list[str], index: int, tell) -> str | None:
    """What `tell` finds for the line, else for the nearest line above, else below, that tells."""
    found = tell(lines[index])
    if found:
        return found
    for other in (*range(index - 1, -1, -1), *range(index + 1, len(lines))):
        found = tell(lines[other])
        if found:
            return found
    return None


def _language(line: str) -> str | None:
    return line_language(line)[1] if _script(line) else None


def _english_w(match: re.Match) -> str:
    word = match.group()
    if ENGLISH_VV.fullmatch(word):
        return word
    return word.replace("vv", "w").replace("VV", "W")


def correct(text: str) -> str:
    """Recognised text with the misreadings above corrected, line by line."""
    lines = text.split("\n")
    out = []
    for index, line in enumerate(lines):
        if not _WORD.search(line):
            out.append(line)
            continue
        script = _context(lines, index, _script)
        if script:
            line = _fixed_scripts(line, script, own=_script(line) == script)
        if script == "cyrillic":
            line = _SOFT_SHORT_I.sub(lambda m: "ы" if m.group() == "ь" else "Ы", line)
        language = _context(lines, index, _language) if script == "latin" else None
        if language == "az":
            line = _AZERBAIJANI_AND.sub(lambda m: m.group(1) + "ə", line)
        if language == "en":
            line = _DOUBLE_V.sub(_english_w, line)
        out.append(line)
    return "\n".join(out)
