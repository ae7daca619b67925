"""Every check a careful reader makes on the real development set (tests/fixtures/real,
copied from the shared seeds: expected.json in its own form)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.mou import parse_mou

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"
EXPECTED = {
    name.removeprefix("real:"): checks
    for name, checks in json.loads((REAL / "expected.json").read_text(encoding="utf-8")).items()
    if not name.startswith("_")
}


def having(key: str) -> list[str]:
    """The documents whose expected.json checks `key` (a null value is a check; an empty list or
    mapping is none): a test of that key runs for these only, so no run of it checks nothing."""
    return [name for name, checks in sorted(EXPECTED.items()) if key in checks and checks[key] not in ([], {})]


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def document(request):
    return request.param, parse_mou((REAL / request.param).read_text(encoding="utf-8")), EXPECTED[request.param]


def _articles(reading: dict, language: str, number: int) -> list[dict]:
    return [a for a in reading["versions"][language]["articles"] if a["number"] == number]


def test_languages(document):
    _, reading, expected = document
    assert reading["languages"] == expected["languages"]


def test_article_count(document):
    """Counts the document's numbered articles; its titled sections are articles too, with
    `number: None` (issue #16), and are not counted by expected.json's article_count."""
    _, reading, expected = document
    for language, count in expected["article_count"].items():
        numbered = [a for a in reading["versions"][language]["articles"] if a["number"] is not None]
        assert len(numbered) == count, language


def test_activities_an_article_must_carry(document):
    _, reading, expected = document
    limits = expected.get("must_in", {})
    for number, kinds in expected["must"].items():
        for language in limits.get(number, reading["languages"]):
            found = _articles(reading, language, int(number))
            assert found, (language, number)
            assert set(kinds) <= set(found[0]["activities"]), (language, number, found[0]["activities"])


@pytest.mark.parametrize("document", having("empty"), indirect=True)
def test_articles_with_no_activity(document):
    _, reading, expected = document
    for number in expected["empty"]:
        for language in reading["languages"]:
            found = _articles(reading, language, number)
            assert found, (language, number)
            for article in found:
                assert article["activities"] == [], (language, number)


@pytest.mark.parametrize("document", having("term"), indirect=True)
def test_term(document):
    _, reading, expected = document
    for key, value in expected.get("term", {}).items():
        assert reading["term"][key] == value, key


@pytest.mark.parametrize("document", having("default_terms"), indirect=True)
def test_default_terms(document):
    """expected.json's null means "neither free of charge nor compensated" (its note on 01);
    the reader now says which: mutually_determined for "the cost ... shall be mutually
    determined" (issue #16)."""
    _, reading, expected = document
    if expected["default_terms"] is None:
        assert reading["default_terms"] not in ("free_of_charge", "compensated")
    else:
        assert reading["default_terms"] == expected["default_terms"]


@pytest.mark.parametrize("document", having("project_agreement_required"), indirect=True)
def test_project_agreement_required(document):
    _, reading, expected = document
    assert reading["project_agreement_required"] is expected["project_agreement_required"]


def test_discrepancies(document):
    _, reading, expected = document
    kinds = {d["kind"] for d in reading["discrepancies"]}
    assert set(expected["discrepancies_must"]) <= kinds
    assert not kinds & set(expected["discrepancies_must_not"])


def test_sanpa_in_full():
    """01: clauses under titled sections, termination on notice, renewal by letters, costs
    mutually determined, signing date in the opening sentence, the parties."""
    reading = parse_mou((REAL / "01-sanpa-diu-mou-en.txt").read_text(encoding="utf-8"))
    articles = reading["versions"]["en"]["articles"]
    assert reading["versions"]["en"]["title"] == "MEMORANDUM OF UNDERSTANDING"
    sections = [a for a in articles if a["number"] is None]
    assert [a["heading"] for a in sections] == [
        "PROTECTION OF INTELLECTUAL PROPERTY RIGHTS",
        "CONFIDENTIALITY",
        "SUSPENSION",
        "SETTLEMENT OF DISPUTES",
    ]
    assert [c["number"] for c in sections[0]["clauses"]] == ["1", "2", "3"]
    assert reading["term"]["termination_notice"] == {"amount": 3, "unit": "month"}
    assert reading["term"]["renewal"] == "by_agreement" and reading["term"]["indefinite"] is False
    assert reading["default_terms"] == "mutually_determined"
    assert reading["signed"]["date"] == "2023-11-18" and reading["signed"]["source"] == "preamble"
    assert reading["parties"]["en"] == [
        "the South Asian Network for Public Administration",
        "the Bangladesh Center for Governance and Development (BCGD) of Dhaka International University",
    ]
    kinds = {w["kind"] for w in reading["warnings"]}
    assert {"heading_style", "renumbered"} <= kinds and "truncated" not in kinds


def test_china_brunei_sub_clauses_and_truncation():
    reading = parse_mou((REAL / "06-cn-bn-culture-mou-en.txt").read_text(encoding="utf-8"))
    english = reading["versions"]["en"]
    assert english["title"] == ""  # the stored copy has no title line; the preamble is not one
    assert [c["number"] for c in english["articles"][0]["clauses"]] == [f"1.{n}" for n in range(1, 7)]
    assert english["articles"][0]["clauses"][0]["text"] == "fine arts, traditional arts and crafts;"
    assert [c["number"] for c in english["articles"][3]["clauses"]] == ["4.1", "4.2", "4.3"]
    assert "truncated" in {w["kind"] for w in reading["warnings"]}
    assert len(reading["parties"]["en"]) == 2


def test_turkish_law_wraps_the_agreement():
    reading = parse_mou((REAL / "07-tr-kosovo-culture-agreement-tr.txt").read_text(encoding="utf-8"))
    assert reading["instrument"]["kind"] == "law"
    assert reading["instrument"]["number"] == "5360"
    assert reading["instrument"]["date"] == "2005-06-01"
    assert [a["number"] for a in reading["instrument"]["articles"]] == [1, 2, 3]
    articles = reading["versions"]["tr"]["articles"]
    assert [a["heading"] for a in articles] == ["MADDE I. GENEL KAPSAM VE AMAÇLAR", "MADDE II. İŞBİRLİĞİ ALANLARI"]
    assert [c["number"] for c in articles[0]["clauses"]] == ["1", "2"]
    assert [c["number"] for c in articles[1]["clauses"]] == ["a", "b"]
    assert reading["versions"]["tr"]["preamble"].startswith("Bu anlaşma,")
    assert reading["signed"] == {"place": "Priştine", "date": "2004-08-26", "source": "instrument"}
