"""Keeping the search index current: every flush notes which searchable records changed, and
before the commit their entries are rebuilt in the same transaction (so a rolled-back change
leaves the index as it was). Views and operations do nothing for it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, event, select
from sqlalchemy.orm import Session

from planner.multilingual import all_values, texts
from planner.search.folding import fold
from planner.search.models import SearchEntry

PENDING = "search_pending"


def _values(value) -> list[str]:
    """The texts of a multilingual value (a dict per language) or of a plain string."""
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, str) and v]
    return [value] if isinstance(value, str) and value else []


def _document(title: dict, *texts) -> tuple[dict, str]:
    lines = []
    for value in (title, *texts):
        lines += _values(value)
    return title, "\n".join(dict.fromkeys(lines))


def agreement_document(agreement) -> tuple[dict, str]:
    """Title in every language, and every version of every article (heading and text)."""
    articles = [(v.heading, v.text) for a in agreement.articles for v in a.versions]
    return _document(agreement.title, *[t for pair in articles for t in pair], *[p.text for p in agreement.protocols])


def plan_document(plan) -> tuple[dict, str]:
    """Title and description, and its loan objects' titles and notes and its people's roles in
    every language (a Russian word finds the plan whose object has an English title too)."""
    from planner.plans.models import LOAN_TEXTS, PARTICIPANT_TEXTS

    parts = [*all_values(plan.loan_objects, LOAN_TEXTS), *all_values(plan.participants, PARTICIPANT_TEXTS)]
    return _document(plan.title, plan.description, *parts)


def event_document(event_row) -> tuple[dict, str]:
    """Title and description in every language (`planner.multilingual`)."""
    return _document(texts(event_row, "title"), texts(event_row, "description"))


def institution_document(institution) -> tuple[dict, str]:
    return _document(institution.name, institution.short_name, institution.city)


def site_document(site) -> tuple[dict, str]:
    return _document(site.name, site.address, site.city, site.description, *all_values([site], ("precision_note",)))


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
    elif isinstance(obj, Article | Protocol) and obj.agreement_id:
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
    title, text = document
    text = text.replace("\x00", "")  # a NUL that a JSON title may carry has no place in a text column
    entry = session.scalar(select(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.record_id == record_id))
    if entry is None:
        entry = SearchEntry(kind=kind, record_id=record_id)
        session.add(entry)
    entry.agreement_id, entry.institution_id, entry.title = agreement_id, institution_id, title
    if entry.text != text:
        entry.text, entry.folded = text, fold(text)


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
        if article is not None:
            reindex(session, "agreement", article.agreement_id, done)
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


def reindex_everything(session: Session) -> int:
    """Rebuild the whole index (after bulk loads that bypass the session); returns the entry count."""
    from planner.agreements.models import Agreement, Institution
    from planner.maps.models import Site
    from planner.plans.models import Plan

    session.execute(delete(SearchEntry))
    for kind, model in (("agreement", Agreement), ("plan", Plan), ("institution", Institution), ("site", Site)):
        done: set = set()
        for record_id in session.scalars(select(model.id)).all():
            reindex(session, kind, record_id, done)
    session.info.pop(PENDING, None)
    session.commit()
    return len(session.scalars(select(SearchEntry.id)).all())


def init_app(app) -> None:
    """Listen on every ORM session (once, however many apps are created)."""
    for name, listener in (("after_flush", note_changes), ("before_commit", apply_pending)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
