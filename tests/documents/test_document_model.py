"""The pure parts of project agreements, on plain data and the English source words (no
Flask, no database): languages, the document model, and what the renderers make of it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from planner.documents.data import AgreementData, CostData, EventData, LoanData, PartyData
from planner.documents.languages import (
    LanguageChoice,
    asked_languages,
    default_languages,
    parse_languages,
    text_language_for,
)
from planner.documents.model import Table, build_document, money, plain
from planner.documents.pdf import render_pdf
from planner.documents.word import render_docx
from planner.documents.wording import WORDS
from tests.documents.conftest import docx_text, pdf_text, squeezed

AZ = "ə ğ ı İ ş ç ö ü Ə Ğ Ş Ç Ö Ü"
KK = "ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І"
TR = "ı İ ğ Ğ ş Ş ç Ç ö Ö ü Ü"
ONE = PartyData(1, {"en": "Lender museum", "az": "Xalça Muzeyi"}, document_languages=("az",))
TWO = PartyData(2, {"en": "Host museum", "kk": "Кілем музейі"}, document_languages=("kk", "ru"))


def plan_data(**changes) -> AgreementData:
    values = dict(
        plan_id=7,
        kind="exhibition",
        title={"en": f"Letters {AZ} {KK} {TR}"},
        description={},
        terms="compensated",
        reference="",
        signing_date=None,
        memorandum_title={"en": "Memorandum"},
        memorandum_signed_on=date(2024, 9, 25),
        parties=(ONE, TWO),
        fingerprint="f" * 64,
    )
    values.update(changes)
    return AgreementData(**values)


def english(data: AgreementData, languages=("en",)):
    return build_document(data, [LanguageChoice(code) for code in languages], dict.fromkeys(languages, WORDS))


def all_text(document) -> str:
    """Every text of the model, for checks that do not need a file."""
    found = []
    for block in document.blocks:
        found += list(getattr(block, "texts", ()))
        if isinstance(block, Table):
            found += ["|".join(str(cell) for cell in row.cells) for row in block.rows]
    return "\n".join(found)


@pytest.mark.parametrize(
    "given, codes, unknown",
    [
        ("kk, ru", ["kk", "ru"], []),
        ("KK;ru kk", ["kk", "ru"], []),
        (["tr", "en"], ["tr", "en"], []),
        ("az, xx, english", ["az"], ["xx", "english"]),
        ("", [], []),
    ],
)
def test_document_languages_are_iso_639_1_codes_in_order_each_once(given, codes, unknown):
    assert parse_languages(given) == (codes, unknown)


def test_a_language_without_fixed_text_gives_way_to_the_next_and_says_which():
    assert text_language_for(["uz", "ru"]) == LanguageChoice("ru", "uz")
    assert text_language_for(["tr", "en"]) == LanguageChoice("en", "tr")
    assert text_language_for(["kk", "ru"]) == LanguageChoice("kk")
    assert text_language_for(["ka"]) == LanguageChoice("en", "ka")
    assert [c.language for c in default_languages([["az"], ["kk", "ru"]])] == ["az", "kk"]
    assert [c.language for c in default_languages([["az"], ["az"]])] == ["az"]  # one column
    assert asked_languages("az,kk") == ([LanguageChoice("az"), LanguageChoice("kk")], [])
    assert asked_languages("uz,kk")[1] == ["uz"] and asked_languages("az,kk,ru")[1] == ["ru"]


def test_costs_are_grouped_by_payer_and_currency_and_never_added_across_currencies():
    costs = (
        CostData(2, TWO.name, "venue", {"en": "Hall"}, Decimal("1500000"), "KZT"),
        CostData(1, ONE.name, "transport", {"en": "Truck"}, Decimal("8500.50"), "AZN"),
        CostData(1, ONE.name, "insurance", {"en": "Policy"}, Decimal("100"), "EUR"),
        CostData(1, ONE.name, "packing", {"en": "Crates"}, Decimal("99.50"), "AZN"),
    )
    table = next(b for b in english(plan_data(costs=costs)).blocks if isinstance(b, Table))
    rows = [tuple(c if isinstance(c, str) else c[0] for c in row.cells) for row in table.rows]
    assert [row[2] for row in rows[:2]] == ["Truck", "Crates"]  # the first party's AZN items together
    assert rows[2] == ("Total paid by Lender museum", "", "", "8,600.00", "AZN")
    totals = [row for row in rows if row[0] == "Total"]
    assert totals == [
        ("Total", "", "", "8,600.00", "AZN"),
        ("Total", "", "", "100.00", "EUR"),
        ("Total", "", "", "1,500,000.00", "KZT"),
    ]


def test_each_column_gives_a_costs_description_in_its_own_language_or_a_marked_fallback():
    costs = (
        CostData(1, ONE.name, "transport", {"en": "Truck", "ru": "Грузовик"}, Decimal("10"), "AZN"),
        CostData(1, ONE.name, "packing", {"en": "Crates"}, Decimal("5"), "AZN", part_of=TWO.name),
    )
    document = build_document(
        plan_data(costs=costs), [LanguageChoice("ru"), LanguageChoice("en")], {"ru": WORDS, "en": WORDS}
    )
    table = next(b for b in document.blocks if isinstance(b, Table))
    truck, crates = (row.cells[2] for row in table.rows[:2])
    assert truck == ("Грузовик", "Truck")
    assert crates[0].startswith("Crates (in английский)") and crates[1].startswith("Crates,")  # marked: not Russian


def test_money_keeps_each_currencys_minor_unit_in_the_languages_digits():
    assert money(Decimal("8500"), "AZN", "en") == "8,500.00"
    assert money(Decimal("8500"), "AZN", "az") == "8.500,00"
    assert money(Decimal("1500"), "JPY", "en") == "1,500"


def test_plain_keeps_markup_as_text_and_drops_controls_and_direction_overrides():
    assert plain("<b>bold</b> & </w:t>") == "<b>bold</b> & </w:t>"
    assert plain("a\x00b\x07c\x1b[31m\u202ed\u202c\u2066e\u2069\ufffe") == "abc[31mde"
    assert plain("line\r\nnext\tcell") == "line\nnext cell"


def test_fallback_content_is_marked_with_its_language():
    document = english(plan_data(title={"ru": "Ковры"}))
    assert "Ковры (in Russian)" in all_text(document)


def test_each_column_gives_an_events_title_in_its_own_language():
    event = EventData(title={"en": "Opening", "ru": "Открытие"}, timezone="Asia/Baku", all_day=True)
    event = EventData(**{**event.__dict__, "start_date": date(2027, 3, 1), "end_date": date(2027, 3, 1)})
    document = build_document(
        plan_data(events=(event,)), [LanguageChoice("ru"), LanguageChoice("en")], {"ru": WORDS, "en": WORDS}
    )
    texts = [getattr(block, "texts", ()) for block in document.blocks]
    lines = [found for found in texts if any("Opening" in t or "Открытие" in t for t in found)]
    assert len(lines) == 1 and "Открытие" in lines[0][0] and "Opening" in lines[0][1]


@pytest.mark.parametrize("render, read", [(render_pdf, pdf_text), (render_docx, docx_text)])
def test_azerbaijani_kazakh_and_turkish_letters_are_text_in_both_files(render, read):
    """Extracted as the same letters (a missing glyph or a wrong encoding would not be)."""
    loans = (LoanData(ONE.name, "AZ-1", {"az": AZ}, Decimal("10"), "EUR", {"kk": KK}),)
    text = read(render(english(plan_data(loans=loans))))
    for letter in f"{AZ} {KK} {TR}".split():
        assert letter in text, letter


@pytest.mark.parametrize("layout", ["columns", "sequence"])
def test_a_word_longer_than_a_column_and_rows_longer_than_a_page_lose_nothing(layout):
    word = "x" * 3000
    loans = tuple(LoanData(ONE.name, f"N-{n}", {"en": "Jug"}, None, None, {"en": "cracked " * 900}) for n in range(3))
    body = render_pdf(english(plan_data(title={"en": word}, loans=loans), ("en", "ru")), layout)
    text = squeezed(pdf_text(body))
    # each note twice: in the loan list and in the loan annex (issue #28), per language in sequence
    assert word in text and text.count("cracked") == 2 * 3 * 900 * (2 if layout == "sequence" else 1)
    assert text_inside_the_pages(body)


def text_inside_the_pages(body: bytes) -> bool:
    """Every line starts on its page, above the footer's bottom line (none runs off the page)."""
    from io import BytesIO

    from pypdf import PdfReader

    lowest = []
    for page in PdfReader(BytesIO(body)).pages:
        page.extract_text(visitor_text=lambda text, cm, tm, *rest: text.strip() and lowest.append(tm[5] + cm[5]))
    return min(lowest) > 20


def test_lines_fit_their_column():
    from planner.documents.pdf import AgreementPdf

    pdf = AgreementPdf(english(plan_data()))
    pdf.add_page()
    pdf.style(False, 9.5)
    lines = pdf.lines_of("a " + "x" * 3000 + " a few words\n\nafter an empty line", 80)
    pdf.close_fonts()
    assert all(pdf.width_of(line) <= 80 for line in lines) and len(lines) > 30
    assert lines[-3].endswith("a few words") and lines[-2:] == ["", "after an empty line"]


def test_one_language_makes_one_column_and_no_language_note():
    document = english(plan_data())
    assert document.languages == ("en",) and all(len(getattr(b, "texts", "x")) == 1 for b in document.blocks)
    noted = build_document(plan_data(), [LanguageChoice("en", "tr")], {"en": WORDS})
    assert "This text is not available in Turkish; it is given in English." in all_text(noted)


def test_the_draft_mark_follows_the_approval():
    assert english(plan_data()).watermark == ("Draft — not approved",)
    approved = english(plan_data(approved=True, last_approval=date(2026, 12, 1)))
    assert approved.watermark is None
    assert approved.footer == (f"Approved plan version {'f' * 64}, last approval on December 1, 2026",)


def test_an_article_is_cited_by_number_and_by_its_heading_when_it_has_one():
    from planner.documents.data import ArticleData

    articles = (ArticleData(4, {"en": "Article 4"}), ArticleData(6, {"en": "Separate project agreements"}))
    text = all_text(english(plan_data(articles=articles), ("kk",)))
    assert "Article 4 (in" not in text and "Article 4\n" in text
    assert "Article 6: Separate project agreements (in ағылшын тілі)" in text  # English, named in Kazakh


def test_the_languages_clause_has_a_sentence_for_one_language_and_a_list_for_several():
    """A list of one ("in the following languages: Russian") is wrong in every language; the
    clauses hold for any number of parties; the memorandum's quote marks come from the words."""
    one = all_text(english(plan_data()))
    assert "one for each Party, in English." in one and "each in English" not in one
    assert "signed by all Parties" in one and "both Parties" not in one and "two original" not in one
    assert "provided for by the “Memorandum”" in one
    two = all_text(english(plan_data(), ("en", "az")))
    assert "each in English and Azerbaijani; all texts have equal force." in two
    russian_quotes = build_document(plan_data(), [LanguageChoice("en")], {"en": {**WORDS, "quoted": "«%(text)s»"}})
    assert "provided for by the «Memorandum»" in all_text(russian_quotes)
