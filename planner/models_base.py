"""Column helpers shared by every domain's models."""

from datetime import UTC, datetime

from sqlalchemy import DateTime, select
from sqlalchemy.orm import Mapped, mapped_column

from planner.extensions import db


def utcnow() -> datetime:
    """Naive UTC now: stored naive so SQLite and PostgreSQL hold the same value."""
    return datetime.now(UTC).replace(tzinfo=None)


def naive_utc(moment: datetime) -> datetime:
    """The naive-UTC form the database stores; naive input is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


def still_referenced(row) -> bool:
    """Whether any row of any table points at this one: deleting it would orphan them, so the
    operations that delete an institution or a site refuse it then."""
    target = row.__table__
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            if (
                key.column.table is target
                and db.session.scalar(select(key.parent).where(key.parent == row.id).limit(1)) is not None
            ):
                return True
    return False
