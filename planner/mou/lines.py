"""The text as a list of lines the reader can reason about: Markdown marks taken off, headings
run into a sentence put on a line of their own, and headings split over two lines joined.
One pass over the text; everything later works on these lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

from planner.mou.languages import letters

MAX_NUMBER_DIGITS = 6  # article numbers above 999 are read, not dropped

HEADING_WORDS = r"articles?|статья|стаття|madd[aəe]|modda|модда|бап"
SUFFIX_WORDS = r"бап|modda|модда|madd[aəe]"
ORDINAL_ENDINGS = r"ci|cı|cu|cü|inci|ıncı|uncu|üncü|nchi|chi|ші|шы|ая|я"
NUMBER = rf"\d{{1,{MAX_NUMBER_DIGITS}}}|[ivxlc]{{1,7}}(?![^\W\d_])"
# Between the heading word and its number: a space, a hyphen, a dot, "No." / "№", or nothing
# before a digit ("Article 1", "Madde-1", "Статья.1", "Article No. 1", "Статья1").
WORD_GAP = r"(?:[ \t]*(?:no\.?|№)[ \t]*|[ \t]*[-–.][ \t]*|[ \t]+|(?=\d))"
# Between a number and a heading word that follows it ("1-bap", "1 madde", "1.Madde", "II-modda").
NUMBER_GAP = rf"[ \t]*(?:[-–.][ \t]*(?:{ORDINAL_ENDINGS})?)?[ \t]*"
MARKER = re.compile(
    rf"^(?:(?P<word>{HEADING_WORDS}){WORD_GAP}(?P<num>{NUMBER})"
    rf"|(?P<snum>\d{{1,{MAX_NUMBER_DIGITS}}}|[ivxlc]{{1,7}}(?=[ \t]*[-–.]))(?:{NUMBER_GAP})(?P<sword>{SUFFIX_WORDS}))"
    r"(?![^\W\d_])(?P<punct>[ \t]*[.:)]?[ \t]*[–—-]?)[ \t]*(?P<rest>.*)$",
    re.IGNORECASE,
)
# The last try before a text is refused: a line made of a heading word and a number alone,
# whatever stands around or between them ("— Article 1 —", "[Статья № 1]", "(1) MADDE").
LONE_HEADING = re.compile(
    rf"^[\W_]*(?:(?P<word>{HEADING_WORDS})[\W_]*(?P<num>{NUMBER})"
    rf"|(?P<snum>{NUMBER})[\W_]*(?:{ORDINAL_ENDINGS})?[\W_]*(?P<sword>{HEADING_WORDS}))[\W_]*$",
    re.IGNORECASE,
)
LONE_WORD = re.compile(rf"^(?:{HEADING_WORDS})[ \t]*[.:]?$", re.IGNORECASE)
STARTS_WITH_NUMBER = re.compile(rf"^(?:{NUMBER})\b", re.IGNORECASE)
INLINE = re.compile(
    rf"(?<=[.:;!?»\"”])[ \t]+(?=(?:ARTICLE|Article|СТАТЬЯ|Статья|СТАТТЯ|Стаття|MADDE|Madde|MADDƏ|Maddə|MODDA|Modda)"
    rf"(?:[ \t]+|[ \t]*-[ \t]*)(?:\d{{1,{MAX_NUMBER_DIGITS}}}|[IVXLC]{{1,7}})\b[ \t]*(?:[.:–—-]|[ \t]*$|[ \t]+[A-ZА-ЯЁƏÇĞİÖŞÜІЇЄ]))"
)
SENTENCE_END = (".", ";", "!", "?", "»", '"', "”", ")", ":")
_BOLD = re.compile(r"^(\*\*|__)(?P<inner>.+?)(\*\*|__)[ \t]*[.:]?$")
_HASHES = re.compile(r"^#{1,6}[ \t]*")
_ESCAPES = re.compile(r"\\([_*#\\`\[\]().-])")
_GAPS = re.compile(r"[ \t]{2,}")
_SPACED = re.compile(r"^(?:[^\W\d_] ){3,}[^\W\d_]$")


@dataclass
class Line:
    text: str  # without Markdown marks
    marked: bool  # a Markdown heading or a wholly bold line
    blank_before: bool


def clean(text: str) -> tuple[str, bool]:
    """A line without its Markdown heading marks and bold, and whether it had them."""
    stripped = text.strip()
    marked = False
    if _HASHES.match(stripped):
        stripped, marked = _HASHES.sub("", stripped), True
    bold = _BOLD.match(stripped)
    if bold and "**" not in bold.group("inner"):
        marked = True
    stripped = stripped.replace("**", "").replace("__", "")
    stripped = _ESCAPES.sub(r"\1", stripped).strip() if "\\" in stripped else stripped.strip()
    if "  " in stripped or "\t" in stripped:
        stripped = _GAPS.sub(" ", stripped)  # a justified PDF line's double spaces
    if _SPACED.match(stripped):  # "М Е М О Р А Н Д У М"
        stripped = stripped.replace(" ", "")
    return stripped, marked


def split_lines(text: str) -> list[Line]:
    """The cleaned non-empty lines, headings run into text split off, split headings joined."""
    found: list[Line] = []
    blank = True
    raw_lines = text.split("\n")
    for raw in raw_lines:
        cleaned, marked = clean(raw)
        if not cleaned:
            blank = True
            continue
        for position, part in enumerate(INLINE.split(cleaned)):
            found.append(Line(part.strip(), marked and position == 0, blank and position == 0))
        blank = False
    return _join_split_headings(found)


def _join_split_headings(lines: list[Line]) -> list[Line]:
    """`MADDE` / `2. – Bu Kanun ...` on two lines is one heading line."""
    joined: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else None
        if following and LONE_WORD.match(line.text) and STARTS_WITH_NUMBER.match(following.text):
            joined.append(Line(f"{line.text.rstrip('.:')} {following.text}", line.marked, line.blank_before))
            index += 2
            continue
        joined.append(line)
        index += 1
    return joined


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(SENTENCE_END)


def is_title_like(line: Line) -> bool:
    """A short line that names something (a title, a section heading), not a sentence."""
    text = line.text
    words = text.split()
    if not words or len(words) > 14 or text.rstrip().endswith((".", ";", ",", ":")) and not line.marked:
        return False
    if letters(text) < 3 or text.rstrip().endswith((";", ",")):
        return False
    first = next((ch for ch in text if ch.isalpha()), "")
    if not first.isupper():
        return False
    return line.marked or text.isupper()
