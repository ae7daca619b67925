"""gunicorn's settings for production: `gunicorn -c deploy/gunicorn.conf.py wsgi:app` (README,
"Production"). Every figure can be set from the environment; the README says why each is so.

- gthread workers, one per core, four threads each: a feed's answer streams and a build may wait
  on the database; the heartbeat stays apart from the requests, so a long feed is never killed.
- Recycling: a worker is replaced after about 100,000 requests (jittered, so the two never go at
  once) or as soon as it has grown past PLANNER_WORKER_MAX_MB after a request (its memory given
  back to the system first, when it can be). `--max-requests 2000` replaced a worker every few
  seconds at full load (17 boots a minute), each boot a second of one core: half the throughput.
- The app is loaded once in the master (`preload_app`) and the workers forked from it: a boot
  takes milliseconds instead of a second, and the workers share the loaded code's pages. Safe
  because create_app opens no connection; each worker still drops any pooled connection it
  inherited (post_fork)."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from pathlib import Path

bind = os.environ.get("BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_WORKERS", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = 120
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "100000"))
max_requests_jitter = int(os.environ.get("WEB_MAX_REQUESTS_JITTER", "10000"))
preload_app = os.environ.get("WEB_PRELOAD", "1") == "1"

MAX_MB = float(os.environ.get("PLANNER_WORKER_MAX_MB", "300"))  # replace a worker grown past this
TRIM_MB = float(os.environ.get("PLANNER_WORKER_TRIM_MB", "140"))  # give freed memory back past this
ARENAS = 2  # glibc's malloc arenas per worker (its default, 8 per core, keeps freed memory per thread)


def resident_mb() -> float:
    """This process's resident memory (VmRSS), in MB, as the kernel counts it."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _libc():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


LIBC = _libc()


def post_fork(server, worker) -> None:
    """Fewer malloc arenas; no database connection shared with the master or a sibling."""
    if LIBC is not None and hasattr(LIBC, "mallopt"):
        LIBC.mallopt(-8, ARENAS)  # M_ARENA_MAX
    if preload_app:
        from planner.extensions import db

        app = worker.app.wsgi()
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose(close=False)


def post_request(worker, req, environ, resp) -> None:
    """Past TRIM_MB, hand freed memory back to the system; past MAX_MB still, let the worker
    finish its requests in flight and be replaced."""
    if resident_mb() <= TRIM_MB:
        return
    if LIBC is not None and hasattr(LIBC, "malloc_trim"):
        LIBC.malloc_trim(0)
    if resident_mb() > MAX_MB:
        worker.log.info("worker at %.0f MB (over %.0f): replaced after its requests", resident_mb(), MAX_MB)
        worker.alive = False
