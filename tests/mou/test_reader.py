"""The MoU reader on the seed memorandum and on small documents of every heading form."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.mou import MouError, classify_activities, decode_document, detect_language, parse_mou
from planner.mou.structure import roman_to_int
from tests.budget import examples

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = (FIXTURES / "004_e74de14cd5f9c810.txt").read_text(encoding="utf-8")
EXPECTED_ACTIVITIES = {
    1: ["information_exchange"],
    2: ["exhibition", "heritage_route", "festival", "film", "photography", "crafts"],
    3: ["seminar", "conference", "staff_exchange", "heritage_route"],
    4: ["working_group"],
    5: ["exhibition", "webinar", "seminar"],
}


@pytest.fixture(scope="module")
def seed():
    return parse_mou(SEED)


def test_seed_has_four_versions_of_eleven_articles(seed):
    assert seed["languages"] == ["kk", "az", "en", "ru"]
    for language in seed["languages"]:
        assert [a["number"] for a in seed["versions"][language]["articles"]] == list(range(1, 12))


@pytest.mark.parametrize("language", ["kk", "az", "en", "ru"])
def test_seed_activities_agree_in_every_language(seed, language):
    articles = {a["number"]: a["activities"] for a in seed["versions"][language]["articles"]}
    for number in range(1, 12):
        assert articles[number] == EXPECTED_ACTIVITIES.get(number, []), (language, number)


def test_seed_headings_and_texts(seed):
    english = seed["versions"]["en"]["articles"]
    assert english[0]["heading"] == "Article 1"
    assert english[4]["text"].startswith("The Parties may organize joint exhibitions")
    assert english[10]["text"].endswith("each of which has the same legal force.")  # no signature block
    assert seed["versions"]["kk"]["articles"][0]["heading"] == "1-бап"
    assert seed["versions"]["az"]["articles"][3]["heading"] == "Maddə 4"
    assert "**" not in seed["versions"]["ru"]["articles"][1]["heading"]


def test_seed_term_and_cost_rules(seed):
    assert seed["term"] == {
        "years": 5,
        "renewal_years": 5,
        "renewal": "automatic",
        "indefinite": False,
        "notice": {"amount": 1, "unit": "month"},
        "termination_notice": None,
    }
    assert seed["default_terms"] == "free_of_charge"
    assert seed["project_agreement_required"] is True


def test_seed_discrepancies(seed):
    kinds = [(d["kind"], d["language"], d["article"]) for d in seed["discrepancies"]]
    assert ("duplicate_text", "kk", 4) in kinds
    assert not [k for k in kinds if k[0] in ("missing_article", "number_mismatch")]
    assert [k for k in kinds if k[0] == "duplicate_text"] == [("duplicate_text", "kk", 4)]
    duplicate = next(d for d in seed["discrepancies"] if d["kind"] == "duplicate_text")
    assert "міндеттемелер" in duplicate["words"] and len(duplicate["words"].split()) >= 8


def test_seed_signatory_spellings_are_flagged(seed):
    found = next(d for d in seed["discrepancies"] if d["kind"] == "signatory_spelling")
    assert "М. Мукенбаев" in found["detail"] and "Nurlan Dukenbayev" in found["detail"]


def test_seed_preambles_belong_to_their_versions(seed):
    assert seed["versions"]["en"]["title"].startswith("MEMORANDUM")
    assert "Vusal Alyev" in seed["versions"]["en"]["preamble"]
    assert "Анлаşма" not in seed["versions"]["en"]["preamble"]
    assert seed["versions"]["az"]["preamble"].startswith("Azərbaycan Respublikasının")
    assert "Аманжол" not in seed["versions"]["en"]["preamble"]


@pytest.mark.parametrize(
    "line, number, heading",
    [
        ("Article 5", 5, "Article 5"),
        ("ARTICLE 5. DURATION", 5, "ARTICLE 5. DURATION"),
        ("Article V", 5, "Article V"),
        ("## Article 5.", 5, "Article 5"),
        ("**Article 5**", 5, "Article 5"),
        ("#### **Article 5**", 5, "Article 5"),
        ("Статья 5", 5, "Статья 5"),
        ("Статья V.", 5, "Статья V"),
        ("## **Статья 5**", 5, "Статья 5"),
        ("Maddə 5", 5, "Maddə 5"),
        ("MADDƏ 5", 5, "MADDƏ 5"),
        ("**Maddə 5**", 5, "Maddə 5"),
        ("5-бап", 5, "5-бап"),
        ("### 5-бап", 5, "5-бап"),
        ("Article XII. Final provisions", 12, "Article XII. Final provisions"),
    ],
)
def test_every_heading_form(line, number, heading):
    reading = parse_mou(f"Preamble of the parties.\n\n{line}\n\nThe Parties shall organise exhibitions.\n")
    article = next(iter(reading["versions"].values()))["articles"][0]
    assert (article["number"], article["heading"]) == (number, heading)
    assert article["text"] == "The Parties shall organise exhibitions."


def test_a_sentence_on_the_heading_line_belongs_to_the_text():
    reading = parse_mou(
        "Intro.\n\n**Article 1.** The Parties shall exchange information on work plans.\n\n"
        "**Article 2.** The Parties may hold seminars.\n"
    )
    articles = reading["versions"]["en"]["articles"]
    assert articles[0]["heading"] == "Article 1"
    assert articles[0]["text"] == "The Parties shall exchange information on work plans."
    assert articles[1]["activities"] == ["seminar"]


def test_a_reference_inside_a_paragraph_is_not_a_heading():
    reading = parse_mou("Intro.\n\nArticle 1\n\nAs Article 2 of the Charter says, the Parties cooperate.\n")
    assert [a["number"] for a in reading["versions"]["en"]["articles"]] == [1]


def test_roman_numerals():
    assert [roman_to_int(v) for v in ("I", "IV", "IX", "XIV", "XL", "XC")] == [1, 4, 9, 14, 40, 90]


def two_versions(english_articles: str, russian_articles: str) -> str:
    return f"MEMORANDUM\n\nThe Parties agree.\n\n{english_articles}\n\nМЕМОРАНДУМ\n\nСтороны договорились.\n\n{russian_articles}\n"


def test_missing_article_names_the_version_that_lacks_it():
    text = two_versions(
        "Article 1\n\nThe Parties cooperate.\n\nArticle 2\n\nThe Parties hold seminars.",
        "Статья 1\n\nСтороны сотрудничают.",
    )
    reading = parse_mou(text)
    assert reading["languages"] == ["en", "ru"]
    missing = [d for d in reading["discrepancies"] if d["kind"] == "missing_article"]
    assert [(d["language"], d["article"]) for d in missing] == [("ru", 2)]


def test_number_mismatch_between_versions():
    text = two_versions("Article 1\n\nValid for 5 (five) years.", "Статья 1\n\nДействует 3 (три) года.")
    mismatches = [d for d in parse_mou(text)["discrepancies"] if d["kind"] == "number_mismatch"]
    assert mismatches and mismatches[0]["article"] == 1


def test_single_language_document():
    reading = parse_mou(
        "Memorandum between two museums.\n\nMaddə 1\n\nTərəflər birgə sərgilər təşkil edəcəklər.\n\n"
        "Maddə 2\n\nBu Memorandum beş (5) il müddətinə qüvvədədir.\n"
    )
    assert reading["languages"] == ["az"]
    assert reading["versions"]["az"]["articles"][0]["activities"] == ["exhibition"]
    assert reading["term"]["years"] == 5


@pytest.mark.parametrize(
    "text, language",
    [
        ("Тараптар көрмелер ұйымдастырады", "kk"),
        ("Стороны организуют выставки", "ru"),
        ("Tərəflər sərgilər təşkil edir", "az"),
        ("The Parties organise exhibitions", "en"),
    ],
)
def test_language_detection(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize(
    "language, text, kind",
    [
        ("kk", "көрмелер", "exhibition"),
        ("ru", "выставок", "exhibition"),
        ("az", "sərgilər", "exhibition"),
        ("ru", "фотовыставка", "photography"),
        ("en", "online conferences", "webinar"),
        ("ru", "онлайн-конференции", "webinar"),
        ("kk", "жұмыс топтарын", "working_group"),
    ],
)
def test_inflected_forms_and_compounds(language, text, kind):
    assert kind in classify_activities(text, language)


def test_online_conferences_are_webinars_not_conferences():
    assert classify_activities("The Parties may organize online conferences.", "en") == ["webinar"]


def test_news_items_activities():
    carpet = classify_activities((FIXTURES / "000_821fa402071f16c2.txt").read_text(), "en")
    art = classify_activities((FIXTURES / "002_762d9944834c13bc.txt").read_text(), "en")
    assert {"research", "conference", "seminar", "exhibition", "publication_exchange", "staff_exchange"} <= set(carpet)
    assert {"research", "conservation", "staff_exchange", "conference", "seminar", "training", "exhibition"} <= set(art)


@pytest.mark.parametrize(
    "raw, code",
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\xff\xfe\xfa invalid", "encoding"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"Just a letter without articles.", "no_articles"),
    ],
)
def test_bad_input(raw, code):
    with pytest.raises(MouError) as failure:
        parse_mou(decode_document(raw))
    assert failure.value.code == code


def test_two_megabyte_document_parses():
    articles = "\n\n".join(
        f"Article {n}\n\n" + "The Parties shall exchange specialists and literature. " * 40 for n in range(1, 400)
    )
    text = ("Intro.\n\n" + articles + "\n\n") * 3
    assert len(text.encode()) > 2_000_000
    reading = parse_mou(text)
    assert reading["languages"] == ["en"]  # three English texts never overwrite each other
    assert len(reading["versions"]["en"]["articles"]) == 399 * 3
    assert any(w["kind"] == "renumbered" for w in reading["warnings"])


@settings(max_examples=examples(150), deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_the_shape_or_a_mou_error(text):
    try:
        reading = parse_mou(text)
    except MouError as failure:
        assert failure.code in {"empty", "no_articles"}
        return
    assert set(reading) >= {
        "languages",
        "versions",
        "term",
        "default_terms",
        "project_agreement_required",
        "discrepancies",
    }
    assert all(isinstance(a["number"], int) for v in reading["versions"].values() for a in v["articles"])


def test_cli_parse_json_and_bad_files(app, tmp_path):
    import json

    runner = app.test_cli_runner()
    result = runner.invoke(args=["mou", "parse", str(FIXTURES / "004_e74de14cd5f9c810.txt"), "--json"])
    assert result.exit_code == 0
    printed = json.loads(result.output)
    assert printed["languages"] == ["kk", "az", "en", "ru"] and printed["term"]["years"] == 5
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02")
    failed = runner.invoke(args=["mou", "parse", str(binary), "--json"])
    assert failed.exit_code == 2 and len(failed.output.strip().splitlines()) == 1


def test_cli_import_stores_a_draft(app, database):
    from planner.agreements.models import Agreement

    result = app.test_cli_runner().invoke(args=["mou", "import", str(FIXTURES / "004_e74de14cd5f9c810.txt")])
    assert result.exit_code == 0, result.output
    agreement = database.session.get(Agreement, int(result.output.strip()))
    assert agreement.status == "draft" and len(agreement.articles) == 11
    assert {v.language for v in agreement.articles[4].versions} == {"kk", "az", "en", "ru"}
    assert agreement.articles[4].activities == ["exhibition", "webinar", "seminar"]
