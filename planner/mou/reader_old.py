"""The MoU reader: from the text of a memorandum (one or more language versions of equal
force) to its articles, their activities, the term, the cost rules and the discrepancies
between versions. Pure functions: no Flask, no database, linear in the size of the text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from planner.mou.lexicon import (
    ACTIVITY_PATTERNS,
    FREE_OF_CHARGE,
    NOTICE_WORDS,
    NUMBER_WORDS,
    RENEWAL_WORDS,
    SEPARATE_AGREEMENT,
    TERM_WORDS,
    UNIT_WORDS,
)
from planner.mou.vocabulary import ACTIVITY_KINDS

MAX_DOCUMENT_BYTES = 5_000_000
DUPLICATE_RUN_WORDS = 8
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}

HEADING = re.compile(
    r"^[ \t]*(?P<hashes>#{1,6}[ \t]*)?(?P<bold>\*\*|__)?[ \t]*"
    r"(?P<marker>(?P<word>article|статья|madd[əe])[ \t]+(?P<num>\d{1,3}|[ivxlc]{1,7})\b"
    r"|(?P<knum>\d{1,3}|[ivxlc]{1,7})[ \t]*[-–][ \t]*бап)"
    r"[ \t]*(?P<punct>[.:])?[ \t]*(?:\*\*|__)?[ \t]*[.:]?[ \t]*(?P<rest>.*?)[ \t]*(?:\*\*|__)?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


class MouError(ValueError):
    """Input the reader refuses, with a code for the interface and a one-line message."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def decode_document(raw: bytes) -> str:
    """UTF-8 text (BOM and CRLF accepted) or a MouError saying why not."""
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise MouError("too_large", f"the document is larger than {MAX_DOCUMENT_BYTES // 1_000_000} MB")
    if b"\x00" in raw:
        raise MouError("binary", "this is a binary file, not a text document")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as failure:
        raise MouError("encoding", f"the file is not valid UTF-8 (byte {failure.start})") from None
    controls = sum(1 for ch in text[:10000] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(10, len(text[:10000]) // 20):
        raise MouError("binary", "this is a binary file, not a text document")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise MouError("empty", "the document is empty")
    return text


@dataclass
class Heading:
    start: int  # offset of the heading line
    end: int  # offset just after the heading line
    number: int
    heading: str
    leading_text: str  # a sentence that followed the marker on the same line
    marker_language: str


@dataclass
class Version:
    language: str
    preamble: str = ""
    title: str = ""
    closing: str = ""
    articles: list[dict] = field(default_factory=list)


def roman_to_int(value: str) -> int:
    total, previous = 0, 0
    for letter in reversed(value.lower()):
        number = ROMAN[letter]
        total = total - number if number < previous else total + number
        previous = max(previous, number)
    return total


def _number(value: str) -> int:
    return int(value) if value.isdigit() else roman_to_int(value)


def _marker_language(word: str | None) -> str:
    if not word:
        return "kk"
    word = word.lower()
    return {"article": "en", "статья": "ru"}.get(word, "az")


def _is_title(rest: str) -> bool:
    """A short title on the heading line (`ARTICLE 5. DURATION`), not a sentence of the text."""
    words = rest.split()
    if not words:
        return False
    if rest.isupper():
        return True
    return len(words) <= 8 and not rest.rstrip().endswith((".", ";", ":", ",")) and rest[0].isupper()


def find_headings(text: str) -> list[Heading]:
    headings = []
    for match in HEADING.finditer(text):
        rest = _clean_inline(match.group("rest"))
        wrapped = bool(match.group("hashes") or match.group("bold"))
        if not (wrapped or not rest or match.group("punct")):
            continue  # "Article 5 of this Memorandum ..." inside a paragraph is not a heading
        marker = match.group("marker").strip()
        title = rest if _is_title(rest) else ""
        heading = f"{marker}. {title}" if title else marker
        headings.append(
            Heading(
                match.start(),
                match.end(),
                _number(match.group("num") or match.group("knum")),
                heading,
                "" if title else rest,
                _marker_language(match.group("word")),
            )
        )
    return headings


def _clean_inline(text: str) -> str:
    text = re.sub(r"(\*\*|__)", "", text)
    text = re.sub(r"\\([_*#\\`\[\]().-])", r"\1", text)
    return text.strip()


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, Markdown markers removed, line breaks kept."""
    found = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [_clean_inline(re.sub(r"^#{1,6}[ \t]*", "", line)) for line in block.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            found.append(paragraph)
    return found


_LETTERS = {
    name: re.compile(pattern)
    for name, pattern in {
        "kk": "[әғқңөұүһіӘҒҚҢӨҰҮҺІ]",
        "az": "[əƏ]",
        "turkic": "[ğışçöüĞİŞÇÖÜ]",
        "cyrillic": "[а-яёА-ЯЁ]",
        "latin": "[a-zA-Z]",
    }.items()
}
LANGUAGE_SAMPLE = 50_000


def detect_language(text: str) -> str:
    """ISO 639-1 code from the letters used (on a sample): Kazakh letters tell Kazakh from Russian."""
    sample = text[:LANGUAGE_SAMPLE]
    counts = {name: len(pattern.findall(sample)) for name, pattern in _LETTERS.items()}
    if counts["cyrillic"] > counts["latin"]:
        return "kk" if counts["kk"] >= max(1, counts["cyrillic"] // 200) else "ru"
    if counts["az"]:
        return "az"
    if counts["turkic"] > max(2, counts["latin"] // 100):
        return "tr"
    return "en"


def _group_versions(headings: list[Heading]) -> list[list[Heading]]:
    """A new version starts where article numbering restarts or the heading language changes."""
    groups: list[list[Heading]] = []
    for heading in headings:
        current = groups[-1] if groups else None
        if (
            current is None
            or heading.number <= current[-1].number
            or heading.marker_language != current[-1].marker_language
        ):
            groups.append([heading])
        else:
            current.append(heading)
    return groups


def split_versions(text: str) -> list[Version]:
    headings = find_headings(text)
    if not headings:
        raise MouError("no_articles", "no article headings were found (Article 1, Статья 1, Maddə 1, 1-бап)")
    groups = _group_versions(headings)
    versions = []
    preamble_start = 0
    for index, group in enumerate(groups):
        next_start = groups[index + 1][0].start if index + 1 < len(groups) else len(text)
        articles = _articles(text, group, next_start)
        language = detect_language(" ".join(a["text"] for a in articles)) or group[0].marker_language
        version = Version(language=language, articles=articles)
        _set_preamble(version, text[preamble_start : group[0].start])
        if index + 1 < len(groups):
            next_language = detect_language(text[groups[index + 1][0].end : groups[index + 1][-1].end])
            closing, preamble_start_offset = _split_closing(text, group[-1], next_start, next_language)
            preamble_start = preamble_start_offset
        else:
            closing = _closing_of_last(text, group[-1], len(text))
        version.closing = closing
        versions.append(version)
    return versions


def _articles(text: str, group: list[Heading], version_end: int) -> list[dict]:
    found = []
    for position, heading in enumerate(group):
        end = group[position + 1].start if position + 1 < len(group) else version_end
        paragraphs = _paragraphs(text[heading.end : end])
        if position + 1 == len(group):
            paragraphs = _article_paragraphs_before_closing(paragraphs)
        if heading.leading_text:
            paragraphs.insert(0, heading.leading_text)
        found.append({"number": heading.number, "heading": heading.heading, "text": "\n\n".join(paragraphs)})
    return found


def _ends_a_sentence(paragraph: str) -> bool:
    return paragraph.rstrip().endswith((".", ";", "!", "?", "»", '"', ")", ":"))


def _article_paragraphs_before_closing(paragraphs: list[str]) -> list[str]:
    """The last article stops where the signature block begins: at the first paragraph that
    is not a sentence (the parties' names, titles, signatures)."""
    kept = []
    for paragraph in paragraphs:
        if kept and not _ends_a_sentence(kept[-1]):
            break
        if kept and not _ends_a_sentence(paragraph):
            break
        kept.append(paragraph)
    return kept


def _closing_of_last(text: str, last: Heading, end: int) -> str:
    paragraphs = _paragraphs(text[last.end : end])
    kept = _article_paragraphs_before_closing(paragraphs)
    return "\n\n".join(paragraphs[len(kept) :])


def _split_closing(text: str, last: Heading, next_start: int, next_language: str) -> tuple[str, int]:
    """Between two versions: the closing (signature) block of one, then the title and preamble
    of the next, which begins at its first title line in the next version's language."""
    region = text[last.end : next_start]
    offset = last.end
    candidates = list(re.finditer(r"^[ \t]*(#{1,6}[ \t]+.*|\*\*.+\*\*[ \t]*)$", region, re.MULTILINE))
    for match in candidates:
        if detect_language(match.group(0)) == next_language:
            return _closing_of_last(text, last, offset + match.start()), offset + match.start()
    for match in re.finditer(r"(?:^|\n[ \t]*\n)([^\n].*)", region):
        if detect_language(match.group(1)) == next_language and len(match.group(1).split()) > 3:
            return _closing_of_last(text, last, offset + match.start(1)), offset + match.start(1)
    return _closing_of_last(text, last, next_start), next_start


def _set_preamble(version: Version, region: str) -> None:
    paragraphs = _paragraphs(region)
    version.preamble = "\n\n".join(paragraphs)
    title_lines = [p for p in paragraphs if len(p.split()) <= 40][:3]
    version.title = " ".join(" ".join(title_lines).split())[:300]


def classify_activities(text: str, language: str) -> list[str]:
    """Activity keys an article provides for, in vocabulary order. Webinar phrases ("online
    conferences") are taken out before conferences are looked for."""
    remaining = text.lower()
    found = set()
    for kind in ("webinar", *[k for k in ACTIVITY_KINDS if k != "webinar"]):
        pattern = ACTIVITY_PATTERNS.get(language, ACTIVITY_PATTERNS["en"]).get(kind)
        if pattern is not None and pattern.search(remaining):
            found.add(kind)
            if kind == "webinar":
                remaining = pattern.sub(" ", remaining)
    return [kind for kind in ACTIVITY_KINDS if kind in found]


QUANTITY = re.compile(
    r"\b(?P<n>\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
    r"(?:[ \t]*\([ \t]*(?:\d{1,3}|[^\W\d_]{2,12})[ \t]*\))?[ \t]*[-–]?[ \t]*"
    r"(?P<unit>" + "|".join(sorted(UNIT_WORDS, key=len, reverse=True)) + r")",
    re.IGNORECASE,
)


def _quantities(sentence: str) -> list[tuple[int, str, int]]:
    """(amount, unit, offset) for every "five (5) years", "1 (bir) ay", "5-year" in a sentence."""
    found = []
    for match in QUANTITY.finditer(sentence):
        value = match.group("n").lower()
        amount = int(value) if value.isdigit() else NUMBER_WORDS[value]
        unit_word = match.group("unit").lower()
        unit = next(unit for stem, unit in UNIT_WORDS.items() if unit_word == stem)
        found.append((amount, unit, match.start()))
    return found


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;!?])\s+", text.replace("\n", " ")) if s]


def read_term(text: str, language: str) -> dict:
    """Years in force, years of each automatic renewal, notice before expiry."""
    term: dict = {"years": None, "renewal_years": None, "notice": None}
    for sentence in _sentences(text):
        lowered = sentence.lower()
        renewal_at = _first_position(RENEWAL_WORDS, lowered)
        notice_at = _first_position(NOTICE_WORDS, lowered)
        if renewal_at is None and notice_at is None and _first_position(TERM_WORDS, lowered) is None:
            continue  # only sentences about the term are searched for quantities
        quantities = _quantities(sentence)
        for amount, unit, offset in quantities:
            if (
                renewal_at is not None
                and unit == "year"
                and term["renewal_years"] is None
                and abs(offset - renewal_at) < 80
            ):
                term["renewal_years"] = amount
            elif notice_at is not None and unit != "year" and term["notice"] is None:
                term["notice"] = {"amount": amount, "unit": unit}
            elif unit == "year" and term["years"] is None and _first_position(TERM_WORDS, lowered) is not None:
                term["years"] = amount
    return term


def _first_position(patterns: re.Pattern, text: str) -> int | None:
    match = patterns.search(text)
    return match.start() if match else None


def read_cost_rules(text: str, language: str) -> tuple[str | None, bool]:
    lowered = text.lower()
    free = "free_of_charge" if FREE_OF_CHARGE.search(lowered) else None
    return free, bool(SEPARATE_AGREEMENT.search(lowered))


def _numbers(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\d+", text))


def _duplicate_run(text: str) -> str | None:
    """The first run of 8+ consecutive words that appears twice in the text (shingle index)."""
    words = re.findall(r"[^\W_]+", text.lower())
    seen: dict[tuple, int] = {}
    for index in range(len(words) - DUPLICATE_RUN_WORDS + 1):
        shingle = tuple(words[index : index + DUPLICATE_RUN_WORDS])
        first = seen.get(shingle)
        if first is not None and index - first >= DUPLICATE_RUN_WORDS:
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


def find_discrepancies(versions: list[Version]) -> list[dict]:
    found: list[dict] = []
    numbers = {v.language: {a["number"]: a for a in v.articles} for v in versions}
    everything = sorted(set().union(*(set(n) for n in numbers.values())))
    for language, articles in numbers.items():
        for number in everything:
            if number not in articles:
                found.append(
                    {
                        "kind": "missing_article",
                        "language": language,
                        "article": number,
                        "detail": f"Article {number} is missing from the {language} version.",
                    }
                )
    for number in everything:
        present = {lang: _numbers(arts[number]["text"]) for lang, arts in numbers.items() if number in arts}
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
                        "detail": f"Article {number} ({language}) has the numbers {sorted(written)}; other versions have {sorted(usual)}.",
                    }
                )
    for version in versions:
        for article in version.articles:
            run = _duplicate_run(article["text"])
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
        if not version.preamble.strip():
            found.append(
                {
                    "kind": "missing_preamble",
                    "language": version.language,
                    "article": None,
                    "detail": f"The {version.language} version has no title or preamble.",
                }
            )
    found += _signatory_discrepancies(versions)
    return found


def _signatory_discrepancies(versions: list[Version]) -> list[dict]:
    from planner.mou.signatories import signatory_names, spelling_differs

    names = {v.language: signatory_names(v.preamble, v.closing) for v in versions}
    if len(versions) > 1 and spelling_differs(names):
        listing = "; ".join(f"{lang}: {', '.join(found) or '—'}" for lang, found in names.items())
        return [{"kind": "signatory_spelling", "language": None, "article": None, "names": names, "detail": listing}]
    return []


def parse_mou(text: str) -> dict:
    """The whole reading, JSON-ready (see DESIGN.md, `mou parse --json`)."""
    if not text or not text.strip():
        raise MouError("empty", "the document is empty")
    versions = split_versions(text)
    for version in versions:
        for article in version.articles:
            article["activities"] = classify_activities(article["text"], version.language)
    source = next((v for v in versions if v.language == "en"), versions[0])
    source_text = "\n\n".join(a["text"] for a in source.articles)
    default_terms, separate = read_cost_rules(source_text, source.language)
    if default_terms is None or not separate:
        for version in versions:
            other_terms, other_separate = read_cost_rules(
                "\n\n".join(a["text"] for a in version.articles), version.language
            )
            default_terms, separate = default_terms or other_terms, separate or other_separate
    return {
        "languages": [v.language for v in versions],
        "versions": {v.language: {"title": v.title, "preamble": v.preamble, "articles": v.articles} for v in versions},
        "term": read_term(source_text, source.language),
        "default_terms": default_terms,
        "project_agreement_required": separate,
        "discrepancies": find_discrepancies(versions),
        "signatories": {v.language: _signatories_of(v) for v in versions},
    }


def _signatories_of(version: Version) -> list[str]:
    from planner.mou.signatories import signatory_names

    return signatory_names(version.preamble, version.closing)


def find_articles(version_text: str) -> list[dict]:
    """The articles of one version's text."""
    return split_versions(version_text)[0].articles
