"""`flask data export FILE` / `flask data import FILE`: every table as JSON, and back.

Values are written in a form that reads back exactly: dates and datetimes as ISO text,
decimals as text, JSON columns as they are. Import refuses a database that holds data."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, Numeric, func, select, text

from planner.data_version import mark_changed
from planner.extensions import db
from planner.plans.models import person_key
from planner.plans.occurrences import is_long_running
from planner.schedule import occurrence_index

FORMAT = "mou-planner-export/1"
# Not content: an index derived from the events, rebuilt on import; the data version, made anew.
NOT_DATA = frozenset({"occurrence_start", "data_version"})


# Columns the models' flush listeners derive: recomputed, so older exports import right too.
DERIVED = {
    "event": lambda row: {"long_running": is_long_running(row["range_start"], row["range_end"])},
    "participant": lambda row: {"name_key": person_key(row["name"])},
}


def _data_tables():
    return [table for table in db.metadata.sorted_tables if table.name not in NOT_DATA]


def _dump(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _load(column, value):
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    if isinstance(column.type, Numeric):
        return Decimal(value)
    return value


def export_everything() -> dict:
    tables = {}
    for table in _data_tables():
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).mappings()
        tables[table.name] = [{key: _dump(value) for key, value in row.items()} for row in rows]
    return {"format": FORMAT, "tables": tables}


def database_is_empty() -> bool:
    return all(db.session.scalar(select(func.count()).select_from(t)) == 0 for t in _data_tables())


def import_everything(document: dict) -> int:
    """Insert every row, parents before children; returns the number of rows."""
    if document.get("format") != FORMAT:
        raise ValueError("not an export of this planner")
    count = 0
    for table in _data_tables():
        derive = DERIVED.get(table.name, lambda row: {})
        rows = [{k: _load(table.c[k], v) for k, v in row.items()} for row in document["tables"].get(table.name, [])]
        rows = [{**row, **derive(row)} for row in rows]
        if rows:
            db.session.execute(table.insert(), rows)
            count += len(rows)
    reset_sequences()
    occurrence_index.rebuild(db.session.connection())
    mark_changed(db.session.connection())
    db.session.commit()
    return count


def reset_sequences() -> None:
    """PostgreSQL: move each id sequence past the imported ids."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                    f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
                )
            )


def write_export(path: str) -> int:
    document = export_everything()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # an existing file keeps its mode through O_CREAT: set it
    with open(descriptor, "w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1)
    return sum(len(rows) for rows in document["tables"].values())
