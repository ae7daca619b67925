"""The termbase (`translations/glossary.csv`) holds the az, kk and ru catalogs to one word per concept.

Each row is a concept: ``concept`` (its name), ``en`` (how the English msgid says it), ``az``,
``kk``, ``ru`` (the chosen term of each language), ``note`` (why, with the review finding),
``forbid_az``, ``forbid_kk``, ``forbid_ru`` (variants the catalogs must not use) and ``scope``
(``everywhere`` or ``with-en``, see below). The term cells hold terms separated by ``|``, and
every term is matched case-insensitively on whole words:

- ``stem*``: a word that starts with the stem (``approv*`` matches approve, approved, approval;
  ``мероприяти*`` matches мероприятие, мероприятия, мероприятий), so inflected forms count;
- ``word`` without a star: exactly that word; a term of several words matches them in a row,
  each word by its own rule (``учётн* запис*`` matches "учётной записи", ``есептік жазба*``
  matches "Есептік жазбаңыз");
- ``=Text``: the whole text equals ``Text``, in an entry without a msgctxt (for labels whose word
  is too common to match anywhere: the one-word label "Name" of a site, while "Name" with the
  context "person" is a person's name);
- a term with no letter in it (``“``) is matched as it stands, anywhere.

Two checks, for every catalog entry (every form of a plural, against the msgid_plural from
the second form on). Placeholders (``%(zone)s``) are removed from the English first.

1. **forbidden**: the translation uses none of the language's ``forbid_<lang>`` terms. With
   ``scope=everywhere`` that holds for every entry; with ``scope=with-en`` only for entries whose
   English has the concept's ``en`` term (for example az "bildiriş" is right for an in-app
   notification but wrong for a legal notice).
2. **chosen**: where the English has the concept's ``en`` term, the translation has one of the
   language's chosen terms (column ``az``, ``kk`` or ``ru``; empty = not checked).

An entry may be exempted from one concept by a translator comment ``termbase: not <concept> — why``
in the catalog, which must say why (as on "Session", the event kind of a conference, which is
not the log-in session of the concept "session")."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "translations" / "glossary.csv"
LANGUAGES = ("az", "kk", "ru")
PLACEHOLDER = re.compile(r"%\([^)]*\)[sdfr]|%[sdfr]")
EXEMPT = re.compile(r"termbase:\s*not\s+(.+)", re.I)


@dataclass(frozen=True)
class Concept:
    name: str
    english: tuple[re.Pattern, ...]
    chosen: dict[str, tuple[re.Pattern, ...]]
    forbidden: dict[str, tuple[re.Pattern, ...]]
    everywhere: bool


def term_pattern(term: str) -> re.Pattern:
    """One glossary term as a regular expression, by the rules in the module docstring."""
    if term.startswith("="):
        return re.compile(r"\A" + re.escape(term[1:]) + r"\Z", re.I)
    if not re.search(r"\w", term):
        return re.compile(re.escape(term))
    # Words are letters plus the hyphen of kk "іс-шара"; a star lets a word go on.
    words = [re.escape(word.rstrip("*")) + (r"[\w-]*" if word.endswith("*") else r"(?![\w-])") for word in term.split()]
    return re.compile(r"(?<![\w-])" + r"[\s\u00a0]+".join(words), re.I)


def terms(cell: str) -> tuple[re.Pattern, ...]:
    return tuple(term_pattern(term.strip()) for term in (cell or "").split("|") if term.strip())


def rows(path: Path = GLOSSARY) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def load_glossary(path: Path = GLOSSARY) -> list[Concept]:
    return [
        Concept(
            name=row["concept"],
            english=terms(row["en"]),
            chosen={lang: terms(row[lang]) for lang in LANGUAGES},
            forbidden={lang: terms(row[f"forbid_{lang}"]) for lang in LANGUAGES},
            everywhere=row["scope"] == "everywhere",
        )
        for row in rows(path)
    ]


def entries(language: str):
    """(context, English, translation, exempted concepts) for every form of every entry."""
    path = ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        catalog = read_po(file, locale=language)
    for message in catalog:
        if not message.id:
            continue
        exempt = {
            match.group(1).strip().lower() for comment in message.user_comments for match in EXEMPT.finditer(comment)
        }
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for index, string in enumerate(strings):
            english = PLACEHOLDER.sub(" ", ids[min(index, len(ids) - 1)])
            if message.context:  # "=Text" terms are for entries without a context
                english = "\x00" + english
            yield message.context, english, string, exempt


def has(patterns: tuple[re.Pattern, ...], text: str) -> bool:
    return any(pattern.search(text) for pattern in patterns)


def violations(language: str, glossary: list[Concept]) -> list[str]:
    found = []
    for context, english, string, exempt in entries(language):
        for concept in glossary:
            if any(reason.startswith(concept.name) for reason in exempt):
                continue
            in_english = has(concept.english, english)
            label = f"{concept.name}: {english!r}" + (f" [{context}]" if context else "") + f" => {string!r}"
            if (concept.everywhere or in_english) and has(concept.forbidden[language], string):
                found.append("forbidden " + label)
            if in_english and concept.chosen[language] and not has(concept.chosen[language], string):
                found.append("missing " + label)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_keeps_to_the_termbase(language):
    problems = violations(language, load_glossary())
    assert problems == [], f"{len(problems)} entries leave the termbase:\n" + "\n".join(problems)


def test_glossary_is_well_formed():
    """Every concept names a chosen or a forbidden term, and no chosen term is also forbidden."""
    glossary = load_glossary()
    assert len({concept.name for concept in glossary}) == len(glossary)
    for concept in glossary:
        assert any(concept.chosen.values()) or any(concept.forbidden.values()), concept.name
    for row in rows():
        assert row["scope"] in ("everywhere", "with-en"), row["concept"]
        for language in LANGUAGES:
            chosen = {term.strip() for term in row[language].split("|") if term.strip()}
            forbidden = {term.strip() for term in row[f"forbid_{language}"].split("|") if term.strip()}
            assert not chosen & forbidden, (row["concept"], language)


def test_matching_counts_inflected_forms_and_whole_words_only():
    """The rules of the module docstring, on examples."""
    assert term_pattern("мероприяти*").search("Новое Мероприятие")
    assert term_pattern("событи*").search("о событиях плана")
    assert not term_pattern("зат").search("заттар")
    assert term_pattern("заттар*").search("Заттардың тізімі")
    assert term_pattern("іс-шара*").search("Жаңа іс-шаралар")
    assert not term_pattern("оқиға*").search("іс-шара")
    assert term_pattern("есептік жазба*").search("Есептік жазбаңыз")
    assert term_pattern("учётн* запис*").search("на странице учётной записи")
    assert not term_pattern("учётн* запис*").search("учётный номер")
    assert term_pattern("=Name").search("Name") and not term_pattern("=Name").search("Name of the site")
    assert not term_pattern("approv*").search("disapproval")
    assert term_pattern("“").search("«а» и “б”")
