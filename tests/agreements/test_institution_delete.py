"""Deleting an institution from its page (#27: every state change an operation, on every
surface): administrators only, after a confirmation; one still in use stays, with the reason."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import csrf_token, log_in


def test_an_unused_institution_is_deleted_from_its_page_and_one_in_use_stays(app, client, demo):
    from planner.agreements.models import Institution
    from planner.audit.models import AuditEntry
    from planner.unit_of_work import unit_of_work

    session = demo.session
    with unit_of_work():
        spare = Institution(
            name={"en": "Spare Museum"}, short_name="Spare", country="AZ", city="Baku", timezone="Asia/Baku"
        )
        session.add(spare)
    ganja = session.scalar(select(Institution).where(Institution.short_name.like("Ganja%")))
    spare_id, ganja_id = spare.id, ganja.id

    log_in(client, "curator")
    assert client.get(f"/institutions/{spare_id}/delete").status_code == 403
    log_in(client, "admin")
    assert "Delete institution" in client.get(f"/institutions/{spare_id}").get_data(as_text=True)
    page = client.get(f"/institutions/{spare_id}/delete")
    assert "Spare Museum" in page.get_data(as_text=True)
    assert client.post(f"/institutions/{spare_id}/delete").status_code == 400  # no CSRF token
    answer = client.post(
        f"/institutions/{ganja_id}/delete", data={"csrf_token": csrf_token(page.data)}, follow_redirects=True
    )
    assert "Something still refers to this record" in answer.get_data(as_text=True)
    session.expire_all()
    assert session.get(Institution, ganja_id) is not None
    answer = client.post(
        f"/institutions/{spare_id}/delete", data={"csrf_token": csrf_token(page.data)}, follow_redirects=True
    )
    assert "The institution is deleted." in answer.get_data(as_text=True)
    session.expire_all()
    assert session.get(Institution, spare_id) is None
    deleted = session.scalar(
        select(AuditEntry).where(AuditEntry.entity == "institution", AuditEntry.action == "delete")
    )
    assert deleted is not None and deleted.entity_id == spare_id
