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


def signatory_names(preamble: str, closing: str) -> list[str]:
    """Person names: after a title in the preamble; and in the signature block, the one-line
    paragraphs of two or three name-like words that come after a title ("Director")."""
    names = [m.group(1) for m in _AFTER_TITLE.finditer(preamble)]
    opening = " ".join(preamble.split())
    after_title = False
    for paragraph in (p.strip() for p in closing.split("\n\n")):
        if _is_title_line(paragraph):
            after_title = True
        elif after_title and "\n" not in paragraph and _NAME_LINE.match(paragraph) and len(paragraph.split()) >= 2:
            if paragraph in opening and paragraph not in names:
                continue  # words of an institution's name the preamble spells ("Dövlət Tarix"), not a person
            names.append(paragraph)
    return list(dict.fromkeys(names))


def _skeleton(name: str) -> str:
    surname = _KAZAKH_GENITIVE.sub("", name.split()[-1].lower()).translate(_TRANSLIT)
    return re.sub(r"[aeiouy]", "", surname)[:4]


def spelling_differs(names: dict[str, list[str]]) -> bool:
    """True when the versions' surnames do not all agree (ignoring versions naming nobody)."""
    skeletons = {language: frozenset(_skeleton(n) for n in found) for language, found in names.items() if found}
    return len(set(skeletons.values())) > 1
