"""`make loadtest`: gunicorn (several workers) on PostgreSQL on 127.0.0.1, driven by concurrent
clients for LOADTEST_SECONDS (60 by default) against the dashboard, a calendar page, a map page
and a feed. Prints requests per second, p50/p95/p99 latency and the errors, and exits 1 on any."""

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
SECONDS = float(os.environ.get("LOADTEST_SECONDS", "60"))
CLIENTS = int(os.environ.get("LOADTEST_CLIENTS", "8"))
WORKERS = os.environ.get("LOADTEST_WORKERS", "3")
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


def start_gunicorn() -> subprocess.Popen:
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", WORKERS, "-b", f"127.0.0.1:{PORT}", "--no-control-socket", "wsgi:app"],
        cwd=ROOT,
        env=ENV,
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
    feed = subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", "feeds", "urls", "--user", "curator"],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[0]
    return {"dashboard": "/", "month calendar": "/calendar?month=2026-12", "map": "/map", "feed": feed}


def drive(cookie: str, paths: dict[str, str]) -> tuple[dict[str, list[float]], dict[str, int]]:
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
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
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
            with lock:
                timings[name].append((time.perf_counter() - started) * 1000)
                if not ok:
                    errors[name] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, errors


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(timings: dict[str, list[float]], errors: dict[str, int]) -> int:
    print(f"{CLIENTS} clients, {WORKERS} gunicorn workers, PostgreSQL, {SECONDS:.0f} s")
    print(f"{'page':<16}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    everything = []
    for name, values in timings.items():
        everything += values
        print(
            f"{name:<16}{len(values):>9}{len(values) / SECONDS:>8.1f}{statistics.median(values):>9.1f}"
            f"{percentile(values, 0.95):>9.1f}{percentile(values, 0.99):>9.1f}{errors[name]:>8}"
        )
    total_errors = sum(errors.values())
    print(
        f"{'all':<16}{len(everything):>9}{len(everything) / SECONDS:>8.1f}{statistics.median(everything):>9.1f}"
        f"{percentile(everything, 0.95):>9.1f}{percentile(everything, 0.99):>9.1f}{total_errors:>8}"
    )
    return 1 if total_errors else 0


def main() -> int:
    fresh_database()
    server = start_gunicorn()
    try:
        timings, errors = drive(session_cookie(), targets())
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return report(timings, errors)


if __name__ == "__main__":
    sys.exit(main())
