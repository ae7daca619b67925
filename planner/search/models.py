"""One row per searchable record: its texts in every language, and the same text folded.

The full-text machinery lives beside this table and outside the models (it is not something
SQLAlchemy describes): on SQLite an FTS5 table ``search_fts`` over ``folded`` kept in step by
triggers, on PostgreSQL a GIN index on ``to_tsvector('simple', folded)``. Migration
0005_dailyuse creates both; `schema_object_is_ours` keeps `db check` from reporting them.
"""

from __future__ import annotations

from sqlalchemy import JSON, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planner.extensions import db

FTS_TABLE = "search_fts"
PG_INDEX = "ix_search_entry_fts"


class SearchEntry(db.Model):
    __table_args__ = (UniqueConstraint("kind", "record_id", name="uq_search_entry_record"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    record_id: Mapped[int] = mapped_column(Integer)
    # What the reader's rights are checked against (see planner.search.queries).
    agreement_id: Mapped[int | None] = mapped_column(Integer, index=True)
    institution_id: Mapped[int | None] = mapped_column(Integer, index=True)
    title: Mapped[dict] = mapped_column(JSON, default=dict)
    text: Mapped[str] = mapped_column(Text, default="")
    folded: Mapped[str] = mapped_column(Text, default="")


def schema_object_is_ours(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's include_object: leave the FTS5 table (and its shadow tables) and the GIN index out."""
    return not (name and (name.startswith(FTS_TABLE) or name == PG_INDEX))
