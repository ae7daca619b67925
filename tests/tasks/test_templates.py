"""Administrators edit the task templates on a page, in four languages; the checklists made
afterwards follow them; nobody else may."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import csrf_token, log_in

TITLES = {
    "en": "Arrange the security guards",
    "az": "Mühafizəçiləri təşkil edin",
    "kk": "Күзетшілерді ұйымдастыру",
    "ru": "Организовать охрану",
}


def template(session, key: str):
    from planner.tasks.models import TaskTemplate

    session.expire_all()
    return session.scalar(select(TaskTemplate).where(TaskTemplate.plan_kind == "exhibition", TaskTemplate.key == key))


def form(token: str, **changes) -> dict:
    data = {
        "csrf_token": token,
        "plan_kind": "exhibition",
        "anchor": "opening",
        "amount": "2",
        "unit": "weeks",
        "direction": "before",
        "responsible": "borrower",
        "proof": "",
        "active": "y",
    }
    data.update({f"title-{lang}": text for lang, text in TITLES.items()})
    data.update(changes)
    return data


def test_an_administrator_edits_a_template_in_four_languages(client, demo):
    crates = template(demo.session, "crates")
    log_in(client, "admin")
    listing = client.get("/admin/task-templates").get_data(as_text=True)
    assert "Order the crates" in listing and "1 month before: Departure of the loan" in listing
    page = client.get(f"/admin/task-templates/{crates.id}").get_data(as_text=True)
    assert 'value="Yeşikləri sifariş edin"' in page and 'value="Заказать ящики"' in page
    saved = client.post(
        f"/admin/task-templates/{crates.id}", data=form(csrf_token(page), **{"proof": "attachment:other_document"})
    )
    assert saved.status_code == 302
    crates = template(demo.session, "crates")
    assert crates.title == TITLES and crates.offset_amount == -2 and crates.offset_unit == "weeks"
    assert (crates.proof_kind, crates.proof_value) == ("attachment", "other_document")
    for lang, word in (("ru", "Шаблоны задач"), ("kk", "Тапсырма үлгілері"), ("az", "Tapşırıq şablonları")):
        client.post("/language", data={"lang": lang, "csrf_token": csrf_token(page)})
        shown = client.get("/admin/task-templates").get_data(as_text=True)
        assert word in shown and TITLES[lang] in shown


def test_a_new_template_and_bad_input_kept(client, demo):
    from planner.tasks.models import TaskTemplate

    log_in(client, "admin")
    page = client.get("/admin/task-templates/new").get_data(as_text=True)
    refused = client.post("/admin/task-templates/new", data=form(csrf_token(page), anchor="moon", amount="x"))
    assert refused.status_code == 400
    shown = refused.get_data(as_text=True)
    assert "Not a valid choice" in shown and 'value="Организовать охрану"' in shown
    client.post("/admin/task-templates/new", data=form(csrf_token(page)))
    made = demo.session.scalar(select(TaskTemplate).where(TaskTemplate.title["en"].as_string() == TITLES["en"]))
    assert made is not None and made.key is None and made.position == 18


def test_only_administrators_write_templates(app, client, demo):
    import pytest

    from planner.errors import Forbidden
    from planner.tasks import operations
    from planner.unit_of_work import unit_of_work
    from tests.tasks.conftest import user

    crates = template(demo.session, "crates")
    with app.test_request_context(), pytest.raises(Forbidden), unit_of_work():
        operations.save_template(crates, user(demo.session, "curator"), {"active": False})
    assert template(demo.session, "crates").active is True
