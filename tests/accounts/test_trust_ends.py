"""Sessions end when trust ends (#32 item 4): an administrator's password reset and a
deactivation end every session and revoke API tokens and feed addresses; reactivation revives
nothing."""

from __future__ import annotations

from tests.accounts.test_administration import account
from tests.conftest import csrf_token, log_in


def open_doors(app, demo, username: str):
    """A logged-in browser, an API token and a feed address of `username`, all working."""
    from planner.accounts.models import Token

    browser = app.test_client()
    assert log_in(browser, username).status_code == 200
    feed = app.test_cli_runner().invoke(args=["feeds", "urls", "--user", username]).output.split()[0]
    token, secret = Token.issue(account(demo.session, username), "api", "collection system")
    demo.session.add(token)
    demo.session.commit()
    bearer = {"Authorization": f"Bearer {secret}"}
    assert browser.get("/account").status_code == 200 and browser.get(feed).status_code == 200
    assert app.test_client().get("/api/v1/agreements", headers=bearer).status_code == 200
    return browser, feed, bearer


def assert_all_closed(app, browser, feed, bearer):
    assert browser.get("/account").status_code == 302
    assert app.test_client().get(feed).status_code == 404
    assert app.test_client().get("/api/v1/agreements", headers=bearer).status_code == 401


def admin_posts(as_user, path: str, user_id: int):
    admin = as_user("admin")
    return admin.post(path, data={"csrf_token": csrf_token(admin.get(f"/admin/users/{user_id}").data)})


def test_a_password_reset_ends_sessions_api_tokens_and_feeds(app, as_user, demo):
    browser, feed, bearer = open_doors(app, demo, "staff")
    user_id = account(demo.session, "staff").id
    assert admin_posts(as_user, f"/admin/users/{user_id}/password", user_id).status_code == 200
    assert_all_closed(app, browser, feed, bearer)


def test_reactivation_revives_no_session_token_or_feed(app, as_user, demo):
    browser, feed, bearer = open_doors(app, demo, "staff")
    user_id = account(demo.session, "staff").id
    admin_posts(as_user, f"/admin/users/{user_id}/deactivate", user_id)
    admin_posts(as_user, f"/admin/users/{user_id}/reactivate", user_id)
    assert account(demo.session, "staff").active
    assert_all_closed(app, browser, feed, bearer)
    fresh = app.test_client()
    assert log_in(fresh, "staff").status_code == 200 and fresh.get("/account").status_code == 200
