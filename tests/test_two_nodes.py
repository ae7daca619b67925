"""Two app processes (gunicorn, as on two hosts behind a balancer) on one PostgreSQL database,
with the same SECRET_KEY and PROXY_HOPS=1 (#32 item 2): a session begun on one node is good on
the other, the log-in counters are shared (the database's, or Redis's with
RATELIMIT_STORAGE_URI) and kept per client, and "Log out everywhere" on one node ends the
session on the other."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import DEMO_PASSWORD, ON_POSTGRES

pytestmark = [pytest.mark.postgres, pytest.mark.skipif(not ON_POSTGRES, reason="two nodes share PostgreSQL")]
ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/13"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_node(storage: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    environment = {
        **os.environ,
        "PLANNER_CONFIG": "config.Config",
        "DATABASE_URL": os.environ["TEST_DATABASE_URL"],
        "SECRET_KEY": "test-only-secret",
        "PROXY_HOPS": "1",
        "RATELIMIT_STORAGE_URI": storage,
        "LOGIN_FREE_FAILURES_PER_USERNAME": "3",
        "LOGIN_FREE_FAILURES_PER_ADDRESS": "3",
        "PAGE_CACHE": "0",
        "MAIL_SERVER": "",
    }
    command = [str(Path(sys.executable).with_name("gunicorn")), "-w", "1", "--threads", "2"]
    command += ["-b", f"127.0.0.1:{port}", "--no-control-socket", "wsgi:app"]
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return process, f"http://127.0.0.1:{port}"


def wait_until_up(url: str, process: subprocess.Popen) -> None:
    import requests

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode()[-2000:])
        try:
            if requests.get(f"{url}/healthz", timeout=10).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    raise AssertionError(f"{url} did not start")


@pytest.fixture()
def redis_available():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is not running on 127.0.0.1:6379")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    yield
    for key in client.scan_iter("planner:login:*"):
        client.delete(key)
    client.close()


@pytest.fixture(params=["database", "redis"])
def nodes(request, demo):
    """Two nodes on the demo data, their counters in the database or in Redis."""
    storage = ""
    if request.param == "redis":
        request.getfixturevalue("redis_available")
        storage = REDIS_URL
    started = [start_node(storage) for _ in range(2)]
    try:
        for process, url in started:
            wait_until_up(url, process)
        yield [url for _process, url in started]
    finally:
        for process, _url in started:
            process.terminate()
            process.wait(timeout=30)
            process.stderr.close()


def log_in(browser, node: str, client_address: str, username: str, password: str = DEMO_PASSWORD):
    headers = {"X-Forwarded-For": client_address}
    page = browser.get(f"{node}/login", headers=headers, timeout=30).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = {"username": username, "password": password, "csrf_token": token}
    return browser.post(f"{node}/login", data=form, headers=headers, allow_redirects=False, timeout=30).status_code


def opens_account(browser, node: str) -> bool:
    return browser.get(f"{node}/account", allow_redirects=False, timeout=30).status_code == 200


def test_two_nodes_share_sessions_counters_and_log_out_everywhere(nodes):
    import requests

    first, second = nodes
    laptop, phone, stranger = requests.Session(), requests.Session(), requests.Session()
    assert log_in(laptop, first, "203.0.113.10", "staff") == 302
    assert opens_account(laptop, second)  # the session begun on one node holds on the other
    assert log_in(phone, second, "203.0.113.11", "staff") == 302

    for number in range(3):  # a stranger guesses staff's password on one node ...
        assert log_in(stranger, first, f"198.51.100.{number}", "staff", "guess") == 401
    assert log_in(stranger, second, "198.51.100.9", "staff") == 429  # ... and is slowed on the other
    for username in ("nobody", "somebody", "anybody"):  # one client's failures, counted per client
        assert log_in(requests.Session(), first, "192.0.2.50", username, "guess") == 401
    assert log_in(requests.Session(), second, "192.0.2.50", "curator") == 429
    assert log_in(requests.Session(), second, "192.0.2.60", "curator") == 302

    page = phone.get(f"{second}/account", timeout=30).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    phone.post(f"{second}/account/logout-everywhere", data={"csrf_token": token}, allow_redirects=False, timeout=30)
    assert not opens_account(laptop, first) and not opens_account(phone, second)
