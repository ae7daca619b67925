"""The audit log as people read it: changed fields only, links to the records, date filters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from planner.audit.presenting import as_text, changes


def test_only_changed_fields_are_listed_as_plain_text():
    found = changes(
        {"status": "proposed", "title": "A", "partners": [1, 2]},
        {"status": "approved", "title": "A", "partners": [1, 2]},
    )
    assert [(c.field, c.before, c.after) for c in found] == [("status", "proposed", "approved")]
    assert changes(None, {"number": 3})[0].before == "—"


def test_values_read_as_text_not_json():
    assert as_text({"en": "Exhibition", "ru": "Выставка"}) == "en: Exhibition; ru: Выставка"
    assert as_text([[1, "2027-03-01", None], [2, "2027-04-01", None]]) == "1, 2027-03-01; 2, 2027-04-01"
    assert as_text(None) == "—" and as_text([]) == "—"


def test_entries_link_to_their_record_and_filter_by_dates(as_user, demo):
    from planner.audit.models import AuditEntry
    from planner.plans.models import Plan

    plan = demo.session.scalars(select(Plan)).first()
    demo.session.add_all(
        [
            AuditEntry(
                action="update", entity="plan", entity_id=plan.id, at=datetime(2026, 3, 5, 12), after={"status": "x"}
            ),
            AuditEntry(
                action="update", entity="plan", entity_id=plan.id, at=datetime(2025, 1, 5, 12), after={"status": "old"}
            ),
        ]
    )
    demo.session.commit()
    client = as_user("admin")
    page = client.get("/audit?from=2026-03-05&to=2026-03-05").get_data(as_text=True)
    assert f'href="/plans/{plan.id}"' in page
    assert ">x<" in page and ">old<" not in page
    assert ">old<" in client.get("/audit?to=2025-12-31").get_data(as_text=True)


def test_a_malformed_date_is_reported_not_guessed(as_user, demo):
    answer = as_user("admin").get("/audit?from=05.03.2026")
    assert answer.status_code == 200
    assert "is not a date" in answer.get_data(as_text=True)
