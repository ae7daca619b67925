"""Participant roles, loan object titles and condition notes, site precision notes in every
language: the rules of planner/multilingual.py, the pages (reader's language, marked fallback),
the API (per-language fields and the old single one), approvals, the loan list's duplicates,
search, maps and the migration that keeps old values in the language they are in."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from sqlalchemy import select, text

from planner.multilingual import one_value, other_languages, settle, texts
from tests.conftest import csrf_token

SILK_ROAD = "Ganja: a city on the Silk Road"
EXCHANGE = "Exchange of conservators, spring 2027"


# --- the rules ---------------------------------------------------------------------------------


def test_the_per_language_values_decide_and_the_single_value_follows():
    assert settle({"titles": {"ru": " Чаша ", "kk": ""}}, ("title",)) == {"title": "Чаша", "titles": {"ru": "Чаша"}}
    both = settle({"title": "Old", "titles": {"en": "Bowl", "ru": "Чаша"}}, ("title",))
    assert both == {"title": "Bowl", "titles": {"en": "Bowl", "ru": "Чаша"}}  # `titles` decides


def test_an_older_client_sending_one_value_changes_the_english_one_only():
    item = SimpleNamespace(roles={"en": "Conservator", "ru": "Реставратор"})
    assert settle({"role": "Curator"}, ("role",), item) == {
        "role": "Curator",
        "roles": {"en": "Curator", "ru": "Реставратор"},
    }
    assert settle({"role": ""}, ("role",), item) == {"role": "", "roles": {}}  # asked for no role at all


def test_one_value_and_what_a_row_shows():
    assert one_value({"ru": "Чаша", "en": "Bowl"}) == "Bowl" and one_value({"ru": "Чаша"}) == "Чаша"
    assert texts(SimpleNamespace(roles={}, role="Curator"), "role") == {"en": "Curator"}  # a row from before
    assert other_languages(SimpleNamespace(titles={"ru": "Чаша"}, title="Чаша"), "title") == {}
    assert other_languages(SimpleNamespace(titles={"en": "Bowl", "ru": "Чаша"}, title="Bowl"), "title")


def test_assigning_the_single_value_keeps_the_english_value_in_step(demo):
    from planner.plans.models import LoanObject

    loan = demo.session.scalar(select(LoanObject).where(LoanObject.inventory_number == "GQ-2004-231"))
    loan.title = "Bronze lamp"
    assert loan.titles["en"] == "Bronze lamp" and loan.titles["ru"] == "Бронзовый масляный светильник"
    russian_only = LoanObject(titles={"ru": "Чаша"}, title="Чаша")
    assert russian_only.titles == {"ru": "Чаша"}  # the only value stays in its language


# --- pages -------------------------------------------------------------------------------------


def set_language(client, language: str) -> None:
    client.post("/language", data={"lang": language, "csrf_token": csrf_token(client.get("/").data)})


def plan_named(session, title: str):
    from planner.plans.models import Plan

    return session.scalar(select(Plan).where(Plan.title["en"].as_string() == title))


def test_a_russian_reader_sees_the_russian_texts(as_user, demo):
    client = as_user("curator")
    set_language(client, "ru")
    silk_road, exchange = plan_named(demo.session, SILK_ROAD), plan_named(demo.session, EXCHANGE)
    page = client.get(f"/plans/{silk_road.id}").get_data(as_text=True)
    assert '<span lang="ru">Глазурованная керамическая чаша, XII век</span>' in page
    assert '<span lang="ru">Волосяная трещина по краю, состояние стабильное.</span>' in page
    assert "Glazed ceramic bowl" not in page
    assert '<span lang="ru">Реставратор</span>' in client.get(f"/plans/{exchange.id}").get_data(as_text=True)
    assert "Реставратор" in client.get(f"/plans/{exchange.id}/edit").get_data(as_text=True)


def test_a_kazakh_reader_gets_the_russian_text_marked_as_a_fallback(as_user, demo):
    from planner.plans.models import LoanObject

    loan = demo.session.scalar(select(LoanObject).where(LoanObject.inventory_number == "GQ-2004-231"))
    loan.titles = {key: value for key, value in loan.titles.items() if key != "kk"}
    demo.session.commit()
    client = as_user("curator")
    set_language(client, "kk")
    page = client.get(f"/plans/{loan.plan_id}").get_data(as_text=True)
    assert '<span lang="ru">Бронзовый масляный светильник</span> <small class="fallback"' in page
    assert '<span lang="kk">Сырлы керамикалық тостаған, XII ғасыр</span></td>' in page  # translated: unmarked


def test_the_site_page_and_its_form_carry_the_note_in_every_language(as_user, demo):
    from planner.maps.models import Site

    site = next(s for s in demo.session.scalars(select(Site)) if s.name["en"].startswith("Ganja State"))
    client = as_user("curator")
    set_language(client, "ru")
    assert "координаты заповедника не найдены" in client.get(f"/sites/{site.id}").get_data(as_text=True)
    form = client.get(f"/sites/{site.id}/edit")
    body = form.get_data(as_text=True)
    assert 'name="precision_note-kk"' in body and "Гянжа қаласының орталығы" in body
    data = {
        "csrf_token": csrf_token(form.data),
        "name-en": site.name["en"],
        "kind": site.kind,
        "latitude": site.latitude,
        "longitude": site.longitude,
        "precision": site.precision,
        "precision_note-ru": "Центр города",
    }
    assert client.post(f"/sites/{site.id}/edit", data=data).status_code == 302
    demo.session.expire_all()
    saved = demo.session.get(Site, site.id)
    assert saved.precision_notes == {"ru": "Центр города"} and saved.precision_note == "Центр города"


def test_the_loan_form_saves_every_language_and_wants_the_english_title(as_user, demo):
    from planner.plans.models import LoanObject

    plan = plan_named(demo.session, SILK_ROAD)
    client = as_user("curator")
    edit = client.get(f"/plans/{plan.id}/edit").get_data(as_text=True)
    assert 'name="loan_objects-title-ru"' in edit and 'name="loan_objects-condition_departure-kk"' in edit
    data = {
        "csrf_token": csrf_token(edit),
        "version_id": plan.version_id,
        "loan_objects-lender_institution_id": plan.lead_institution_id,
        "loan_objects-inventory_number": "GQ-1999-001",
        "loan_objects-title-ru": "Кувшин",
        "loan_objects-insurance_currency": "EUR",
        "loan_objects-condition_departure-ru": "Скол на ручке",
    }
    refused = client.post(f"/plans/{plan.id}/loans", data=data)
    assert refused.status_code == 400 and "Кувшин" in refused.get_data(as_text=True)  # nothing typed is lost
    assert client.post(f"/plans/{plan.id}/loans", data={**data, "loan_objects-title-en": "Jug"}).status_code == 302
    saved = demo.session.scalar(select(LoanObject).where(LoanObject.inventory_number == "GQ-1999-001"))
    assert saved.titles == {"en": "Jug", "ru": "Кувшин"} and saved.title == "Jug"
    assert saved.conditions_departure == {"ru": "Скол на ручке"} and saved.condition_departure == "Скол на ручке"


def test_the_same_object_is_refused_whatever_language_its_title_is_in(as_user, demo):
    plan = plan_named(demo.session, SILK_ROAD)
    client = as_user("curator")
    page = client.get(f"/plans/{plan.id}/edit").get_data(as_text=True)
    again = client.post(
        f"/plans/{plan.id}/loans",
        data={
            "csrf_token": csrf_token(page),
            "version_id": plan.version_id,
            "loan_objects-lender_institution_id": plan.lead_institution_id,
            "loan_objects-inventory_number": "GQ-1987-014",
            "loan_objects-title-en": "Bowl",
            "loan_objects-title-ru": "Чаша",
            "loan_objects-insurance_currency": "EUR",
        },
    )
    page = client.get(again.headers.get("Location", f"/plans/{plan.id}/edit")).get_data(as_text=True)
    assert "already on the plan" in page
    demo.session.expire_all()
    assert len(plan_named(demo.session, SILK_ROAD).loan_objects) == 3


def test_typed_markup_in_any_language_is_shown_as_text(as_user, demo):
    from planner.plans.models import LoanObject

    loan = demo.session.scalar(select(LoanObject).where(LoanObject.inventory_number == "GQ-2004-231"))
    loan.titles = {**loan.titles, "ru": '<script>alert("x")</script>'}
    demo.session.commit()
    client = as_user("curator")
    set_language(client, "ru")
    page = client.get(f"/plans/{loan.plan_id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page and '<script>alert("x")' not in page


# --- approvals -----------------------------------------------------------------------------------


def standing(plan) -> list:
    return [a for a in plan.approvals if a.withdrawn_at is None and a.fingerprint == plan.current_fingerprint]


def test_a_changed_translation_of_a_loan_title_withdraws_the_approvals(demo):
    from planner.accounts.models import User
    from planner.plans import operations

    plan = plan_named(demo.session, SILK_ROAD)
    assert standing(plan), "the demo's Ganja approval stands"
    curator = demo.session.scalar(select(User).where(User.username == "curator-turkestan"))
    loan = plan.loan_objects[0]
    unchanged = dict(loan.titles)
    operations.update_part(plan, curator, "loan_objects", loan.id, {"titles": unchanged})
    assert standing(plan), "the same values change nothing"
    operations.update_part(plan, curator, "loan_objects", loan.id, {"titles": {**unchanged, "kk": "Тостаған"}})
    assert loan.title == unchanged["en"] and not standing(plan)
    assert all(a.withdrawn_at is not None for a in plan.approvals)


def test_the_content_carries_each_title_in_its_language(demo):
    """A title 0006_part_languages guessed to be Russian is approved as the Russian title (the
    approvals given before are re-stamped by 0007_fingerprint, tests/test_migrations.py)."""
    from planner.plans import approval

    plan = plan_named(demo.session, SILK_ROAD)
    for loan in plan.loan_objects:
        loan.titles = {"ru": loan.title}  # as 0006_part_languages leaves a value it guessed is Russian
    rows = approval.plan_content(plan)["loans"]
    assert sorted(map(str, (row["titles"] for row in rows))) == sorted(str({"ru": o.title}) for o in plan.loan_objects)


def test_the_change_summary_names_the_object_in_the_readers_language():
    from planner.plans.summary import Names, summarize

    row = [1, "GQ-7", "Bowl", None, None, None, None]
    translated = [*row, [["en", "Bowl"], ["ru", "Чаша"]]]
    words = lambda group, key: {"loans": "Предмет", "inventory": "инв. № {number}"}.get(key, key)  # noqa: E731
    rows = summarize({"loans": [row]}, {"loans": [translated]}, Names({1: "Гянджа"}, {}), "ru", words)
    assert [(r.change, r.label) for r in rows] == [("changed", "Предмет: Чаша, инв. № GQ-7")]
    assert "en: Bowl" in rows[0].after


# --- search and maps -----------------------------------------------------------------------------


def test_search_finds_a_plan_by_a_loan_title_in_any_language(as_user, demo):
    plan = plan_named(demo.session, SILK_ROAD)
    client = as_user("curator")
    for word in ("светильник", "шырағы", "çırağı"):
        page = client.get(f"/search?q={word}").get_data(as_text=True)
        assert f"/plans/{plan.id}" in page, word


def test_map_popups_and_gpx_carry_the_note_in_the_readers_language(as_user, demo):
    from planner.plans.models import Plan

    client = as_user("curator")
    set_language(client, "ru")
    note = "центр города Гянджа"
    assert json.dumps(note)[1:-1] in client.get("/map").get_data(as_text=True)  # in the popup's script
    geojson = client.get("/map.geojson").json
    assert any(note in (f["properties"].get("precision_note") or "") for f in geojson["features"])
    route = next(p for p in demo.session.scalars(select(Plan)) if p.kind == "heritage_route" and p.route_stops)
    gpx = client.get(f"/plans/{route.id}/route.gpx").get_data(as_text=True)
    assert "<desc>" in gpx and "ЮНЕСКО" in gpx


# --- the migration -------------------------------------------------------------------------------


@pytest.fixture()
def before_the_migration(app, database):
    """The database at 0005_notifications with one old row of each kind; back at head afterwards."""
    import flask_migrate

    db = database
    db.session.remove()
    flask_migrate.downgrade(revision="0005_notifications")
    yield db
    db.session.remove()
    flask_migrate.upgrade()


def test_the_migration_keeps_each_old_value_in_the_language_it_is_in(app, before_the_migration):
    import flask_migrate

    db = before_the_migration
    statements = [
        "INSERT INTO institution (id, name, short_name, country, city, timezone, document_languages, created_at, "
        "updated_at) VALUES (1, '{}', 'I', 'AZ', '', 'Asia/Baku', '[]', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
        "INSERT INTO site (id, name, kind, latitude, longitude, address, city, description, precision, "
        "precision_note, created_at, updated_at) VALUES (1, '{}', 'museum', 40, 46, '', '', '{}', 'wiki', "
        "'Центр города', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
    ]
    with db.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
        _old_plan_with_parts(connection)
    flask_migrate.upgrade(revision="0006_part_languages")
    with db.engine.connect() as connection:
        site = connection.execute(text("SELECT precision_notes FROM site")).one()
        loan = connection.execute(text("SELECT titles, conditions_departure, conditions_return FROM loan_object")).one()
        person = connection.execute(text("SELECT roles FROM participant")).one()
    decoded = [_json(value) for value in (*site, *loan, *person)]
    assert decoded == [{"ru": "Центр города"}, {"az": "Şirli kasa"}, {"en": "Stable"}, {}, {"kk": "Қорықшы"}]
    flask_migrate.downgrade(revision="0005_notifications")
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT role FROM participant")).scalar() == "Қорықшы"


def _old_plan_with_parts(connection) -> None:
    connection.execute(
        text(
            "INSERT INTO agreement (id, version_id, title, kind, default_terms, project_agreement_required, "
            "languages, status, preambles, discrepancies, source_text, created_at, updated_at) VALUES (1, 1, '{}', "
            "'memorandum', 'free_of_charge', FALSE, '[]', 'draft', '{}', '[]', '', CURRENT_TIMESTAMP, "
            "CURRENT_TIMESTAMP)"
        )
    )
    connection.execute(
        text(
            "INSERT INTO plan (id, version_id, agreement_id, kind, title, description, status, terms, "
            "project_agreement_ref, online_url, created_at, updated_at) VALUES (1, 1, 1, 'exhibition', '{}', '{}', "
            "'proposed', 'free_of_charge', '', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        )
    )
    connection.execute(
        text(
            "INSERT INTO loan_object (id, plan_id, lender_institution_id, inventory_number, title, "
            "condition_departure, condition_return) VALUES (1, 1, 1, 'A-1', 'Şirli kasa', 'Stable', '')"
        )
    )
    connection.execute(
        text(
            "INSERT INTO participant (id, plan_id, name, name_key, role, home_institution_id) "
            "VALUES (1, 1, 'A', 'a', 'Қорықшы', 1)"
        )
    )


def _json(value):
    import json

    return json.loads(value) if isinstance(value, str) else value


def test_search_finds_an_event_by_its_title_in_any_language(as_user, demo):
    page = as_user("staff").get("/search?q=сейсенбілері").get_data(as_text=True)
    assert "/events/" in page
