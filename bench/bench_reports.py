"""A year's implementation report for the busiest institution at 300 times the demo data on
PostgreSQL (#30: under 2 s): the page made anew, and its spreadsheet, timed through the test
client as a logged-in reader of every agreement.

Scale: BENCH_REPORT_SCALE (default 300: 150,000 events); database planner_bench_reports (or
BENCH_REPORT_DATABASE_URL), created and dropped here. Skipped with a note when PostgreSQL
cannot be reached."""

from __future__ import annotations

import os
import statistics
import time
from collections import Counter

from sqlalchemy import func, select

from bench.pages import CURATOR, PASSWORD, SMALL, bench_config, build, postgres_reachable

URL = os.environ.get("BENCH_REPORT_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/planner_bench_reports")
SCALE = int(os.environ.get("BENCH_REPORT_SCALE", "300"))
GOAL_MS = 2000
RUNS = 5


def busiest(db) -> tuple[int, int]:
    """The institution party to the most agreements, and the year with the most events."""
    from planner.agreements.models import Party
    from planner.plans.events import Event

    institution = db.session.execute(
        select(Party.institution_id, func.count()).group_by(Party.institution_id).order_by(func.count().desc())
    ).first()[0]
    years = Counter(start.year for start in db.session.scalars(select(Event.range_start)))
    return institution, years.most_common(1)[0][0]


def timed(client, path: str) -> tuple[float, list[float]]:
    def once() -> float:
        started = time.perf_counter()
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return (time.perf_counter() - started) * 1000

    cold = once()
    return cold, [once() for _ in range(RUNS)]


def run() -> list[tuple[str, str]]:
    problem = postgres_reachable()
    if problem:
        return [("report: institution year at 300x", f"not measured: {problem}")]
    import psycopg

    from planner import create_app
    from planner.extensions import db
    from tests.conftest import FreshContextClient, log_in

    name, maintenance = URL.rsplit("/", 1)[1], URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        app = create_app(bench_config(URL))
        app.test_client_class = FreshContextClient
        with app.app_context():
            build({key: count * SCALE for key, count in SMALL.items()})
            institution, year = busiest(db)
            db.session.remove()
        client = app.test_client()
        log_in(client, CURATOR, PASSWORD)
        rows = []
        for label, path in (
            ("page", f"/institutions/{institution}/report?year={year}"),
            ("XLSX", f"/institutions/{institution}/report.xlsx?year={year}"),
        ):
            cold, warm = timed(client, path)
            median = statistics.median(warm)
            verdict = "met" if median < GOAL_MS else "NOT met"
            rows.append((f"report {SCALE}x, institution year, {label}: cold", f"{cold:9.1f} ms"))
            rows.append((f"report {SCALE}x, institution year, {label}: median of {RUNS}",
                         f"{median:9.1f} ms  (goal < {GOAL_MS} ms: {verdict})"))  # fmt: skip
        return rows
    finally:
        with app.app_context():
            db.engine.dispose()
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    for label, figure in run():
        print(f"{label:60s} {figure}")
