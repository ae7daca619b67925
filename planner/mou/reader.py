"""The MoU reader: from the text of a memorandum (one or more language versions of equal
force) to its versions, articles and clauses, their activities, the term, the costs, the
signing, the parties, a wrapping instrument, the discrepancies between versions and the
warnings a user must read. Pure functions: no Flask, no database, linear in the text."""

from __future__ import annotations

from planner.mou.activities import classify_activities
from planner.mou.discrepancies import find_discrepancies
from planner.mou.errors import MouError
from planner.mou.languages import SUPPORTED
from planner.mou.lexicon import ENTRY_INTO_FORCE
from planner.mou.lines import ends_sentence
from planner.mou.signatories import signatories
from planner.mou.structure import Version, split_versions
from planner.mou.terms import project_agreement_required, read_costs, read_parties, read_signed, read_term
from planner.mou.titles import short_title

STYLE_NAMES = {"headings": "article headings", "clause_numbers": "clause numbers (1., 2., …)"}


def _articles_text(version: Version) -> str:
    return "\n\n".join(a["text"] for a in version.articles)


def _warnings(versions: list[Version], notes: list[dict]) -> list[dict]:
    warnings = []
    for version in versions:
        language = version.language
        if language not in SUPPORTED:
            warnings.append({"kind": "unsupported_language", "language": language, "detail": language})
        if version.style != "headings":
            warnings.append(
                {
                    "kind": "heading_style",
                    "language": language,
                    "style": version.style,
                    "detail": f"{language}: articles found by {STYLE_NAMES[version.style]}",
                }
            )
        if version.restarts > 0:
            warnings.append({"kind": "renumbered", "language": language, "detail": f"{language}: numbering restarts"})
    last = versions[-1]
    final = last.articles[-1]["text"] if last.articles else ""
    tail = last.closing.strip().rsplit("\n\n", 1)[-1]
    cut_in_closing = len(tail.split()) >= 20 and not ends_sentence(tail)
    if cut_in_closing or (not last.closing.strip() and final and not ends_sentence(final)):
        warnings.append(
            {
                "kind": "truncated",
                "language": last.language,
                "detail": f"the text ends mid-sentence in article {last.articles[-1]['number']}",
            }
        )
    warnings += [
        n for n in notes if not any(w["kind"] == n["kind"] and w.get("language") == n.get("language") for w in warnings)
    ]
    return warnings


def _source(versions: list[Version]) -> Version:
    return next((v for v in versions if v.language == "en"), versions[0])


def _read_costs(versions: list[Version]) -> tuple[str | None, list[dict], bool]:
    """Costs and the separate agreement, from the English version first, then the others."""
    ordered = [_source(versions)] + [v for v in versions if v is not _source(versions)]
    terms, rules, separate = None, [], False
    for version in ordered:
        text = _articles_text(version)
        found_terms, found_rules = read_costs(text)
        terms, rules = terms or found_terms, rules or found_rules
        separate = separate or project_agreement_required(text)
    return terms, rules, separate


def _own_articles(version: Version) -> str:
    """The agreement's entry-into-force article(s), among its last few (final provisions come
    last; looking no further keeps a long text's reading linear): there "it" is the agreement."""
    return "\n\n".join(a["text"] for a in version.articles[-4:] if ENTRY_INTO_FORCE.search(a["text"].lower()))


def _read_term(versions: list[Version]) -> dict:
    source = _source(versions)
    term = read_term(_articles_text(source), source.language, _own_articles(source))
    for version in versions:
        if version is _source(versions):
            continue
        if term["years"] is not None and term["notice"] is not None:
            break
        other = read_term(_articles_text(version), version.language, _own_articles(version))
        term.update({k: v for k, v in other.items() if term.get(k) in (None, False, "none") and v})
    return term


def parse_mou(text: str) -> dict:
    """The whole reading, JSON-ready (see DESIGN.md, `mou parse --json`)."""
    if not text or not text.strip():
        raise MouError("empty", "the document is empty")
    versions, notes = split_versions(text)
    if not versions:
        raise MouError(
            "no_articles",
            "no articles were found (Article 1, Статья-1, Madde 1, 1-бап, 1-modda, Article I, or 1., 2., 3.)",
        )
    for version in versions:
        for article in version.articles:
            article["activities"] = classify_activities(article["text"], version.language)
    default_terms, cost_rules, separate = _read_costs(versions)
    parties = {v.language: read_parties(v.preamble) for v in versions}
    instrument = next((v.instrument for v in versions if v.instrument), None)
    warnings = _warnings(versions, notes)
    signing = {v.language: signatories(v.preamble, v.closing) for v in versions}
    recognised = getattr(text, "ocr", None)  # a scan's text, from planner.mou.ocr
    if recognised:
        warnings.append(
            {
                "kind": "recognised_text",
                "detail": f"recognised from {recognised['pages']} scanned page(s), "
                f"confidence {recognised['confidence']}%: check names, numbers and dates",
            }
        )
    return {
        "languages": [v.language for v in versions],
        "versions": {v.language: {"title": v.title, "preamble": v.preamble, "articles": v.articles} for v in versions},
        "term": _read_term(versions),
        "default_terms": default_terms,
        "cost_rules": cost_rules,
        "project_agreement_required": separate,
        "signed": read_signed(_signing_blocks(versions, instrument)),
        "parties": parties,
        "titles": {v.language: short_title(v.language, v.title, v.preamble, parties[v.language]) for v in versions},
        "instrument": instrument,
        "discrepancies": find_discrepancies(versions),
        "warnings": warnings,
        "ocr": recognised,
        "signatories": {language: [name for name, _ in found] for language, found in signing.items()},
        "signatory_titles": {language: [title for _, title in found] for language, found in signing.items()},
    }


def _signing_blocks(versions: list[Version], instrument: dict | None) -> list[tuple[str, str, str]]:
    """Where the signing is looked for, most trusted first: the closing formula (the last
    article's last paragraph, the block after it), a dated line under the title, the opening,
    the instrument, and only then any article."""
    blocks = []
    for version in versions:
        last = version.articles[-1]["text"].rsplit("\n\n", 1)[-1] if version.articles else ""
        blocks += [("closing", last, "\n"), ("closing", version.closing, "\n")]
    blocks += [("title", "\n\n".join(v.preamble.split("\n\n")[:4]), "\n\n") for v in versions]
    blocks += [("preamble", v.preamble, "") for v in versions]
    if instrument:
        blocks.append(("instrument", "\n".join(a["text"] for a in instrument["articles"]), ""))
    return blocks + [("article", _articles_text(v), "") for v in versions]


def find_articles(version_text: str) -> list[dict]:
    """The articles of one version's text."""
    return split_versions(version_text)[0][0].articles
