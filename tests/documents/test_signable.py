"""A document a director signs (issue #26 item 8): the last clause, the signatures' heading and
the signature blocks on one page in PDF and Word, "page x of y" and a place for initials on
every PDF page, recurrence in words in four languages, signatory names per language."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest

from planner.documents.data import EventData, PartyData
from planner.documents.languages import LanguageChoice
from planner.documents.model import build_document
from planner.documents.pdf import render_pdf
from planner.documents.word import render_docx
from planner.documents.wording import WORDS
from tests.documents.conftest import docx_text, squeezed
from tests.documents.test_document_model import english, plan_data

BAKU = ZoneInfo("Asia/Baku")
LAST_CLAUSE = squeezed("This agreement is made in original copies, one for each Party")


def talks(count: int) -> tuple[EventData, ...]:
    """Enough events to push the end of the document anywhere on a page."""
    return tuple(
        EventData(
            title={"en": f"Gallery talk {number}"},
            timezone="Asia/Baku",
            starts_at=datetime(2027, 3, 2, 11, 0, tzinfo=BAKU),
            ends_at=datetime(2027, 3, 2, 12, 0, tzinfo=BAKU),
        )
        for number in range(count)
    )


def pages_of(body: bytes) -> list[str]:
    from pypdf import PdfReader

    return [squeezed(page.extract_text()) for page in PdfReader(BytesIO(body)).pages]


def page_with(pages: list[str], needle: str) -> int:
    return next(number for number, text in enumerate(pages) if needle in text)


@pytest.mark.parametrize("layout", ["columns", "sequence"])
def test_the_last_clause_the_heading_and_the_signature_blocks_share_a_page(layout):
    """For every length from one page to three, whichever place the end falls on."""
    broke_early = 0
    for count in range(20, 110, 5):
        pages = pages_of(render_pdf(english(plan_data(events=talks(count))), layout))
        clause, heading, seal = (page_with(pages, n) for n in (LAST_CLAUSE, "Signatures", squeezed("Seal")))
        assert clause == heading == seal, (count, clause, heading, seal)
        broke_early += squeezed("4.4.") in pages[clause - 1] if clause else 0
    assert broke_early, "no length put the break between the clauses: the test proves nothing"


def test_every_page_says_page_x_of_y_and_has_a_place_for_initials():
    pages = pages_of(render_pdf(english(plan_data(events=talks(90)), ("en", "ru")), "columns"))
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Page{number}of{len(pages)}" in text
        assert squeezed("Initials: __________ __________") in text


def test_word_keeps_the_last_clause_and_the_heading_with_the_unsplittable_signature_row():
    from docx import Document
    from docx.oxml.ns import qn

    body = render_docx(english(plan_data(events=talks(40))), "sequence")
    document = Document(BytesIO(body))
    kept = [p.text for p in document.paragraphs if p.paragraph_format.keep_with_next]
    assert kept[-2].startswith("4.5. This agreement is made") and kept[-1] == "Signatures"
    signatures = document.tables[-1]
    assert signatures.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    assert all(cell.paragraphs[0].paragraph_format.keep_together for cell in signatures.rows[0].cells)
    footer = docx_text(body)
    assert "Page" in footer and "Initials" in footer


def test_word_keeps_the_side_by_side_rows_with_the_signatures():
    from docx import Document

    russian = {key: f"{text} ·" for key, text in WORDS.items()}  # another text in each column
    columns = [LanguageChoice("en"), LanguageChoice("ru")]
    body = render_docx(build_document(plan_data(), columns, {"en": WORDS, "ru": russian}), "columns")
    rows = [row for table in Document(BytesIO(body)).tables for row in table.rows]
    kept = [row.cells[0].text for row in rows if row.cells[0].paragraphs[0].paragraph_format.keep_with_next]
    assert kept[-2].startswith("4.5.") and kept[-1] == "Signatures"


RHYTHMS = {
    "en": "Gallery talk, March 2, 2027, 11:00 AM – 12:00 PM (Asia/Baku), every 2 weeks on Tuesday, 10 times, 1 excluded",
    "ru": "каждые 2 недели по вторникам, 10 раз, исключено: 1",
    "kk": "әр 2 апта сайын, сейсенбі күні, 10 рет",
    "az": "hər 2 həftədən bir, çərşənbə axşamı günləri, 10 dəfə",
}


@pytest.mark.parametrize("language", list(RHYTHMS))
def test_recurrence_reads_in_words_in_four_languages(app, language):
    from planner.documents.wording import wording_for

    event = EventData(
        title={"en": "Gallery talk"},
        timezone="Asia/Baku",
        starts_at=datetime(2027, 3, 2, 11, 0, tzinfo=BAKU),
        ends_at=datetime(2027, 3, 2, 12, 0, tzinfo=BAKU),
        repeats="weekly",
        interval=2,
        count=10,
        excluded=1,
    )
    with app.test_request_context():
        words = {language: wording_for(language)}
    document = build_document(plan_data(events=(event,)), [LanguageChoice(language)], words)
    lines = [block.texts[0] for block in document.blocks if getattr(block, "texts", None)]
    assert any(squeezed(RHYTHMS[language]) in squeezed(line) for line in lines), lines


def test_monthly_and_daily_rules_read_as_the_app_makes_them():
    from planner.plans.rhythm import rhythm

    assert rhythm("monthly", "en", first=date(2027, 3, 16), until=date(2027, 9, 1)) == (
        "every month on day 16, until September 1, 2027"
    )
    assert rhythm("daily", "en", interval=3, count=5) == "every 3 days, 5 times"
    assert rhythm("weekly", "ru", interval=5, first=date(2027, 3, 3), count=21) == "каждые 5 недель по средам, 21 раз"
    assert rhythm(None, "en") == ""


def test_signatory_names_come_per_language_from_the_memorandum_and_print_in_their_column():
    from planner.agreements.importing import signatories_by_party
    from planner.mou import parse_mou
    from tests.mou.test_reader import SEED

    first, second = signatories_by_party(parse_mou(SEED)["signatories"], 2)
    assert first["ru"] == "В. Алиев" and first["en"] == "Vusal Alyev"
    assert "az" not in second, "the Azerbaijani version's mixed-alphabet spelling is not taken"
    parties = (
        PartyData(1, {"en": "Ganja Reserve"}, signatory_name=first),
        PartyData(2, {"en": "Aziret Sultan"}, signatory_name=second),
    )
    document = build_document(
        plan_data(parties=parties), [LanguageChoice("az"), LanguageChoice("ru")], {"az": WORDS, "ru": WORDS}
    )
    signatures = document.blocks[-1]
    az_names = [party[2][0] for party in signatures.parties]
    ru_names = [party[2][1] for party in signatures.parties]
    assert ru_names == ["В. Алиев", "М. Мукенбаев"]
    assert az_names[0] == "Vüsal Aliyev" and az_names[1].startswith("Nurlan Dukenbayev (")  # the fallback, marked
