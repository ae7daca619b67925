"""Log-in throttling (planner.accounts.throttling, planner.accounts.devices): a stranger's
failures never block the user's known browser; unknown devices are slowed with growing pauses,
per username and per address; counters shared through the database or Redis."""

from __future__ import annotations

import os

import pytest

from tests.accounts.test_sessions_and_passwords import attempt
from tests.conftest import DEMO_PASSWORD, csrf_token


@pytest.fixture()
def rule(app, monkeypatch):
    """Set the throttle's numbers for one test, on a clock the test moves."""
    from planner.accounts import throttling

    clock = [1_000_000.0]
    monkeypatch.setattr(throttling, "now", lambda: clock[0])
    keys = (
        "LOGIN_FREE_FAILURES_PER_DEVICE",
        "LOGIN_FREE_FAILURES_PER_USERNAME",
        "LOGIN_FREE_FAILURES_PER_ADDRESS",
        "LOGIN_MAX_DELAY",
        "RATELIMIT_STORAGE_URI",
    )
    saved = {key: app.config[key] for key in keys}

    def set_rule(device=10, username=10000, address=10000, longest=900, storage=""):
        app.config.update(
            LOGIN_FREE_FAILURES_PER_DEVICE=device,
            LOGIN_FREE_FAILURES_PER_USERNAME=username,
            LOGIN_FREE_FAILURES_PER_ADDRESS=address,
            LOGIN_MAX_DELAY=longest,
            RATELIMIT_STORAGE_URI=storage,
        )
        return clock

    yield set_rule
    app.config.update(saved)


def log_out(client):
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/account").data)})


def test_a_strangers_failures_never_block_the_users_known_browser(app, client, demo, rule):
    rule(username=3, address=5)
    assert attempt(client, "staff", DEMO_PASSWORD, address="192.0.2.7").status_code == 302
    log_out(client)
    stranger = app.test_client()
    for number in range(40):
        attempt(stranger, "staff", "guess", address=f"198.51.100.{number}")
    assert attempt(stranger, "staff", DEMO_PASSWORD, address="198.51.100.99").status_code == 429
    # the user's own browser, from anywhere, with the right password: in at once
    assert attempt(client, "staff", DEMO_PASSWORD, address="203.0.113.1").status_code == 302


def test_unknown_devices_wait_longer_after_each_failure_never_more_than_the_longest(client, demo, rule):
    clock = rule(username=2, longest=8)
    assert attempt(client, "staff", "wrong").status_code == 401
    assert attempt(client, "staff", "wrong").status_code == 401
    waits = []
    for _ in range(6):
        refused = attempt(client, "staff", DEMO_PASSWORD)
        assert refused.status_code == 429 and b"Too many log-in attempts" in refused.data
        waits.append(int(refused.headers["Retry-After"]))
        clock[0] += waits[-1]
        assert attempt(client, "staff", "wrong").status_code == 401
    assert waits == [1, 2, 4, 8, 8, 8]
    clock[0] += 8
    assert attempt(client, "staff", DEMO_PASSWORD).status_code == 302  # slowed, never locked


def test_a_device_cookie_counts_for_its_own_username_only(app, client, demo, rule):
    rule(username=1)
    assert attempt(client, "curator", DEMO_PASSWORD).status_code == 302
    log_out(client)
    assert attempt(client, "staff", "wrong").status_code == 401
    assert attempt(client, "staff", DEMO_PASSWORD).status_code == 429
    forged = app.test_client()
    forged.set_cookie("planner_device", client.get_cookie("planner_device").value[:-2] + "xx")
    attempt(forged, "curator", "wrong")
    assert attempt(forged, "curator", "wrong").status_code == 429  # not trusted: the username's rule


def test_a_known_browser_that_keeps_failing_is_slowed_on_its_own(app, client, demo, rule):
    rule(device=2)
    assert attempt(client, "staff", DEMO_PASSWORD).status_code == 302
    log_out(client)
    for _ in range(2):
        assert attempt(client, "staff", "wrong").status_code == 401
    assert attempt(client, "staff", DEMO_PASSWORD).status_code == 429
    assert attempt(app.test_client(), "staff", DEMO_PASSWORD).status_code == 302  # others are not


def test_login_is_slowed_by_address(client, demo, rule):
    rule(address=3)
    for username in ("nobody", "staff", "somebody"):
        assert attempt(client, username, "wrong").status_code == 401
    assert attempt(client, "curator", DEMO_PASSWORD).status_code == 429
    assert attempt(client, "curator", DEMO_PASSWORD, address="10.0.0.9").status_code == 302


def test_successful_log_ins_cost_nothing(client, demo, rule):
    rule(username=1, address=1)
    for _ in range(3):
        assert attempt(client, "staff", DEMO_PASSWORD, address="10.9.9.9").status_code == 302
        log_out(client)
        client.delete_cookie("planner_device")


@pytest.fixture()
def redis_url():
    """Redis on 127.0.0.1:6379, database 13 (this suite's); in CI its absence fails the test."""
    import redis

    url = "redis://127.0.0.1:6379/13"
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is not running on 127.0.0.1:6379")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    yield url
    for key in client.scan_iter("planner:login:*"):
        client.delete(key)
    client.close()


def test_counters_live_in_redis_when_configured(app, client, demo, rule, redis_url):
    import redis
    from sqlalchemy import func, select

    from planner.accounts.throttling import LoginCounter

    rule(username=2, storage=redis_url)
    for _ in range(2):
        assert attempt(client, "staff", "wrong").status_code == 401
    assert attempt(client, "staff", DEMO_PASSWORD).status_code == 429
    assert redis.Redis.from_url(redis_url).hget("planner:login:username:staff", "failures") == b"2"
    assert demo.session.scalar(select(func.count()).select_from(LoginCounter)) == 0


def test_a_success_starts_the_usernames_count_again(client, demo, rule):
    clock = rule(username=2)
    for _ in range(2):
        assert attempt(client, "staff", "wrong").status_code == 401
    clock[0] += 1
    assert attempt(client, "staff", DEMO_PASSWORD).status_code == 302
    log_out(client)
    client.delete_cookie("planner_device")  # an unknown browser again: the username's counter
    for _ in range(2):
        assert attempt(client, "staff", "wrong").status_code == 401
