"""Word and PDF memoranda to text, and every bad file refused with its own code.

The .docx files are written here with python-docx; the PDFs in tests/fixtures/mou were made
with fpdf2 and the DejaVu Sans font from tests/fixtures/mou/four-languages.txt (a text layer
in English, Azerbaijani, Kazakh and Russian), a page with no text (a scan) and an encrypted
copy (user password "secret")."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document

from planner.mou import MouError, parse_mou, read_document
from planner.mou.files import MAX_UPLOAD_BYTES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "mou"


def docx_bytes(build) -> bytes:
    document = Document()
    build(document)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def memorandum_in_word(document) -> None:
    document.add_heading("MEMORANDUM OF UNDERSTANDING", level=1)
    document.add_paragraph("The Ganja Reserve and the Aziret Sultan museum agree as follows:")
    document.add_paragraph("The Parties shall organise joint exhibitions.", style="List Number")
    document.add_paragraph("The Parties shall exchange specialists.", style="List Number")
    document.add_paragraph("This Memorandum is valid for five (5) years.", style="List Number")
    bold = document.add_paragraph()
    bold.add_run("МЕМОРАНДУМ").bold = True
    document.add_paragraph("Тараптар төмендегілер туралы келісті және қол қойды:")
    document.add_heading("1-бап", level=3)
    document.add_paragraph("Тараптар бірлескен фотокөрмелер ұйымдастырады.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Ganja Reserve"
    table.cell(0, 1).text = "Aziret Sultan"


def test_word_round_trip_keeps_headings_numbered_lists_and_letters():
    text = read_document("memorandum.docx", docx_bytes(memorandum_in_word))
    assert text.startswith("## MEMORANDUM OF UNDERSTANDING")
    assert "1. The Parties shall organise joint exhibitions." in text
    assert "3. This Memorandum is valid for five (5) years." in text
    assert "**МЕМОРАНДУМ**" in text and "#### 1-бап" in text
    reading = parse_mou(text)
    assert reading["languages"] == ["en", "kk"]
    english = reading["versions"]["en"]["articles"]
    assert [a["number"] for a in english] == [1, 2, 3]
    assert english[1]["activities"] == ["staff_exchange"]
    assert reading["versions"]["kk"]["articles"][0]["activities"] == ["exhibition", "photography"]
    assert reading["term"]["years"] == 5


def test_pdf_round_trip_reads_azerbaijani_and_kazakh_letters():
    text = read_document("memorandum.pdf", (FIXTURES / "four-languages.pdf").read_bytes())
    assert "Tərəflər birgə sərgilər və fotosərgilər" in text
    assert "Тараптар бірлескен көрмелер ұйымдастырады." in text
    from_pdf = parse_mou(text)
    from_text = parse_mou((FIXTURES / "four-languages.txt").read_text(encoding="utf-8"))
    assert from_pdf["languages"] == from_text["languages"] == ["en", "az", "kk", "ru"]
    for language in from_text["languages"]:
        pdf_articles = [(a["number"], a["text"], a["activities"]) for a in from_pdf["versions"][language]["articles"]]
        text_articles = [(a["number"], a["text"], a["activities"]) for a in from_text["versions"][language]["articles"]]
        assert pdf_articles == text_articles


def test_text_and_markdown_files():
    assert read_document("a.md", b"# Memorandum\n\nArticle 1\n\nText.").startswith("# Memorandum")
    assert read_document("a.TXT", b"\xef\xbb\xbfArticle 1\r\n\r\nText.") == "Article 1\n\nText."


def zipped(members: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return stream.getvalue()


def word_with_macros() -> bytes:
    original = zipfile.ZipFile(io.BytesIO(docx_bytes(memorandum_in_word)))
    members = {item.filename: original.read(item.filename) for item in original.infolist()}
    members["word/vbaProject.bin"] = b"macro"
    return zipped(members)


@pytest.mark.parametrize(
    "name, raw, code",
    [
        ("scan.pdf", (FIXTURES / "scanned.pdf").read_bytes(), "no_text"),
        ("locked.pdf", (FIXTURES / "password.pdf").read_bytes(), "password"),
        ("broken.pdf", (FIXTURES / "four-languages.pdf").read_bytes()[:400], "corrupt"),
        ("fake.pdf", b"%PDF-1.7\nnothing else", "corrupt"),
        ("broken.docx", b"PK\x03\x04 this is not a zip", "corrupt"),
        ("not-word.docx", zipped({"readme.txt": b"hello"}), "corrupt"),
        ("bomb.docx", zipped({"word/document.xml": b"\0" * 60_000_000}), "zip_bomb"),
        ("macros.docm", docx_bytes(memorandum_in_word), "macro"),
        ("renamed.docx", word_with_macros(), "macro"),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password"),
        ("huge.pdf", b"%PDF-1.7\n" + b"0" * MAX_UPLOAD_BYTES, "too_large"),
        ("big.txt", b"Article 1\n\n" + b"a" * 5_000_001, "too_large"),
        ("program.exe", b"MZ\x90\x00", "file_type"),
        ("old.doc", b"\xd0\xcf\x11\xe0", "file_type"),
    ],
)
def test_every_bad_file_is_refused_with_its_reason(name, raw, code):
    with pytest.raises(MouError) as failure:
        read_document(name, raw)
    assert failure.value.code == code
