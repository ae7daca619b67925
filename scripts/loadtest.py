"""`make loadtest`: gunicorn as deployed (deploy/gunicorn.conf.py: gthread workers,
LOADTEST_WORKERS x LOADTEST_THREADS, 2 x 4 by default for two cores) on PostgreSQL on 127.0.0.1,
then on a SQLite file, at LOADTEST_SCALE (100) times the demo: `demo synth` as `make bench` writes it (bench/pages.py),
with eight curators of a ministry that is party to every agreement (the busiest readers, #34).

Each connection is one of the eight curators (connection i is curator i mod 8), so pages kept
per reader are measured as eight readers make them. Each page (dashboard, month, week and agenda
calendars, a plan, an agreement, search) and the trivial `/healthz` is driven alone by each of
LOADTEST_LEVELS connections ("8,32") for LOADTEST_SECONDS (10) each: requests per second, p50/p95
and the page's share of `/healthz`'s requests per second, beside its goal (#34: at 8 connections
at least 10 % made anew, 25 % as deployed). Then 64 connections on every page and every
curator's personal feed at once: any error (or non-200 answer) makes the exit status 1. All of it
twice: as deployed (pages kept per data version and reader, planner/page_cache.py) and with every
page made anew (PAGE_CACHE=0), which is what a page costs after a change: each request makes its
page, and the readers of one readable set share the bodies (planner/shared_parts.py), which the
first of them builds after the change. A third run, "cold" (LOADTEST_MODES=deployed,anew,cold),
shares nothing either: the cost of a page for that first reader. The worker boots during each run
(recycling) and the workers' memory at the end are printed too.

LOADTEST_DATABASE_URL and LOADTEST_SQLITE_URL name the databases (planner_load on PostgreSQL and
planner_load.sqlite in the temporary folder, each made again; LOADTEST_REUSE=1 keeps one already
built at the same scale), LOADTEST_BACKENDS ("postgresql,sqlite") which are measured; LOADTEST_GUNICORN adds gunicorn options (e.g.
"--max-requests 2000 --max-requests-jitter 200" to see what the old recycling cost);
LOADTEST_MODES ("deployed,anew") which of the runs."""

from __future__ import annotations

import http.client
import os
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
# PostgreSQL, then SQLite (the goals hold on both); LOADTEST_BACKENDS="postgresql" measures one
DATABASES = [
    url
    for backend_name, url in (
        ("postgresql", os.environ.get("LOADTEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/planner_load")),
        ("sqlite", os.environ.get("LOADTEST_SQLITE_URL", f"sqlite:///{tempfile.gettempdir()}/planner_load.sqlite")),
    )
    if backend_name in os.environ.get("LOADTEST_BACKENDS", "postgresql,sqlite").split(",")
]
DATABASE = DATABASES[0]  # the one being measured (run() sets it)
SCALE = int(os.environ.get("LOADTEST_SCALE", "100"))
SECONDS = float(os.environ.get("LOADTEST_SECONDS", "10"))
LEVELS = tuple(int(level) for level in os.environ.get("LOADTEST_LEVELS", "8,32").split(",") if level)
BURST = 64
WORKERS = os.environ.get("LOADTEST_WORKERS", "2")
THREADS = os.environ.get("LOADTEST_THREADS", "4")
PORT = int(os.environ.get("LOADTEST_PORT", "5099"))
EXTRA = shlex.split(os.environ.get("LOADTEST_GUNICORN", ""))
ENV = {**os.environ, "SECRET_KEY": "bench-only-secret", "FLASK_APP": "wsgi"}
PAGES = ("dashboard", "month calendar", "week calendar", "agenda", "plan", "agreement", "search")
MODES = os.environ.get("LOADTEST_MODES", "deployed,anew").split(",")  # which of the runs below
# Each run's settings: as deployed; every page made anew (bodies still shared by the readers of
# one readable set, planner/shared_parts.py); "cold", nothing kept or shared (no goal: the cost of
# a page for its first reader after a change)
RUNS = {
    "deployed": {"PAGE_CACHE": "1", "SHARED_PARTS": "1"},
    "anew": {"PAGE_CACHE": "0", "SHARED_PARTS": "1"},
    "cold": {"PAGE_CACHE": "0", "SHARED_PARTS": "0"},
}
TITLES = {
    "deployed": "as deployed (pages kept per data version and reader)",
    "anew": "every page made anew (PAGE_CACHE=0; bodies shared per readable set)",
    "cold": "every page made anew, nothing shared (PAGE_CACHE=0 SHARED_PARTS=0)",
}
GOAL_AT = 8  # connections at which the goals hold
GOALS = {"deployed": 0.25, "anew": 0.10}  # share of /healthz's requests per second


def backend() -> str:
    return "SQLite" if DATABASE.startswith("sqlite") else "PostgreSQL"


def fresh_database() -> None:
    """The database at SCALE times the demo, with the bench's eight curators (bench.pages.build)."""
    from bench.pages import SMALL, bench_config, build
    from planner import create_app
    from planner.extensions import db

    if not (_fresh_sqlite_file() if DATABASE.startswith("sqlite") else _fresh_postgres_database()):
        return
    app = create_app(bench_config(DATABASE))
    started = time.perf_counter()
    with app.app_context():
        build({kind: count * SCALE for kind, count in SMALL.items()})
        db.session.remove()
        db.engine.dispose()
    print(f"{backend()}: {SCALE}x data written in {time.perf_counter() - started:.0f} s", flush=True)


def _fresh_sqlite_file() -> bool:
    """The file removed (False when LOADTEST_REUSE keeps one already built)."""
    path = Path(DATABASE.split("///", 1)[1])
    if path.exists() and os.environ.get("LOADTEST_REUSE") == "1":
        return False
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    return True


def _fresh_postgres_database() -> bool:
    """The database dropped and made again; False when LOADTEST_REUSE keeps one already built."""
    import psycopg

    name = DATABASE.rsplit("/", 1)[1]
    with psycopg.connect(DATABASE.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and os.environ.get("LOADTEST_REUSE") == "1":
            return False
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return True


def gunicorn_command() -> list[str]:
    """The deployment's command (README), on the load test's port."""
    return [
        *(str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py")),
        *("-w", WORKERS, "--threads", THREADS, "-b", f"127.0.0.1:{PORT}", "--no-control-socket"),
        *EXTRA,
        "wsgi:app",
    ]


def start_gunicorn(mode: str, log) -> subprocess.Popen:
    server = subprocess.Popen(
        gunicorn_command(), cwd=ROOT, env={**ENV, "DATABASE_URL": DATABASE, **RUNS[mode]}, stderr=log
    )
    for _ in range(150):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not start")


def session_cookie(username: str) -> str:
    from bench.pages import PASSWORD

    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    connection.request("GET", "/login")
    response = connection.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie").split(";", 1)[0]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    body = f"username={username}&password={PASSWORD}&csrf_token={token}"
    connection.request(
        "POST", "/login", body=body, headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    )
    response = connection.getresponse()
    response.read()
    assert response.status in (302, 303), f"{username} could not log in ({response.status})"
    return "; ".join(cookie.split(";", 1)[0] for cookie in response.msg.get_all("Set-Cookie"))


def targets() -> dict[str, list[str]]:
    """Each page's path (one for every reader, or one per curator: the feeds), on the data's
    first plan and its agreement, in this month."""
    from sqlalchemy import select

    from bench.pages import CURATORS, SEARCH, bench_config
    from planner import create_app
    from planner.accounts.models import User
    from planner.accounts.tokens import feed_secret_for
    from planner.extensions import db
    from planner.plans.models import Plan

    app = create_app(bench_config(DATABASE))
    with app.app_context():
        plan = db.session.scalars(select(Plan).where(Plan.deleted_at.is_(None)).order_by(Plan.id)).first()
        users = [db.session.scalar(select(User).where(User.username == name)) for name in CURATORS]
        feeds = [f"/feeds/{feed_secret_for(user)}/my.ics" for user in users]
        db.session.commit()
        plan_id, agreement_id = plan.id, plan.agreement_id
        db.session.remove()
        db.engine.dispose()
    today = date.today()
    return {
        "dashboard": ["/"],
        "month calendar": [f"/calendar?month={today:%Y-%m}"],
        "week calendar": [f"/calendar?view=week&day={today:%Y-%m-%d}"],
        "agenda": [f"/calendar?view=agenda&day={today:%Y-%m-%d}"],
        "plan": [f"/plans/{plan_id}"],
        "agreement": [f"/agreements/{agreement_id}"],
        "search": [SEARCH],
        "/healthz": ["/healthz"],
        "feed": feeds,
    }


def drive(cookies: list[str], paths: dict[str, list[str]], clients: int):
    """`clients` connections, connection i as curator i mod 8, each asking for the paths in
    turn for SECONDS: {name: [ms]} and {name: errors}."""
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        names, n, reader = list(paths), offset, offset % len(cookies)
        while time.monotonic() < deadline:
            name = names[n % len(names)]
            n += 1
            choices = paths[name]
            started = time.perf_counter()
            try:
                connection.request("GET", choices[reader % len(choices)], headers={"Cookie": cookies[reader]})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            with lock:
                timings[name].append((time.perf_counter() - started) * 1000)
                if not ok:
                    errors[name] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, errors


def warm_up(cookies: list[str], paths: dict[str, list[str]]) -> None:
    """Every path for every reader, a few times: templates compiled, feeds built and kept."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
    for _ in range(2):
        for reader, cookie in enumerate(cookies):
            for choices in paths.values():
                connection.request("GET", choices[reader % len(choices)], headers={"Cookie": cookie})
                connection.getresponse().read()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def workers_mb(master: int) -> list[float]:
    """Each worker's resident memory (VmRSS) now."""
    found = []
    for child in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        status = Path(f"/proc/{child}/status").read_text()
        found.append(int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1]) / 1024)
    return found


def goal_cell(mode: str, clients: int, name: str, share: float, errors: int) -> str:
    if clients != GOAL_AT or name == "/healthz" or mode not in GOALS:
        return ""
    goal = GOALS[mode]
    verdict = "NOT met (errors)" if errors else "met" if share >= goal else "NOT met"
    return f"  goal >= {goal:.0%}: {verdict}"


def report(levels, burst, mode: str, boots: int, memory: list[float]) -> tuple[int, list[tuple[str, str]]]:
    """The tables; the exit status and the goal rows (page, share beside its goal)."""
    print(f"\n{' '.join(gunicorn_command()[1:])}")
    print(f"{backend()}, {SCALE}x the demo, eight curators, {SECONDS:.0f} s a row; {TITLES[mode]}")
    print(f"{'page':<16}{'conns':>6}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}{'of /healthz':>13}")
    goals = []
    for clients, pages in levels.items():
        floor = len(pages["/healthz"][0]) / SECONDS
        for name, (values, errors) in pages.items():
            rate = len(values) / SECONDS
            share = rate / floor if floor else 0.0
            cell = goal_cell(mode, clients, name, share, errors)
            print(
                f"{name:<16}{clients:>6}{rate:>8.1f}{statistics.median(values):>9.1f}"
                f"{percentile(values, 0.95):>9.1f}{errors:>8}{share:>12.1%}{cell}"
            )
            if clients == GOAL_AT and name != "/healthz":
                label = f"{backend()}: {name}, {mode}, {clients} readers"
                goals.append((label, f"{share:6.1%} of /healthz ({rate:.1f} req/s);{cell}"))
    timings, errors = burst
    print(f"\n{BURST} connections on every page and every curator's feed at once, {SECONDS:.0f} s:")
    for name, values in timings.items():
        print(
            f"{name:<16}{len(values):>9} requests{statistics.median(values):>9.1f} ms p50"
            f"{percentile(values, 0.95):>9.1f} ms p95{errors[name]:>6} errors"
        )
    print(f"worker boots after the start: {boots}; workers' memory at the end: {', '.join(f'{m:.0f} MB' for m in memory)}")
    failures = sum(errors.values()) + sum(e for pages in levels.values() for _, e in pages.values())
    print(f"errors: {failures}")
    return (1 if failures else 0), goals


def measure(mode: str) -> tuple[int, list[tuple[str, str]]]:
    """Each page alone at every level, then everything at once; the exit status and goal rows."""
    from bench.pages import CURATORS

    with tempfile.TemporaryFile("w+") as log:
        server = start_gunicorn(mode, log)
        try:
            cookies = [session_cookie(name) for name in CURATORS]
            paths = targets()
            warm_up(cookies, paths)
            log.flush()
            booted = log.tell()
            levels = {}
            for clients in LEVELS:
                levels[clients] = {}
                for name in ("/healthz", *PAGES):
                    timings, errors = drive(cookies, {name: paths[name]}, clients)
                    levels[clients][name] = (timings[name], errors[name])
            burst = drive(cookies, paths, BURST)
            memory = workers_mb(server.pid)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
        log.seek(booted)
        boots = log.read().count("Booting worker")
    return report(levels, burst, mode, boots, memory)


def run() -> tuple[int, list[tuple[str, str]]]:
    """On each database, each run of MODES: the worst exit status and every goal row."""
    global DATABASE
    status, goals = 0, []
    for url in DATABASES:
        DATABASE = url
        fresh_database()
        for mode in MODES:
            found, rows = measure(mode)
            status, goals = max(status, found), goals + rows
    return status, goals


def main() -> int:
    status, goals = run()
    print("\nThe goals of #34 at 8 connections, eight curators:")
    for label, figure in goals:
        print(f"{label:<52} {figure}")
    return status


if __name__ == "__main__":
    sys.exit(main())
