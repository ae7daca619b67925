"""One row per searchable record: its texts in every language, the same text folded, and its
transliteration key (`planner.search.folding.key`: «Gəncə», «Gence» and «Гянджа»'s Latin
look-alikes meet there).

The full-text machinery lives beside this table and outside the models (it is not something
SQLAlchemy describes): on SQLite an FTS5 table ``search_fts`` over ``folded`` and ``keyed`` kept
in step by triggers; on PostgreSQL a stored, generated ``tsvector`` column ``terms`` of both with
a GIN index (a query then reads the index and the stored vector, never parsing a text again).
Migrations 0005_dailyuse and 0013_calsearch create them; `schema_object_is_ours` keeps `db check`
from reporting them.
"""

from __future__ import annotations

from sqlalchemy import JSON, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planner.extensions import db

FTS_TABLE = "search_fts"
PG_INDEX = "ix_search_entry_fts"
PG_TERMS = "terms"  # the stored tsvector column on PostgreSQL


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
    keyed: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The text per language ("" for text in no one language), so a snippet is one language's.
    texts: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")


def schema_object_is_ours(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's include_object: leave the FTS5 table (and its shadow tables), the GIN index and
    the tsvector column out."""
    if type_ == "column" and name == PG_TERMS and getattr(obj, "table", None) is not None:
        return obj.table.name != SearchEntry.__tablename__
    return not (name and (name.startswith(FTS_TABLE) or name == PG_INDEX))
