"""Issue #31, the reader's third round: heading forms, closing formulas, the agreement's own
term, lexicon phrasings and false matches, short titles. Our own sentences, one per rule."""

from __future__ import annotations

import pytest

from planner.mou import parse_mou

BODY = {
    "en": ("The Parties agree as follows.", "The Parties organise exhibitions."),
    "ru": ("Стороны договорились о нижеследующем сотрудничестве.", "Стороны организуют выставки."),
    "uk": ("Сторони домовилися про таке співробітництво між музеями.", "Сторони організовують спільні виставки."),
    "az": ("Tərəflər aşağıdakılar barədə razılığa gəldilər.", "Tərəflər birgə sərgilər təşkil edəcəklər."),
    "kk": ("Тараптар төмендегілер туралы келісті.", "Тараптар бірлескен көрмелер ұйымдастырады."),
    "tr": ("Taraflar aşağıdaki hususlarda mutabık kalmışlardır.", "Taraflar sergiler düzenler."),
    "uz": ("Tomonlar quyidagilar to'g'risida kelishib oldilar.", "Tomonlar ko'rgazmalar tashkil etadi."),
}


def articles_of(reading: dict, language: str) -> list[dict]:
    return reading["versions"][language]["articles"]


# --- 1. headings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, heading",
    [
        ("tr", "Madde-{n}"),
        ("tr", "MADDE {n}"),
        ("tr", "Madde.{n}"),
        ("tr", "{n}. Madde"),
        ("tr", "MADDE {r}"),
        ("uz", "{n}-madda"),
        ("uz", "{n}-modda"),
        ("uz", "Modda-{n}"),
        ("uz", "{r}-modda"),
        ("ru", "Статья-{n}"),
        ("ru", "Статья{n}"),
        ("ru", "Статья № {n}"),
        ("ru", "СТАТЬЯ {r}"),
        ("uk", "Стаття-{n}"),
        ("uk", "Стаття.{n}"),
        ("az", "Maddə-{n}"),
        ("az", "{n}-ci maddə"),
        ("az", "MADDƏ {r}"),
        ("kk", "{n}-бап"),
        ("kk", "{n}бап"),
        ("kk", "Бап {n}"),
        ("en", "Article {r}"),
        ("en", "ARTICLE-{n}"),
        ("en", "Article.{n}"),
        ("en", "Article{n}"),
        ("en", "Article No. {n}"),
    ],
)
def test_heading_forms_in_every_language(language, heading):
    preamble, body = BODY[language]
    first, second = heading.format(n=1, r="I"), heading.format(n=2, r="II")
    reading = parse_mou(f"{preamble}\n\n{first}\n\n{body}\n\n{second}\n\n{body}\n")
    assert reading["languages"] == [language]
    assert [(a["number"], a["heading"]) for a in articles_of(reading, language)] == [(1, first), (2, second)]
    assert articles_of(reading, language)[0]["text"] == body


@pytest.mark.parametrize("first, second", [("— Article 1 —", "— Article 2 —"), ("[Статья № 1]", "[Статья № 2]")])
def test_a_heading_word_and_number_alone_on_a_line_are_tried_before_refusing(first, second):
    language = "ru" if "Статья" in first else "en"
    preamble, body = BODY[language]
    reading = parse_mou(f"{preamble}\n\n{first}\n\n{body}\n\n{second}\n\n{body}\n")
    assert [a["number"] for a in articles_of(reading, language)] == [1, 2]
    assert articles_of(reading, language)[1]["text"] == body


@pytest.mark.parametrize(
    "language, heading", [("tr", "Madde-{n}"), ("ru", "Статья{n}"), ("en", "Article.{n}"), ("uz", "{n}-madda")]
)
def test_a_hyphen_dot_or_glued_heading_carries_its_title_on_the_same_line(language, heading):
    preamble, body = BODY[language]
    first, second = heading.format(n=1) + ". SERGİLER", heading.format(n=2) + ". SERGİLER"
    reading = parse_mou(f"{preamble}\n\n{first}\n\n{body}\n\n{second}\n\n{body}\n")
    assert [(a["number"], a["heading"]) for a in articles_of(reading, language)] == [(1, first), (2, second)]
