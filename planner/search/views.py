"""The search page: /search?q=… (and the box in the header)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from planner.audit.presenting import record_url
from planner.search.folding import passage, query_stems
from planner.search.queries import LIMIT, search

bp = Blueprint("search", __name__)


def body_of(entry, shown_title: str) -> str:
    """An entry's text without the title shown above it (other languages' titles may be what matched)."""
    return "\n".join(line for line in entry.text.splitlines() if line != shown_title)


@bp.route("/search")
@login_required
def results():
    query = (request.args.get("q") or "").strip()[:200]
    stems = query_stems(query)
    entries = search(current_user, stems, request.args.get("kind"))
    return render_template(
        "search/results.html",
        query=query,
        stems=stems,
        entries=entries,
        limit=LIMIT,
        record_url=record_url,
        body_of=body_of,
        passage=lambda text: passage(text, stems),
    )
