"""Event titles and descriptions in every language: the form has one field per language, pages
and feeds use the reader's language with a marked fallback (kk reads ru next, az reads en next),
old single-language values keep the language they are in."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planner.i18n import guess_language
from tests.conftest import csrf_token


@pytest.mark.parametrize(
    "text, language",
    [("Heritage Tuesdays", "en"), ("Вторники наследия", "ru"), ("Мұра сейсенбілері", "kk"), ("İrs günləri", "az")],
)
def test_old_single_values_keep_the_language_they_are_in(text, language):
    assert guess_language(text) == language


def test_fallback_chains_are_configurable():
    from config import language_fallbacks

    assert language_fallbacks(None)["kk"] == ("ru", "en") and language_fallbacks(None)["az"] == ("en", "ru")
    assert language_fallbacks("kk:en;az:ru,en")["kk"] == ("en",)
    assert language_fallbacks("kk:en;az:ru,en")["az"] == ("ru", "en")


def set_language(client, language):
    client.post("/language", data={"lang": language, "csrf_token": csrf_token(client.get("/").data)})


def heritage_tuesdays(session):
    from planner.plans.events import Event

    return session.scalar(select(Event).where(Event.uid == "demo-heritage-tuesdays@mou-planner"))


@pytest.mark.parametrize(
    "language, shown", [("ru", "Наследие по вторникам"), ("kk", "Мұра сейсенбілері"), ("az", "İrs çərşənbə axşamları")]
)
def test_demo_events_carry_four_languages(as_user, demo, language, shown):
    client = as_user("staff")
    set_language(client, language)
    event = heritage_tuesdays(demo.session)
    assert shown in client.get(f"/events/{event.id}").get_data(as_text=True)
    assert shown in client.get("/calendar?month=2026-12").get_data(as_text=True)


def test_a_missing_translation_falls_back_in_order_and_is_marked(as_user, demo):
    event = heritage_tuesdays(demo.session)
    event.titles = {"en": "Heritage Tuesdays", "ru": "Вторники наследия"}
    demo.session.commit()
    client = as_user("staff")
    set_language(client, "kk")
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert '<span lang="ru">Вторники наследия</span> <small class="fallback"' in page
    set_language(client, "az")
    assert '<span lang="en">Heritage Tuesdays</span> <small class="fallback"' in client.get(
        f"/events/{event.id}"
    ).get_data(as_text=True)


def test_the_form_saves_every_language(as_user, demo):
    event = heritage_tuesdays(demo.session)
    client = as_user("curator")
    form = client.get(f"/events/{event.id}/edit")
    body = form.get_data(as_text=True)
    assert 'name="title-kk"' in body and "Мұра сейсенбілері" in body
    data = {
        "csrf_token": csrf_token(form.data),
        "version_id": event.version_id,
        "title-en": "Heritage Tuesdays",
        "title-ru": "Вторники наследия",
        "title-kk": "Мұра сейсенбілері",
        "title-az": "İrs çərşənbə axşamları",
        "description-ru": "Еженедельные беседы хранителей",
        "kind": "session",
        "status": "confirmed",
        "site_id": 0,
        "online_url": event.online_url,
        "timezone": "Asia/Baku",
        "starts_local": "2026-12-01T11:00",
        "ends_local": "2026-12-01T12:30",
        "frequency": "weekly",
        "interval": 1,
        "count": 10,
    }
    assert client.post(f"/events/{event.id}/edit", data=data).status_code == 302
    demo.session.expire_all()
    saved = heritage_tuesdays(demo.session)
    assert saved.titles["kk"] == "Мұра сейсенбілері" and saved.title == "Heritage Tuesdays"
    assert saved.descriptions == {"ru": "Еженедельные беседы хранителей"}
    assert saved.description == "Еженедельные беседы хранителей"
    missing = client.post(f"/events/{event.id}/edit", data={**data, "title-en": "", "version_id": saved.version_id})
    assert missing.status_code == 400


def test_feed_summaries_use_the_subscribers_language(app, demo):
    from planner.accounts.models import User

    staff = demo.session.scalar(select(User).where(User.username == "staff"))
    staff.language = "ru"
    demo.session.commit()
    feed = app.test_cli_runner().invoke(args=["feeds", "urls", "--user", "staff"]).output.split()[0]
    body = app.test_client().get(feed).get_data(as_text=True)
    assert "SUMMARY:Наследие по вторникам" in body


def test_event_summary_marks_a_fallback():
    from types import SimpleNamespace

    from planner.schedule.texts import event_summary

    row = SimpleNamespace(titles={"en": "Heritage Tuesdays"}, title="Heritage Tuesdays")
    assert event_summary(row, "en") == "Heritage Tuesdays"
    assert event_summary(row, "kk") == "Heritage Tuesdays (English)"
