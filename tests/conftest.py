"""Fixtures: the app on a real database (in-memory SQLite, or PostgreSQL when
PLANNER_TEST_BACKEND=postgres), migrated by Alembic, emptied after every test."""

from __future__ import annotations

import os
import re

import pytest
from flask.testing import FlaskClient
from hypothesis import settings
from sqlalchemy import text

from config import TestConfig

# No per-example time limit: on a loaded machine a slow example is not a wrong one (speed is
# measured by `make bench`, never in unit tests).
settings.register_profile("planner", deadline=None)
settings.load_profile("planner")

DEMO_PASSWORD = "demo-pass-123"
ON_POSTGRES = os.environ.get("PLANNER_TEST_BACKEND") == "postgres"


def postgres_required() -> bool:
    return os.environ.get("REQUIRE_POSTGRES") == "1" or os.environ.get("CI") == "true"


class FreshContextClient(FlaskClient):
    """Each request in its own app context, as in production: `g` (the locale Flask-Babel
    caches, the user Flask-Login caches) must not leak from the fixture's context."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app():
    import flask_migrate

    from planner import create_app
    from planner.extensions import db

    if ON_POSTGRES and not os.environ.get("TEST_DATABASE_URL"):
        pytest.exit("PLANNER_TEST_BACKEND=postgres needs TEST_DATABASE_URL", returncode=1)
    application = create_app(TestConfig)
    application.test_client_class = FreshContextClient
    with application.app_context():
        try:
            db.session.execute(text("SELECT 1"))
        except Exception as failure:  # unreachable PostgreSQL: fail in CI, never skip silently there
            message = f"database unreachable: {failure.__class__.__name__}"
            if postgres_required():
                pytest.exit(message, returncode=1)
            pytest.skip(message)
        _reset_schema(db)
        flask_migrate.upgrade()
        yield application
        db.session.remove()
        _reset_schema(db)
        db.engine.dispose()


def _reset_schema(db) -> None:
    """Start from an empty database (PostgreSQL keeps tables between runs)."""
    db.session.remove()
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture()
def database(app):
    """An app context whose tables are emptied after the test."""
    from planner.extensions import db

    with app.app_context():
        yield db
        db.session.rollback()
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture()
def demo(database):
    """The demo data of the seed documents, with every demo user's password DEMO_PASSWORD."""
    from planner.demo.seed import seed

    seed(DEMO_PASSWORD)
    return database


ROLES = ("anonymous", "partner", "partner_other", "staff", "curator", "curator_other", "admin")


def add_users_of_another_partnership(session):
    """A partner and a curator at Tashkent, who share no agreement with Ganja; returns Tashkent."""
    from sqlalchemy import select

    from planner.accounts.models import User
    from planner.agreements.models import Institution

    tashkent = session.scalar(select(Institution).where(Institution.short_name == "Uzbek Art Museum"))
    for username, role in (("partner_other", "partner"), ("curator_other", "curator")):
        user = User(username=username, role=role, institution=tashkent)
        user.set_password(DEMO_PASSWORD)
        session.add(user)
    session.flush()
    return tashkent


@pytest.fixture()
def client(app, database):
    return app.test_client()


def statements_of(app, client, path: str) -> list[str]:
    """The SQL statements one GET of `path` issues (it must answer 200)."""
    from sqlalchemy import event

    from planner.extensions import db

    with app.app_context():
        engine = db.engine
    seen: list[str] = []
    listener = lambda connection, cursor, statement, *rest: seen.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        response = client.get(path)
        assert response.status_code == 200, path
        response.get_data()  # a streamed body (feeds) issues its statements while it is read
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return seen


def csrf_token(page: bytes | str) -> str:
    body = page.decode() if isinstance(page, bytes) else page
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', body
    )
    assert found, "the page has no CSRF token"
    return found.group(1)


def log_in(client, username: str, password: str = DEMO_PASSWORD):
    """Log in (first logging out whoever is logged in on this client)."""
    page = client.get("/login")
    if page.status_code == 302:
        client.post("/logout", data={"csrf_token": csrf_token(client.get("/account").data)})
        page = client.get("/login")
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(page.data)},
        follow_redirects=True,
    )


@pytest.fixture()
def as_user(client, demo):
    """Log the test client in as a demo user: `as_user("curator")`."""

    def logged_in(username: str):
        response = log_in(client, username)
        assert response.status_code == 200, response.data[:500]
        return client

    return logged_in
