"""Four languages: complete catalogs, no unmarked text in templates, locale choice, formats,
and multilingual content with a marked fallback."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from tests.conftest import csrf_token

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@pytest.mark.parametrize("language", ["az", "kk", "ru"])
def test_catalog_is_complete_with_matching_placeholders(language):
    with (ROOT / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(" ".join(ids)))
        if message.fuzzy or any(not s or set(PLACEHOLDER.findall(s)) != wanted for s in strings):
            problems.append(message.id)
    assert problems == []
    assert len(list(catalog)) > 300


def visible_text(template: str) -> list[str]:
    """Text a user would see that is not inside a Jinja expression, tag or comment."""
    text = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", template, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.findall(r"[^\W\d_][^\s<>{}]*", text)


def test_templates_have_no_unmarked_visible_text():
    allowed = {"MoU"}  # not a word to translate
    found = {}
    for template in (ROOT / "templates").rglob("*.html"):
        words = [w for w in visible_text(template.read_text(encoding="utf-8")) if w not in allowed]
        if words:
            found[str(template.relative_to(ROOT))] = words
    assert found == {}


def test_locale_order_profile_cookie_query_header(client, demo):
    assert 'lang="ru"' in client.get("/login", headers={"Accept-Language": "ru,en;q=0.5"}).get_data(as_text=True)
    assert 'lang="kk"' in client.get("/login?lang=kk", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    client.set_cookie("planner_lang", "az")
    assert 'lang="az"' in client.get("/login?lang=kk").get_data(as_text=True)
    client.delete_cookie("planner_lang")
    assert 'lang="en"' in client.get("/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)


def test_switcher_stores_the_choice_in_the_profile(as_user, demo):
    from planner.accounts.models import User

    client = as_user("partner")
    client.post("/language", data={"lang": "kk", "csrf_token": csrf_token(client.get("/").data)})
    demo.session.expire_all()
    assert demo.session.scalar(select(User).where(User.username == "partner")).language == "kk"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="kk">' in page


def test_switcher_offers_each_language_in_its_own_language(client, demo):
    page = client.get("/login").get_data(as_text=True)
    for name in ("English", "Azərbaycanca", "Қазақша", "Русский"):
        assert name in page


@pytest.mark.parametrize(
    "language, expected",
    [("ru", "23 ноября 2026 г."), ("az", "23 noyabr 2026"), ("kk", "2026 ж. 23 қараша"), ("en", "November 23, 2026")],
)
def test_dates_in_the_active_locale(app, language, expected):
    from flask_babel import force_locale

    from planner.templating import long_date

    with app.test_request_context("/"), force_locale(language):
        assert long_date(date(2026, 11, 23)).replace("\u202f", " ").replace("\xa0", " ") == expected


@pytest.mark.parametrize("language, page_word", [("ru", "Соглашения"), ("az", "Sazişlər"), ("kk", "Келісімдер")])
def test_main_pages_in_each_language(as_user, demo, language, page_word):
    client = as_user("curator")
    client.post("/language", data={"lang": language, "csrf_token": csrf_token(client.get("/").data)})
    for path in ("/", "/agreements", "/calendar", "/map"):
        page = client.get(path).get_data(as_text=True)
        assert f'<html lang="{language}">' in page and page_word in page, path


def test_content_falls_back_and_says_so(as_user, demo):
    from planner.plans.models import Plan

    plan = next(p for p in demo.session.scalars(select(Plan)) if p.kind == "staff_exchange")
    plan.title = {"en": plan.title["en"], "ru": plan.title["ru"]}  # the demo's is in four languages: English and Russian only
    demo.session.commit()
    client = as_user("curator")
    client.post("/language", data={"lang": "kk", "csrf_token": csrf_token(client.get("/").data)})
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    # a Kazakh reader gets the Russian text before the English one, marked as a fallback
    assert 'lang="ru">Обмен реставраторами, весна 2027 года</span>' in page
    assert 'class="fallback"' in page
    client.post("/language", data={"lang": "az", "csrf_token": csrf_token(client.get("/").data)})
    assert 'lang="en">Exchange of conservators, spring 2027</span>' in client.get(f"/plans/{plan.id}").get_data(
        as_text=True
    )
    client.post("/language", data={"lang": "ru", "csrf_token": csrf_token(client.get("/").data)})
    assert "Обмен реставраторами, весна 2027" in client.get(f"/plans/{plan.id}").get_data(as_text=True)


def test_pick_text_rules():
    from planner.i18n import pick_text

    values = {"en": "Exhibition", "ru": "Выставка"}
    assert pick_text(values, "ru").text == "Выставка" and not pick_text(values, "ru").fallback
    assert pick_text(values, "kk").text == "Выставка" and pick_text(values, "kk").fallback  # kk reads ru next
    assert pick_text(values, "az").text == "Exhibition" and pick_text(values, "az").fallback  # az reads en next
    assert pick_text({"ru": "Выставка"}, "az").text == "Выставка"
    assert pick_text({"az": "Sərgi"}, "kk").text == "Sərgi"
    assert pick_text({"az": "Sərgi", "kk": "Көрме"}, "ru", own_language="kk").text == "Көрме"
    assert pick_text(values, "kk", order=("en",)).text == "Exhibition"  # the order is configurable
    assert pick_text({}, "en").text == ""


def test_catalogs_cover_every_marked_string(tmp_path):
    """A string marked in the code or a template but missing from the catalogs fails here:
    run `make translations` and translate it."""
    import subprocess
    import sys

    template = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "lazy_pgettext:1c,2",
            "-o",
            str(template),
            "--no-location",
            "--omit-header",
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as handle:
        marked = {m.id for m in read_po(handle) if m.id}
    for language in ("az", "kk", "ru"):
        with (ROOT / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            translated = {m.id for m in read_po(handle) if m.id and m.string}
        assert marked - translated == set(), language
