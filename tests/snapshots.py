"""Database states taken once per test session and put back before each test that asks for them.

Seeding the demo costs 0.4 to 0.9 s; putting back the seeded rows costs a few milliseconds on
SQLite and some tens on PostgreSQL. A state is the whole content of the database, as a fresh
seed would leave it: every table (the search index and the data version row included), and the
counters new ids are drawn from, so that a test sees the demo's ids (agreement 1, ...).

- SQLite (in memory, one connection shared by every session: StaticPool): the sqlite3 backup
  API copies the database page by page into a second in-memory database, and back. That copies
  everything SQLite holds, the FTS5 index, its shadow tables and `sqlite_sequence` included.
- PostgreSQL: each table's rows as `COPY ... TO STDOUT` text, and each sequence's value; put
  back by emptying every table (`DELETE`), `COPY ... FROM STDIN` of the stored rows and
  `setval` of every sequence, with triggers and foreign key checks off for the reload
  (`session_replication_role = replica`: the rows were consistent when they were taken).

Either way the data version then gets a new token, as it would after a new seed: caches in the
app's memory (pages, maps, prepared feeds) are keyed on it, and a copy kept by an earlier test
could otherwise be served for rows that test changed without moving the version."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field


def snapshots_for(db):
    """The snapshot keeper for this engine's database."""
    return SqliteSnapshots(db) if db.engine.dialect.name == "sqlite" else PostgresSnapshots(db)


def _fresh_data_version(connection) -> None:
    from planner.data_version import mark_changed

    mark_changed(connection)


class SqliteSnapshots:
    """Whole-database copies through the sqlite3 backup API."""

    def __init__(self, db):
        self.db = db
        self.copies: dict[str, sqlite3.Connection] = {}

    @property
    def taken(self) -> set[str]:
        return set(self.copies)

    def _live(self) -> sqlite3.Connection:
        self.db.session.remove()
        fairy = self.db.engine.raw_connection()  # StaticPool: the one connection every session uses
        connection = fairy.driver_connection
        fairy.close()  # back to the pool (rolled back): no transaction open during the copy
        return connection

    def take(self, name: str) -> None:
        copy = self.copies.setdefault(name, sqlite3.connect(":memory:", check_same_thread=False))
        self._live().backup(copy)

    def restore(self, name: str) -> None:
        self.copies[name].backup(self._live())
        if name != "empty":
            with self.db.engine.begin() as connection:
                _fresh_data_version(connection)


@dataclass
class _PostgresState:
    rows: dict[str, bytes] = field(default_factory=dict)  # table -> COPY text (tables with rows only)
    sequences: dict[str, int | None] = field(default_factory=dict)  # None: never used


class PostgresSnapshots:
    """Rows and sequence values of every table of the public schema but alembic_version."""

    def __init__(self, db):
        self.db = db
        self.states: dict[str, _PostgresState] = {}

    @property
    def taken(self) -> set[str]:
        return set(self.states)

    def _tables(self, connection) -> list[str]:
        return list(
            connection.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version' "
                "ORDER BY tablename"
            ).scalars()
        )

    def take(self, name: str) -> None:
        self.db.session.remove()
        state = _PostgresState()
        with self.db.engine.begin() as connection:
            cursor = connection.connection.driver_connection.cursor()
            for table in self._tables(connection):
                with cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
                    data = b"".join(bytes(chunk) for chunk in copy)
                if data:
                    state.rows[table] = data
            for sequence, value in connection.exec_driver_sql(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
            ):
                state.sequences[sequence] = value
        self.states[name] = state

    def restore(self, name: str) -> None:
        state = self.states[name]
        self.db.session.remove()
        with self.db.engine.begin() as connection:
            tables = self._tables(connection)
            # DELETE, not TRUNCATE: a TRUNCATE makes new files for every table and index (0.1 to
            # 1 s on a busy machine), DELETE of the few hundred rows takes milliseconds.
            connection.exec_driver_sql(
                "SET LOCAL session_replication_role = replica; SET LOCAL synchronous_commit = off; "
                + "; ".join(f'DELETE FROM "{table}"' for table in tables)
            )
            cursor = connection.connection.driver_connection.cursor()
            for table, data in state.rows.items():
                with cursor.copy(f'COPY "{table}" FROM STDIN') as copy:
                    copy.write(data)
            connection.exec_driver_sql(self._sequences_sql(connection, state))
            if name != "empty":
                _fresh_data_version(connection)

    @staticmethod
    def _sequences_sql(connection, state: _PostgresState) -> str:
        """One statement setting every sequence as it was (unused ones back to their start)."""
        settings = []
        for sequence, start in connection.exec_driver_sql(
            "SELECT sequencename, start_value FROM pg_sequences WHERE schemaname = 'public'"
        ):
            value = state.sequences.get(sequence)
            called = "true" if value is not None else "false"
            settings.append(f"setval('\"{sequence}\"', {value if value is not None else start}, {called})")
        return "SELECT " + ", ".join(settings) if settings else "SELECT 1"
