"""Search across scripts (issue #33 item 6): Azerbaijani, Turkish and Kazakh letters meet their
Latin and Russian look-alikes both ways through a transliteration key stored beside the text;
the passage shown is one language's, the reader's where it matched; an article's result leads
to the article."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from planner.search.folding import key, matches, query_stems
from planner.search.views import snippet_source


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("Gence", "Gəncə"),
        ("Gəncə", "Gence"),
        ("Turkestan", "Түркістан"),
        ("Turkestan", "Turkistan"),
        ("Түркістан", "Turkestan"),
        ("Туркестан", "Türkistan"),
        ("Шеки", "Şəki"),
        ("Şəki", "Шеки"),
        ("Naxçıvan", "Nahcivan"),
    ],
)
def test_look_alikes_meet_both_ways(typed, stored):
    assert matches(stored, query_stems(typed)), (typed, stored, key(stored))


@pytest.mark.parametrize("typed, stored", [("Gence", "Ganja"), ("Turkestan", "Tashkent"), ("Шеки", "Баку")])
def test_the_key_does_not_make_everything_meet(typed, stored):
    assert not matches(stored, query_stems(typed))


def test_the_key_comes_from_the_typed_letters_not_the_folded_ones():
    """«Gəncə» folds to «ganca» (so «Ganca» still finds it) but keys to «gence»."""
    (stem,) = query_stems("Gəncə")
    assert stem == "ganc" and stem.key == "genc"


def entry(**texts):
    return SimpleNamespace(texts=texts, text="\n".join(texts.values()))


def test_the_snippet_is_the_readers_version_when_it_matched():
    found = entry(en="Exhibition in Ganja", ru="Выставка в Гяндже", az="Gəncədə sərgi")
    assert snippet_source(found, query_stems("Gəncə"), "az") == ("az", "Gəncədə sərgi")
    assert snippet_source(found, query_stems("выставка"), "az") == ("ru", "Выставка в Гяндже")
    assert snippet_source(found, query_stems("exhibition"), "ru") == ("en", "Exhibition in Ganja")


def test_the_snippet_falls_back_to_text_of_no_language_then_the_readers():
    found = SimpleNamespace(texts={"": "Ganja, AZ", "en": "Museum"}, text="")
    assert snippet_source(found, query_stems("ganja"), "en") == (None, "Ganja, AZ")
    assert snippet_source(found, query_stems("nothing"), "en") == ("en", "Museum")


def find(client, query: str, **args) -> str:
    return client.get("/search", query_string={"q": query, **args}).get_data(as_text=True)


def test_latin_finds_cyrillic_and_cyrillic_finds_latin(app, as_user, demo):
    from planner.plans.models import Plan

    kazakh, azerbaijani = demo.session.scalars(select(Plan).order_by(Plan.id)).all()[:2]
    kazakh.title = {"kk": "Түркістандағы тоқымашылар"}
    azerbaijani.title = {"az": "Turkistan toxucuları"}
    demo.session.commit()
    client = as_user("admin")
    latin = find(client, "Turkestan")
    assert f'/plans/{kazakh.id}"' in latin and f'/plans/{azerbaijani.id}"' in latin
    cyrillic = find(client, "Түркістан")
    assert f'/plans/{kazakh.id}"' in cyrillic and f'/plans/{azerbaijani.id}"' in cyrillic
    assert "<mark>Turkistan</mark>" in cyrillic


def test_gence_finds_the_ganja_agreement(as_user, demo):
    from planner.agreements.models import Agreement

    ganja = next(a for a in demo.session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    page = find(as_user("staff"), "Gence")
    assert f'href="/agreements/{ganja.id}"' in page and "<mark>Gəncə</mark>" in page


def test_an_article_result_leads_to_the_article_in_the_readers_language(as_user, demo):
    from planner.agreements.models import Article

    article = demo.session.scalars(select(Article).order_by(Article.id)).first()
    for version in article.versions:
        version.text += f" Quokkaword{version.language}"
    demo.session.commit()
    languages = {v.language for v in article.versions}
    client = as_user("staff")
    for language in sorted(languages):
        page = find(client, "quokkaword", lang=language)
        assert f'href="/agreements/{article.agreement_id}/articles/{article.number}"' in page
        assert f"<mark>Quokkaword{language}</mark>" in page
        others = [other for other in languages if other != language]
        assert not any(f"Quokkaword{other}" in page for other in others), language  # one language's passage


def test_an_article_follows_its_agreements_rights(app, demo):
    from planner.agreements.models import Agreement
    from tests.conftest import add_users_of_another_partnership, log_in

    add_users_of_another_partnership(demo.session)
    ganja = next(a for a in demo.session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    ganja.articles[0].versions[0].text += " Wombatword"
    demo.session.commit()
    partner, outsider = app.test_client(), app.test_client()
    log_in(partner, "partner")
    log_in(outsider, "partner_other")
    assert "<mark>Wombatword</mark>" in find(partner, "wombatword")
    assert "Wombatword" not in find(outsider, "wombatword")


def test_a_full_reindex_writes_what_the_session_events_write(app, demo):
    """`flask search reindex` (bulk statements) gives the same entries as the per-change path."""
    from planner.search.indexing import reindex_everything
    from planner.search.models import SearchEntry

    def entries():
        columns = ("kind", "record_id", "agreement_id", "institution_id", "title", "texts", "text", "folded", "keyed")
        rows = demo.session.scalars(select(SearchEntry)).all()
        return sorted(tuple(str(getattr(e, c)) for c in columns) for e in rows)

    before = entries()
    assert reindex_everything(demo.session) == len(before)
    demo.session.expire_all()
    assert entries() == before


def test_after_a_full_reindex_search_finds_and_follows_changes(app, as_user, demo):
    """The full-text index is rebuilt with the entries, and kept in step with them afterwards."""
    from planner.plans.models import Plan
    from planner.search.indexing import reindex_everything

    def full_text_objects() -> set:
        query = (
            "SELECT name FROM sqlite_master WHERE tbl_name IN ('search_entry', 'search_fts')"
            if demo.engine.dialect.name == "sqlite"
            else "SELECT indexname FROM pg_indexes WHERE tablename = 'search_entry'"
        )
        return set(demo.session.execute(text(query)).scalars())

    before = full_text_objects()
    reindex_everything(demo.session)
    assert full_text_objects() == before  # the triggers or the GIN index made again
    client = as_user("admin")
    assert "<mark>Gəncə</mark>" in find(client, "Gence")
    plan = demo.session.scalars(select(Plan)).first()
    plan.title = {**plan.title, "en": "Axolotl weaving"}
    demo.session.commit()
    assert "<mark>Axolotl</mark>" in find(client, "axolotl")


@pytest.mark.parametrize("query", ["ъь", "объём", "подъезд", '"x" OR', "a:* | !b", "NEAR(a b)", "İı", "ß_ﬁ", "x\x00y"])
def test_edge_queries_are_answered(as_user, demo, query):
    assert as_user("staff").get("/search", query_string={"q": query}).status_code == 200


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_any_query_is_answered(as_user, demo, query):
    """Whatever is typed (signs the key drops, quotes, FTS and tsquery operators), a page."""
    assert as_user("staff").get("/search", query_string={"q": query}).status_code == 200
