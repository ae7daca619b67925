"""Signing formulas that write the day (and the month) in words, in each of the seven languages
(#31 item 2): ordinal and cardinal days, compound days, Slavic genitives and Turkic ordinals,
the year before or after; the sentences are this test's own."""

from __future__ import annotations

import pytest

from planner.mou import parse_mou
from planner.mou.terms import first_date
from tests.mou.test_third_round import BODY, CITED


@pytest.mark.parametrize(
    "language, closing, place, date",
    [
        ("en", "Signed at Canberra on the twenty-first of June 1984, in two originals.", "Canberra", "1984-06-21"),
        ("en", "DONE at Nairobi this thirtieth day of November 2001 in duplicate.", "Nairobi", "2001-11-30"),
        ("ru", "Совершено в г. Ташкент двадцать второго апреля 1997 года в двух экземплярах.", "Ташкент", "1997-04-22"),
        ("ru", "Подписано в г. Бишкек тридцать первого мая 2003 года.", "Бишкек", "2003-05-31"),
        ("uk", "Вчинено у місті Львів двадцять п'ятого вересня 1996 року в двох примірниках.", "Львів", "1996-09-25"),
        ("uk", "Підписано у місті Одеса одинадцятого березня 2002 року.", "Одеса", "2002-03-11"),
        ("tr", "İşbu Anlaşma yirmi iki Nisan 1993 tarihinde Ankara'da imzalanmıştır.", "Ankara", "1993-04-22"),
        ("tr", "İşbu Protokol on dördüncü Ekim 2008 tarihinde İzmir'de imzalanmıştır.", "İzmir", "2008-10-14"),
        (
            "az",
            "Bakı şəhərində 2019-cu il iyirmi ikinci mart tarixində iki nüsxədə imzalanmışdır.",
            "Bakı",
            "2019-03-22",
        ),
        ("az", "Gəncə şəhərində on yeddi may 2015-ci il tarixində imzalanmışdır.", "Gəncə", "2015-05-17"),
        ("uz", "Toshkent shahrida 2001-yil uchinchi iyun kuni ikki nusxada imzolandi.", "Toshkent", "2001-06-03"),
        ("uz", "Samarqand shahrida yigirma beshinchi sentyabr 2012 yil imzolandi.", "Samarqand", "2012-09-25"),
        ("kk", "1993 жылғы он төртінші сәуірде Алматы қаласында екі данада жасалған.", "Алматы", "1993-04-14"),
        ("kk", "2007 жылғы жиырма бірінші қарашада Астана қаласында жасалған.", "Астана", "2007-11-21"),
    ],
)
def test_a_day_in_words_in_the_closing_formula_gives_the_signing(language, closing, place, date):
    preamble, body = BODY[language]
    heading = "Article" if language == "en" else "Madde"
    reading = parse_mou(f"{preamble}\n\n{heading} 1\n\n{CITED[language]}\n\n{heading} 2\n\n{body}\n\n{closing}\n")
    assert reading["signed"] == {"place": place, "date": date, "source": "closing"}


@pytest.mark.parametrize(
    "text, date",
    [
        ("(Москва, первого июля 1999 года)", "1999-07-01"),
        ("десятого декабря 2010 г.", "2010-12-10"),
        ("двадцятого січня 2020 року", "2020-01-20"),
        ("otuzuncu Ağustos 2016", "2016-08-30"),
        ("dördüncü mayıs 2004", "2004-05-04"),
        ("o'n beshinchi may 2010", "2010-05-15"),
        ("жиырма бесінші мамыр 2011", "2011-05-25"),
        ("the seventh of July 1985", "1985-07-07"),
    ],
)
def test_every_spelled_day_form(text, date):
    assert first_date(text) == date


@pytest.mark.parametrize(
    "text",
    [
        "The meeting was held on April 1993 in Baku.",  # English "on" is no Turkic ten
        "Birinci Madde 2020 yılında değiştirildi.",  # an ordinal before no month
        "Второго числа 2020 года стороны встретились.",
    ],
)
def test_words_that_only_look_like_days_give_no_date(text):
    assert first_date(text) is None


def test_a_day_inside_a_longer_word_is_no_day():
    assert (
        first_date("Bir kez Sonbir Nisan 2001 dendi.") is None
        and first_date("Второй раз: xпервого мая 2001 года") is None
    )
