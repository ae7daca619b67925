"""Behind a balancer (#32 item 2): with PROXY_HOPS the client's address and scheme come from the
balancer's headers, so log-in throttling counts each client; without it the headers are ignored."""

from __future__ import annotations

import pytest

from tests.accounts.test_throttling import rule  # noqa: F401  (the fixture)
from tests.conftest import DEMO_PASSWORD, csrf_token

BALANCER = "10.0.0.1"


@pytest.fixture()
def hops(app):
    def set_hops(count: int) -> None:
        app.config["PROXY_HOPS"] = count

    yield set_hops
    app.config["PROXY_HOPS"] = 0


def through_balancer(client, client_address: str, username: str, password: str):
    headers = {"X-Forwarded-For": client_address, "X-Forwarded-Proto": "https", "Referer": "https://localhost/login"}
    environ = {"REMOTE_ADDR": BALANCER}
    page = client.get("/login", headers=headers, environ_base=environ)
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(page.data)},
        headers=headers,
        environ_base=environ,
    )


def test_behind_a_balancer_each_client_has_its_own_address_limit(app, demo, rule, hops):  # noqa: F811
    rule(address=3)
    hops(1)
    stranger, colleague = app.test_client(), app.test_client()
    for username in ("nobody", "somebody", "anybody"):
        assert through_balancer(stranger, "203.0.113.5", username, "guess").status_code == 401
    assert through_balancer(stranger, "203.0.113.5", "curator", DEMO_PASSWORD).status_code == 429
    assert through_balancer(colleague, "198.51.100.7", "curator", DEMO_PASSWORD).status_code == 302


def test_behind_a_tls_balancer_the_scheme_is_https(app, as_user, hops):
    hops(1)
    client = as_user("staff")
    page = client.get("/account", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"})
    assert "https://localhost/feeds/" in page.get_data(as_text=True)


def test_without_proxy_hops_the_headers_are_ignored(app, demo, rule):  # noqa: F811
    rule(address=3)
    client = app.test_client()
    for number in range(3):
        through_balancer(client, f"203.0.113.{number}", "nobody", "guess")
    assert through_balancer(client, "203.0.113.99", "curator", DEMO_PASSWORD).status_code == 429
