"""Store what the MoU reader found as a draft agreement with every article in every version."""

from __future__ import annotations

from planner.agreements.models import Agreement, Article, ArticleVersion
from planner.mou.vocabulary import ACTIVITY_KINDS


def agreement_from_reading(reading: dict, source_text: str = "") -> Agreement:
    """A draft Agreement (not yet added to a session) built from `parse_mou` output."""
    term = reading.get("term") or {}
    notice = term.get("notice") or {}
    versions = reading["versions"]
    agreement = Agreement(
        title={lang: _title(version) for lang, version in versions.items() if _title(version)},
        status="draft",
        term_years=term.get("years"),
        renewal_years=term.get("renewal_years"),
        notice_amount=notice.get("amount"),
        notice_unit=notice.get("unit"),
        default_terms=reading.get("default_terms") or "unspecified",
        project_agreement_required=bool(reading.get("project_agreement_required")),
        languages=list(reading["languages"]),
        preambles={lang: version.get("preamble", "") for lang, version in versions.items()},
        discrepancies=list(reading.get("discrepancies") or []),
        source_text=source_text,
    )
    agreement.articles = _articles(reading)
    return agreement


def _title(version: dict) -> str:
    return " ".join((version.get("title") or "").split())[:300]


def _articles(reading: dict) -> list[Article]:
    """One Article per number; one ArticleVersion per language version that has it."""
    by_number: dict[int, Article] = {}
    for position, language in enumerate(reading["languages"]):
        for found in reading["versions"][language]["articles"]:
            article = by_number.setdefault(found["number"], Article(number=found["number"], activities=[]))
            article.versions.append(
                ArticleVersion(
                    language=language,
                    position=position,
                    heading=found["heading"][:200],
                    text=found["text"],
                    activities=list(found["activities"]),
                )
            )
            found_here = set(article.activities) | set(found["activities"])
            article.activities = [kind for kind in ACTIVITY_KINDS if kind in found_here]
    return [by_number[number] for number in sorted(by_number)]
