"""Pages kept per data version (planner/page_cache.py): served again only while nothing they
depend on has changed, never to another reader, never with another response's nonce."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.conftest import statements_of


def _nonce(response) -> str:
    return re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)


def _without_nonces(html: str) -> str:
    return re.sub(r'nonce="[^"]*"', "", html)


@pytest.fixture(autouse=True)
def empty_store(app):
    """The app lives for the whole session: start each test with no page kept."""
    from planner import page_cache

    with app.app_context():
        page_cache._store().pages.clear()


@pytest.fixture()
def plan_id(demo):
    from planner.plans.models import Plan

    return demo.session.scalars(select(Plan.id).order_by(Plan.id)).first()


@pytest.mark.parametrize("path", ["/", "/calendar", "/plans/{plan}", "/agreements/{agreement}"])
def test_a_page_asked_again_is_served_from_the_store_with_its_own_nonce(app, as_user, demo, plan_id, path):
    from planner.plans.models import Plan

    client = as_user("curator")
    plan = demo.session.get(Plan, plan_id)
    path = path.format(plan=plan.id, agreement=plan.agreement_id)
    first = client.get(path)
    statements = statements_of(app, client, path)
    again = client.get(path)
    assert len(statements) <= 3  # the user, the data version (and the session's generation)
    assert _nonce(again) != _nonce(first)
    assert f'nonce="{_nonce(again)}"' in again.text or "nonce=" not in first.text
    assert _without_nonces(again.text) == _without_nonces(first.text)


def test_a_change_is_on_the_next_page_in_every_worker(as_user, demo, plan_id):
    """The data version moves in the change's transaction: no kept page outlives it."""
    from planner.plans.models import Plan

    client = as_user("curator")
    assert "Renamed for the cache test" not in client.get(f"/plans/{plan_id}").text
    plan = demo.session.get(Plan, plan_id)
    plan.title = {**plan.title, "en": "Renamed for the cache test"}
    demo.session.commit()
    assert "Renamed for the cache test" in client.get(f"/plans/{plan_id}").text


def test_another_reader_never_gets_a_kept_page(as_user, demo):
    """The same browser, logged in as someone else: their page, not the one kept before."""
    from planner.accounts.models import User

    client = as_user("curator")
    curator = demo.session.scalar(select(User).where(User.username == "curator"))
    assert curator.display_name in client.get("/").text
    client = as_user("partner")
    assert curator.display_name not in client.get("/").text


def test_the_readers_own_language_and_zone_are_part_of_the_key(as_user, demo):
    """A user's language lives in the user row, which moves no data version."""
    from planner.accounts.models import User

    client = as_user("curator")
    assert 'lang="en"' in client.get("/").text
    user = demo.session.scalar(select(User).where(User.username == "curator"))
    user.language = "ru"
    demo.session.commit()
    assert 'lang="ru"' in client.get("/").text


def test_a_flash_message_is_shown_once_and_never_kept(as_user):
    client = as_user("curator")
    client.get("/")  # kept
    with client.session_transaction() as session:
        session["_flashes"] = [("message", "Shown exactly once")]
    assert "Shown exactly once" in client.get("/").text
    assert "Shown exactly once" not in client.get("/").text


def test_a_kept_page_is_at_most_a_minute_behind_the_clock(as_user, monkeypatch):
    """ "Today" and "next" move with the clock: a page is kept for the minute it was made in."""
    from planner import page_cache

    client = as_user("curator")
    seconds = [1_800_000_000.0]
    monkeypatch.setattr(page_cache, "clock", lambda: seconds[0])
    client.get("/")
    kept = len(page_cache._store().pages)
    client.get("/")
    assert len(page_cache._store().pages) == kept  # served from the store
    seconds[0] += 60
    client.get("/")
    assert len(page_cache._store().pages) == kept + 1  # a new minute, a new page


def test_it_can_be_turned_off(app, as_user):
    from planner import page_cache

    client = as_user("curator")
    app.config["PAGE_CACHE"] = False
    try:
        before = len(page_cache._store().pages)
        client.get("/")
        client.get("/")
        assert len(page_cache._store().pages) == before
    finally:
        app.config["PAGE_CACHE"] = True


def test_each_response_carries_its_own_nonce_in_the_kept_text(app, demo):
    """A kept page's inline scripts and styles carry the nonce of the response that serves them
    (else the browser's CSP would block them)."""
    from flask import g
    from flask_login import login_user

    from planner.accounts.models import User
    from planner.page_cache import cached_page

    user = demo.session.scalar(select(User).where(User.username == "curator"))
    page = cached_page(lambda: f'<script nonce="{g.csp_nonce}">1</script>')
    served = []
    for nonce in ("first-nonce-0001", "second-nonce-002"):
        with app.test_request_context("/nonce-check"):
            g.locale, g.csp_nonce = "en", nonce
            login_user(user)
            served.append(page().get_data(as_text=True))
    assert served == ['<script nonce="first-nonce-0001">1</script>', '<script nonce="second-nonce-002">1</script>']


# --- each part of the key on its own (issue #35 item 3) -------------------------------------------

KEY_PARTS = {
    "reader id": lambda user, g, session: setattr(user, "id", user.id + 1),
    "role": lambda user, g, session: setattr(user, "role", "curator"),
    "institution": lambda user, g, session: setattr(user, "institution_id", user.institution_id + 1),
    "page language": lambda user, g, session: setattr(g, "locale", "ru"),
    "user language": lambda user, g, session: setattr(user, "language", "kk"),
    "time zone": lambda user, g, session: setattr(user, "timezone", "Asia/Almaty"),
    "session generation": lambda user, g, session: setattr(user, "session_generation", 1),
    "CSRF secret": lambda user, g, session: session.__setitem__("csrf_token", "another-secret"),
}


@pytest.mark.parametrize("part", KEY_PARTS)
def test_each_part_of_the_key_alone_makes_another_key(app, part):
    """Everything else the same (the same user row, session, address, minute and data version),
    a change of one part alone must give another key: else a kept page would be served across it
    (a changed role or institution moves no data version: user rows are not content)."""
    from flask import g, session
    from flask_login import login_user

    from planner.accounts.models import User
    from planner.page_cache import page_key

    reader = User(id=7, username="reader", display_name="Reader", role="partner", institution_id=3)
    reader.language, reader.timezone, reader.session_generation, reader.active = "en", "Asia/Baku", 0, True
    with app.test_request_context("/calendar?view=month"):
        login_user(reader)
        g.locale, session["csrf_token"] = "en", "a-secret"
        before = page_key("version-1")
        KEY_PARTS[part](reader, g, session)
        assert page_key("version-1") != before, part


def test_a_role_changed_by_an_administrator_shows_on_the_next_page(as_user, demo):
    """The user stays logged in; the user row moves no data version, so only the key's role
    tells the kept dashboard (without the curator's button) from the new one."""
    from planner.accounts.models import User

    client = as_user("staff")
    assert "New agreement from text" not in client.get("/").text
    staff = demo.session.scalar(select(User).where(User.username == "staff"))
    staff.role = "curator"
    demo.session.commit()
    assert "New agreement from text" in client.get("/").text
