"""The pages' throughput, as `make loadtest` measures it (scripts/loadtest.py: gunicorn as
deployed on PostgreSQL and on SQLite at 100x, eight curators at eight connections, as deployed and made
anew), as part of `make bench`: its tables, then each page's share of `/healthz` beside its goal.
Its database is BENCH_LOAD_DATABASE_URL (planner_bench_load), 5 s a row unless LOADTEST_SECONDS
says otherwise, 8 connections only unless LOADTEST_LEVELS says otherwise."""

from __future__ import annotations

import importlib
import os

DEFAULTS = {
    "LOADTEST_DATABASE_URL": os.environ.get(
        "BENCH_LOAD_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/planner_bench_load"
    ),
    "LOADTEST_SQLITE_URL": os.environ.get("BENCH_LOAD_SQLITE_URL", "sqlite:////tmp/planner_bench_load.sqlite"),
    "LOADTEST_SECONDS": "5",
    "LOADTEST_LEVELS": "8",
}


def run() -> list[tuple[str, str]]:
    from bench.pages import postgres_reachable

    if postgres_reachable():
        return [("pages' throughput", "PostgreSQL unreachable: not measured")]
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
    loadtest = importlib.import_module("scripts.loadtest")
    status, goals = loadtest.run()
    return [*goals, ("pages' throughput: errors", "none" if status == 0 else "some (see the tables)")]


if __name__ == "__main__":  # `python -m bench.bench_throughput`: this part of `make bench` alone
    for label, figures in run():
        print(f"{label:<50} {figures}")
