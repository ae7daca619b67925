"""The search page: /search?q=… (and the box in the header)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user, login_required

from planner.audit.presenting import record_url
from planner.i18n import current_locale, fallback_order
from planner.page_cache import cached_page
from planner.search.folding import matches, passage, query_stems
from planner.search.indexing import NEUTRAL
from planner.search.queries import LIMIT, article_numbers, search
from planner.shared_parts import reader_parts, shared_body

bp = Blueprint("search", __name__)


def snippet_source(entry, stems: list[str], locale: str) -> tuple[str | None, str]:
    """The text a result's passage is cut from, and its language: the reader's version when it
    matched, else the first version that matched in the reader's fallback order, else text in no
    one language, else the reader's version (never the four languages run together)."""
    by_language = entry.texts or {NEUTRAL: entry.text}  # an entry written before texts were kept
    order = [*dict.fromkeys((locale, *fallback_order(locale), *sorted(by_language)))]
    versions = [(language, by_language[language]) for language in order if language and by_language.get(language)]
    neutral = [(None, by_language[NEUTRAL])] if by_language.get(NEUTRAL) else []
    for language, text in [*versions, *neutral]:
        if matches(text, stems):
            return language, text
    return ([*versions, *neutral] or [(None, "")])[0]


def body_of(text: str, shown_title: str) -> str:
    """A text without the title shown above it (another language's title may be what matched)."""
    return "\n".join(line for line in text.splitlines() if line != shown_title)


def result_urls(entries) -> Callable:
    """Where each result leads: an article to its own page, the rest to their record's page. The
    addresses are built once per kind with a placeholder number (url_for per result was a fifth
    of the page's time)."""
    numbers = article_numbers(entries)
    bases = {kind: record_url(kind, 0)[:-1] for kind in {e.kind for e in entries} if record_url(kind, 0)}

    def url(entry) -> str | None:
        if entry.kind == "article":
            number = numbers.get(entry.record_id)
            if number is None:
                return None
            return url_for("agreements.article", agreement_id=entry.agreement_id, number=number)
        return bases[entry.kind] + str(entry.record_id) if entry.kind in bases else None

    return url


@bp.route("/search")
@login_required
@cached_page
def results():
    """Search. The results are the same for every reader of one institution and role who reads
    the same records: they are shared (planner.shared_parts), and kept per reader as pages are."""
    return render_template("search/results.html", body=shared_body("search", reader_parts(current_user), _body))


def _body() -> str:
    query = (request.args.get("q") or "").strip()[:200]
    stems = query_stems(query)
    entries = search(current_user, stems, request.args.get("kind"))
    locale = current_locale()
    return render_template(
        "search/_body.html",
        query=query,
        stems=stems,
        entries=entries,
        limit=LIMIT,
        result_url=result_urls(entries),
        snippet=lambda entry: snippet_source(entry, stems, locale),
        body_of=body_of,
        passage=lambda text: passage(text, stems),
    )
