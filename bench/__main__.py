"""`make bench`: every benchmark of the project, printed as one table of figures.

Pages are timed through the test client on the demo data (median and p95 of 20 requests,
with the number of SQL statements each issues); the MoU reader, the iCal builder and the map
builder are timed by their own modules next to their library floors."""
from __future__ import annotations

import importlib
import statistics
import time

from sqlalchemy import event

REQUESTS = 20


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def page_rows() -> list[tuple[str, str]]:
    """Median, p95 and SQL statements of the main pages on the demo data (SQLite in memory)."""
    from config import TestConfig
    from planner import create_app
    from planner.extensions import db
    from planner.plans.models import Plan
    import flask_migrate

    app = create_app(TestConfig)
    rows = []
    with app.app_context():
        flask_migrate.upgrade()
        from planner.demo.seed import seed
        seed("bench-password")
        plan = db.session.scalars(db.select(Plan)).first()
        client = app.test_client()
        from tests.conftest import log_in
        log_in(client, "curator", "bench-password")
        feed = app.test_cli_runner().invoke(args=["feeds", "urls", "--user", "curator"]).output.split()[0]
        statements = []
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(1))
        pages = {"trivial endpoint (floor)": "/healthz", "dashboard": "/", "agreement page": f"/agreements/{plan.agreement_id}",
                 "plan page": f"/plans/{plan.id}", "month calendar": "/calendar?month=2026-12", "personal feed": feed,
                 "agreement map": f"/agreements/{plan.agreement_id}/map"}
        for name, path in pages.items():
            timings, counts = [], []
            for _ in range(REQUESTS):
                statements.clear()
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
                counts.append(len(statements))
                assert response.status_code == 200, (path, response.status_code)
            rows.append((f"page: {name}", f"median {statistics.median(timings):7.2f} ms  p95 {percentile(timings, .95):7.2f} ms  "
                                         f"SQL {max(counts)}"))
    return rows


def module_rows(name: str) -> list[tuple[str, str]]:
    try:
        module = importlib.import_module(f"bench.{name}")
    except ImportError as missing:
        return [(name, f"not available: {missing}")]
    return [(label, f"{value:9.2f} ms" if isinstance(value, float) else str(value)) for label, value in module.run()]


def main() -> None:
    rows = page_rows()
    for name in ("bench_mou", "bench_ical", "bench_maps"):
        rows += module_rows(name)
    width = max(len(label) for label, _ in rows)
    print(f"{'benchmark'.ljust(width)}  figures")
    for label, figures in rows:
        print(f"{label.ljust(width)}  {figures}")


if __name__ == "__main__":
    main()
