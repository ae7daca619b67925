"""Words, numbers and times as each language writes them: plurals, dates without seconds and
with four-digit years, zone names, ranges, words with two meanings, the form library's messages,
repeat options and the audit log's vocabulary (issue #18, item 6, and the translation review)."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from planner import formatting
from tests.conftest import csrf_token

BAKU = ZoneInfo("Asia/Baku")
ALMATY = ZoneInfo("Asia/Almaty")
SECONDS = re.compile(r"\d:\d\d:\d\d")
TWO_DIGIT_YEAR = re.compile(r"\b\d\d\.\d\d\.\d\d\b")


def plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ").replace("\u2009", " ")


@pytest.mark.parametrize("locale", ["en", "az", "kk", "ru"])
def test_times_have_no_seconds_and_four_digit_years(locale):
    start, end = datetime(2026, 12, 4, 11, 0, tzinfo=BAKU), datetime(2026, 12, 4, 12, 30, tzinfo=BAKU)
    for text in (formatting.time_range(start, end, BAKU, locale), formatting.time_range(start, None, ALMATY, locale)):
        assert not SECONDS.search(text) and not TWO_DIGIT_YEAR.search(text), text
        assert "2026" in text, text


@pytest.mark.parametrize(
    "locale, expected",
    [("ru", "1—14 мар. 2027 г."), ("en", "Mar 1 – 14, 2027"), ("kk", "2027 ж. 1–14 нау."), ("az", "1 – 14 mar 2027")],
)
def test_day_ranges_do_not_repeat_month_and_year(locale, expected):
    assert plain(formatting.day_range(date(2027, 3, 1), date(2027, 3, 14), locale)) == expected
    # an all-day occurrence stores the day after its last day
    assert plain(formatting.all_day_range(date(2027, 3, 1), date(2027, 3, 15), locale)) == expected


@pytest.mark.parametrize(
    "locale, expected", [("ru", "Азербайджан"), ("az", "Azərbaycan"), ("kk", "Әзірбайжан"), ("en", "Azerbaijan")]
)
def test_zones_are_named_in_the_readers_language(locale, expected):
    name = formatting.zone_name(datetime(2026, 12, 4, 11, 0, tzinfo=BAKU), locale)
    assert name.startswith(expected) and "Asia/Baku" not in name


@pytest.mark.parametrize("locale, expected", [("ru", "Декабрь 2026"), ("az", "Dekabr 2026")])
def test_month_headings_start_with_a_capital(locale, expected):
    assert formatting.month_heading(date(2026, 12, 1), locale) == expected


@pytest.mark.parametrize("language", ["az", "kk", "ru"])
def test_every_form_library_message_is_translated(app, language):
    from flask_babel import force_locale

    from planner.forms import FORM_TRANSLATIONS, wtforms_messages

    english = wtforms_messages(lambda s: s, lambda s, p, n: p)
    with app.test_request_context("/"), force_locale(language):
        translated = wtforms_messages(FORM_TRANSLATIONS.gettext, FORM_TRANSLATIONS.ngettext)
    untranslated = [e for e, t in zip(english, translated, strict=True) if e == t]
    assert untranslated == []


def set_language(client, language):
    client.post("/language", data={"lang": language, "csrf_token": csrf_token(client.get("/").data)})


@pytest.mark.parametrize(
    "language, required",
    [("az", "Bu sahə doldurulmalıdır."), ("kk", "Бұл өрісті толтыру міндетті."), ("ru", "Обязательное поле.")],
)
def test_required_field_messages_on_a_page_including_the_per_language_subform(as_user, language, required):
    client = as_user("curator")
    set_language(client, language)
    page = client.post("/sites/new", data={"csrf_token": csrf_token(client.get("/sites/new").data)})
    body = page.get_data(as_text=True)
    assert "This field is required." not in body
    assert required in body
    # only the English name field is required, so only it is marked
    inputs = {name: tag for tag, name in re.findall(r'(<input[^>]*name="(name-\w\w)"[^>]*>)', body)}
    assert "aria-invalid" in inputs["name-en"] and "aria-invalid" not in inputs["name-az"]
    assert "multilingual has-error" not in body


def test_participant_dates_are_not_places(as_user, demo):
    from planner.plans.models import Plan

    plan = next(p for p in demo.session.scalars(select(Plan)) if p.kind == "staff_exchange")
    client = as_user("curator")
    set_language(client, "ru")
    edit = client.get(f"/plans/{plan.id}/edit").get_data(as_text=True)
    assert "Дата начала" in edit and "Дата окончания" in edit and "Имя и фамилия" in edit
    show = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "Откуда" in show and "Куда" in show


def test_repeats_cancelled_and_times_on_the_event_page(as_user, demo):
    from planner.plans.events import Event

    event = demo.session.scalar(select(Event).where(Event.recurrence_frequency == "weekly"))
    event.status = "cancelled"
    demo.session.commit()
    client = as_user("curator")
    set_language(client, "ru")
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "каждую неделю по" in page and "weekly" not in page
    assert "Отменено" in page
    assert not SECONDS.search(page)
    assert "Asia/" not in re.sub(r'title="[^"]*"', "", page)


def test_notice_period_is_one_plural_phrase(as_user, demo):
    from planner.agreements.models import Agreement

    agreement = demo.session.scalars(select(Agreement)).first()
    agreement.notice_amount, agreement.notice_unit = 3, "month"
    demo.session.commit()
    client = as_user("curator")
    set_language(client, "ru")
    assert "3 месяца" in client.get(f"/agreements/{agreement.id}").get_data(as_text=True)


def test_audit_log_speaks_the_readers_language(as_user, demo):
    client = as_user("admin")
    set_language(client, "kk")
    client.post(
        "/sites/new",
        data={
            "csrf_token": csrf_token(client.get("/sites/new").data),
            "name-en": "Audit test site",
            "kind": "museum",
            "latitude": "40.1",
            "longitude": "49.8",
            "precision": "surveyed",
        },
    )
    page = client.get("/audit").get_data(as_text=True)
    assert "Құру" in page
    assert ">create<" not in page and ">site<" not in page


def test_single_version_articles_have_no_empty_other_versions_label(as_user, demo):
    from planner.agreements.models import Agreement

    client = as_user("curator")
    for agreement in demo.session.scalars(select(Agreement)):
        page = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
        assert not re.search(r"Other versions:\s*</p>", page), agreement.id


def test_language_names_in_running_text_are_lower_case_in_russian(as_user, demo):
    """Review 2, ru #24: "казахский, азербайджанский", not "Казахский, Азербайджанский"."""
    from planner.agreements.models import Agreement

    agreement = next(a for a in demo.session.scalars(select(Agreement)) if len(a.languages) > 1)
    client = as_user("curator")
    set_language(client, "ru")
    page = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    listed = re.search(r"юридическую силу</dt><dd>([^<]*)</dd>", page).group(1)
    assert listed and listed == listed.lower(), listed
