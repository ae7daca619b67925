"""Where one language version ends and the next begins: each line gets a language from its
letters, lines that do not tell (short, no telling letter) take their neighbours' language,
and short islands (a signatory's name in another script) join the text around them. So a
version ends where the next one's title starts, whatever its articles look like."""

from __future__ import annotations

from dataclasses import dataclass

from planner.mou.languages import LINE_SAMPLE, SURE_LETTERS, letters, line_language, script_default
from planner.mou.lines import MARKER, Line, is_title_like

ISLAND_LETTERS = 80  # a run with fewer letters is not a version of its own


@dataclass
class Segment:
    language: str
    start: int  # index of the first line
    end: int  # index after the last line


def _known_languages(lines: list[Line]) -> tuple[list[str | None], list[str | None]]:
    scripts, languages = [], []
    for line in lines:
        heading = MARKER.match(line.text)
        if heading and letters(heading.group("rest")[:LINE_SAMPLE]) < SURE_LETTERS:
            scripts.append(None)  # a heading alone tells nothing: its text does
            languages.append(None)
            continue
        script, language = line_language(line.text)
        scripts.append(script)
        languages.append(language)
    return scripts, languages


def _nearest(languages, scripts, order) -> list[tuple[str | None, str | None]]:
    """For each line, the (script, language) of the nearest line that tells, in one direction."""
    found: list[tuple[str | None, str | None]] = [(None, None)] * len(languages)
    last: tuple[str | None, str | None] = (None, None)
    for index in order:
        found[index] = last
        if languages[index]:
            last = (scripts[index], languages[index])
    return found


def assign_languages(lines: list[Line]) -> list[str]:
    """A language for every line (linear: one pass each way)."""
    scripts, languages = _known_languages(lines)
    before = _nearest(languages, scripts, range(len(lines)))
    after = _nearest(languages, scripts, range(len(lines) - 1, -1, -1))
    assigned = []
    for index, line in enumerate(lines):
        if languages[index]:
            assigned.append(languages[index])
            continue
        script = scripts[index]
        previous, following = before[index], after[index]
        same_before = previous[1] if previous[0] == script or script is None else None
        same_after = following[1] if following[0] == script or script is None else None
        if same_before and same_after and same_before != same_after:
            starts_something = is_title_like(line) or MARKER.match(line.text)
            assigned.append(same_after if starts_something else same_before)
        else:
            assigned.append(same_before or same_after or script_default(line.text, script, previous[1]))
    return assigned


def segments_of(lines: list[Line]) -> list[Segment]:
    """Runs of lines in one language; islands merged into a neighbour of the same script
    (else the one before), then neighbours of one language merged."""
    languages = assign_languages(lines)
    runs: list[Segment] = []
    for index, language in enumerate(languages):
        if runs and runs[-1].language == language:
            runs[-1].end = index + 1
        else:
            runs.append(Segment(language, index, index + 1))
    weights = [sum(_weight(lines[i].text) for i in range(run.start, run.end)) for run in runs]
    kept: list[Segment] = []
    for position, run in enumerate(runs):
        if weights[position] >= min(ISLAND_LETTERS, max(weights) // 4) or len(runs) == 1:
            _append(kept, run)
            continue
        following = runs[position + 1] if position + 1 < len(runs) else None
        if kept and (following is None or not _same_script(run, following) or _same_script(run, kept[-1])):
            kept[-1].end = run.end
        elif following is not None:
            following.start = run.start
        else:
            _append(kept, run)
    return kept


def _weight(text: str) -> int:
    """The letters of a line, estimated from its first characters (bounded cost)."""
    if len(text) <= LINE_SAMPLE:
        return letters(text)
    return letters(text[:LINE_SAMPLE]) * len(text) // LINE_SAMPLE


def _same_script(one: Segment, other: Segment) -> bool:
    cyrillic = {"ru", "kk", "uk"}
    return (one.language in cyrillic) == (other.language in cyrillic)


def _append(kept: list[Segment], run: Segment) -> None:
    if kept and kept[-1].language == run.language:
        kept[-1].end = run.end
    else:
        kept.append(run)
