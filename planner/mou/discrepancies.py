"""Differences between the language versions of one memorandum (a missing article, other
numbers, a repeated passage, other activities, no preamble, differently spelled signatories)."""

from __future__ import annotations

import re
from collections import Counter

from planner.mou.languages import SUPPORTED
from planner.mou.signatories import signatory_names, spelling_differs
from planner.mou.structure import Version

DUPLICATE_RUN_WORDS = 8


def _numbers(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\d+", text))


def _covered(words: list[str], ignored: str) -> list[bool]:
    """Which words belong to a passage of the preamble (party names repeated in the text)."""
    other = re.findall(r"[^\W_]+", ignored.lower())
    shingles = {tuple(other[i : i + DUPLICATE_RUN_WORDS]) for i in range(len(other) - DUPLICATE_RUN_WORDS + 1)}
    covered = [False] * len(words)
    for index in range(len(words) - DUPLICATE_RUN_WORDS + 1):
        if tuple(words[index : index + DUPLICATE_RUN_WORDS]) in shingles:
            for position in range(index, index + DUPLICATE_RUN_WORDS):
                covered[position] = True
    return covered


def _duplicate_run(text: str, ignored: str = "") -> str | None:
    """The first run of 8+ consecutive words that appears twice in the text (shingle index);
    words of a preamble passage (the parties' names repeated) do not make a run."""
    words = re.findall(r"[^\W_]+", text.lower())
    covered: list[bool] | None = None
    seen: dict[tuple, int] = {}
    for index in range(len(words) - DUPLICATE_RUN_WORDS + 1):
        shingle = tuple(words[index : index + DUPLICATE_RUN_WORDS])
        first = seen.get(shingle)
        if first is not None and index - first >= DUPLICATE_RUN_WORDS:
            if covered is None:  # worked out once, and only when a run is found
                covered = _covered(words, ignored) if ignored else [False] * len(words)
            own = DUPLICATE_RUN_WORDS - sum(covered[index : index + DUPLICATE_RUN_WORDS])
            if own > DUPLICATE_RUN_WORDS // 2:
                length = DUPLICATE_RUN_WORDS
                while (
                    index + length < len(words)
                    and first + length < index
                    and words[first + length] == words[index + length]
                ):
                    length += 1
                return " ".join(words[index : index + length])
        seen.setdefault(shingle, index)
    return None


def _by_number(version: Version) -> dict[int, dict]:
    """Numbered articles by number (the first of a repeated number)."""
    found: dict[int, dict] = {}
    for article in version.articles:
        if article["number"] is not None:
            found.setdefault(article["number"], article)
    return found


def _missing(numbers: dict[str, dict[int, dict]], everything: list[int]) -> list[dict]:
    return [
        {
            "kind": "missing_article",
            "language": language,
            "article": number,
            "detail": f"Article {number} is missing from the {language} version.",
        }
        for language, articles in numbers.items()
        for number in everything
        if number not in articles
    ]


def _mismatches(numbers: dict[str, dict[int, dict]], everything: list[int]) -> list[dict]:
    found = []
    for number in everything:
        present = {lang: _numbers(arts[number]["text"]) for lang, arts in numbers.items() if number in arts}
        if len(present) < 2:
            continue
        usual, _ = Counter(present.values()).most_common(1)[0]
        for language, written in present.items():
            if written != usual:
                found.append(
                    {
                        "kind": "number_mismatch",
                        "language": language,
                        "article": number,
                        "numbers": sorted(written),
                        "expected": sorted(usual),
                        "detail": f"Article {number} ({language}) has the numbers {sorted(written)}; "
                        f"other versions have {sorted(usual)}.",
                    }
                )
    return found


def _activity_mismatches(numbers: dict[str, dict[int, dict]], everything: list[int]) -> list[dict]:
    """Articles whose versions (in languages with a lexicon) carry different activities."""
    found = []
    for number in everything:
        carried = {
            lang: arts[number].get("activities", [])
            for lang, arts in numbers.items()
            if number in arts and lang in SUPPORTED
        }
        if len(carried) > 1 and len({tuple(a) for a in carried.values()}) > 1:
            listing = "; ".join(f"{lang}: {', '.join(kinds) or '—'}" for lang, kinds in carried.items())
            found.append(
                {
                    "kind": "activity_mismatch",
                    "language": None,
                    "article": number,
                    "activities": carried,
                    "detail": f"Article {number} carries different activities in its versions ({listing}).",
                }
            )
    return found


def _within_versions(versions: list[Version]) -> list[dict]:
    found = []
    for version in versions:
        for article in version.articles:
            run = _duplicate_run(article["text"], version.preamble)
            if run:
                found.append(
                    {
                        "kind": "duplicate_text",
                        "language": version.language,
                        "article": article["number"],
                        "words": run,
                        "detail": f"Repeated passage: “{run}”.",
                    }
                )
        if len(versions) > 1 and not version.preamble.strip() and len(version.articles) > 1:
            found.append(
                {
                    "kind": "missing_preamble",
                    "language": version.language,
                    "article": None,
                    "detail": f"The {version.language} version has no title or preamble.",
                }
            )
    return found


def _signatories(versions: list[Version]) -> list[dict]:
    names = {v.language: signatory_names(v.preamble, v.closing) for v in versions}
    if len(versions) > 1 and spelling_differs(names):
        listing = "; ".join(f"{lang}: {', '.join(found) or '—'}" for lang, found in names.items())
        return [{"kind": "signatory_spelling", "language": None, "article": None, "names": names, "detail": listing}]
    return []


def find_discrepancies(versions: list[Version]) -> list[dict]:
    numbers = {v.language: _by_number(v) for v in versions}
    everything = sorted(set().union(*(set(n) for n in numbers.values()))) if numbers else []
    found = _missing(numbers, everything) if len(versions) > 1 else []
    found += _mismatches(numbers, everything)
    found += _activity_mismatches(numbers, everything)
    found += _within_versions(versions)
    return found + _signatories(versions)
