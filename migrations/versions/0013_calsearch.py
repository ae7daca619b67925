"""search: a transliteration key beside the folded text, the texts per language, and the full-text
index over both (FTS5 with two columns on SQLite; a stored, generated tsvector with a GIN index on
PostgreSQL instead of the expression index)

Revision ID: 0013_calsearch
Revises: 0013_mail
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_calsearch"
down_revision = "0013_mail"
branch_labels = None
depends_on = None

TRIGGERS = ("search_entry_ai", "search_entry_ad", "search_entry_au")
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(folded, keyed, content='search_entry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_fts(rowid, folded, keyed) VALUES (new.id, new.folded, new.keyed); END",
    "CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded, keyed) VALUES ('delete', old.id, old.folded, old.keyed); END",
    "CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded, keyed) VALUES ('delete', old.id, old.folded, old.keyed); "
    "INSERT INTO search_fts(rowid, folded, keyed) VALUES (new.id, new.folded, new.keyed); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
OLD_SQLITE_FTS = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(folded, content='search_entry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
    "CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); END",
    "CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); "
    "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
PG_TERMS = (
    "ALTER TABLE search_entry ADD COLUMN terms tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, folded || ' ' || keyed)) STORED"
)


def _drop_sqlite_fts():
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS search_fts")


def upgrade():
    with op.batch_alter_table("search_entry") as batch:
        batch.add_column(sa.Column("keyed", sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("texts", sa.JSON(), server_default="{}", nullable=False))
    _key_existing_entries()
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_search_entry_fts")
        op.execute(PG_TERMS)
        op.execute("CREATE INDEX ix_search_entry_fts ON search_entry USING gin (terms)")
    else:
        _drop_sqlite_fts()
        for statement in SQLITE_FTS:
            op.execute(statement)


def _key_existing_entries():
    """Entries written before the key get it now (their texts per language come with the next
    `flask search reindex`; until then a snippet is cut from the joined text, as before)."""
    from planner.search.folding import key

    entry = sa.table("search_entry", sa.column("id", sa.Integer), sa.column("text", sa.Text), sa.column("keyed"))
    connection = op.get_bind()
    rows = connection.execute(sa.select(entry.c.id, entry.c.text)).all()
    for row in rows:
        connection.execute(entry.update().where(entry.c.id == row.id).values(keyed=key(row.text or "")))


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_search_entry_fts")
        op.execute("ALTER TABLE search_entry DROP COLUMN terms")
        op.execute(
            "CREATE INDEX ix_search_entry_fts ON search_entry USING gin (to_tsvector('simple'::regconfig, folded))"
        )
    else:
        _drop_sqlite_fts()
    with op.batch_alter_table("search_entry") as batch:
        batch.drop_column("texts")
        batch.drop_column("keyed")
    if op.get_bind().dialect.name != "postgresql":
        for statement in OLD_SQLITE_FTS:
            op.execute(statement)
