"""The synthetic dataset: deterministic, realistic enough for every page, and fast to write."""

from sqlalchemy import func, select


def test_same_seed_gives_the_same_data(app, database):
    from planner.transfer.database import export_everything

    runner = app.test_cli_runner()
    args = ["demo", "synth", "--agreements", "3", "--plans", "12", "--events", "60", "--sites", "8", "--seed", "7"]
    assert runner.invoke(args=args).exit_code == 0
    first = export_everything()
    with database.engine.begin() as connection:
        for table in reversed(database.metadata.sorted_tables):
            connection.execute(table.delete())
    result = runner.invoke(args=args)
    assert result.exit_code == 0 and "60 events" in result.output
    second = export_everything()

    def strip_ids(doc):
        return {
            t: [{k: v for k, v in r.items() if k != "id" and not k.endswith("_id")} for r in rows]
            for t, rows in doc["tables"].items()
        }

    assert strip_ids(first) == strip_ids(second)


def test_synthetic_data_serves_every_page(app, database):
    from planner.accounts.models import User
    from planner.plans.events import Event
    from planner.plans.models import Plan
    from tests.conftest import log_in

    assert (
        app.test_cli_runner()
        .invoke(args=["demo", "synth", "--agreements", "2", "--plans", "20", "--events", "100", "--sites", "5"])
        .exit_code
        == 0
    )
    assert database.session.scalar(select(func.count()).select_from(Event)) == 100
    assert (
        database.session.scalar(select(func.count()).select_from(Event).where(Event.recurrence_frequency.is_not(None)))
        == 10
    )
    user = User(username="bench-admin", role="admin")
    user.set_password("pw-pw-pw-pw")
    database.session.add(user)
    database.session.commit()
    client = app.test_client()
    log_in(client, "bench-admin", "pw-pw-pw-pw")
    plan = database.session.scalars(select(Plan).where(Plan.kind == "heritage_route")).first()
    for path in (
        "/",
        "/agreements",
        f"/agreements/{plan.agreement_id}",
        f"/plans/{plan.id}",
        f"/plans/{plan.id}/map",
        "/calendar?month=2026-06",
        "/map",
    ):
        assert client.get(path).status_code == 200, path
