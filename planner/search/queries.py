"""Searching the index: full-text on the database's own engine, then the reader's rights."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, func, literal_column, not_, or_, select, text

from planner.agreements.access import readable_agreements, readable_institutions
from planner.agreements.models import Agreement, Article, Institution
from planner.extensions import db
from planner.plans.access import draft_rule
from planner.plans.events import Event
from planner.plans.models import Plan
from planner.search.folding import fts5_query, tsquery
from planner.search.models import FTS_TABLE, PG_TERMS, SearchEntry
from planner.vocabulary import PlanStatus

LIMIT = 100
KIND_ORDER = ("agreement", "article", "plan", "event", "institution", "site")


def readable_entries(user) -> ColumnElement[bool]:
    """Entries of records the user may read: agreements and what hangs on them by agreement,
    institutions by the institution rule, sites by their institution (or none)."""
    agreements = select(Agreement.id).where(readable_agreements(user))
    institutions = select(Institution.id).where(readable_institutions(user))
    # other institutions' drafts (the status first: its index finds the few drafts)
    hidden_plans = select(Plan.id).where(Plan.status == PlanStatus.DRAFT, not_(draft_rule(user)))
    hidden_events = select(Event.id).where(Event.plan_id.in_(hidden_plans))
    return or_(
        and_(SearchEntry.kind.in_(("agreement", "article")), SearchEntry.agreement_id.in_(agreements)),
        and_(
            SearchEntry.kind == "plan",
            SearchEntry.agreement_id.in_(agreements),
            SearchEntry.record_id.not_in(hidden_plans),
        ),
        and_(
            SearchEntry.kind == "event",
            SearchEntry.agreement_id.in_(agreements),
            SearchEntry.record_id.not_in(hidden_events),
        ),
        and_(SearchEntry.kind == "institution", SearchEntry.institution_id.in_(institutions)),
        and_(
            SearchEntry.kind == "site",
            or_(SearchEntry.institution_id.is_(None), SearchEntry.institution_id.in_(institutions)),
        ),
    )


def _full_text(stems: list[str]) -> ColumnElement[bool]:
    """Every stem, folded or keyed, as a prefix: on PostgreSQL against the stored tsvector (its GIN
    index finds the rows, and no text is parsed again), on SQLite through FTS5."""
    if db.engine.dialect.name == "postgresql":
        config = literal_column("'simple'::regconfig")
        return literal_column(f"search_entry.{PG_TERMS}").op("@@")(func.to_tsquery(config, tsquery(stems)))
    matching = text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match").bindparams(match=fts5_query(stems))
    return SearchEntry.id.in_(matching)


# What the results page shows of an entry (not the folded text or the key, which are as long
# as the text and serve the index only).
SHOWN = (
    SearchEntry.id,
    SearchEntry.kind,
    SearchEntry.record_id,
    SearchEntry.agreement_id,
    SearchEntry.title,
    SearchEntry.texts,
    SearchEntry.text,
)


def search(user, stems: list[str], kind: str | None = None) -> list:
    """The entries matching every stem that the user may read, agreements first, at most LIMIT,
    with only the columns shown; one statement, the rights and the limit inside it."""
    if not stems:
        return []
    matching = [_full_text(stems), readable_entries(user)]
    if kind in KIND_ORDER:
        matching.append(SearchEntry.kind == kind)
    if db.engine.dialect.name == "postgresql":
        query = _matches_first(matching)
    else:  # SQLite plans FTS5's rowids first by itself
        query = select(*SHOWN).where(*matching).order_by(SearchEntry.kind, SearchEntry.record_id).limit(LIMIT)
    entries = db.session.execute(query).all()
    return sorted(entries, key=lambda e: (KIND_ORDER.index(e.kind), e.record_id))


def _matches_first(matching: list) -> Select:
    """PostgreSQL: the matches and the rights on the GIN index's rows alone (materialized: else the
    planner may walk the whole table in the order of the results, testing each row, when it
    guesses a rare word common), then the first LIMIT of them, and only for those the columns shown."""
    found = select(SearchEntry.id, SearchEntry.kind, SearchEntry.record_id).where(*matching)
    found = found.cte("found").prefix_with("MATERIALIZED")
    first = select(found.c.id).order_by(found.c.kind, found.c.record_id).limit(LIMIT)
    return select(*SHOWN).where(SearchEntry.id.in_(first))


def article_numbers(entries) -> dict[int, int]:
    """The numbers of the articles among the entries (their pages are addressed by number), one statement."""
    ids = [e.record_id for e in entries if e.kind == "article"]
    if not ids:
        return {}
    return dict(db.session.execute(select(Article.id, Article.number).where(Article.id.in_(ids))).all())
