"""Fixtures: the app on a real database (in-memory SQLite, or PostgreSQL when
PLANNER_TEST_BACKEND=postgres), migrated by Alembic; each test that asks for `database` starts
from empty tables, each that asks for `demo` from the demo as a fresh seed leaves it (both put
back from snapshots taken once per session: see tests/snapshots.py).

Under pytest-xdist each worker has its own PostgreSQL database, TEST_DATABASE_URL's name plus
the worker's id (made when missing), and its own browser."""

from __future__ import annotations

import os
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from tests.budget import load_hypothesis_profile
from tests.snapshots import snapshots_for

DEMO_PASSWORD = "demo-pass-123"
ON_POSTGRES = os.environ.get("PLANNER_TEST_BACKEND") == "postgres"
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def _worker_database_url(url: str, worker: str) -> str:
    """postgresql://.../planner_ci for worker gw1: postgresql://.../planner_ci_gw1."""
    base, _, name = url.rpartition("/")
    name, question, query = name.partition("?")
    return f"{base}/{name}_{worker}{question}{query}"


if ON_POSTGRES and WORKER and os.environ.get("TEST_DATABASE_URL"):  # before config reads it
    os.environ["TEST_DATABASE_URL"] = _worker_database_url(os.environ["TEST_DATABASE_URL"], WORKER)

from config import TestConfig, database_url  # noqa: E402 (reads TEST_DATABASE_URL)

load_hypothesis_profile()

#: The fixtures through which a test reaches a database. A test that asks for none of them (even
#: through others) runs the same on every backend: it is marked `nodb`, and the PostgreSQL pass
#: of `make test` leaves it out rather than repeat it (scripts/test_phases.py).
DATABASE_FIXTURES = {"app", "database", "demo", "client"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if not DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.nodb)


def redis_test_url() -> str:
    """A Redis database of 127.0.0.1:6379 of its own for this worker and backend (15, 14, ...
    downwards), so that runs side by side never flush each other's keys."""
    index = int(WORKER.removeprefix("gw") or 0)
    return f"redis://127.0.0.1:6379/{15 - (2 * index + ON_POSTGRES) % 16}"


def postgres_required() -> bool:
    return os.environ.get("REQUIRE_POSTGRES") == "1" or os.environ.get("CI") == "true"


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    """On PostgreSQL, the server is checked once, before any worker starts: unreachable fails
    the run in CI with one clear line (a worker's own exit would read as a crash)."""
    if not ON_POSTGRES or WORKER:
        return
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.exit("PLANNER_TEST_BACKEND=postgres needs TEST_DATABASE_URL", returncode=1)
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    server = create_engine(make_url(database_url(os.environ["TEST_DATABASE_URL"])).set(database="postgres"))
    try:
        with server.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as failure:
        if postgres_required():
            pytest.exit(f"database unreachable: {failure.__class__.__name__}", returncode=1)
    finally:
        server.dispose()


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
            if ON_POSTGRES and WORKER:
                _create_database_if_missing(os.environ["TEST_DATABASE_URL"])
            db.session.execute(text("SELECT 1"))
        except Exception as failure:  # unreachable PostgreSQL: fail in CI, never skip silently there
            message = f"database unreachable: {failure.__class__.__name__}"
            if postgres_required():
                pytest.exit(message, returncode=1)
            pytest.skip(message)
        _reset_schema(db)
        flask_migrate.upgrade()
        _empty_tables(db)
        STATE.keeper = snapshots_for(db)
        STATE.keeper.take("empty")
        STATE.now = "empty"
        yield application
        db.session.remove()
        _reset_schema(db)
        db.engine.dispose()


def _create_database_if_missing(url: str) -> None:
    """The worker's own database, made (empty) on first use; its schema is made by the app fixture."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    target = make_url(database_url(url))
    server = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
            ).first()
            if not exists:
                connection.exec_driver_sql(f'CREATE DATABASE "{target.database}"')
                # A test database need not survive a crash: commits need not wait for the disk.
                connection.exec_driver_sql(f'ALTER DATABASE "{target.database}" SET synchronous_commit = off')
    finally:
        server.dispose()


def _empty_tables(db) -> None:
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


class STATE:
    """What the database holds now: a snapshot's name ("empty", "demo"), or None when a test may
    have changed it. A snapshot is put back only when the database is not in it already."""

    keeper = None
    now: str | None = None

    @classmethod
    def ensure(cls, name: str) -> None:
        if cls.now != name:
            cls.keeper.restore(name)
            _forget_feed_wholes()
        cls.now = None  # the test about to run may change anything


def _forget_feed_wholes() -> None:
    """The whole feeds kept in files were made from the database just put back: they go with it."""
    import shutil

    shutil.rmtree(TestConfig.FEED_WHOLES_FOLDER, ignore_errors=True)


def _reset_schema(db) -> None:
    """Start from an empty database (PostgreSQL keeps tables between runs)."""
    db.session.remove()
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(autouse=True)
def _empty_database_under_the_app(request):
    """A test that uses the app without `database` (migrations, CLI) finds empty tables too."""
    if "app" in request.fixturenames and "database" not in request.fixturenames:
        app = request.getfixturevalue("app")
        with app.app_context():
            STATE.ensure("empty")


@pytest.fixture()
def database(app, request):
    """An app context over empty tables (ids counted from 1)."""
    from planner.extensions import db

    with app.app_context():
        if "demo" not in request.fixturenames:  # `demo` puts back its own state at once
            STATE.ensure("empty")
        yield db
        db.session.rollback()
        db.session.remove()


@pytest.fixture()
def demo(database):
    """The demo data of the seed documents, with every demo user's password DEMO_PASSWORD, as
    `seed()` leaves an empty database (taken once per session, put back for each test)."""
    if "demo" not in STATE.keeper.taken:
        from planner.demo.seed import seed

        STATE.ensure("empty")
        seed(DEMO_PASSWORD)
        database.session.remove()
        STATE.keeper.take("demo")
        STATE.now = "demo"
    STATE.ensure("demo")
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
