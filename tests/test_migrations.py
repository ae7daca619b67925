"""Migrations, not create_all: upgrade, downgrade to base, upgrade again; and no drift."""

import subprocess
import sys

import flask_migrate
from sqlalchemy import inspect


def test_upgrade_downgrade_upgrade(app):
    from planner.extensions import db

    with app.app_context():
        db.session.remove()
        flask_migrate.downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        flask_migrate.upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"agreement", "article", "article_version", "plan", "event", "site", "route_stop", "user"} <= tables


def test_models_and_migrations_agree(app):
    """The same check as `flask db check`: autogenerate finds no difference."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from planner.extensions import db

    with app.app_context(), db.engine.connect() as connection:
        opts = {"compare_type": True, "include_object": app.extensions["migrate"].configure_args["include_object"]}
        differences = compare_metadata(MigrationContext.configure(connection, opts=opts), db.metadata)
    assert differences == []


def test_cli_reports_an_unreachable_database_in_one_line(tmp_path):
    env = {
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "x",
        "PLANNER_INSTANCE": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "demo", "seed"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "database is unavailable" in result.stderr
