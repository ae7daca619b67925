"""Migrations, not create_all: upgrade, downgrade to base, upgrade again; and no drift."""

import subprocess
import sys
from contextlib import contextmanager

import flask_migrate
from sqlalchemy import inspect, text


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


@contextmanager
def _search_index_paused():
    """Commit without rebuilding search entries (their table is at an older revision's shape)."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from planner.search.indexing import apply_pending

    event.remove(Session, "before_commit", apply_pending)
    try:
        yield
    finally:
        event.listen(Session, "before_commit", apply_pending)


def _fingerprint_migration(name: str = "0007_fingerprint"):
    """The migration module (its frozen fingerprints and its down revision)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "migrations" / "versions" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"migration_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _stored_columns(session, model) -> list:
    """The model's attributes whose columns the database has at its current revision."""
    there = {column["name"] for column in inspect(session.get_bind()).get_columns(model.__table__.name)}
    return [getattr(model, a.key) for a in model.__mapper__.column_attrs if a.columns[0].name in there]


def _most_parts(plan) -> tuple:
    """The plan with the most parts (objects with translated titles, amounts, people, a series)."""
    return bool(plan.loan_objects), bool(plan.cost_items), len(plan.events)


def _approved_before(session, revision: str, content, fingerprint, most=_most_parts) -> tuple[int, int]:
    """The database downgraded to ``revision``; two plans approved by their parties under the
    fingerprint (``fingerprint(content(plan))``) of that revision: the one first by ``most``,
    whose content then stays, and another whose content changes after the approval. Their ids."""
    from sqlalchemy import select
    from sqlalchemy.orm import load_only, selectinload

    from planner.accounts.models import User
    from planner.agreements.models import Party
    from planner.plans.events import Event
    from planner.plans.models import Approval, CostItem, LoanObject, Participant, Plan, PlanVenue, RouteStop

    session.commit()
    flask_migrate.downgrade(revision=revision)
    session.remove()
    # the curators' ids only: later revisions add columns to the user table (0013's digest)
    curators = dict(session.execute(select(User.institution_id, User.id).where(User.role == "curator")).all())
    # the plan and its parts read with the columns this revision's tables have (later ones add more)
    parts = {"venues": PlanVenue, "events": Event, "cost_items": CostItem, "loan_objects": LoanObject}
    parts |= {"participants": Participant, "route_stops": RouteStop}
    loading = [load_only(*_stored_columns(session, Plan))]
    loading += [selectinload(getattr(Plan, name)).load_only(*_stored_columns(session, m)) for name, m in parts.items()]
    plans = list(session.scalars(select(Plan).options(*loading).order_by(Plan.id)))
    current = max(plans, key=most)
    earlier = next(p for p in plans if p.events and p is not current)
    for plan in (current, earlier):
        plan.approvals.clear()
        session.flush()
        stamp = fingerprint(content(plan))
        # the parties read without loading the agreement, whose later columns (0012's
        # signing place) this revision's table does not have yet
        parties = session.scalars(select(Party.institution_id).where(Party.agreement_id == plan.agreement_id))
        for institution_id in parties:
            user_id = curators.get(institution_id) or next(iter(curators.values()))
            plan.approvals.append(Approval(institution_id=institution_id, user_id=user_id, fingerprint=stamp))
    earlier.events[0].title = "Renamed before the upgrade"  # a change the old fingerprint saw
    current_id, earlier_id = current.id, earlier.id
    with _search_index_paused():  # the search index's later columns are not there yet either
        session.commit()
    session.remove()
    return current_id, earlier_id


def test_the_new_fingerprint_keeps_standing_approvals_and_not_older_ones(demo):
    """A database as it was before 0007 (the demo, approvals stamped with the old fingerprint):
    after the upgrade, approvals of the plan's current content hold under the new fingerprint;
    an approval of an earlier version still names no content."""
    from planner.plans.approval import is_approved
    from planner.plans.models import Plan

    migration = _fingerprint_migration()
    session = demo.session
    current_id, earlier_id = _approved_before(session, migration.down_revision, migration.old_content,
                                              migration.old_fingerprint)  # fmt: skip

    flask_migrate.upgrade()

    for plan_id, kept in ((current_id, True), (earlier_id, False)):
        plan = session.get(Plan, plan_id)
        assert is_approved(plan.agreement.institution_ids, plan.approvals, plan.current_fingerprint) is kept
        assert all(a.withdrawn_at is None for a in plan.approvals)  # nothing else was touched
    assert session.get(Plan, current_id).approvals[0].snapshot["events"][0]["uid"]  # the new content, kept


def test_cost_descriptions_in_every_language_keep_standing_approvals_and_not_older_ones(demo):
    """A database as it was before 0015 (approvals stamped with the fingerprint of 0007's
    builder, costs with one description): after the upgrade each cost has its description as
    the English, approvals of the plan's current content hold under the new fingerprint (which
    covers the descriptions per language) and an approval of an earlier version still names no
    content; the downgrade gives back the old fingerprints."""
    from planner.plans.approval import is_approved
    from planner.plans.models import Plan

    frozen, migration = _fingerprint_migration(), _fingerprint_migration("0015_cost_languages")
    session = demo.session
    current_id, earlier_id = _approved_before(
        session, migration.down_revision, frozen.content, frozen.fingerprint, lambda p: len(p.cost_items)
    )
    stamp = session.get(Plan, current_id).approvals[0].fingerprint  # read at 0014: costs not loaded
    session.remove()

    flask_migrate.upgrade()

    for plan_id, kept in ((current_id, True), (earlier_id, False)):
        plan = session.get(Plan, plan_id)
        assert is_approved(plan.agreement.institution_ids, plan.approvals, plan.current_fingerprint) is kept
        assert all(a.withdrawn_at is None for a in plan.approvals)  # nothing else was touched
    current = session.get(Plan, current_id)
    costs = current.approvals[0].snapshot["costs"]  # the new content, kept
    assert costs and all("description" not in cost for cost in costs)
    assert sorted(c["descriptions"].get("en", "") for c in costs) == sorted(c.description for c in current.cost_items)
    assert all(c.descriptions == ({"en": c.description} if c.description else {}) for c in current.cost_items)
    session.commit()
    session.remove()

    flask_migrate.downgrade(revision=migration.down_revision)
    approvals = session.execute(
        text("SELECT fingerprint FROM approval WHERE plan_id = :plan_id"), {"plan_id": current_id}
    ).scalars()
    assert set(approvals) == {stamp}
    session.remove()
    flask_migrate.upgrade()
