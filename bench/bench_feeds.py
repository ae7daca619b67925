"""The feeds of the large synthetic data through gunicorn as deployed (deploy/gunicorn.conf.py,
one worker) on PostgreSQL, as calendar clients see them, each figure beside its goal (#34 item 3):

- the personal feed of a curator whose institution is party to every agreement: cold, unchanged
  and asked for without an ETag (read back from its stored whole: < 0.3 s at 300x), after one
  event changes, after a plan's title changes;
- six clients polling at once right after a change: each one's first byte (< 0.5 s: the one that
  builds sends its header at once, the others get the previous whole) and the worker's peak
  memory meanwhile (< 150 MB at 100x);
- another curator's plan feed while the first curator's whole feed is being built in another
  language (every text missing, the longest build): its first byte (< 0.5 s: locks are per feed).

One worker of eight threads (the six polls at once in it, the worst case for its memory). The
worker's peak memory during each request is its VmHWM, reset before each by
/proc/PID/clear_refs. Scales: BENCH_FEED_SCALES (default "100,300": 50,000 and 150,000 events;
on a shared machine the 300x synth and its cold build take minutes); database
BENCH_FEED_DATABASE_URL (planner_bench_feeds), created and dropped here."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from bench.pages import CURATOR, CURATORS, SMALL, bench_config, build, postgres_reachable

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PORT = int(os.environ.get("BENCH_FEED_PORT", "5098"))
URL = os.environ.get("BENCH_FEED_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/planner_bench_feeds")
SCALES = [int(scale) for scale in os.environ.get("BENCH_FEED_SCALES", "100,300").split(",") if scale]


def fetch(path: str, timeout: float = 600) -> dict:
    """One GET: status, ms to the first body byte and to the last, and the bytes."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    first = response.read(1)
    ttfb = (time.perf_counter() - started) * 1000
    size = len(first) + len(response.read())
    total = (time.perf_counter() - started) * 1000
    connection.close()
    return {"status": response.status, "ttfb": ttfb, "total": total, "bytes": size, "etag": response.getheader("ETag")}


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def peak_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1]) / 1024


def measured(pid: int, work):
    """The work's result and the worker's peak resident memory (MB) while it ran."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    result = work()
    return result, peak_mb(pid)


def start_gunicorn(wholes: str) -> subprocess.Popen:
    """As deployed (README), but one worker of eight threads: the six clients' polls all in one
    worker at once (the worst case for its memory), every figure that worker's."""
    env = {**os.environ, "DATABASE_URL": URL, "SECRET_KEY": "bench-only-secret", "FEED_WHOLES_FOLDER": wholes}
    command = [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "-w", "1", "--threads", "8"]
    server = subprocess.Popen(
        [*command, "-b", f"127.0.0.1:{PORT}", "--no-control-socket", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(150):
        try:
            if fetch("/healthz", timeout=2)["status"] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def change_one_event(app) -> None:
    from planner.extensions import db
    from planner.plans.events import Event

    with app.app_context():
        event = db.session.scalar(select(Event).order_by(Event.range_start.desc()).limit(1))
        event.title = event.title + " (changed)"
        db.session.commit()


def change_a_plan_title(app) -> int:
    """The title of the plan with the most events; returns how many events it has."""
    from planner.extensions import db
    from planner.plans.events import Event
    from planner.plans.models import Plan

    with app.app_context():
        plan_id, count = db.session.execute(
            select(Event.plan_id, func.count()).group_by(Event.plan_id).order_by(func.count().desc()).limit(1)
        ).one()
        plan = db.session.get(Plan, plan_id)
        plan.title = {**plan.title, "en": plan.title.get("en", "") + " (renamed)"}
        plan.description = {"en": "A new description for every event of the plan"}
        db.session.commit()
        return count


def six_polls(path: str) -> list[dict]:
    results: list[dict] = []
    barrier = threading.Barrier(6)

    def poll() -> None:
        barrier.wait()
        results.append(fetch(path))

    threads = [threading.Thread(target=poll) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def goal(met: bool, text: str) -> str:
    return f"goal {text}: {'met' if met else 'NOT met'}"


def user_paths(app) -> tuple[str, str]:
    """The first curator's personal feed, and the second curator's feed of the first plan."""
    from planner.accounts.models import User
    from planner.accounts.tokens import feed_secret_for
    from planner.extensions import db
    from planner.plans.models import Plan

    with app.app_context():
        first, second = (db.session.scalar(select(User).where(User.username == name)) for name in CURATORS[:2])
        plan_id = db.session.scalar(select(Plan.id).order_by(Plan.id).limit(1))
        paths = f"/feeds/{feed_secret_for(first)}/my.ics", f"/feeds/{feed_secret_for(second)}/plans/{plan_id}.ics"
        db.session.commit()
    return paths


def set_language(app, username: str, language: str) -> None:
    from planner.accounts.models import User
    from planner.extensions import db

    with app.app_context():
        db.session.scalar(select(User).where(User.username == username)).language = language
        db.session.commit()


def other_feed_while_building(app, path: str, other: str) -> tuple[dict, dict]:
    """The other curator's plan feed, asked for while the personal feed builds in Russian: in
    Kazakh, so that it has texts to build too (a few: the plan's events)."""
    set_language(app, CURATOR, "ru")
    set_language(app, CURATORS[1], "kk")
    found: list[dict] = []
    builder = threading.Thread(target=lambda: found.append(fetch(path)))
    builder.start()
    time.sleep(1.0)  # the build under way (a cold build in a new language takes seconds)
    small = fetch(other)
    builder.join()
    set_language(app, CURATOR, "en")
    set_language(app, CURATORS[1], "en")
    return small, found[0]


def scale_rows(scale: int) -> list[tuple[str, str]]:
    import psycopg

    from planner import create_app
    from planner.extensions import db

    name = URL.rsplit("/", 1)[1]
    maintenance = URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    rows: list[tuple[str, str]] = []
    server = None
    wholes = tempfile.mkdtemp(prefix="planner-bench-wholes-")
    try:
        app = create_app(bench_config(URL))
        started = time.perf_counter()
        with app.app_context():
            build({key: count * scale for key, count in SMALL.items()}, search=False)
        path, other = user_paths(app)
        rows.append((f"{scale}x: synth {SMALL['events'] * scale:,} events", f"{time.perf_counter() - started:9.1f} s"))
        server = start_gunicorn(wholes)
        pid = worker_pid(server.pid)
        rows.append((f"{scale}x: worker memory before any feed", f"{peak_mb(pid):9.1f} MB"))
        cold, cold_peak = measured(pid, lambda: fetch(path))
        rows += _figures(scale, "cold (every event serialized)", cold, cold_peak)
        warm, warm_peak = measured(pid, lambda: fetch(path))
        verdict = goal(warm["total"] < 300, "whole < 300 ms")
        rows += _figures(scale, "unchanged, no ETag (its stored whole)", warm, warm_peak, verdict)
        change_one_event(app)
        one, one_peak = measured(pid, lambda: fetch(path))
        rows += _figures(scale, "after one event changes", one, one_peak)
        events = change_a_plan_title(app)
        plan, plan_peak = measured(pid, lambda: fetch(path))
        rows += _figures(scale, f"after a plan title changes ({events} events)", plan, plan_peak)
        change_one_event(app)
        polls, polls_peak = measured(pid, lambda: six_polls(path))
        rows.append((f"{scale}x: six clients at once after a change", _polls_figures(scale, polls, polls_peak)))
        small, big = other_feed_while_building(app, path, other)
        rows.append(
            (
                f"{scale}x: another curator's plan feed during a {big['total'] / 1000:.1f} s build",
                f"status {small['status']}, first byte {small['ttfb']:.0f} ms, whole {small['total']:.0f} ms; "
                + goal(small["ttfb"] < 500 and small["status"] == 200, "first byte < 500 ms"),
            )
        )
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(wholes, ignore_errors=True)
    return rows


def _polls_figures(scale: int, polls: list[dict], peak: float) -> str:
    statuses = sorted({poll["status"] for poll in polls})
    first = max(poll["ttfb"] for poll in polls)
    previous = sum(1 for poll in polls if (poll["etag"] or "").endswith('-previous"'))
    verdicts = goal(first < 500, "each first byte < 500 ms")
    if scale == 100:
        verdicts += "; " + goal(peak < 150, "worker < 150 MB")
    print(f"  ... {scale}x six clients: first bytes up to {first:.0f} ms, {peak:.0f} MB", flush=True)
    return (
        f"statuses {statuses}, {previous} got the previous whole, slowest first byte {first:.0f} ms, "
        f"slowest whole {max(poll['total'] for poll in polls):.0f} ms, peak {peak:.0f} MB; {verdicts}"
    )


def _figures(scale: int, label: str, fetched: dict, peak: float, verdict: str = "") -> list[tuple[str, str]]:
    print(f"  ... {scale}x {label}: {fetched['ttfb']:.0f} / {fetched['total']:.0f} ms, {peak:.0f} MB", flush=True)
    return [
        (
            f"{scale}x personal feed, {label}",
            f"status {fetched['status']}, first byte {fetched['ttfb']:8.1f} ms, whole {fetched['total']:8.1f} ms, "
            f"{fetched['bytes'] / 1e6:.1f} MB, worker peak {peak:.0f} MB" + (f"; {verdict}" if verdict else ""),
        )
    ]


def run() -> list[tuple[str, str]]:
    if postgres_reachable():
        return [("feeds through gunicorn", "PostgreSQL unreachable: not measured")]
    rows = []
    for scale in SCALES:
        rows += scale_rows(scale)
    return rows


if __name__ == "__main__":  # `python -m bench.bench_feeds`: this part of `make bench` alone
    for label, figures in run():
        print(f"{label:<70} {figures}")
