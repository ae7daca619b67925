"""Keeping the search index current: every flush notes which searchable records changed, and
before the commit their entries are rebuilt in the same transaction (so a rolled-back change
leaves the index as it was). Views and operations do nothing for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import delete, event, insert, select, text
from sqlalchemy.orm import Session, selectinload

from planner.multilingual import texts
from planner.search.folding import fold, key
from planner.search.models import FTS_TABLE, PG_INDEX, SearchEntry

PENDING = "search_pending"


NEUTRAL = ""  # the language key of texts in no one language (a city, a short name, a protocol's text)

Document = tuple[dict, dict]  # (title per language, text per language)


def _document(title: dict, *values) -> Document:
    """The title, and the lines of every value kept per language (plain strings as NEUTRAL), each
    line once per language: a snippet is then cut from the version that matched."""
    lines: dict[str, dict[str, None]] = {}
    for value in (title, *values):
        pairs = value.items() if isinstance(value, dict) else [(NEUTRAL, value)]
        for language, line in pairs:
            if isinstance(line, str) and line:
                lines.setdefault(language, {})[line] = None
    return title, {language: "\n".join(found) for language, found in lines.items()}


def _per_row(rows: Iterable, singles: Iterable[str]) -> list[dict]:
    return [texts(row, single) for row in rows for single in singles]


def agreement_document(agreement) -> Document:
    """Title in every language and its protocols; the articles have entries of their own."""
    return _document(agreement.title, *[p.text for p in agreement.protocols])


def article_document(versions) -> Document:
    """An article's heading and text in each language version."""
    headings = {v.language: v.heading for v in versions if v.heading}
    return _document(headings, {v.language: v.text for v in versions})


def plan_document(plan) -> Document:
    """Title and description, and its loan objects' titles and notes and its people's roles in
    every language (a Russian word finds the plan whose object has an English title too)."""
    from planner.plans.models import LOAN_TEXTS, PARTICIPANT_TEXTS

    parts = [*_per_row(plan.loan_objects, LOAN_TEXTS), *_per_row(plan.participants, PARTICIPANT_TEXTS)]
    return _document(plan.title, plan.description, *parts)


def event_document(event_row) -> Document:
    """Title and description in every language (`planner.multilingual`)."""
    return _document(texts(event_row, "title"), texts(event_row, "description"))


def institution_document(institution) -> Document:
    return _document(institution.name, institution.short_name, institution.city)


def site_document(site) -> Document:
    return _document(site.name, site.address, site.city, site.description, *_per_row([site], ("precision_note",)))


def entry_values(kind: str, record_id: int, agreement_id, institution_id, document: Document) -> dict:
    """The columns of one entry: the texts joined, folded and keyed (`folding`), ready to write."""
    title, by_language = document
    by_language = {language: value.replace("\x00", "") for language, value in by_language.items()}
    # every line once (a title the same in two languages is one line), NULs have no place in text
    text = "\n".join(dict.fromkeys(line for value in by_language.values() for line in value.splitlines()))
    return dict(
        kind=kind,
        record_id=record_id,
        agreement_id=agreement_id,
        institution_id=institution_id,
        title=title,
        texts=by_language,
        text=text,
        folded=fold(text),
        keyed=key(text),
    )


def _roots(obj) -> Iterable[tuple[str, int]]:
    """The searchable records a changed object belongs to."""
    from planner.agreements.models import Agreement, Article, ArticleVersion, Institution, Protocol
    from planner.maps.models import Site
    from planner.plans.events import Event
    from planner.plans.models import LoanObject, Participant, Plan

    direct = {Agreement: "agreement", Plan: "plan", Event: "event", Institution: "institution", Site: "site"}
    kind = direct.get(type(obj))
    if kind and obj.id is not None:
        yield kind, obj.id
    elif isinstance(obj, Article) and obj.id is not None:
        yield "article", obj.id
    elif isinstance(obj, Protocol) and obj.agreement_id:
        yield "agreement", obj.agreement_id
    elif isinstance(obj, ArticleVersion) and obj.article_id:
        yield "article", obj.article_id
    elif isinstance(obj, LoanObject | Participant) and obj.plan_id:
        yield "plan", obj.plan_id  # their texts are in the plan's entry


def note_changes(session: Session, flush_context) -> None:
    """after_flush: remember the records whose entries must be rebuilt."""
    pending = session.info.setdefault(PENDING, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        pending.update(_roots(obj))


def _upsert(session: Session, kind: str, record_id: int, agreement_id, institution_id, document) -> None:
    values = entry_values(kind, record_id, agreement_id, institution_id, document)
    entry = session.scalar(select(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.record_id == record_id))
    if entry is None:
        session.add(SearchEntry(**values))
        return
    for name, value in values.items():
        if getattr(entry, name) != value:
            setattr(entry, name, value)


def _drop(session: Session, kind: str, record_ids: Iterable[int]) -> None:
    ids = list(record_ids)
    if ids:
        session.execute(delete(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.record_id.in_(ids)))


def reindex(session: Session, kind: str, record_id: int, done: set | None = None) -> None:
    """Rebuild (or drop, when gone or deleted) the entry of one record (once per ``done`` set)."""
    done = set() if done is None else done
    if (kind, record_id) in done:
        return
    done.add((kind, record_id))
    from planner.agreements.models import Agreement, Article, Institution
    from planner.maps.models import Site
    from planner.plans.events import Event
    from planner.plans.models import Plan

    if kind == "article":
        article = session.get(Article, record_id)
        if article is None or article.agreement is None:
            _drop(session, kind, [record_id])
        else:
            _upsert(session, kind, article.id, article.agreement_id, None, article_document(article.versions))
        return
    model = {"agreement": Agreement, "plan": Plan, "event": Event, "institution": Institution, "site": Site}[kind]
    row = session.get(model, record_id)
    if row is None:
        _drop(session, kind, [record_id])
    elif kind == "agreement":
        _upsert(session, kind, row.id, row.id, None, agreement_document(row))
    elif kind == "plan":
        _reindex_plan(session, row, done)
    elif kind == "event":
        if row.deleted_at is not None or row.plan.deleted_at is not None:
            _drop(session, kind, [row.id])
        else:
            _upsert(session, kind, row.id, row.plan.agreement_id, None, event_document(row))
    elif kind == "institution":
        _upsert(session, kind, row.id, None, row.id, institution_document(row))
    else:
        _upsert(session, kind, row.id, None, row.institution_id, site_document(row))


def _reindex_plan(session: Session, plan, done: set) -> None:
    """A plan and its events: dropped together while the plan is deleted, back when restored."""
    if plan.deleted_at is not None:
        _drop(session, "plan", [plan.id])
        _drop(session, "event", [e.id for e in plan.events])
        return
    _upsert(session, "plan", plan.id, plan.agreement_id, None, plan_document(plan))
    for event_row in plan.events:
        reindex(session, "event", event_row.id, done)


def apply_pending(session: Session) -> None:
    """before_commit: rebuild what the flushes of this transaction touched."""
    for _round in range(5):  # rebuilding flushes too; entries are not searchable records, so this settles
        session.flush()
        pending = session.info.pop(PENDING, set())
        if not pending:
            return
        done: set = set()
        for kind, record_id in sorted(pending):
            reindex(session, kind, record_id, done)


BULK = 2000  # entries per INSERT statement of a full reindex


def reindex_everything(session: Session) -> int:
    """Rebuild the whole index (after bulk loads that bypass the session; `flask search reindex`):
    each kind read in a few statements, its entries written a few thousand to an INSERT, instead
    of a read and a write per record. Returns the entry count."""
    session.execute(delete(SearchEntry))  # first: the transaction is open before any DDL below
    count = 0
    with _full_text_rebuilt_once(session):
        for rows in _every_entry(session):
            for first in range(0, len(rows), BULK):
                session.execute(insert(SearchEntry), rows[first : first + BULK])
            count += len(rows)
    session.info.pop(PENDING, None)
    session.commit()
    if session.connection().dialect.name == "postgresql":
        # fresh statistics: with stale ones the planner guessed rare words common and read the
        # whole table instead of the GIN index (tens of milliseconds instead of a few at 100x)
        session.execute(text(f"ANALYZE {SearchEntry.__tablename__}"))
        session.commit()
    return count


@contextmanager
def _full_text_rebuilt_once(session: Session) -> Iterator[None]:
    """The full-text index built once from the written entries instead of row by row, in the same
    transaction (a failure rolls it all back): on SQLite the FTS5 table rebuilt with its triggers
    dropped meanwhile (30 s for 60,000 entries, against 1.5 s); on PostgreSQL the GIN index
    dropped and made again over the stored vectors. Each is made again from its own stored
    definition, so this follows the migrations."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        found = connection.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :table"),
            {"table": SearchEntry.__tablename__},
        ).all()
        drop, rebuild = 'DROP TRIGGER "{}"', [f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"]
    else:
        found = connection.execute(
            text("SELECT indexname, indexdef FROM pg_indexes WHERE indexname = :name"), {"name": PG_INDEX}
        ).all()
        drop, rebuild = 'DROP INDEX "{}"', []
    for name, _definition in found:
        connection.execute(text(drop.format(name)))
    yield
    for statement in rebuild + [definition for _name, definition in found]:
        connection.execute(text(statement))


def _every_entry(session: Session) -> Iterator[list[dict]]:
    """The entries of every searchable record, a kind at a time (what `reindex` would write)."""
    from planner.agreements.models import Agreement, Article, Institution
    from planner.maps.models import Site
    from planner.plans.events import Event
    from planner.plans.models import Plan

    agreements = session.scalars(select(Agreement).options(selectinload(Agreement.protocols))).all()
    yield [entry_values("agreement", a.id, a.id, None, agreement_document(a)) for a in agreements]
    articles = session.scalars(select(Article).options(selectinload(Article.versions))).all()
    yield [entry_values("article", a.id, a.agreement_id, None, article_document(a.versions)) for a in articles]
    plans = session.scalars(
        select(Plan)
        .where(Plan.deleted_at.is_(None))
        .options(selectinload(Plan.loan_objects), selectinload(Plan.participants))
    ).all()
    yield [entry_values("plan", p.id, p.agreement_id, None, plan_document(p)) for p in plans]
    events = session.execute(
        select(Event.id, Event.title, Event.titles, Event.description, Event.descriptions, Plan.agreement_id)
        .join(Plan, Event.plan_id == Plan.id)
        .where(Event.deleted_at.is_(None), Plan.deleted_at.is_(None))
    ).all()
    yield [entry_values("event", e.id, e.agreement_id, None, event_document(e)) for e in events]
    institutions = session.scalars(select(Institution)).all()
    yield [entry_values("institution", i.id, None, i.id, institution_document(i)) for i in institutions]
    sites = session.scalars(select(Site)).all()
    yield [entry_values("site", s.id, None, s.institution_id, site_document(s)) for s in sites]


def init_app(app) -> None:
    """Listen on every ORM session (once, however many apps are created)."""
    for name, listener in (("after_flush", note_changes), ("before_commit", apply_pending)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
