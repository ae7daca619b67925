"""Signatories' names in each version, and whether their spelling differs between versions.

Names are compared by a consonant skeleton of the transliterated surname, so that
"Vusal Alyev", "Vüsal Alıyev" and "Вусал Алыев" agree while "Dukenbayev" and "Мукенбаев"
do not."""

from __future__ import annotations

import re

_TRANSLIT = str.maketrans(
    {
        "а": "a",
        "ә": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "ғ": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "j",
        "з": "z",
        "и": "i",
        "і": "i",
        "й": "y",
        "к": "k",
        "қ": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "ң": "n",
        "о": "o",
        "ө": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ұ": "u",
        "ү": "u",
        "ф": "f",
        "х": "h",
        "һ": "h",
        "ц": "c",
        "ч": "c",
        "ш": "s",
        "щ": "s",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "u",
        "я": "a",
        "ə": "a",
        "ı": "i",
        "ğ": "g",
        "ş": "s",
        "ç": "c",
        "ö": "o",
        "ü": "u",
    }
)
_UPPER = "A-ZÀ-ÝƏĞİÖŞÜÇА-ЯЁӘҒҚҢӨҰҮҺІ"
_LOWER = "a-zß-ÿəğıöşüçа-яёәғқңөұүһі"
_WORD = f"[{_UPPER}][{_LOWER}]+"
_NAME_LINE = re.compile(rf"^(?:[{_UPPER}]\.\s?)?(?:[{_UPPER}]\.\s?)?{_WORD}(?:\s+{_WORD}){{0,2}}$")
_AFTER_TITLE = re.compile(
    rf"(?:Mr|Mrs|Ms|Dr|Director|Direktor|директоры|директора|директор|Директор|атқарушы)\.?\s+({_WORD}(?:\s+{_WORD}){{1,2}})"
)
_KAZAKH_GENITIVE = re.compile(r"(тың|тің|дың|дің|ның|нің)$")
_TITLE_WORDS = ("director", "direktor", "директор", "acting", "и. о.", "icra")


def _is_title_line(paragraph: str) -> bool:
    return any(word in paragraph.lower() for word in _TITLE_WORDS)


# A signatory's title as the preamble writes it before the name (often inflected: "в лице
# директора", "директорының міндетін атқарушы"), longest first, with the title as it is signed.
_PREAMBLE_TITLES = (
    (r"acting director", "Acting Director"),
    (r"director[- ]general", "Director General"),
    (r"general director", "General Director"),
    (r"исполняющ\w* обязанности директора", "Исполняющий обязанности директора"),
    (r"и\.\s?о\.\s?директора", "И. о. директора"),
    (r"генеральн\w* директор\w*", "Генеральный директор"),
    (r"директорының міндетін атқарушы", "Директордың міндетін атқарушы"),
    (r"виконуюч\w* обов['’]язки директора", "Виконуючий обов'язки директора"),
    (r"direktor vəzifəsini icra edən", "Direktor vəzifəsini icra edən"),
    (r"genel müdür\w*", "Genel Müdür"),
    (r"director|директор\w*|direktor\w*|müdür\w*", None),
    (r"rector|ректор\w*|rektör\w*|rektor\w*", None),
    (r"minister|министр\w*|міністр\w*|nazir\w*|bakan\w*|vazir\w*", None),
    (r"chairman|chair|председател\w*|голов\w*|төраға\w*|sədr\w*|başkan\w*|rais\w*", None),
)
_PREAMBLE_TITLE = re.compile(
    "|".join(f"(?P<t{index}>{pattern})" for index, (pattern, _) in enumerate(_PREAMBLE_TITLES)), re.IGNORECASE
)
_NOMINATIVE = {
    "director": "Director",
    "rector": "Rector",
    "minister": "Minister",
    "chairman": "Chairman",
    "chair": "Chair",
}
_STEM_ENDINGS = re.compile(r"(?:ының|інің|ының|ы|і|а|я|у|ом|ем|е|и|ı|i|ü|u|nın|nin|nun|nün)$")
TITLE_WINDOW = 80  # the characters before a name where its title is looked for
MAX_TITLE_WORDS = 8  # a signature block's title line ("Direktor vəzifəsini icra edən")


def _preamble_title(before: str) -> str:
    """The title written just before a name in the preamble, as it is signed (nominative)."""
    found = next(reversed(list(_PREAMBLE_TITLE.finditer(before[-TITLE_WINDOW:]))), None)
    if found is None:
        return ""
    fixed = _PREAMBLE_TITLES[int(found.lastgroup[1:])][1]
    if fixed:
        return fixed
    word = found.group(0)
    lowered = word.lower()
    if lowered in _NOMINATIVE:
        return _NOMINATIVE[lowered]
    stem = re.match(r"(директор|direktor|müdür|ректор|rektör|rektor|министр|міністр|nazir|bakan|vazir)", lowered)
    return (stem.group(1) if stem else _STEM_ENDINGS.sub("", lowered)).capitalize()


SHORT_LINE_WORDS = 6


def _signature_lines(closing: str) -> list[str]:
    """The closing's paragraphs; a paragraph of short lines only (a signature block that a
    scan or a PDF gives without blank lines: "Директор / В. Алиев / И. О. Директор") as its lines."""
    found = []
    for paragraph in (p.strip() for p in closing.split("\n\n")):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        if (
            len(lines) > 1
            and all(len(line.split()) <= SHORT_LINE_WORDS for line in lines)
            and any(_is_title_line(line) for line in lines)
        ):
            found += lines
        else:
            found.append(paragraph)
    return found


def signatories(preamble: str, closing: str) -> list[tuple[str, str]]:
    """Person names and their titles: after a title in the preamble; and in the signature
    block, the one-line paragraphs of two or three name-like words that come after a title
    line ("Director", "И. О. Директор"), whose words are the title as signed (preferred to
    the preamble's)."""
    found = [
        (" ".join(m.group(1).split()), _preamble_title(preamble[: m.start(1)])) for m in _AFTER_TITLE.finditer(preamble)
    ]  # a name broken over two lines (a PDF's, a scan's) is one name
    opening = " ".join(preamble.split())
    title = None
    for paragraph in _signature_lines(closing):
        if _is_title_line(paragraph):
            title = " ".join(paragraph.split()) if len(paragraph.split()) <= MAX_TITLE_WORDS else ""
        elif (
            title is not None and "\n" not in paragraph and _NAME_LINE.match(paragraph) and len(paragraph.split()) >= 2
        ):
            if paragraph in opening and paragraph not in [name for name, _ in found]:
                continue  # words of an institution's name the preamble spells ("Dövlət Tarix"), not a person
            found.append((paragraph, title))
    titles: dict[str, str] = {}
    for name, signed_as in found:
        titles[name] = signed_as or titles.get(name, "")
    return list(titles.items())


def signatory_names(preamble: str, closing: str) -> list[str]:
    """The signatories' names, in the order they first appear."""
    return [name for name, _ in signatories(preamble, closing)]


def _skeleton(name: str) -> str:
    surname = _KAZAKH_GENITIVE.sub("", name.split()[-1].lower()).translate(_TRANSLIT)
    return re.sub(r"[aeiouy]", "", surname)[:4]


def spelling_differs(names: dict[str, list[str]]) -> bool:
    """True when the versions' surnames do not all agree (ignoring versions naming nobody)."""
    skeletons = {language: frozenset(_skeleton(n) for n in found) for language, found in names.items() if found}
    return len(set(skeletons.values())) > 1
