"""Small documents of our own for every layout and wording the reader must handle (issue #16),
in every language named: en, ru, az, kk, tr, uz, uk."""

from __future__ import annotations

import pytest

from planner.mou import classify_activities, parse_mou


def articles_of(reading: dict, language: str) -> list[dict]:
    return reading["versions"][language]["articles"]


def kinds(reading: dict, field: str = "warnings") -> set[str]:
    return {found["kind"] for found in reading[field]}


# --- headings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, preamble, first, second, body",
    [
        (
            "tr",
            "Taraflar aşağıdaki hususlarda mutabık kalmışlardır.",
            "Madde 1",
            "MADDE 2",
            "Taraflar sergiler düzenler.",
        ),
        (
            "tr",
            "Taraflar aşağıdaki hususlarda mutabık kalmışlardır.",
            "MADDE I",
            "MADDE II",
            "Taraflar sergiler düzenler.",
        ),
        (
            "uz",
            "Tomonlar quyidagilar to'g'risida kelishib oldilar va imzoladilar.",
            "1-modda",
            "2-modda",
            "Tomonlar ko'rgazmalar tashkil etadi.",
        ),
        (
            "uz",
            "Tomonlar quyidagilar to'g'risida kelishib oldilar va imzoladilar.",
            "Modda 1",
            "Modda 2",
            "Tomonlar ko'rgazmalar tashkil etadi.",
        ),
        (
            "uk",
            "Сторони домовилися про таке співробітництво між музеями.",
            "Стаття 1",
            "Стаття 2",
            "Сторони організовують спільні виставки.",
        ),
        (
            "az",
            "Tərəflər aşağıdakılar barədə razılığa gəldilər.",
            "1-ci maddə",
            "2-ci maddə",
            "Tərəflər birgə sərgilər təşkil edəcəklər.",
        ),
        (
            "kk",
            "Тараптар төмендегілер туралы келісті және қол қойды.",
            "1 - бап",
            "2 - бап",
            "Тараптар бірлескен көрмелер ұйымдастырады.",
        ),
        ("en", "The Parties agree as follows.", "ARTICLES 1", "ARTICLES 2", "The Parties organise exhibitions."),
        (
            "ru",
            "Стороны договорились о нижеследующем сотрудничестве.",
            "**Статья 1.**",
            "# Статья 2",
            "Стороны организуют выставки.",
        ),
    ],
)
def test_heading_words_of_every_language(language, preamble, first, second, body):
    reading = parse_mou(f"{preamble}\n\n{first}\n\n{body}\n\n{second}\n\n{body}\n")
    assert reading["languages"] == [language]
    assert [a["number"] for a in articles_of(reading, language)] == [1, 2]
    assert articles_of(reading, language)[0]["text"] == body
    assert articles_of(reading, language)[0]["activities"] == ["exhibition"]


def test_article_numbers_above_999_are_read():
    reading = parse_mou("Intro of the parties.\n\nArticle 1000\n\nThe Parties cooperate.\n\nArticle 1001\n\nThe end.\n")
    assert [a["number"] for a in articles_of(reading, "en")] == [1000, 1001]


def test_a_wrapped_line_starting_with_an_article_reference_is_not_a_heading():
    """Issue #22 item 8: hard-wrapped text where a line begins "Article 1 of this Memorandum"."""
    reading = parse_mou(
        "The Parties agree as follows.\n\nArticle 1\n\nThe Parties shall cooperate in the fields named in\n"
        "Article 1 of this Memorandum and in the fields they agree upon later.\n\nArticle 2\n\nThe Parties hold seminars.\n"
    )
    articles = articles_of(reading, "en")
    assert [a["number"] for a in articles] == [1, 2]
    assert "Article 1 of this Memorandum and in the fields" in articles[0]["text"]


def test_headings_run_into_the_text_as_pdf_extraction_leaves_them():
    reading = parse_mou(
        "The Parties have agreed as follows: ARTICLE 1 The Parties shall organise exhibitions. "
        "ARTICLE 2 The Parties shall exchange specialists. ARTICLE 3 This Memorandum is valid for five years.\n"
    )
    articles = articles_of(reading, "en")
    assert [a["number"] for a in articles] == [1, 2, 3]
    assert articles[0]["text"] == "The Parties shall organise exhibitions."
    assert articles[1]["activities"] == ["staff_exchange"]
    assert reading["term"]["years"] == 5


def test_heading_split_over_two_lines():
    reading = parse_mou(
        "Taraflar aşağıdaki hususlarda mutabık kalmışlardır.\nMADDE\n1. – Taraflar seminer düzenler.\n"
        "MADDE\n2. – Taraflar festivallere katılır.\n"
    )
    articles = articles_of(reading, "tr")
    assert [(a["number"], a["heading"]) for a in articles] == [(1, "MADDE 1"), (2, "MADDE 2")]
    assert articles[0]["text"] == "Taraflar seminer düzenler."


# --- clause numbers, sub-clauses, titled sections ---------------------------------------------


@pytest.mark.parametrize("style", ["{n}.", "**{n}.**", "{n})"])
def test_clause_numbers_without_heading_words(style):
    points = "\n\n".join(
        f"{style.format(n=n)} {text}"
        for n, text in enumerate(
            [
                "The Parties shall organise exhibitions.",
                "The Parties shall hold seminars.",
                "The Parties shall exchange literature.",
            ],
            start=1,
        )
    )
    reading = parse_mou(f"MEMORANDUM OF UNDERSTANDING\n\nThe Parties agree as follows:\n\n{points}\n")
    articles = articles_of(reading, "en")
    assert [a["number"] for a in articles] == [1, 2, 3]
    assert [a["activities"] for a in articles] == [["exhibition"], ["seminar"], ["publication_exchange"]]
    assert reading["versions"]["en"]["title"] == "MEMORANDUM OF UNDERSTANDING"
    assert any(w["kind"] == "heading_style" and w["style"] == "clause_numbers" for w in reading["warnings"])


def test_sub_clauses_stay_inside_their_article():
    reading = parse_mou(
        "The Parties agree as follows:\n1. The Parties shall cooperate in:\n1.1 exhibitions;\n1.2 research.\n"
        "2. The Parties shall:\n(a) hold seminars;\n(b) exchange specialists.\n3. Each Party shall:\n(1) train staff;\n(2) restore objects.\n"
    )
    articles = articles_of(reading, "en")
    assert [a["number"] for a in articles] == [1, 2, 3]
    assert [c["number"] for c in articles[0]["clauses"]] == ["1.1", "1.2"]
    assert [c["number"] for c in articles[1]["clauses"]] == ["a", "b"]
    assert articles[2]["clauses"] == [
        {"number": "1", "text": "train staff;"},
        {"number": "2", "text": "restore objects."},
    ]
    assert set(articles[0]["activities"]) == {"exhibition", "research"}


def test_titled_sections_restart_their_numbering():
    reading = parse_mou(
        "MEMORANDUM\n\nThe Parties agree:\n\n1. The Parties shall organise exhibitions.\n\n2. The Parties shall hold seminars.\n\n"
        "## Confidentiality\n\n1. Each Party shall keep the other's information confidential.\n\n"
        "2. This clause survives the end of the Memorandum.\n\n## Settlement of disputes\n\n"
        "Disputes are settled by negotiation between the Parties.\n"
    )
    articles = articles_of(reading, "en")
    assert [(a["number"], a["heading"]) for a in articles] == [
        (1, "1"),
        (2, "2"),
        (None, "Confidentiality"),
        (None, "Settlement of disputes"),
    ]
    assert [c["number"] for c in articles[2]["clauses"]] == ["1", "2"]
    assert "renumbered" in kinds(reading)


def test_one_version_numbers_points_the_other_uses_article_headings():
    reading = parse_mou(
        "MEMORANDUM OF UNDERSTANDING\n\nThe Parties agree as follows:\n\n1. The Parties shall organise exhibitions.\n\n"
        "2. This Memorandum is valid for five years.\n\nМЕМОРАНДУМ О ВЗАИМОПОНИМАНИИ\n\nСтороны договорились о нижеследующем:\n\n"
        "Статья 1\n\nСтороны организуют выставки.\n\nСтатья 2\n\nНастоящий Меморандум действует пять лет.\n"
    )
    assert reading["languages"] == ["en", "ru"]
    assert [a["number"] for a in articles_of(reading, "en")] == [1, 2]
    assert [a["number"] for a in articles_of(reading, "ru")] == [1, 2]
    assert not kinds(reading, "discrepancies") & {"missing_article", "activity_mismatch"}


def test_a_version_ends_where_the_next_title_starts():
    """The last English article does not swallow the Russian title and preamble; titles are
    title lines, not the preamble."""
    reading = parse_mou(
        "MEMORANDUM OF COOPERATION\n\nThe National Museum and the State Gallery agree as follows.\n\n"
        "Article 1\n\nThe Parties shall organise exhibitions.\n\nArticle 2\n\nThis Memorandum is valid for five years.\n\n"
        "МЕМОРАНДУМ О СОТРУДНИЧЕСТВЕ\n\nНациональный музей и Государственная галерея договорились о нижеследующем.\n\n"
        "Статья 1\n\nСтороны организуют выставки.\n\nСтатья 2\n\nНастоящий Меморандум действует пять лет.\n"
    )
    english, russian = reading["versions"]["en"], reading["versions"]["ru"]
    assert english["articles"][-1]["text"] == "This Memorandum is valid for five years."
    assert english["title"] == "MEMORANDUM OF COOPERATION"
    assert russian["title"] == "МЕМОРАНДУМ О СОТРУДНИЧЕСТВЕ"
    assert russian["preamble"].startswith("МЕМОРАНДУМ О СОТРУДНИЧЕСТВЕ\n\nНациональный музей")
    assert "missing_preamble" not in kinds(reading, "discrepancies")


def test_a_decree_wrapped_around_the_memorandum_is_the_instrument():
    reading = parse_mou(
        "УКАЗ № 245 от 12.03.2024\n\nОб утверждении Меморандума о сотрудничестве\n\n"
        "Статья 1. Утвердить Меморандум о сотрудничестве между музеями.\n\n"
        "Статья 2. Настоящий Указ вступает в силу со дня его опубликования.\n\n"
        "МЕМОРАНДУМ О СОТРУДНИЧЕСТВЕ\n\nСтороны договорились о нижеследующем:\n\n"
        "Статья 1\n\nСтороны организуют совместные выставки.\n\nСтатья 2\n\nСтороны проводят семинары.\n\n"
        "Статья 3\n\nНастоящий Меморандум действует пять лет.\n"
    )
    assert reading["languages"] == ["ru"]
    assert reading["instrument"]["kind"] == "decree"
    assert reading["instrument"]["number"] == "245"
    assert reading["instrument"]["date"] == "2024-03-12"
    assert len(reading["instrument"]["articles"]) == 2
    articles = articles_of(reading, "ru")
    assert [a["number"] for a in articles] == [1, 2, 3]
    assert articles[0]["activities"] == ["exhibition"]
    assert reading["versions"]["ru"]["title"] == "МЕМОРАНДУМ О СОТРУДНИЧЕСТВЕ"


def test_two_texts_in_one_language_never_overwrite_each_other():
    reading = parse_mou(
        "Intro of the parties.\n\nArticle 1\n\nThe Parties organise exhibitions.\n\nArticle 2\n\nThe Parties hold seminars.\n\n"
        "Annex of the parties.\n\nArticle 1\n\nThe Parties restore objects.\n"
    )
    assert [a["number"] for a in articles_of(reading, "en")] == [1, 2, 1]
    assert "renumbered" in kinds(reading)


# --- what the text says -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "This Memorandum shall remain in force for an indefinite period. Either Party may terminate it at any time "
            "by giving three (3) months written notice.",
            {"indefinite": True, "termination_notice": {"amount": 3, "unit": "month"}, "renewal": "none"},
        ),
        (
            "This Memorandum is valid for five (5) years and shall be automatically extended for further periods "
            "of five (5) years unless either Party notifies the other at least six (6) months before its expiry.",
            {"years": 5, "renewal": "automatic", "renewal_years": 5, "notice": {"amount": 6, "unit": "month"}},
        ),
        (
            "This Memorandum is valid for three years. It may be extended by mutual consent of the Parties.",
            {"years": 3, "renewal": "by_agreement", "renewal_years": None},
        ),
        (
            "Настоящий Меморандум заключается на неопределенный срок. Каждая из Сторон может прекратить его действие, "
            "уведомив другую Сторону за три (3) месяца.",
            {"indefinite": True, "termination_notice": {"amount": 3, "unit": "month"}},
        ),
        (
            "Bu Memorandum 5 (beş) il müddətinə qüvvədədir və avtomatik olaraq növbəti 5 (beş) il müddətinə uzadılır.",
            {"years": 5, "renewal": "automatic", "renewal_years": 5},
        ),
        (
            "Бұл Меморандум мерзімсіз әрекет етеді. Тараптардың кез келгені бір (1) ай бұрын хабарлап, оны тоқтата алады.",
            {"indefinite": True, "termination_notice": {"amount": 1, "unit": "month"}},
        ),
        (
            "Bu Mutabakat Zaptı 3 (üç) yıl süreyle yürürlükte kalır ve tarafların karşılıklı mutabakatı ile uzatılabilir.",
            {"years": 3, "renewal": "by_agreement"},
        ),
        (
            "Ushbu Memorandum 5 (besh) yil muddatga kuchga kiradi va avtomatik ravishda uzaytiriladi.",
            {"years": 5, "renewal": "automatic"},
        ),
        (
            "Цей Меморандум укладено на невизначений строк. Кожна Сторона може припинити його, повідомивши за два (2) місяці.",
            {"indefinite": True, "termination_notice": {"amount": 2, "unit": "month"}},
        ),
    ],
)
def test_term_renewal_and_notice(text, expected):
    reading = parse_mou(f"Preamble of the two parties here.\n\nArticle 1\n\n{text}\n")
    for key, value in expected.items():
        assert reading["term"][key] == value, key


@pytest.mark.parametrize(
    "text, terms, payers",
    [
        ("Cooperation under this Memorandum is free of charge.", "free_of_charge", []),
        ("The cost of any joint activity shall be mutually determined.", "mutually_determined", []),
        (
            "The sending Party shall bear the travel costs. The receiving Party shall cover accommodation and meals.",
            "split",
            ["sending_party", "receiving_party"],
        ),
        (
            "Направляющая Сторона несет расходы на проезд. Принимающая Сторона оплачивает проживание.",
            "split",
            ["sending_party", "receiving_party"],
        ),
        ("Joint projects are carried out on a compensated basis.", "compensated", []),
        ("Расходы определяются по взаимной договоренности Сторон.", "mutually_determined", []),
    ],
)
def test_default_terms_and_cost_rules(text, terms, payers):
    reading = parse_mou(f"Preamble of the two parties here.\n\nArticle 1\n\n{text}\n")
    assert reading["default_terms"] == terms
    assert [rule["payer"] for rule in reading["cost_rules"]] == payers


@pytest.mark.parametrize(
    "text",
    [
        "Individual working agreements will be executed for specific projects.",
        "Each project is carried out under separate contracts.",
        "По каждому проекту заключаются отдельные договоры.",
        "Hər layihə üzrə ayrıca müqavilələr bağlanır.",
        "Әрбір жоба бойынша жеке шарттар жасалады.",
        "Her proje için ayrı sözleşmeler imzalanır.",
        "Har bir loyiha bo'yicha alohida shartnomalar tuziladi.",
        "Для кожного проєкту укладаються окремі договори.",
    ],
)
def test_a_separate_agreement_per_project(text):
    assert (
        parse_mou(f"Preamble of the two parties here.\n\nArticle 1\n\n{text}\n")["project_agreement_required"] is True
    )


@pytest.mark.parametrize(
    "closing, place, date",
    [
        ("Done at Baku on 18 November 2023 in two copies.", "Baku", "2023-11-18"),
        ("Signed in Tashkent on March 5, 2024.", "Tashkent", "2024-03-05"),
        ("Подписано в городе Астана 12 мая 2022 года.", "Астана", "2022-05-12"),
        ("Bakı şəhərində 3 iyun 2021-ci il tarixində imzalanmışdır.", "Bakı", "2021-06-03"),
        ("Priştine'de 26 Ağustos 2004 tarihinde imzalanmıştır.", "Priştine", "2004-08-26"),
        ("Түркістан қаласында 2023 жылғы 10 қазанда қол қойылды.", "Түркістан", "2023-10-10"),
    ],
)
def test_where_and_when_it_was_signed(closing, place, date):
    reading = parse_mou(
        f"Preamble of the two parties here.\n\nArticle 1\n\nThe Parties cooperate.\n\nArticle 2\n\n{closing}\n"
    )
    assert reading["signed"] == {"place": place, "date": date, "source": "closing"}


def test_parties_named_in_the_preamble():
    reading = parse_mou(
        "The National Museum of Azerbaijan (hereinafter “the Museum”) and the State University of Uzbekistan "
        "(hereinafter “the University”) agree as follows:\n\nArticle 1\n\nThe Parties hold seminars.\n"
    )
    assert reading["parties"]["en"] == ["The National Museum of Azerbaijan", "the State University of Uzbekistan"]


# --- warnings ---------------------------------------------------------------------------------


def test_a_version_in_a_language_without_a_lexicon_is_split_and_reported():
    reading = parse_mou(
        "MEMORANDUM OF UNDERSTANDING\n\nThe Parties agree as follows.\n\nArticle 1\n\nThe Parties organise exhibitions together.\n\n"
        "Article 2\n\nThe Parties hold seminars for the staff.\n\n"
        "MÉMORANDUM D'ENTENTE\n\nLes parties sont convenues de ce qui suit entre les musées.\n\n"
        "Article 1\n\nLes parties organisent des expositions dans les musées.\n\n"
        "Article 2\n\nLes parties organisent des séminaires pour le personnel.\n"
    )
    assert reading["languages"] == ["en", "fr"]
    assert [a["number"] for a in articles_of(reading, "fr")] == [1, 2]
    assert articles_of(reading, "fr")[0]["activities"] == []
    assert {"kind": "unsupported_language", "language": "fr", "detail": "fr"} in reading["warnings"]
    assert "activity_mismatch" not in kinds(reading, "discrepancies")


def test_a_text_that_ends_mid_sentence_is_truncated():
    reading = parse_mou("Preamble of the parties.\n\nArticle 1\n\nThe Parties shall organise exhibitions and\n")
    assert "truncated" in kinds(reading)
    complete = parse_mou("Preamble of the parties.\n\nArticle 1\n\nThe Parties shall organise exhibitions.\n")
    assert "truncated" not in kinds(complete)


# --- activities -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, text, expected",
    [
        ("en", "The Parties organise a photo exhibition.", {"photography", "exhibition"}),
        ("ru", "Стороны проводят фотовыставку.", {"photography", "exhibition"}),
        ("az", "Tərəflər fotosərgilərini təşkil edir.", {"photography", "exhibition"}),
        ("kk", "Тараптар фотокөрмелерді ұйымдастырады.", {"photography", "exhibition"}),
        ("tr", "Taraflar fotoğraf sergilerini düzenler.", {"photography", "exhibition"}),
        ("uz", "Tomonlar fotoko'rgazmalarni tashkil etadi.", {"photography", "exhibition"}),
        ("uk", "Сторони проводять фотовиставки.", {"photography", "exhibition"}),
        (
            "kk",
            "Тараптар мамандармен тәжірибе алмасуды және конференцияларды өткізеді.",
            {"staff_exchange", "conference"},
        ),
        (
            "az",
            "Tərəflər mütəxəssislərinin mübadiləsini və konfranslarda iştirakı təşkil edir.",
            {"staff_exchange", "conference"},
        ),
        (
            "tr",
            "Taraflar uzman ve deneyim değişimini, seminer ve eğitim programlarını destekler.",
            {"staff_exchange", "seminar", "training"},
        ),
        ("tr", "Taraflar restorasyon ve araştırma projeleri yürütür.", {"conservation", "research"}),
        (
            "uz",
            "Tomonlar ilmiy tadqiqotlar va seminarlar o‘tkazadi, mutaxassislar almashadi.",
            {"research", "seminar", "staff_exchange"},
        ),
        ("uz", "Томонлар кўргазмалар ва конференциялар ўтказади.", {"exhibition", "conference"}),
        (
            "uk",
            "Сторони здійснюють обмін досвідом і проводять семінари та дослідження.",
            {"staff_exchange", "seminar", "research"},
        ),
    ],
)
def test_compounds_and_endings_in_every_language(language, text, expected):
    assert expected <= set(classify_activities(text, language))


def test_turkish_has_its_own_lexicon():
    assert classify_activities("Taraflar seminer düzenler.", "tr") == ["seminar"]
    assert classify_activities("Tərəflər seminar təşkil edir.", "tr") == []  # no Azerbaijani stems in Turkish


@pytest.mark.parametrize(
    "language, text, absent",
    [
        ("en", "The Parties shall exchange the materials of the conference.", "conference"),
        ("en", "The Parties shall publish the results of research.", "research"),
        ("en", "The Parties shall promote the literature of each country.", "publication_exchange"),
        ("ru", "Стороны публикуют материалы конференции.", "conference"),
        ("ru", "Стороны публикуют результаты исследований.", "research"),
        ("kk", "Тараптар зерттеу нәтижелерін жариялайды.", "research"),
        ("az", "Tərəflər konfransın materiallarını dərc edir.", "conference"),
        ("tr", "Taraflar araştırma sonuçlarını yayınlar.", "research"),
    ],
)
def test_a_thing_only_mentioned_is_not_an_activity(language, text, absent):
    assert absent not in classify_activities(text, language)


def test_versions_carrying_different_activities_are_reported():
    reading = parse_mou(
        "MEMORANDUM\n\nThe Parties agree as follows.\n\nArticle 1\n\nThe Parties organise exhibitions.\n\n"
        "МЕМОРАНДУМ\n\nСтороны договорились о нижеследующем сотрудничестве.\n\nСтатья 1\n\nСтороны проводят семинары.\n"
    )
    mismatch = next(d for d in reading["discrepancies"] if d["kind"] == "activity_mismatch")
    assert mismatch["article"] == 1
    assert mismatch["activities"] == {"en": ["exhibition"], "ru": ["seminar"]}


def test_party_names_repeated_are_not_a_duplicate_passage():
    names = "the National Historical and Cultural Museum Reserve of the Republic of Kazakhstan"
    reading = parse_mou(
        f"MEMORANDUM between {names} and the Ganja Reserve.\n\nArticle 1\n\nThe Parties cooperate with {names} "
        f"and with {names} in exhibitions.\n\nМЕМОРАНДУМ\n\nСтороны договорились о нижеследующем сотрудничестве.\n\n"
        "Статья 1\n\nСтороны организуют выставки.\n"
    )
    assert "duplicate_text" not in kinds(reading, "discrepancies")
    assert "missing_preamble" not in kinds(reading, "discrepancies")


def test_titled_headings_with_points_signing_and_parties_in_russian():
    reading = parse_mou(
        "МЕМОРАНДУМ О СОТРУДНИЧЕСТВЕ\nмежду Национальным музеем и Государственной галереей\n\n"
        "Национальный музей Республики Казахстан, именуемый в дальнейшем «Музей», и Государственная галерея, "
        "именуемая в дальнейшем «Галерея», договорились о нижеследующем:\n\n"
        "Статья 1. Предмет Меморандума\n1.1. Стороны организуют совместные выставки.\n"
        "1.2. Стороны проводят научные конференции.\n\nСтатья 2. Финансовые условия\n"
        "Каждая Сторона несет собственные расходы.\n\nСтатья 3. Срок действия\n"
        "Настоящий Меморандум вступает в силу с даты подписания и действует в течение трех (3) лет.\n\n"
        "Совершено в г. Астана 15 мая 2024 года в двух экземплярах.\n\nЗа Музей\n\nДиректор\n"
    )
    articles = articles_of(reading, "ru")
    assert [a["heading"] for a in articles] == [
        "Статья 1. Предмет Меморандума",
        "Статья 2. Финансовые условия",
        "Статья 3. Срок действия",
    ]
    assert [c["number"] for c in articles[0]["clauses"]] == ["1.1", "1.2"]
    assert reading["term"]["years"] == 3
    assert reading["default_terms"] == "split" and reading["cost_rules"][0]["payer"] == "each_party"
    assert reading["signed"] == {"place": "Астана", "date": "2024-05-15", "source": "closing"}
    assert reading["parties"]["ru"] == ["Национальный музей Республики Казахстан", "Государственная галерея"]


def test_roman_headings_with_title_lines_and_lettered_points():
    reading = parse_mou(
        "MEMORANDUM OF UNDERSTANDING\n\nARTICLE I\nPURPOSE\nThe purpose of this MoU is cooperation in museum studies.\n\n"
        "ARTICLE II\nAREAS OF COOPERATION\nThe Parties will:\na) exchange curators and conservators;\n"
        "b) organize joint exhibitions.\n\nARTICLE III – DURATION\nThis MoU shall remain in force for three (3) years.\n\n"
        "IN WITNESS WHEREOF the undersigned have signed this MoU in Tashkent on 12 June 2022.\n"
    )
    articles = articles_of(reading, "en")
    assert [a["heading"] for a in articles] == [
        "ARTICLE I. PURPOSE",
        "ARTICLE II. AREAS OF COOPERATION",
        "ARTICLE III. DURATION",
    ]
    assert {"staff_exchange", "conservation", "exhibition"} <= set(articles[1]["activities"])
    assert reading["signed"] == {"place": "Tashkent", "date": "2022-06-12", "source": "closing"}


def test_a_heading_line_that_runs_into_the_next_line_is_one_sentence():
    reading = parse_mou(
        "The Parties agree as follows.\nARTICLE 1 The Parties shall\norganise joint exhibitions.\n"
        "ARTICLE 2 The Parties shall hold seminars.\n"
    )
    articles = articles_of(reading, "en")
    assert articles[0]["text"] == "The Parties shall organise joint exhibitions."
    assert articles[0]["heading"] == "ARTICLE 1"
