"""Calendars and search at 100 times the demo (issue #34 items 1 and 2, issue #33 item 6).

One `demo synth` dataset at SCALE times the small one (50,000 events, 5,000 plans, 500
agreements) in a temporary SQLite file, and in `planner_bench_calsearch` on PostgreSQL
(BENCH_CALSEARCH_DATABASE_URL; created and dropped here; skipped when unreachable or with
BENCH_CALSEARCH_POSTGRES=0), with the ministry that bench.pages.build makes a party to every
agreement and its eight curators: their "My calendar" holds every agreement's events, the
heaviest reader.

- each calendar (month, week, agenda) made anew: the page cache and the shared grid off, median
  of RUNS requests through the test client; beside it the goal, 10 % of /healthz's rate;
- the same calendar as deployed: eight curators of that institution in turn, the page cache on,
  the grid shared (each reader's first request);
- search: each of QUERIES alone (goal 50 ms per query) and its whole page, medians;
- a full reindex of the search index (goal: 30,000 records in under 10 s, shown per 30,000)."""

from __future__ import annotations

import os
import statistics
import time
from contextlib import contextmanager
from datetime import date

from sqlalchemy import func, select

from bench.pages import (
    CURATORS,
    PASSWORD,
    SMALL,
    _maintenance,
    bench_config,
    build,
    postgres_reachable,
    sqlite_database,
)

SCALE = int(os.environ.get("BENCH_CALSEARCH_SCALE", "100"))
RUNS = 10  # timed requests per figure, after a first (cold) one
READERS = len(CURATORS)  # the ministry's curators that bench.pages.build adds
QUERIES = ("memorandum 42", "plan", "музей 7", "Gence", "Turkestan", "conservation", "site 15", "объект")
GOAL_SEARCH_MS = 50.0
GOAL_REINDEX_S_PER_30000 = 10.0
GOAL_SHARE_OF_HEALTHZ = 0.10


def median_ms(work, runs: int = RUNS) -> float:
    work()  # the first, cold one is not counted
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def calendar_paths() -> dict[str, str]:
    month = date.today().strftime("%Y-%m")
    return {view: f"/calendar?view={view}&month={month}" for view in ("month", "week", "agenda")}


def get(client, path: str):
    def work():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    return work


def bench_on(url: str, label: str) -> list[tuple[str, str]]:
    from planner import create_app
    from planner.extensions import db
    from planner.search.indexing import reindex_everything
    from planner.search.models import SearchEntry
    from tests.conftest import FreshContextClient, log_in

    rows = []
    config = bench_config(url)
    config.PAGE_CACHE = False
    config.SHARED_PARTS = False
    app = create_app(config)
    app.test_client_class = FreshContextClient
    with app.app_context():
        try:
            started = time.perf_counter()
            build({name: count * SCALE for name, count in SMALL.items()})
            rows.append((f"{label}: synth {SCALE}x", f"{time.perf_counter() - started:9.1f} s"))
            started = time.perf_counter()
            count = reindex_everything(db.session)
            elapsed = time.perf_counter() - started
            per = elapsed * 30000 / max(count, 1)
            rows.append(
                (
                    f"{label}: full search reindex, {count:,} records",
                    f"{elapsed:9.2f} s = {per:.2f} s per 30,000 (goal < {GOAL_REINDEX_S_PER_30000:.0f} s)"
                    f" {'met' if per < GOAL_REINDEX_S_PER_30000 else 'NOT met'}",
                )
            )
            assert db.session.scalar(select(func.count()).select_from(SearchEntry)) == count
            client = app.test_client()
            log_in(client, CURATORS[0], PASSWORD)
            healthz = median_ms(get(client, "/healthz"))
            goal = healthz / GOAL_SHARE_OF_HEALTHZ
            rows.append((f"{label}: /healthz (floor)", f"{healthz:9.2f} ms"))
            for view, path in calendar_paths().items():
                ms = median_ms(get(client, path))
                rows.append(
                    (
                        f"{label}: {view} calendar made anew",
                        f"{ms:9.1f} ms (goal < {goal:.0f} ms = 10% of /healthz's rate) {'met' if ms < goal else 'NOT met'}",
                    )
                )
            app.config.update(PAGE_CACHE=True, SHARED_PARTS=True)
            readers = []
            for n in range(READERS):
                reader = app.test_client()
                log_in(reader, CURATORS[n], PASSWORD)
                readers.append(reader)
            for view, path in calendar_paths().items():
                timings = []
                for reader in readers:
                    started = time.perf_counter()
                    get(reader, path)()
                    timings.append((time.perf_counter() - started) * 1000)
                rows.append(
                    (
                        f"{label}: {view} calendar, {READERS} curators in turn (grid shared)",
                        f"first {timings[0]:7.1f} ms, others median {statistics.median(timings[1:]):7.1f} ms",
                    )
                )
            rows += search_rows(app, client, label)
        finally:
            db.session.remove()
            db.engine.dispose()
    return rows


POSTGRES_URL = os.environ.get(
    "BENCH_CALSEARCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/planner_bench_calsearch"
)


def search_rows(app, client, label: str) -> list[tuple[str, str]]:
    """Each query alone (the statement and its rows, as the page asks it) and the whole page."""
    from planner.accounts.models import User
    from planner.extensions import db
    from planner.search.folding import query_stems
    from planner.search.queries import search

    rows = []
    for query in QUERIES:
        with app.test_request_context():
            user = db.session.scalar(select(User).where(User.username == CURATORS[0]))
            alone = median_ms(lambda: search(user, query_stems(query)))  # noqa: B023
            found = len(search(user, query_stems(query)))
        page = median_ms(get(client, f"/search?q={query}"))
        verdict = "met" if alone < GOAL_SEARCH_MS else "NOT met"
        rows.append(
            (
                f"{label}: search {query!r} ({found} results)",
                f"query {alone:6.1f} ms (goal < {GOAL_SEARCH_MS:.0f} ms) {verdict}; whole page {page:6.1f} ms",
            )
        )
    return rows


@contextmanager
def postgres_calsearch():
    """A fresh PostgreSQL database for this bench, dropped afterwards (named planner_bench*)."""
    import psycopg

    name, maintenance = _maintenance(POSTGRES_URL)
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_URL
    finally:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run() -> list[tuple[str, str]]:
    rows = []
    with sqlite_database() as url:
        rows += bench_on(url, "SQLite")
    if os.environ.get("BENCH_CALSEARCH_POSTGRES", "1") == "1" and postgres_reachable() is None:
        with postgres_calsearch() as url:
            rows += bench_on(url, "PostgreSQL")
    return rows


if __name__ == "__main__":
    for label, figures in run():
        print(f"{label:<64} {figures}")
