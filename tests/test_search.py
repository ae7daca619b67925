"""Search: folded, prefix-matched words in Azerbaijani, Kazakh, Russian and English, on the
database's own full-text engine (SQLite FTS5 or PostgreSQL), only what the reader may read,
with the matching passage marked and escaped; the index follows every change."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planner.search.folding import fold, passage, query_stems, stem
from tests.conftest import add_users_of_another_partnership, csrf_token, log_in


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("ГЯНДЖА", "Гянджа"),
        ("ёлка", "Елка"),
        ("Gəncə", "GƏNCƏ"),
        ("Ismayilli", "İsmayıllı"),
        ("туркистан", "Түркістан"),
        ("ахмет яссауи", "Ахмет Ясауи"[:5] + "Яссауи"),
    ],
)
def test_folding_makes_case_accents_and_special_letters_meet(typed, stored):
    assert fold(typed).split()[0][:4] == fold(stored).split()[0][:4]


def test_folding_keeps_the_length_for_highlighting():
    for text in ("İstanbul Ələt", "Түркістан ғ қ ң", "Ёлка", "ß ﬁ"):
        assert len(fold(text)) == len(text)


@pytest.mark.parametrize(
    "word, found_in",
    [
        ("Гянджи", "Гянджа"),  # ru genitive
        ("Туркестане", "Туркестан"),  # ru locative
        ("Түркістанда", "Түркістан"),  # kk locative
        ("Түркістанның", "Түркістан"),  # kk genitive
        ("Gəncədə", "Gəncə"),  # az locative
        ("Gəncənin", "Gəncə"),  # az genitive
        ("музеев", "музей"),
    ],
)
def test_case_endings_are_stripped_to_a_prefix(word, found_in):
    assert fold(found_in).startswith(stem(fold(word)))


def test_passage_marks_matches_and_escapes_everything_else():
    marked = str(passage('<script>x</script> Выставка в Гяндже & "Туркестане"', query_stems("гянджа туркестан")))
    assert "<script>" not in marked and "&lt;script&gt;" in marked
    assert "<mark>Гяндже</mark>" in marked and "<mark>Туркестане</mark>" in marked


def find(client, query: str) -> str:
    return client.get("/search", query_string={"q": query}).get_data(as_text=True)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("gəncə", "Ganja"),  # az, in the az title of the Ganja agreement
        ("ГЯНДЖИ", "Ganja"),  # ru, genitive, upper case
        ("Түркістанда", "Turkestan"),  # kk locative
        ("conservators", "Exchange of conservators"),
        ("реставраторами", "Exchange of conservators"),  # ru instrumental, plan title in ru
    ],
)
def test_search_finds_records_in_every_language(as_user, demo, query, expected):
    page = find(as_user("staff"), query)
    assert "<mark>" in page, query
    assert expected.lower() in page.replace("<mark>", "").replace("</mark>", "").lower()


def test_search_reaches_article_texts_of_every_version(as_user, demo):
    from planner.agreements.models import ArticleVersion

    version = demo.session.scalars(select(ArticleVersion).where(ArticleVersion.language == "kk")).first()
    version.text += " Ерекшесөзқазақша"
    demo.session.commit()
    page = find(as_user("staff"), "ерекшесөзқазақшада")
    assert "<mark>Ерекшесөзқазақша</mark>" in page


def test_the_index_follows_changes_and_deletions(as_user, demo):
    from planner.plans.models import Plan

    plan = demo.session.scalars(select(Plan)).first()
    plan.title = {**plan.title, "en": "Zanzibarian tapestry exchange"}
    demo.session.commit()
    client = as_user("admin")
    assert "<mark>Zanzibarian</mark>" in find(client, "zanzibarian")
    plan.deleted_at = plan.updated_at
    demo.session.commit()
    assert "<mark>Zanzibarian</mark>" not in find(client, "zanzibarian")
    plan.deleted_at = None
    demo.session.commit()
    assert "<mark>Zanzibarian</mark>" in find(client, "zanzibarian")


def test_a_rolled_back_change_leaves_the_index_alone(as_user, demo):
    from planner.plans.models import Plan

    plan = demo.session.scalars(select(Plan)).first()
    plan.title = {**plan.title, "en": "Quetzalcoatl"}
    demo.session.flush()
    demo.session.rollback()
    demo.session.commit()
    assert "<mark>" not in find(as_user("admin"), "quetzalcoatl")


def test_partners_find_only_their_partnerships(app, demo):
    from planner.agreements.models import Agreement

    add_users_of_another_partnership(demo.session)
    demo.session.commit()
    ganja = next(a for a in demo.session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    partner, outsider = app.test_client(), app.test_client()
    log_in(partner, "partner")
    log_in(outsider, "partner_other")
    assert f'href="/agreements/{ganja.id}"' in find(partner, "ganja")
    assert f'href="/agreements/{ganja.id}"' not in find(outsider, "ganja")
    assert f'/plans/{ganja.plans[0].id}"' not in find(outsider, ganja.plans[0].title["en"].split()[0])


def test_query_text_is_escaped_and_short_queries_say_so(as_user, demo):
    client = as_user("staff")
    page = find(client, "<img src=x onerror=alert(1)>")
    assert "<img src=x" not in page
    assert client.get("/search?q=a").status_code == 200
    assert client.get("/search").status_code == 200


def test_search_needs_a_log_in(client, demo):
    assert client.get("/search?q=ganja").status_code == 302


def test_header_has_the_search_box(as_user, demo):
    page = as_user("staff").get("/").get_data(as_text=True)
    assert 'action="/search"' in page and csrf_token(page)
