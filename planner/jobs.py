"""Scheduled jobs (`notify due`, `feeds prune`) may start on every host at once: each takes its
lock first, so one runs at a time and the next finds the work done (it says so with true counts:
nothing doubled, nothing crashed). PostgreSQL's transaction-level advisory lock, released by the
job's commit; SQLite serves one host, whose database already writes one transaction at a time.
(`notify send` needs none: each message is claimed before it is sent.)"""

from __future__ import annotations

import hashlib

from sqlalchemy import text

from planner.extensions import db


def job_key(name: str) -> int:
    """A stable 64-bit advisory lock number for the job `name`."""
    return int.from_bytes(hashlib.sha256(f"planner job: {name}".encode()).digest()[:8], "big", signed=True)


def hold_job_lock(name: str) -> None:
    """Wait until no other host runs the job `name`, then hold it until this transaction ends."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": job_key(name)})
