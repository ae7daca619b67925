"""Accounts: the same work for unknown usernames, sessions that
end on the server, the password change page and the password policy on every path."""

from __future__ import annotations

import os
import stat

import pytest
from sqlalchemy import select

from tests.conftest import DEMO_PASSWORD, csrf_token, log_in

STRONG = "violet-harbour-lantern-42"


def attempt(client, username: str, password: str, address: str = "127.0.0.1"):
    page = client.get("/login", environ_base={"REMOTE_ADDR": address})
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(page.data)},
        environ_base={"REMOTE_ADDR": address},
    )


def test_password_problems_name_each_rule():
    from planner.accounts.passwords import password_problems

    assert password_problems(STRONG, "curator") == []
    assert password_problems("demo-pass-123", "curator") == []  # the demo password stays valid
    assert any("12" in problem for problem in password_problems("short", "curator"))
    assert any("attackers" in problem for problem in password_problems("Password1234", "curator"))
    assert any("username" in problem for problem in password_problems("museum-curator-7", "Museum-Curator-7"))


def test_password_problems_are_translated(app):
    from flask_babel import force_locale

    from planner.accounts.passwords import password_problems

    with app.test_request_context(), force_locale("ru"):
        assert "символов" in password_problems("short", "x")[0]


def test_unknown_username_costs_a_password_check(client, demo, monkeypatch):
    """The same work whether the username exists or not (no timing in unit tests: the checks
    are counted)."""
    import werkzeug.security

    import planner.accounts.models

    checked = []
    real = werkzeug.security.check_password_hash
    for module in (werkzeug.security, planner.accounts.models):
        monkeypatch.setattr(module, "check_password_hash", lambda *a: checked.append(1) or real(*a))
    attempt(client, "nobody-at-all", "wrong")
    attempt(client, "staff", "wrong")
    assert len(checked) == 2


def test_log_out_ends_the_session_on_the_server(as_user):
    client = as_user("staff")
    copied = client.get_cookie("session").value
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/account").data)})
    client.set_cookie("session", copied)
    response = client.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_log_out_everywhere_ends_other_browsers(app, as_user):
    first = as_user("staff")
    second = app.test_client()
    assert log_in(second, "staff").status_code == 200
    assert second.get("/account").status_code == 200
    response = first.post("/account/logout-everywhere", data={"csrf_token": csrf_token(first.get("/account").data)})
    assert response.status_code == 302
    assert second.get("/account").status_code == 302
    assert first.get("/account").status_code == 302


def change_password(client, current: str, new: str, again: str | None = None):
    page = client.get("/account/password")
    return client.post(
        "/account/password",
        data={
            "csrf_token": csrf_token(page.data),
            "current_password": current,
            "new_password": new,
            "confirm_password": new if again is None else again,
        },
    )


@pytest.mark.parametrize("new", ["short-pw", "password1234", "curator"])
def test_password_change_refuses_a_weak_password(as_user, demo, new):
    from planner.accounts.models import User

    client = as_user("curator")
    response = change_password(client, DEMO_PASSWORD, new)
    assert response.status_code == 400
    demo.session.expire_all()
    assert demo.session.scalar(select(User).where(User.username == "curator")).check_password(DEMO_PASSWORD)


def test_password_change_needs_the_current_password(as_user):
    client = as_user("curator")
    response = change_password(client, "not-my-password", STRONG)
    assert response.status_code == 400 and b"not your current password" in response.data
    assert change_password(client, DEMO_PASSWORD, STRONG, "something-else-entirely").status_code == 400


def test_password_change_ends_other_sessions_and_keeps_this_one(app, as_user, demo):
    first = as_user("curator")
    second = app.test_client()
    log_in(second, "curator")
    assert change_password(first, DEMO_PASSWORD, STRONG).status_code == 302
    assert first.get("/account").status_code == 200
    assert second.get("/account").status_code == 302
    assert log_in(app.test_client(), "curator", STRONG).status_code == 200
    assert log_in(app.test_client(), "curator", DEMO_PASSWORD).status_code == 401


def test_users_create_enforces_the_password_policy(app, demo):
    from planner.accounts.models import User

    runner = app.test_cli_runner()
    weak = runner.invoke(args=["users", "create", "newadmin", "--role", "admin", "--password", "abc"])
    assert weak.exit_code == 2 and "12 characters" in weak.output
    same = runner.invoke(args=["users", "create", "newadmin-2026", "--role", "admin", "--password", "NewAdmin-2026"])
    assert same.exit_code == 2 and "username" in same.output
    assert demo.session.scalar(select(User).where(User.username.like("newadmin%"))) is None
    assert runner.invoke(args=["users", "create", "newadmin", "--role", "admin", "--password", STRONG]).exit_code == 0


def test_data_export_is_readable_by_its_owner_only(app, demo, tmp_path):
    path = tmp_path / "export.json"
    path.write_text("old")
    os.chmod(path, 0o644)
    result = app.test_cli_runner().invoke(args=["data", "export", str(path)])
    assert result.exit_code == 0 and "credential material" in result.output
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
