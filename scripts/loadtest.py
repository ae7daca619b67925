"""`make loadtest`: gunicorn on PostgreSQL on 127.0.0.1, as in production (README: gthread
workers, LOADTEST_WORKERS x LOADTEST_THREADS, 2 x 4 by default for two cores), on the demo data.

Each main page (dashboard, month calendar, plan, agreement) and the trivial `/healthz` is driven
alone by 8, then 32 concurrent connections for LOADTEST_SECONDS (10 by default) each: requests
per second, p50/p95 and the page's share of `/healthz`'s requests per second (the goal of issue
#21: at least 10 % at 8 connections). Then 64 connections on every page and the personal feed at
once: any error (or any non-200 answer) makes the exit status 1. All of it twice: with pages kept
per data version (planner/page_cache.py, as in production), and with every page made anew
(PAGE_CACHE=0), which is what a page costs after a change."""

from __future__ import annotations

import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DATABASE = os.environ.get("LOADTEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/planner_load")
SECONDS = float(os.environ.get("LOADTEST_SECONDS", "10"))
LEVELS = (8, 32)
BURST = 64
WORKERS = os.environ.get("LOADTEST_WORKERS", "2")
THREADS = os.environ.get("LOADTEST_THREADS", "4")
PORT = int(os.environ.get("LOADTEST_PORT", "5099"))
PASSWORD = "loadtest-only"
ENV = {**os.environ, "DATABASE_URL": DATABASE, "SECRET_KEY": "loadtest-secret", "FLASK_APP": "wsgi"}


def fresh_database() -> None:
    import psycopg

    name = DATABASE.rsplit("/", 1)[1]
    with psycopg.connect(DATABASE.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    for command in (["db", "upgrade"], ["demo", "seed", "--password", PASSWORD]):
        subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", *command], cwd=ROOT, env=ENV, check=True, capture_output=True
        )


def start_gunicorn(page_cache: bool) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            *(str(BIN / "gunicorn"), "-k", "gthread", "-w", WORKERS, "--threads", THREADS, "--timeout", "120"),
            *("-b", f"127.0.0.1:{PORT}", "--no-control-socket", "wsgi:app"),
        ],
        cwd=ROOT,
        env={**ENV, "PAGE_CACHE": "1" if page_cache else "0"},
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not start")


def session_cookie() -> str:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    connection.request("GET", "/login")
    response = connection.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie").split(";", 1)[0]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    body = f"username=curator&password={PASSWORD}&csrf_token={token}"
    connection.request(
        "POST", "/login", body=body, headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    )
    response = connection.getresponse()
    response.read()
    return response.getheader("Set-Cookie").split(";", 1)[0]


def targets() -> dict[str, str]:
    """The main pages of the demo's first agreement and plan, the trivial endpoint, the feed."""
    import psycopg

    feed = subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", "feeds", "urls", "--user", "curator"],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[0]
    with psycopg.connect(DATABASE) as connection:
        plan_id, agreement_id = connection.execute(
            "SELECT id, agreement_id FROM plan WHERE deleted_at IS NULL ORDER BY id LIMIT 1"
        ).fetchone()
    return {
        "dashboard": "/",
        "month calendar": "/calendar?month=2026-12",
        "plan": f"/plans/{plan_id}",
        "agreement": f"/agreements/{agreement_id}",
        "/healthz": "/healthz",
        "feed": feed,
    }


def drive(cookie: str, paths: dict[str, str], clients: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    """`clients` connections, each asking for the paths in turn, for SECONDS."""
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        names = list(paths)
        n = offset
        while time.monotonic() < deadline:
            name = names[n % len(names)]
            n += 1
            started = time.perf_counter()
            try:
                connection.request("GET", paths[name], headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
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


def warm_up(cookie: str, paths: dict[str, str]) -> None:
    """Every path a few times on every worker's threads: templates compiled, feed texts stored."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    for path in list(paths.values()) * 8:
        connection.request("GET", path, headers={"Cookie": cookie})
        connection.getresponse().read()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(levels: dict[int, dict[str, tuple[list[float], int]]], burst: tuple[dict, dict], page_cache: bool) -> int:
    kept = (
        "pages kept per data version (PAGE_CACHE=1, as in production)"
        if page_cache
        else "every page made (PAGE_CACHE=0)"
    )
    print(
        f"\ngunicorn -k gthread -w {WORKERS} --threads {THREADS}, PostgreSQL, demo data, {SECONDS:.0f} s per row; {kept}"
    )
    print(f"{'page':<16}{'conns':>6}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}{'of /healthz':>13}")
    for clients, pages in levels.items():
        floor = len(pages["/healthz"][0]) / SECONDS
        for name, (values, errors) in pages.items():
            rate = len(values) / SECONDS
            print(
                f"{name:<16}{clients:>6}{rate:>8.1f}{statistics.median(values):>9.1f}"
                f"{percentile(values, 0.95):>9.1f}{errors:>8}{rate / floor:>12.1%}"
            )
    timings, errors = burst
    print(f"\n{BURST} connections on every page and the feed at once, {SECONDS:.0f} s:")
    for name, values in timings.items():
        print(
            f"{name:<16}{len(values):>9} requests{statistics.median(values):>9.1f} ms p50"
            f"{percentile(values, 0.95):>9.1f} ms p95{errors[name]:>6} errors"
        )
    failures = sum(errors.values()) + sum(e for pages in levels.values() for _, e in pages.values())
    print(f"errors: {failures}")
    return 1 if failures else 0


def measure(page_cache: bool) -> int:
    """Each main page alone at every level, then everything at once; the report's exit status."""
    server = start_gunicorn(page_cache)
    try:
        cookie, paths = session_cookie(), targets()
        warm_up(cookie, paths)
        levels = {}
        for clients in LEVELS:
            levels[clients] = {}
            for name in ("dashboard", "month calendar", "plan", "agreement", "/healthz"):
                timings, errors = drive(cookie, {name: paths[name]}, clients)
                levels[clients][name] = (timings[name], errors[name])
        burst = drive(cookie, paths, BURST)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return report(levels, burst, page_cache)


def main() -> int:
    """As in production (pages kept), then with every page made, to show what the pages cost."""
    fresh_database()
    return max(measure(page_cache) for page_cache in (True, False))


if __name__ == "__main__":
    sys.exit(main())
