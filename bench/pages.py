"""The main pages at a small and a 100x larger synthetic dataset, on SQLite and on PostgreSQL.

Each size is written by `demo synth` into a fresh database (a temporary SQLite file, and a
PostgreSQL database whose name starts with `planner_bench`, created and dropped here), then
every page is requested through the test client as a logged-in curator, who reads every
agreement: one first (cold) request, then REQUESTS timed ones (median, p95) and the number of
SQL statements the page issues. The floors are measured on the same data: the trivial endpoint
of the same app, and the `icalendar` and `folium` libraries alone on the personal feed's events
and the agreement map's sites. PostgreSQL: BENCH_DATABASE_URL, else planner_bench on
127.0.0.1:5432 as postgres; when it cannot be reached the table says so and shows SQLite alone."""

from __future__ import annotations

import logging
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import event, select

REQUESTS = 20
FLOOR_RUNS_LARGE = 3  # icalendar alone takes seconds on the large feed's events
SMALL = dict(agreements=5, plans=50, events=500, sites=20)
SCALE = 100
SIZES = {"small": SMALL, "large": {name: count * SCALE for name, count in SMALL.items()}}
SEARCH = "/search?q=Plan%2042"  # a word in every plan's title, and a number in some
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/planner_bench"
PASSWORD = "bench-password"
PAGES = (
    "dashboard",
    "agreement page",
    "plan page",
    "month calendar",
    "week calendar",
    "agenda",
    "search",
    "personal feed",
    "agreement map",
    "MoU reader (seed)",
    "map of all partner sites",
    "floor: trivial endpoint /healthz",
    "floor: icalendar alone, feed's events",
    "floor: folium alone, map's sites",
)


@dataclass
class Figures:
    """One page at one size: every timed request (ms), the cold first one and the SQL count."""

    timings: list[float] = field(default_factory=list)
    first: float | None = None
    statements: int | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.timings)

    @property
    def p95(self) -> float:
        return percentile(self.timings, 0.95)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def bench_config(url: str):
    """The production configuration on the bench's own database (no CSRF shortcut, no caches off)."""
    from config import Config, database_url

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = database_url(url)
        SECRET_KEY = "bench-only-secret"
        PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"

    return BenchConfig


@contextmanager
def sqlite_database():
    folder = tempfile.mkdtemp(prefix="planner-bench-")
    try:
        yield f"sqlite:///{folder}/bench.db"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def postgres_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_POSTGRES)


def _maintenance(url: str) -> tuple[str, str]:
    """The database name in the URL, and the same server's `postgres` database to create it from."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("planner_bench"):
        raise SystemExit(f"refusing to drop {name!r}: the bench's databases are named planner_bench*")
    return name, urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))


@contextmanager
def postgres_database():
    """A fresh database for one size, dropped afterwards."""
    import psycopg

    name, maintenance = _maintenance(postgres_url())
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_url()
    finally:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_reachable() -> str | None:
    """None when the bench's PostgreSQL server answers, else why not."""
    try:
        import psycopg

        _, maintenance = _maintenance(postgres_url())
        with psycopg.connect(maintenance, connect_timeout=5) as connection:
            connection.execute("SELECT 1")
    except Exception as failure:  # any failure means: print it, skip PostgreSQL
        return f"{failure.__class__.__name__}: {str(failure).strip().splitlines()[0] if str(failure).strip() else ''}"
    return None


CURATORS = tuple(f"bench-curator-{n}" for n in range(1, 9))  # eight readers, each with their own key
CURATOR = CURATORS[0]


def build(size: dict, search: bool = True) -> None:
    """Schema by the migrations, the synthetic rows, the bench's curators and (unless told
    not to: the feeds need none) the search index."""
    import flask_migrate

    from planner.demo.synth import analyze, synthesize

    logging.disable(logging.INFO)  # the migrations' progress lines
    try:
        flask_migrate.upgrade()
    finally:
        logging.disable(logging.NOTSET)
    synthesize(**size, seed=1)
    add_curators()
    analyze()  # the ministry's 500 parties: without them in the statistics the planner guesses 2
    if search:
        _reindex()


def add_curators() -> None:
    """The busiest readers (#34): eight curators of one institution (a ministry's) that is party
    to every agreement, so their calendars, dashboards, search and personal feeds hold every
    agreement's plans and events. Eight, so that pages kept per reader are measured as eight
    readers make them, not as one reader's copy served eight times."""
    from sqlalchemy import insert

    from planner.accounts.models import User
    from planner.agreements.models import Agreement, Institution, Party
    from planner.data_version import mark_changed
    from planner.extensions import db

    ministry = Institution(
        name={"en": "Ministry of Culture (bench)", "ru": "Министерство культуры (bench)"},
        short_name="MoC",
        country="AZ",
        city="Baku",
        timezone="Asia/Baku",
    )
    db.session.add(ministry)
    db.session.flush()
    agreements = db.session.scalars(select(Agreement.id).order_by(Agreement.id)).all()
    parties = [
        dict(agreement_id=agreement, institution_id=ministry.id, position=3, signatory_name={}, signatory_title={})
        for agreement in agreements
    ]
    db.session.execute(insert(Party), parties)
    for username in CURATORS:
        user = User(username=username, display_name=username, role="curator", institution_id=ministry.id)
        user.set_password(PASSWORD)
        db.session.add(user)
    mark_changed(db.session.connection())
    db.session.commit()


def _reindex() -> None:
    """`flask search reindex`: synth writes around the ORM, so the search page would find nothing."""
    from planner.extensions import db
    from planner.search.indexing import reindex_everything

    reindex_everything(db.session)
    db.session.commit()


def page_paths() -> dict[str, str]:
    """The pages the table shows, on the first agreement and its first plan, in this month."""
    from planner.accounts.models import User
    from planner.accounts.tokens import feed_secret_for
    from planner.extensions import db
    from planner.plans.models import Plan

    plan = db.session.scalars(select(Plan).order_by(Plan.id)).first()
    user = db.session.scalar(select(User).where(User.username == CURATOR))
    secret = feed_secret_for(user)
    db.session.commit()  # the secret, if made now: the pages' own requests must see it, not wait on it
    today = date.today()
    return {
        "dashboard": "/",
        "agreement page": f"/agreements/{plan.agreement_id}",
        "plan page": f"/plans/{plan.id}",
        "month calendar": f"/calendar?month={today:%Y-%m}",
        "week calendar": f"/calendar?view=week&day={today:%Y-%m-%d}",
        "agenda": f"/calendar?view=agenda&day={today:%Y-%m-%d}",
        "search": SEARCH,
        "personal feed": f"/feeds/{secret}/my.ics",
        "agreement map": f"/agreements/{plan.agreement_id}/map",
        "map of all partner sites": "/map",
        "floor: trivial endpoint /healthz": "/healthz",
    }


def timed(work: Callable[[], int], runs: int) -> Figures:
    """A first (cold) run, then `runs` timed ones; `work` returns the SQL statements it issued."""

    def clocked() -> tuple[float, int]:
        started = time.perf_counter()
        count = work()
        return (time.perf_counter() - started) * 1000, count

    figures = Figures()
    figures.first, _ = clocked()
    for elapsed, count in (clocked() for _ in range(runs)):
        figures.timings.append(elapsed)
        figures.statements = max(figures.statements or 0, count)
    return figures


def request(client, statements: list, method: str, path: str, **kwargs) -> Callable[[], int]:
    """One page request through the test client, as the work to time (it must answer 200)."""

    def work() -> int:
        statements.clear()
        response = client.open(path, method=method, **kwargs)
        assert response.status_code == 200, (path, response.status_code, response.data[:300])
        return len(statements)

    return work


def without_sql(work: Callable[[], object]) -> Callable[[], int]:
    """A library call as work to time: it issues no SQL."""

    def run() -> int:
        work()
        return 0

    return run


def reader_form(client) -> dict:
    """The preview request of the MoU reader page: the seed memorandum pasted into the form."""
    from bench.bench_mou import SEED
    from tests.conftest import csrf_token

    return {"data": {"text": SEED, "csrf_token": csrf_token(client.get("/agreements/new").data)}}


def library_floors(app, paths: dict[str, str]) -> dict[str, Figures]:
    """icalendar alone on the personal feed's events, folium alone on the agreement map's sites."""
    from bench.bench_ical import library_floor
    from bench.bench_maps import folium_floor
    from planner.accounts.models import User
    from planner.extensions import db
    from planner.maps.queries import visible_sites
    from planner.maps.views import map_site
    from planner.schedule.feeds import feed_event, source_of, window_start
    from planner.schedule.queries import visible_events

    agreement_id = int(paths["agreement map"].split("/")[2])
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.username == CURATOR))
        window = (window_start(None), datetime(2200, 1, 1, tzinfo=UTC))
        events = [feed_event(source_of(e), "en") for e in visible_events(user, *window)]
        sites = [map_site(s) for s in visible_sites(user, agreement_id=agreement_id)]
    runs = FLOOR_RUNS_LARGE if len(events) > 5000 else REQUESTS
    return {
        "floor: icalendar alone, feed's events": timed(without_sql(lambda: library_floor(events)), runs),
        "floor: folium alone, map's sites": timed(without_sql(lambda: folium_floor(sites)), runs),
    }


def bench_one(url: str, size: dict, with_floors: bool) -> dict[str, Figures]:
    """Every page of the table on one database at one size."""
    from planner import create_app
    from planner.extensions import db
    from tests.conftest import FreshContextClient, log_in

    app = create_app(bench_config(url))
    app.test_client_class = FreshContextClient
    with app.app_context():
        try:
            build(size)
            client = app.test_client()
            log_in(client, CURATOR, PASSWORD)
            paths = page_paths()
            statements: list = []
            listener = lambda *args: statements.append(1)  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            found = {name: timed(request(client, statements, "GET", path), REQUESTS) for name, path in paths.items()}
            found["MoU reader (seed)"] = timed(
                request(client, statements, "POST", "/agreements/new", **reader_form(client)), REQUESTS
            )
            event.remove(db.engine, "before_cursor_execute", listener)
            if with_floors:
                found.update(library_floors(app, paths))
            return found
        finally:
            db.session.remove()
            db.engine.dispose()


def run() -> tuple[dict[tuple[str, str], dict[str, Figures]], list[str]]:
    """{(database, size): {page: Figures}} and the notes to print under the table."""
    results, notes = {}, []
    for size_name, size in SIZES.items():
        with sqlite_database() as url:
            results[("SQLite", size_name)] = bench_one(url, size, with_floors=True)
    unreachable = postgres_reachable()
    if unreachable:
        notes.append(f"PostgreSQL at {postgres_url()} is unreachable ({unreachable}): only SQLite was measured.")
        return results, notes
    for size_name, size in SIZES.items():
        with postgres_database() as url:
            results[("PostgreSQL", size_name)] = bench_one(url, size, with_floors=False)
    return results, notes


def _cell(figures: Figures | None) -> str:
    if figures is None:
        return f"{'-':>8} {'-':>8} {'-':>8} {'-':>4}"
    return f"{figures.median:8.1f} {figures.p95:8.1f} {figures.first:8.1f} {figures.statements:>4}"


def table(results: dict[tuple[str, str], dict[str, Figures]]) -> list[str]:
    """One line per page and database: small figures, large figures, large/small median ratio."""
    databases = list(dict.fromkeys(database for database, _ in results))
    small, large = (
        f"{SIZES[name]['events']:,} events, {SIZES[name]['plans']:,} plans, "
        f"{SIZES[name]['agreements']:,} agreements, {SIZES[name]['sites']:,} sites"
        for name in SIZES
    )
    head = f"{'page':<40} {'database':<10} {'median':>8} {'p95':>8} {'1st':>8} {'SQL':>4}  "
    lines = [
        f"small = demo synth: {small}",
        f"large = {SCALE}x: {large}",
        "times in ms; median and p95 of "
        f"{REQUESTS} requests after a first (cold) one, shown as 1st; SQL = statements per request; "
        f"ratio = large/small median",
        f"floors of the libraries alone: {REQUESTS} runs on the small data, "
        f"{FLOOR_RUNS_LARGE} on the large (icalendar takes seconds there)",
        "",
        f"{'':<51} {'--------- small ----------':<32}  {'--------- large ----------':<32}",
        head + head[51:] + " ratio",
    ]
    for page in PAGES:
        for database in databases:
            found_small = results.get((database, "small"), {}).get(page)
            found_large = results.get((database, "large"), {}).get(page)
            if found_small is None and found_large is None:
                continue
            ratio = f"{found_large.median / found_small.median:6.2f}" if found_small and found_large else "     -"
            label = database if not page.startswith("floor: i") and not page.startswith("floor: f") else "(none)"
            lines.append(f"{page:<40} {label:<10} {_cell(found_small)}  {_cell(found_large)}  {ratio}")
    return lines


def main() -> None:
    results, notes = run()
    print("\n".join(table(results) + notes))


if __name__ == "__main__":
    main()
