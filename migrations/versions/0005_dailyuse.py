"""daily use: deactivatable user accounts; the search index (FTS5 on SQLite, GIN on PostgreSQL);
event titles and descriptions in every language (existing values kept in the language they are in)

Revision ID: 0005_dailyuse
Revises: 0005_feeds
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_dailyuse"
down_revision = "0005_documents"
branch_labels = None
depends_on = None

# FTS5 over search_entry.folded (external content), kept in step by triggers.
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(folded, content='search_entry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS search_entry_ai AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
    "CREATE TRIGGER IF NOT EXISTS search_entry_ad AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); END",
    "CREATE TRIGGER IF NOT EXISTS search_entry_au AFTER UPDATE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); "
    "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
]
PG_FTS = "CREATE INDEX ix_search_entry_fts ON search_entry USING gin (to_tsvector('simple'::regconfig, folded))"


def upgrade():
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False))
    op.create_table(
        "search_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=True),
        sa.Column("institution_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("folded", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entry")),
        sa.UniqueConstraint("kind", "record_id", name="uq_search_entry_record"),
    )
    op.create_index(op.f("ix_search_entry_agreement_id"), "search_entry", ["agreement_id"])
    op.create_index(op.f("ix_search_entry_institution_id"), "search_entry", ["institution_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FTS)
    else:
        for statement in SQLITE_FTS:
            op.execute(statement)
    # Existing records are indexed by `flask search reindex` (make run runs `demo seed`, which indexes).
    with op.batch_alter_table("event") as batch:
        batch.add_column(sa.Column("titles", sa.JSON(), server_default="{}", nullable=False))
        batch.add_column(sa.Column("descriptions", sa.JSON(), server_default="{}", nullable=False))
    _multilingual_events()


def _multilingual_events():
    """Each event's one title and description become the value of the language they are in."""
    from planner.i18n import guess_language

    event = sa.table(
        "event",
        sa.column("id", sa.Integer),
        sa.column("title", sa.String),
        sa.column("description", sa.Text),
        sa.column("titles", sa.JSON),
        sa.column("descriptions", sa.JSON),
    )
    connection = op.get_bind()
    for row in connection.execute(sa.select(event.c.id, event.c.title, event.c.description)).all():
        titles = {guess_language(row.title): row.title} if row.title else {}
        descriptions = {guess_language(row.description): row.description} if row.description else {}
        connection.execute(event.update().where(event.c.id == row.id).values(titles=titles, descriptions=descriptions))


def downgrade():
    with op.batch_alter_table("event") as batch:
        batch.drop_column("descriptions")
        batch.drop_column("titles")
    if op.get_bind().dialect.name != "postgresql":
        for name in ("search_entry_ai", "search_entry_ad", "search_entry_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_table("search_entry")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("active")
