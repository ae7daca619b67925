"""deploy/gunicorn.conf.py (#34 item 3): recycling that does not halve throughput (a rare
request count, jittered; the app preloaded), and a worker grown past its memory limit replaced
after its requests."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path
from types import SimpleNamespace

CONFIG = Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"


def deployment():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", CONFIG)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def worker():
    return SimpleNamespace(alive=True, log=logging.getLogger("test-worker"))


def test_workers_are_recycled_rarely_jittered_and_forked_from_a_loaded_app():
    conf = deployment()
    assert conf.worker_class == "gthread" and conf.workers == 2 and conf.threads == 4
    assert conf.max_requests >= 50_000 and 0 < conf.max_requests_jitter < conf.max_requests
    assert conf.preload_app and conf.timeout == 120


def test_a_worker_grown_past_its_limit_is_replaced_after_its_requests_and_one_below_it_stays():
    conf = deployment()
    # the limit measured from this process, whatever the suite has grown it to so far
    conf.MAX_MB = conf.TRIM_MB = conf.resident_mb() + 500
    below = worker()
    conf.post_request(below, None, {}, None)
    assert below.alive and conf.resident_mb() < conf.MAX_MB
    conf.MAX_MB = conf.TRIM_MB = 1.0  # this process is bigger than 1 MB
    over = worker()
    conf.post_request(over, None, {}, None)
    assert over.alive is False
