"""Issue #31, the reader's third round: heading forms, closing formulas, the agreement's own
term, lexicon phrasings and false matches, short titles. Our own sentences, one per rule."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from fpdf import FPDF

from planner.mou import classify_activities, parse_mou, read_document

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


# --- 2. signing date and place ----------------------------------------------------------------

CITED = {
    "en": "The Parties act under the Agreement signed at Paris on 3 March 1975.",
    "ru": "Стороны руководствуются Соглашением, подписанным в г. Париж 3 марта 1975 года.",
    "uk": "Сторони керуються Угодою, підписаною у місті Париж 3 березня 1975 року.",
    "az": "Tərəflər Paris şəhərində 3 mart 1975-ci il tarixində imzalanmış Sazişi rəhbər tuturlar.",
    "kk": "Тараптар 1975 жылғы 3 наурызда Париж қаласында қол қойылған Келісімді басшылыққа алады.",
    "tr": "Taraflar 3 Mart 1975 tarihinde Paris'te imzalanan Anlaşmaya uyar.",
    "uz": "Tomonlar 1975 yil 3 mart Parij shahrida imzolangan Bitimga amal qiladilar.",
}


@pytest.mark.parametrize(
    "language, closing, place, date",
    [
        ("en", "DONE at Ankara on 14 May 1992, in two originals in the English language.", "Ankara", "1992-05-14"),
        (
            "en",
            "IN WITNESS WHEREOF the undersigned have signed this Agreement.\n\n"
            "Done at Washington in duplicate this twenty-second day of April, 1980.",
            "Washington",
            "1980-04-22",
        ),
        (
            "en",
            "Signed at Ottawa on the Seventh Day of July, one thousand nine hundred and eighty-five.",
            "Ottawa",
            "1985-07-07",
        ),
        ("en", "DONE AT TASHKENT ON THE 3RD DAY OF JUNE 2001 in two copies.", "TASHKENT", "2001-06-03"),
        (
            "ru",
            "Совершено в двух экземплярах, каждый на русском и английском языках.\n\n(Москва, 14 апреля 1993 года)",
            "Москва",
            "1993-04-14",
        ),
        ("uk", "Вчинено у місті Київ 5 червня 1996 року в двох примірниках.", "Київ", "1996-06-05"),
        ("az", "Bakı şəhərində 2019-cu il 12 mart tarixində iki nüsxədə imzalanmışdır.", "Bakı", "2019-03-12"),
        ("kk", "1993 жылы 14 сәуірде Алматы қаласында екі данада жасалған.", "Алматы", "1993-04-14"),
        (
            "tr",
            "İşbu Anlaşma 14 Nisan 1993 tarihinde Ankara'da iki nüsha olarak imzalanmıştır.",
            "Ankara",
            "1993-04-14",
        ),
        ("uz", "Toshkent shahrida 2001-yil 3-iyun kuni ikki nusxada imzolandi.", "Toshkent", "2001-06-03"),
    ],
)
def test_the_closing_formula_gives_the_signing_not_a_date_cited_in_an_article(language, closing, place, date):
    preamble, body = BODY[language]
    reading = parse_mou(
        f"{preamble}\n\nArticle 1\n\n{CITED[language]}\n\nArticle 2\n\n{body}\n\n{closing}\n"
        if language == "en"
        else f"{preamble}\n\nMadde 1\n\n{CITED[language]}\n\nMadde 2\n\n{body}\n\n{closing}\n"
    )
    assert reading["signed"] == {"place": place, "date": date, "source": "closing"}


def test_a_dated_line_under_the_title_gives_the_signing():
    reading = parse_mou(
        "AGREEMENT ON CULTURAL COOPERATION\n\n(Baku, 12 May 2020)\n\nThe Parties agree as follows.\n\n"
        f"Article 1\n\n{CITED['en']}\n\nArticle 2\n\nThe Parties organise exhibitions.\n"
    )
    assert reading["signed"] == {"place": "Baku", "date": "2020-05-12", "source": "title"}


def test_a_date_inside_an_article_is_used_only_when_nothing_else_is_found():
    reading = parse_mou(
        f"The Parties agree as follows.\n\nArticle 1\n\n{CITED['en']}\n\nArticle 2\n\nThe end is near.\n"
    )
    assert reading["signed"] == {"place": "Paris", "date": "1975-03-03", "source": "article"}


def test_an_entry_into_force_date_in_the_last_article_is_not_the_signing():
    reading = parse_mou(
        "This Agreement is concluded on 5 May 2020 by the Parties.\n\nArticle 1\n\nThe Parties organise exhibitions."
        "\n\nArticle 2\n\nThis Agreement enters into force on 1 January 2021.\n"
    )
    assert reading["signed"] == {"place": None, "date": "2020-05-05", "source": "preamble"}


# --- 3. the agreement's own term --------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The Parties shall adopt a programme of exchanges for a period of two years. "
            "This Agreement shall remain in force for five years.",
            {"years": 5},
        ),
        (
            "The working plan shall be valid for a period of two years.\n\nArticle 3\n\n"
            "This Agreement shall enter into force on the date of signature. It shall remain in force for ten years.",
            {"years": 10},
        ),
        (
            "This Agreement shall remain in force for five years and thereafter until one year after either Party "
            "has given written notice of termination to the other.",
            {"years": 5, "indefinite": True, "termination_notice": {"amount": 1, "unit": "year"}},
        ),
        (
            "This Agreement shall remain in force for three years and thereafter until six months after either "
            "Party has notified the other of its wish to terminate it.",
            {"years": 3, "indefinite": True, "termination_notice": {"amount": 6, "unit": "month"}},
        ),
        (
            "Программа обменов принимается на период двух лет. Настоящее Соглашение действует в течение пяти лет "
            "и впоследствии остается в силе до истечения одного года с даты получения уведомления о прекращении.",
            {"years": 5, "indefinite": True, "termination_notice": {"amount": 1, "unit": "year"}},
        ),
        (
            "Bu Anlaşma beş yıl süreyle yürürlükte kalır ve daha sonra taraflardan birinin yazılı bildiriminden "
            "bir yıl sonra sona erer.",
            {"years": 5, "indefinite": True, "termination_notice": {"amount": 1, "unit": "year"}},
        ),
        (
            "Either Party may terminate this Memorandum by giving one year's written notice.",
            {"years": None, "termination_notice": {"amount": 1, "unit": "year"}},
        ),
        ("The exhibition programme runs for a period of two years.", {"years": None}),
        ("Such periods shall be valid for two years.", {"years": None}),
        ("Each exchange programme may be terminated on three months' notice.", {"termination_notice": None}),
        (
            "The Memorandum enters into force on the day of its signature. The term of validity is ten years.",
            {"years": 10},
        ),
    ],
)
def test_only_the_agreement_itself_gives_the_term(text, expected):
    reading = parse_mou(
        f"Preamble of the two parties here.\n\nArticle 1\n\nThe Parties hold seminars.\n\nArticle 2\n\n{text}\n"
    )
    for key, value in expected.items():
        assert reading["term"][key] == value, key


# --- 4. lexicons ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, text, kind",
    [
        ("en", "The Parties shall encourage the exchange of scholars and artists.", "staff_exchange"),
        ("en", "The Parties shall support the exchange of artists.", "staff_exchange"),
        ("en", "The Parties shall facilitate the dispatch of experts to each other.", "staff_exchange"),
        ("en", "The Parties shall cooperate in the preservation of cultural assets.", "conservation"),
        ("ru", "Стороны поощряют обмен учеными и деятелями искусства.", "staff_exchange"),
        ("ru", "Стороны содействуют направлению специалистов.", "staff_exchange"),
        ("ru", "Стороны сотрудничают в области сохранения культурных ценностей.", "conservation"),
        ("uk", "Сторони заохочують обмін науковцями та митцями.", "staff_exchange"),
        ("uk", "Сторони сприяють направленню фахівців.", "staff_exchange"),
        ("uk", "Сторони співпрацюють у збереженні культурних цінностей.", "conservation"),
        ("kk", "Тараптар ғалымдар мен өнер қайраткерлерімен алмасуды көтермелейді.", "staff_exchange"),
        ("kk", "Тараптар мамандар жіберуге жәрдемдеседі.", "staff_exchange"),
        ("kk", "Тараптар мәдени құндылықтарды сақтау саласында ынтымақтасады.", "conservation"),
        ("az", "Tərəflər alimlər və incəsənət xadimləri mübadiləsini təşviq edirlər.", "staff_exchange"),
        ("az", "Tərəflər mütəxəssislərin göndərilməsinə kömək edirlər.", "staff_exchange"),
        ("az", "Tərəflər mədəni sərvətlərin qorunması sahəsində əməkdaşlıq edirlər.", "conservation"),
        ("tr", "Taraflar bilim insanları ve sanatçıların değişimini teşvik eder.", "staff_exchange"),
        ("tr", "Taraflar uzman gönderilmesini kolaylaştırır.", "staff_exchange"),
        ("tr", "Taraflar kültür varlıklarının korunması alanında işbirliği yapar.", "conservation"),
        ("uz", "Tomonlar olimlar va san'atkorlar almashinuvini rag'batlantiradi.", "staff_exchange"),
        ("uz", "Tomonlar mutaxassislar yuborishga ko'maklashadi.", "staff_exchange"),
        ("uz", "Tomonlar madaniy boyliklarni asrash sohasida hamkorlik qiladi.", "conservation"),
    ],
)
def test_lexicon_phrasings_in_every_language(language, text, kind):
    assert kind in classify_activities(text, language)


@pytest.mark.parametrize(
    "language, text",
    [
        ("ru", "Стороны развивают диалог культур."),
        ("ru", "Стороны проводят конкурсы молодых исполнителей."),
        ("uk", "Сторони проводять конкурси молодих виконавців."),
        ("kk", "Тараптар жас орындаушылар конкурсын өткізеді."),
        ("az", "Tərəflər gənc ifaçıların konkursunu keçirirlər."),
        ("uz", "Tomonlar yosh ijrochilar konkursini o'tkazadilar."),
    ],
)
def test_a_stem_inside_another_word_is_no_activity(language, text):
    assert classify_activities(text, language) == []


@pytest.mark.parametrize(
    "language, text, kind",
    [
        ("ru", "Стороны организуют фотовыставки.", "exhibition"),
        ("kk", "Тараптар бейнеконференциялар өткізеді.", "webinar"),
    ],
)
def test_a_compound_keeps_its_activity(language, text, kind):
    assert kind in classify_activities(text, language)


# --- 5. short titles, and one reading whatever the file -----------------------------------------

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "004_e74de14cd5f9c810.txt"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def seed_as_docx(text: str) -> bytes:
    document = Document()
    for paragraph in text.split("\n\n"):
        if paragraph.strip():
            document.add_paragraph(paragraph.strip())
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def seed_as_pdf(text: str) -> bytes:
    """The seed typeset as a PDF does it: justified lines, no blank lines between paragraphs."""
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    for paragraph in text.split("\n\n"):
        if paragraph.strip():
            pdf.multi_cell(0, 5, paragraph.strip(), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    return bytes(pdf.output())


def test_short_titles_of_the_seed_memorandum_name_its_kind_and_parties():
    titles = parse_mou(SEED.read_text(encoding="utf-8"))["titles"]
    assert titles == {
        "kk": "Меморандум: Гянджа мемлекеттік тарихи-мәдени қорығы және «Әзірет-Сұлтан» музей-қорығы",
        "az": "Memorandum: Gəncə Dövlət Tarix - Mədəniyyət Qoruğu və «Həzrət Sultan» muzey-qoruğu",
        "en": "Memorandum between the Ganja State Historical and Cultural Reserve and the Aziret Sultan museum-reserve",
        "ru": "Меморандум: Государственный историко-культурный заповедник Гянджи и музей-заповедник «Хазрет Султан»",
    }


@pytest.mark.skipif(not DEJAVU.exists(), reason="the DejaVu Sans font is needed to typeset the PDF")
def test_the_seed_as_text_word_and_pdf_gives_one_reading():
    text = SEED.read_text(encoding="utf-8")
    readings = [
        parse_mou(read_document(name, raw))
        for name, raw in (
            ("seed.txt", text.encode()),
            ("seed.docx", seed_as_docx(text)),
            ("seed.pdf", seed_as_pdf(text)),
        )
    ]
    keys = ("languages", "titles", "parties", "signatories", "signed", "term")
    first = {key: readings[0][key] for key in keys}
    assert first["signatories"]["en"] == ["Vusal Alyev", "Nurlan Dukenbayev"]
    for reading in readings[1:]:
        assert {key: reading[key] for key in keys} == first


def test_a_title_never_cuts_a_sentence_and_names_the_parties_of_a_title_block():
    reading = parse_mou(
        "MEMORANDUM\n\nThe National Museum of Art\n\nand\n\nThe City Gallery of Tashkent\n\n"
        "The Parties, wishing to develop their long and fruitful cooperation in every field of museum work, agree:\n\n"
        "Article 1\n\nThe Parties organise exhibitions.\n"
    )
    assert reading["titles"]["en"] == "Memorandum between the National Museum of Art and the City Gallery of Tashkent"
