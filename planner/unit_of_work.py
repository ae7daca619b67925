"""One transaction per request and per command: the unit of work.

Operations (each domain's `operations.py`) change rows and flush; they never commit. The one
place that commits is `unit_of_work()`: the app runs every view inside it (`PlannerApp`), the
CLI every database command (`planner.cli.database_command`). So two operations called by one
request are kept or lost together, and a refused or failed one leaves nothing behind.

A stale write (someone saved the same row first: SQLAlchemy's version check raises
StaleDataError, at the flush or at the commit) and a broken unique constraint become the one
`Conflict("stale")` both surfaces answer (the page with a flash message, the API with 412).
An operation that wants its own words for it flushes through `flush(conflict)`.

Operations check first and change after, so a refusal (a domain error) leaves nothing to keep:
a page that catches one to show it on its form may answer normally. An operation that finds a
problem only after changing rows raises without catching it, and the unit rolls back.

Two writers keep their own transactions on purpose: the feed store (its texts are stored while
a streamed feed is read, after the view has returned) and the approval decision
(`plans.operations.approve`, which starts from a fresh transaction to lock the plan row)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from planner.errors import Conflict
from planner.extensions import db

_WROTE = "planner.unit_of_work.wrote"  # session.info: this transaction has sent a write
_DEPTH = "planner.unit_of_work.depth"  # session.info: how many units are open (the outermost commits)
WRITE_FAILURES = (StaleDataError, IntegrityError)


def stale() -> Conflict:
    """The conflict of a write that lost against someone else's."""
    return Conflict("stale", _("It changed since you read it: read it again and retry. Nothing was saved."))


def flush(conflict: Callable[[], Conflict] = stale) -> None:
    """Send the changes so far to the database, inside the unit of work: ids are known after
    it, and a stale version or a duplicate raises here as `conflict()`, with the whole unit
    rolled back."""
    try:
        db.session.flush()
    except WRITE_FAILURES:
        db.session.rollback()
        raise conflict() from None


@contextmanager
def unit_of_work(conflict: Callable[[], Conflict] = stale) -> Iterator[Session]:
    """Run the block as one transaction: commit what it changed when it ends normally (a stale
    write becomes `conflict()`), roll everything back when it raises. A unit opened inside
    another joins it: only the outermost one commits."""
    session = db.session()
    depth = session.info.get(_DEPTH, 0)
    session.info[_DEPTH] = depth + 1
    try:
        yield session
        if depth == 0 and has_changes(session):
            session.commit()
    except WRITE_FAILURES:
        session.rollback()
        raise conflict() from None
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info[_DEPTH] = depth


def begin_afresh() -> None:
    """Start the unit's transaction again, for an operation that must decide on the rows as
    stored now (the approval decision locks its plan row and reads after the lock). It may only
    come first in its unit: dropping changes made before it would lose them silently."""
    if has_changes(db.session()):
        raise RuntimeError("an operation that begins afresh must come first in its unit of work")
    db.session.rollback()


def has_changes(session: Session) -> bool:
    """Whether the transaction holds anything to commit. A request that only read commits
    nothing, so the rows it loaded are not expired under its after-request hooks."""
    return bool(session.info.get(_WROTE) or session.new or session.dirty or session.deleted)


def _note_write(session: Session, *_args) -> None:
    session.info[_WROTE] = True


def _note_statement(state) -> None:
    """Bulk UPDATE/DELETE/INSERT statements run through the ORM count as writes too."""
    if state.is_update or state.is_delete or state.is_insert:
        state.session.info[_WROTE] = True


def _forget_writes(session: Session, *_args) -> None:
    session.info.pop(_WROTE, None)


def init_app(app) -> None:
    """Listen on every ORM session (once, however many apps are created)."""
    for name, listener in (
        ("after_flush", _note_write),
        ("do_orm_execute", _note_statement),
        ("after_commit", _forget_writes),
        ("after_rollback", _forget_writes),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
