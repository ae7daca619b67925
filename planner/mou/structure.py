"""Versions, articles and clauses of a memorandum.

Articles are found by heading words (Article 1, Статья 1, Maddə 1, 1-бап, 1-modda, Стаття 1,
MADDE I) and, in a version with none, by top-level clause numbers (`1.`, `**1.**`, `1)`).
Titled sections without a number are articles with `number: None`. Sub-clauses (`1.1`, `(a)`,
`(1)`) stay inside their article as `clauses`. A law or decree with its own articles wrapped
around the memorandum is returned as the instrument, never as a version. Linear in the text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planner.mou.lines import LONE_HEADING, MARKER, Line, ends_sentence, is_title_like, split_lines
from planner.mou.segments import segments_of

ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
CLAUSE_NUMBER = re.compile(r"^(?P<n>\d{1,6})(?:\.|\))(?!\d)[ \t]*(?P<rest>.*)$")
SUB_CLAUSE = re.compile(
    r"^(?:\((?P<paren>[0-9]{1,3}|[^\W\d_]{1,4})\)|(?P<dotted>\d{1,3}(?:\.\d{1,3})+)\.?|(?P<letter>[^\W\d_])\)"
    r"|(?P<point>\d{1,3})[.)](?!\d))[ \t]+(?P<rest>\S[\s\S]*)$"
)
WRAPPER = re.compile(
    r"\b(?:this|the present) (?:law|decree|resolution|order)\b|\b(?:law|decree|resolution) no\b"
    r"|настоящ\w* (?:закон|указ|постановлени|распоряжени)|(?:^|\W)(?:закон|указ|постановление)\s*№"
    r"|\bbu (?:kanun|karar)|\bkanun no|\bbu (?:qanun|fərman|qərar)|осы (?:заң|жарлық|қаулы)"
    r"|\bushbu (?:qonun|farmon|qaror)|цей (?:закон|указ)|цього (?:закону|указу)",
    re.IGNORECASE,
)
WRAPPER_KINDS = (
    ("decree", r"decree|указ|fərman|farmon|жарлық|kararname"),
    ("resolution", r"resolution|постановлени|qərar|қаулы|qaror|karar"),
    ("law", r"\blaw\b|закон|qanun|kanun|заң|qonun"),
    ("order", r"\border\b|распоряжени|sərəncam|өкім|buyruq"),
)
DOCUMENT_WORDS = re.compile(
    r"memorand|agreement|protocol|меморандум|соглашени|договор|протокол|anlaşma|saziş|müqavilə|"
    r"sözleşme|protokol|келісім|kelishuv|bitim|угода|memorandumu",
    re.IGNORECASE,
)

DOCUMENT_TITLE = re.compile(r"^(?:the )?(?:" + DOCUMENT_WORDS.pattern + ")", re.IGNORECASE)


@dataclass
class Start:
    line: int
    number: int | None
    heading: str
    leading: str = ""  # a sentence that followed the marker on the heading line
    kind: str = "word"  # word, clause or section
    body_from: int = 0  # first line of the body (after a title line)


@dataclass
class Version:
    language: str
    title: str = ""
    preamble: str = ""
    closing: str = ""
    articles: list[dict] = field(default_factory=list)
    style: str = "headings"
    restarts: int = 0
    instrument: dict | None = None
    wrapped_lines: bool = False


def roman_to_int(value: str) -> int:
    total, previous = 0, 0
    for letter in reversed(value.lower()):
        number = ROMAN[letter]
        total = total - number if number < previous else total + number
        previous = max(previous, number)
    return total


def _number(value: str) -> int:
    return int(value) if value.isdigit() else roman_to_int(value)


def _word_start(lines: list[Line], index: int, first: int, end: int) -> Start | None:
    """An article heading on this line, or None for a line that only mentions an article
    ("Article 1 of this Memorandum ..." wrapped onto a new line is not a heading)."""
    line = lines[index]
    match = MARKER.match(line.text)
    if not match:
        return None
    rest, punct = match.group("rest").strip(), match.group("punct").strip()
    word = match.group("word") or match.group("sword")
    previous_ends = index == first or line.blank_before or ends_sentence(lines[index - 1].text)
    capital = bool(rest) and rest[0].isupper()
    if rest and not (line.marked or punct or (capital and (word.isupper() or previous_ends))):
        return None
    marker = line.text[: match.end("num") if match.group("num") else match.end("sword")].strip()
    start = Start(index, _number(match.group("num") or match.group("snum")), marker, body_from=index + 1)
    following = lines[index + 1] if index + 1 < end else None
    alone = following is None or following.blank_before
    starts_anew = following is not None and not following.text[:1].islower()
    if rest and _is_heading_title(rest, line.marked or alone or (bool(punct) and starts_anew)):
        start.heading = f"{marker}. {rest}"
    elif rest:
        start.leading = rest
    elif following is not None and _title_line(lines, index + 1, end):
        start.heading = f"{marker}. {following.text}"
        start.body_from = index + 2
    return start


def _is_heading_title(rest: str, alone: bool) -> bool:
    words = rest.split()
    if not words or rest.rstrip().endswith((".", ";", ":", ",")):
        return rest.isupper() and len(words) <= 12
    return rest.isupper() or (alone and len(words) <= 8 and rest[0].isupper())


def _title_line(lines: list[Line], index: int, end: int) -> bool:
    line = lines[index]
    if MARKER.match(line.text) or CLAUSE_NUMBER.match(line.text) or SUB_CLAUSE.match(line.text):
        return False
    if is_title_like(line):
        return True
    after = lines[index + 1] if index + 1 < end else None
    short = len(line.text.split()) <= 6 and not ends_sentence(line.text) and line.text[:1].isupper()
    return short and line.blank_before and after is not None and after.blank_before


def _section_start(lines: list[Line], index: int, end: int, mode: str) -> Start | None:
    """A titled section without a number (CONFIDENTIALITY, Settlement of disputes) followed by
    text; a title followed directly by an article heading is a chapter title, not a section."""
    line = lines[index]
    if not is_title_like(line) or MARKER.match(line.text) or CLAUSE_NUMBER.match(line.text):
        return None
    if DOCUMENT_TITLE.match(line.text):
        return None  # the title of another text (the memorandum after its decree)
    following = lines[index + 1] if index + 1 < end else None
    if following is None or (mode == "word" and MARKER.match(following.text)):
        return None
    words = 0
    for ahead in range(index + 1, min(end, index + 40)):
        text = lines[ahead].text
        if ahead > index + 1 and is_title_like(lines[ahead]):
            return None
        words += len(text.split())
        if ends_sentence(text) and words >= 6:
            return Start(index, None, line.text, kind="section", body_from=index + 1)
    return None


def word_starts(lines: list[Line], first: int, end: int) -> list[Start]:
    """Articles by heading words, with titled sections after the first one."""
    starts: list[Start] = []
    for index in range(first, end):
        start = _word_start(lines, index, first, end)
        if start is None and starts and index >= starts[-1].body_from:
            start = _section_start(lines, index, end, "word")
        if start is not None and (not starts or index >= starts[-1].body_from):
            starts.append(start)
    return starts


def lone_starts(lines: list[Line], first: int, end: int) -> list[Start]:
    """Articles by lines holding nothing but a heading word and a number, whatever the marks
    around them: the last try before a text is refused."""
    starts = []
    for index in range(first, end):
        match = LONE_HEADING.match(lines[index].text)
        if match:
            number = _number(match.group("num") or match.group("snum"))
            starts.append(Start(index, number, lines[index].text.strip(), body_from=index + 1))
    return starts


def clause_starts(lines: list[Line], first: int, end: int) -> tuple[list[Start], int]:
    """Articles by top-level clause numbers 1., 2., 3. (a run that restarts after a titled
    section or a colon is that section's or clause's own list); and the restarts counted."""
    starts: list[Start] = []
    outer, inner, in_section, restarts = 0, None, False, 0
    for index in range(first, end):
        line = lines[index]
        match = CLAUSE_NUMBER.match(line.text)
        if match is None:
            section = _section_start(lines, index, end, "clause") if starts else None
            if section is not None:
                starts.append(section)
                in_section, inner = True, 0
            continue
        number = int(match.group("n"))
        if inner is not None and number == inner + 1:
            restarts += int(in_section and number == 1)
            inner = number
        elif number == outer + 1 and (outer or not starts):
            starts.append(Start(index, number, str(number), match.group("rest").strip(), "clause", index + 1))
            outer, inner, in_section = number, None, False
        elif number == 1 and starts and ends_sentence(lines[index - 1].text) and lines[index - 1].text.endswith(":"):
            inner = 1
        elif number == 1 and starts and not in_section:
            restarts += 1
            starts.append(Start(index, 1, "1", match.group("rest").strip(), "clause", index + 1))
            outer, inner = 1, None
    return starts, restarts


def _line_width(lines: list[Line], first: int, end: int) -> int:
    """The width of a hard-wrapped text: the length most of its full lines reach."""
    lengths = sorted(len(lines[index].text) for index in range(first, end))
    return lengths[len(lengths) * 9 // 10] if lengths else 0


def _paragraphs(lines: list[Line], first: int, end: int, wrapped: int, short_ends: bool = False) -> list[str]:
    """Paragraphs: blank-line separated, or (hard-wrapped text, `wrapped` its line width)
    ended by a sentence end or a clause number; in a preamble (`short_ends`) also by a short
    line before one that starts anew, as a PDF's title block keeps no blank lines ("Ganja
    Reserve" / "and" / "Aziret Sultan museum" stay apart)."""
    joiner = " " if wrapped else "\n"
    return [
        joiner.join(line.text for line in lines[a:b])
        for a, b in _paragraph_spans(lines, first, end, wrapped, short_ends)
    ]


def _paragraph_spans(lines: list[Line], first: int, end: int, wrapped: int, short_ends: bool) -> list[list[int]]:
    """[first line, end line) of each paragraph (see _paragraphs)."""
    found: list[list[int]] = []
    for index in range(first, end):
        line = lines[index]
        previous = lines[index - 1].text if found else ""
        new = (
            not found
            or line.blank_before
            or bool(SUB_CLAUSE.match(line.text))
            or (wrapped and ends_sentence(previous))
            or (short_ends and len(previous) * 10 < wrapped * 6 and not line.text[:1].islower())
        )
        if new:
            found.append([index, index + 1])
        else:
            found[-1][1] = index + 1
    return found


def clauses_of(paragraphs: list[str]) -> list[dict]:
    """Sub-clauses in an article's paragraphs: `1.1`, `(a)`, `(1)`, `a)`, `1.`."""
    found = []
    for paragraph in paragraphs:
        match = SUB_CLAUSE.match(paragraph)
        if match:
            number = next(match.group(name) for name in ("dotted", "paren", "letter", "point") if match.group(name))
            found.append({"number": number, "text": match.group("rest").strip()})
        elif found and not paragraph[:1].isupper():
            found[-1]["text"] += " " + paragraph
    return found


def _is_signature(paragraph: str, kept: list[str]) -> bool:
    """The last article stops where the signature block begins: a short paragraph that is
    not a sentence, after one that ends a sentence."""
    if not kept:
        return False
    if not ends_sentence(kept[-1]):
        return True
    continues = bool(SUB_CLAUSE.match(paragraph)) or paragraph[:1].islower()
    return not ends_sentence(paragraph) and not continues


def _article(lines, start: Start, end: int, wrapped: int, last: bool) -> tuple[dict, list[str]]:
    spans = _paragraph_spans(lines, start.body_from, end, wrapped, False)
    joiner = " " if wrapped else "\n"
    paragraphs = [joiner.join(line.text for line in lines[a:b]) for a, b in spans]
    if start.leading and paragraphs and not ends_sentence(start.leading) and paragraphs[0][:1].islower():
        paragraphs[0] = f"{start.leading} {paragraphs[0]}"  # a sentence run on from the heading line
        start = Start(start.line, start.number, start.heading, "", start.kind, start.body_from)
    closing: list[str] = []
    if last:
        kept: list[str] = [start.leading] if start.leading else []
        for position, paragraph in enumerate(paragraphs):
            if _is_signature(paragraph, kept):
                # a PDF's signature block keeps no blank lines: its short lines stay apart
                closing = _paragraphs(lines, spans[position][0], end, wrapped, short_ends=bool(wrapped))
                break
            kept.append(paragraph)
        paragraphs = kept[1:] if start.leading else kept
    if start.leading:
        paragraphs.insert(0, start.leading)
    article = {
        "number": start.number,
        "heading": start.heading,
        "text": "\n\n".join(paragraphs),
        "clauses": clauses_of(paragraphs),
    }
    return article, closing


def _groups(starts: list[Start]) -> list[list[Start]]:
    """Numbering restarts (a number not above the previous one) begin a new group."""
    groups: list[list[Start]] = []
    last = 0
    for start in starts:
        if not groups or (start.number is not None and start.number <= last):
            groups.append([start])
        else:
            groups[-1].append(start)
        if start.number is not None:
            last = start.number
    return groups


def _text(lines: list[Line], first: int, end: int) -> str:
    return "\n".join(line.text for line in lines[first:end])


def _instrument_groups(lines, groups: list[list[Start]], first: int) -> set[int]:
    """Groups that are a law or decree around the memorandum: they say so ("this Law",
    "Bu Kanun") in their own articles or in the lines just before them."""
    wrappers = set()
    if len(groups) < 2:
        return wrappers
    previous_end = first
    for position, group in enumerate(groups):
        group_end = groups[position + 1][0].line if position + 1 < len(groups) else group[-1].line + 1
        own = _text(lines, previous_end, min(group_end, group[-1].line + 12))
        if WRAPPER.search(own) and len(group) <= 6:
            wrappers.add(position)
        previous_end = group[-1].line + 1
    if len(wrappers) == len(groups):
        wrappers.discard(max(range(len(groups)), key=lambda p: len(groups[p])))
    return wrappers


def _instrument(lines, group: list[Start], before: str, wrapped: int) -> dict:
    from planner.mou.terms import first_date

    articles = []
    for position, start in enumerate(group):
        end = group[position + 1].line if position + 1 < len(group) else start.body_from
        if position + 1 == len(group):
            end = _instrument_end(lines, start)
        articles.append(_article(lines, start, end, wrapped, last=False)[0])
    head = before + "\n" + "\n".join(a["text"] for a in articles[:1])
    kind = next((name for name, words in WRAPPER_KINDS if re.search(words, head, re.IGNORECASE)), "cover_note")
    number = re.search(r"(?:\bno\b\.?|№|\bnr\b\.?|sayı|sayılı)[ \t:|]*\n?[ \t]*(\d{1,6}(?:[/-]\d{1,6})?)", before, re.I)
    for article in articles:
        article.pop("clauses", None)
    return {
        "kind": kind,
        "number": number.group(1) if number else None,
        "date": first_date(before),
        "articles": articles,
    }


def _instrument_end(lines, start: Start) -> int:
    """The wrapper's last article is its own paragraph: up to the first sentence end."""
    index = start.body_from
    if start.leading and ends_sentence(start.leading):
        return index
    while index < len(lines) and not ends_sentence(lines[index].text):
        index += 1
    return min(index + 1, len(lines))


def _title(preamble_lines: list[Line]) -> str:
    """The version's title line (a heading naming the document), not its preamble."""
    candidates = [line for line in preamble_lines if is_title_like(line)]
    chosen = next((line for line in candidates if DOCUMENT_WORDS.search(line.text)), None)
    if chosen is None:
        chosen = next(
            (line for line in preamble_lines[:1] if DOCUMENT_WORDS.search(line.text) and not line.text.endswith(",")),
            None,
        )
    if chosen is None:
        return ""
    title = chosen.text
    position = preamble_lines.index(chosen) + 1
    while position < len(preamble_lines) and len(title) < 300 and _continues_title(preamble_lines[position]):
        title += " " + preamble_lines[position].text
        position += 1
    title = " ".join(title.split())
    return title if len(title) <= 300 else title[:300].rsplit(" ", 1)[0]


def _continues_title(line: Line) -> bool:
    """A title goes on over lines that start in lower case, are not set apart, or are titles."""
    return line.text[:1].islower() or not line.blank_before or is_title_like(line)


def read_segment(lines: list[Line], first: int, end: int, language: str) -> Version | None:
    """One language version from its lines, or None when it has no articles."""
    wrapped = sum(1 for i in range(first, end) if lines[i].blank_before) * 5 < (end - first)
    wrapped = _line_width(lines, first, end) if wrapped else 0
    starts, restarts, style = word_starts(lines, first, end), 0, "headings"
    if not [s for s in starts if s.kind == "word"]:
        starts, restarts = clause_starts(lines, first, end)
        style = "clause_numbers"
    if not [s for s in starts if s.number is not None]:
        starts, style = lone_starts(lines, first, end), "headings"
    if not [s for s in starts if s.number is not None]:
        return None
    version = Version(language=language, style=style, wrapped_lines=bool(wrapped))
    groups = _groups(starts)
    wrappers = _instrument_groups(lines, groups, first)
    kept: list[Start] = []
    preamble_from = first
    for position, group in enumerate(groups):
        if position in wrappers and version.instrument is None:
            version.instrument = _instrument(lines, group, _text(lines, preamble_from, group[0].line), wrapped)
            preamble_from = _instrument_end(lines, group[-1])
        elif position not in wrappers:
            kept += group
    if not kept:
        return None
    version.restarts = restarts + len(groups) - len(wrappers) - 1
    preamble_lines = lines[preamble_from : kept[0].line]
    version.preamble = "\n\n".join(_paragraphs(lines, preamble_from, kept[0].line, wrapped, short_ends=bool(wrapped)))
    version.title = _title(preamble_lines)
    for position, start in enumerate(kept):
        last = position + 1 == len(kept)
        article_end = end if last else kept[position + 1].line
        article, closing = _article(lines, start, article_end, wrapped, last)
        version.articles.append(article)
        if last:
            version.closing = "\n\n".join(closing)
    return version


def split_versions(text: str) -> tuple[list[Version], list[dict]]:
    """The versions of a text, and what the reader did that a user must know (warnings)."""
    lines = split_lines(text)
    versions: list[Version] = []
    notes: list[dict] = []
    pending_first = 0
    for segment in segments_of(lines):
        version = read_segment(lines, pending_first, segment.end, segment.language)
        if version is None:
            continue  # no articles: its text belongs to the next version's preamble
        pending_first = segment.end
        same = next((v for v in versions if v.language == version.language), None)
        if same is not None:
            same.articles += version.articles
            same.restarts += 1
            same.closing = version.closing
            notes.append({"kind": "renumbered", "language": version.language, "detail": "second_text"})
        else:
            versions.append(version)
    if versions and pending_first < len(lines):
        tail = "\n\n".join(line.text for line in lines[pending_first:])
        versions[-1].closing = "\n\n".join(p for p in (versions[-1].closing, tail) if p)
    return versions, notes
