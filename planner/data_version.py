"""The data version: one row that every change of the planner's content replaces, in the same
transaction as the change. Caches (feeds, maps) key on it, so a change anywhere makes every
cached copy unreachable at once, in every gunicorn worker, without the workers telling each
other anything; and reading it is one primary-key lookup, whatever the size of the data."""

from __future__ import annotations

import secrets
from datetime import datetime
from itertools import chain

from sqlalchemy import DateTime, String, event, insert, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from planner.extensions import db
from planner.models_base import utcnow

# Rows that change no feed or map: who logged in, their tokens, the audit log, this row. (The
# feeds' stored texts are written without the ORM, so no flush sees them: see feed_store.)
UNTRACKED_TABLES = frozenset({"user", "token", "audit_entry", "data_version"})
ROW_ID = 1


class DataVersion(db.Model):
    __tablename__ = "data_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(DateTime)


def mark_changed(connection) -> None:
    """A new token and time. Writers that bypass the ORM (bulk inserts, imports) call this;
    ORM writes get it from the flush listener below."""
    table = DataVersion.__table__
    values = {"token": secrets.token_hex(16), "changed_at": utcnow()}
    if connection.execute(update(table).where(table.c.id == ROW_ID).values(**values)).rowcount == 0:
        connection.execute(insert(table).values(id=ROW_ID, **values))


def current_version() -> tuple[str | None, datetime]:
    """(token, time of the last change); token None when nothing was ever recorded (then
    nothing may be cached, as the next change could not be told from this state)."""
    row = db.session.execute(select(DataVersion.token, DataVersion.changed_at).where(DataVersion.id == ROW_ID)).first()
    return (row.token, row.changed_at) if row else (None, datetime(2000, 1, 1))


def _tracked(instance) -> bool:
    return getattr(instance, "__tablename__", None) not in UNTRACKED_TABLES


@event.listens_for(Session, "before_flush")
def _record_change(session: Session, flush_context, instances) -> None:
    """Any added, changed or deleted row of the content moves the version, inside the flush's
    transaction: a reader sees the new version exactly when it can see the change."""
    touched = chain(session.new, session.deleted, (o for o in session.dirty if session.is_modified(o)))
    if any(_tracked(instance) for instance in touched):
        mark_changed(session.connection())
