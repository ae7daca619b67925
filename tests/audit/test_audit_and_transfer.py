"""No lost data: the audit log, and export/import round trips exactly."""

import json

from sqlalchemy import select

from tests.conftest import csrf_token


def test_export_then_import_into_an_empty_database_is_exact(app, demo, tmp_path):
    from planner.transfer.database import export_everything

    runner = app.test_cli_runner()
    path = tmp_path / "export.json"
    assert runner.invoke(args=["data", "export", str(path)]).exit_code == 0
    original = export_everything()
    refused = runner.invoke(args=["data", "import", str(path)])
    assert refused.exit_code == 2 and "not empty" in refused.output
    with demo.engine.begin() as connection:
        for table in reversed(demo.metadata.sorted_tables):
            connection.execute(table.delete())
    result = runner.invoke(args=["data", "import", str(path)])
    assert result.exit_code == 0, result.output
    demo.session.expire_all()
    assert export_everything() == original
    assert json.loads(path.read_text())["format"] == "mou-planner-export/1"


def test_import_keeps_ids_usable_for_new_rows(app, demo, tmp_path):
    from planner.agreements.models import Institution
    from planner.transfer.database import write_export

    path = tmp_path / "export.json"
    write_export(str(path))
    with demo.engine.begin() as connection:
        for table in reversed(demo.metadata.sorted_tables):
            connection.execute(table.delete())
    assert app.test_cli_runner().invoke(args=["data", "import", str(path)]).exit_code == 0
    demo.session.add(Institution(name={"en": "New"}, country="GE"))
    demo.session.commit()  # no duplicate key: sequences moved past the imported ids


def test_changes_are_audited_and_admin_can_filter(as_user, demo):
    from planner.agreements.models import Agreement
    from planner.audit.models import AuditEntry

    ganja = next(a for a in demo.session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    curator = as_user("curator")
    page = curator.get(f"/agreements/{ganja.id}")
    curator.post(
        f"/agreements/{ganja.id}/protocols", data={"csrf_token": csrf_token(page.data), "text": "Article 5 reads ..."}
    )
    entry = demo.session.scalar(select(AuditEntry).where(AuditEntry.entity == "protocol"))
    assert entry.action == "create" and entry.after["text"] == "Article 5 reads ..."
    assert curator.get("/audit").status_code == 403
    curator.post("/logout", data={"csrf_token": csrf_token(curator.get("/").data)})
    from tests.conftest import log_in

    log_in(curator, "admin")
    listing = curator.get("/audit?entity=protocol&user=curator").get_data(as_text=True)
    assert "Protocol No. " in " ".join(listing.split()) and "Article 5 reads" in listing and "Protocol #" not in listing
