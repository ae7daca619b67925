"""The demo in four languages (#33 item 8): every plan's title and description in each, one
project called the same in its events as in its plan, the partners' cities in each language's
own spelling, people's names in the script of their institution's language."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.conftest import csrf_token

LANGUAGES = ("en", "az", "kk", "ru")
CYRILLIC, AZERBAIJANI_LATIN = re.compile(r"^[\u0400-\u04ff .\-]+$"), re.compile(r"^[A-Za-zƏəĞğİıÖöŞşÇçÜü .\-]+$")


def test_every_demo_plan_has_its_title_and_description_in_four_languages(demo):
    from planner.plans.models import Plan

    for plan in demo.session.scalars(select(Plan)):
        for name in ("title", "description"):
            values = getattr(plan, name) or {}
            assert all(values.get(language) for language in LANGUAGES), (plan.title["en"], name, sorted(values))


def test_a_project_carries_one_title_in_its_plan_and_its_events(demo):
    """An event named after its plan ("<plan title> (<place>)", or the plan's title itself) says
    the plan's title in every language, not a second translation of it."""
    from planner.plans.events import Event
    from planner.plans.models import Plan

    checked = 0
    for plan in demo.session.scalars(select(Plan)):
        stem = plan.title["en"].split(":")[0]
        for event in demo.session.scalars(select(Event).where(Event.plan_id == plan.id)):
            titles = event.titles or {}
            if not titles.get("en", "").startswith(plan.title["en"].split(" (")[0]) and stem != titles.get("en"):
                continue
            for language in LANGUAGES:
                plan_title = plan.title[language]
                assert titles[language].startswith(plan_title) or plan_title.startswith(titles[language]), (
                    language,
                    plan_title,
                    titles[language],
                )
            checked += 1
    assert checked >= 5


def test_people_are_named_in_the_script_of_their_institutions_language(demo):
    from planner.accounts.models import User
    from planner.plans.models import Participant

    script = {"AZ": AZERBAIJANI_LATIN, "KZ": CYRILLIC}
    users = demo.session.scalars(select(User).where(User.institution_id.is_not(None))).all()
    people = demo.session.scalars(select(Participant)).all()
    named = [(u.display_name, u.institution.country) for u in users] + [
        (p.name, p.home_institution.country) for p in people
    ]
    assert len(named) >= 6
    for name, country in named:
        assert script[country].match(name), (name, country)


@pytest.mark.parametrize(
    "language, cities",
    [
        ("en", ("Baku", "Ganja", "Turkistan")),
        ("az", ("Bakı", "Gəncə", "Türküstan")),
        ("kk", ("Баку", "Гянжа", "Түркістан")),
        ("ru", ("Баку", "Гянджа", "Туркестан")),
    ],
)
def test_the_partners_cities_are_spelled_as_each_language_spells_them(as_user, demo, language, cities):
    from planner.agreements.models import Institution

    client = as_user("staff")
    client.post("/language", data={"lang": language, "csrf_token": csrf_token(client.get("/").data)})
    for short_name, city in zip(("Carpet Museum", "Ganja Reserve", "Aziret Sultan"), cities, strict=True):
        institution = demo.session.scalar(select(Institution).where(Institution.short_name == short_name))
        page = client.get(f"/institutions/{institution.id}").get_data(as_text=True)
        assert f"<dd>{city}</dd>" in page, (language, city)
