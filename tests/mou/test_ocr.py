"""Scanned memoranda (issue #31 item 6): pages rendered to images here, recognised by the real
Tesseract (Debian packages tesseract-ocr and -aze, -kaz, -rus, -tur, -uzb; `.ci/run` installs
them), and the clear refusal where Tesseract is absent."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from fpdf import FPDF

from planner.mou import MouError, ocr, parse_mou, read_document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "mou"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="Tesseract is not installed")


def page_images(text: str) -> list:
    """The text typeset by fpdf2 and each page rendered to an image by pypdfium2: a scan."""
    import pypdfium2

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    for paragraph in text.split("\n\n"):
        if paragraph.strip():
            pdf.multi_cell(0, 6, paragraph.strip(), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
    document = pypdfium2.PdfDocument(bytes(pdf.output()))
    return [document[index].render(scale=200 / 72).to_pil() for index in range(len(document))]


def as_png(image) -> bytes:
    stream = io.BytesIO()
    image.save(stream, format="PNG")
    return stream.getvalue()


def scanned_pdf(images: list) -> bytes:
    """A PDF made only of page images, as a scanner writes it (no text layer)."""
    pdf = FPDF()
    for image in images:
        pdf.add_page()
        pdf.image(image, x=0, y=0, w=210)
    return bytes(pdf.output())


TEXT = (
    "MEMORANDUM OF UNDERSTANDING\n\nThe Parties agree as follows:\n\nArticle 1\n\n"
    "The Parties shall organise joint exhibitions.\n\nArticle 2\n\nThis Memorandum is valid for five (5) years.\n\n"
    "МЕМОРАНДУМ\n\nСтороны договорились о нижеследующем:\n\nСтатья 1\n\nСтороны организуют совместные выставки.\n\n"
    "Статья 2\n\nНастоящий Меморандум действует пять (5) лет.\n"
)


@needs_tesseract
@pytest.mark.skipif(not DEJAVU.exists(), reason="the DejaVu Sans font is needed to typeset the page")
def test_a_scanned_page_reads_as_its_text_and_says_it_was_recognised():
    images = page_images(TEXT)
    from_text = parse_mou(TEXT)
    for name, raw in (("scan.png", as_png(images[0])), ("scan.pdf", scanned_pdf(images))):
        reading = parse_mou(read_document(name, raw))
        assert reading["languages"] == from_text["languages"] == ["en", "ru"]
        for language in ("en", "ru"):
            assert [a["number"] for a in reading["versions"][language]["articles"]] == [1, 2]
            assert reading["versions"][language]["articles"][0]["activities"] == ["exhibition"]
        assert reading["term"]["years"] == 5
        assert reading["versions"]["en"]["title"] == "MEMORANDUM OF UNDERSTANDING"  # not "ОҒ": Cyrillic order
        assert reading["ocr"]["pages"] == len(images) and 50 < reading["ocr"]["confidence"] <= 100
        assert "recognised_text" in {w["kind"] for w in reading["warnings"]}
    assert parse_mou(TEXT)["ocr"] is None


def test_without_tesseract_a_scan_gets_the_clear_message(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")  # the real lookup finds no tesseract binary
    with pytest.raises(MouError) as refused:
        read_document("scanned.pdf", (FIXTURES / "scanned.pdf").read_bytes())
    assert refused.value.code == "no_text"


SEED = FIXTURES.parent / "004_e74de14cd5f9c810.txt"


def printed_seed() -> str:
    """The seed memorandum as it is printed: its Markdown marks (# headings, **bold**) belong to
    the text file, not to the paper."""
    text = SEED.read_text(encoding="utf-8")
    return re.sub(r"^#+ *", "", text, flags=re.MULTILINE).replace("**", "")


@needs_tesseract
@pytest.mark.skipif(not DEJAVU.exists(), reason="the DejaVu Sans font is needed to typeset the pages")
def test_the_seed_memorandum_read_from_a_rendered_scan_gives_the_draft_of_its_text():
    """The seed as printed, typeset as its PDF is (tests/mou/test_third_round.py), each page
    rendered at 300 dpi into a multi-page TIFF, read through the upload's own path. Same as from
    its text: the versions, the signing, the term, the articles of the English, Azerbaijani and
    Russian versions, and the English and Kazakh titles, signatories and their titles. Still
    misread by Tesseract 5 on these pages (so not compared here): "ный" as "ньй" in the Russian
    title, the lone "və" of the Azerbaijani title block as "vo", "3-бап" as "3-6an", and the
    Azerbaijani version's mixed-script signatory."""
    import pypdfium2

    from tests.mou.test_third_round import seed_as_pdf

    document = pypdfium2.PdfDocument(seed_as_pdf(printed_seed()))
    pages = [document[index].render(scale=300 / 72).to_pil().convert("L") for index in range(len(document))]
    scan = io.BytesIO()
    pages[0].save(scan, format="TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate")
    from_scan = parse_mou(read_document("seed.tiff", scan.getvalue()))
    from_text = parse_mou(SEED.read_text(encoding="utf-8"))
    assert parse_mou(printed_seed())["titles"] == from_text["titles"]  # the marks change nothing
    assert from_scan["ocr"]["pages"] == len(pages) and from_scan["ocr"]["confidence"] > 85
    for key in ("languages", "signed", "term"):
        assert from_scan[key] == from_text[key], key
    for key in ("titles", "signatories", "signatory_titles"):
        for language in ("en", "kk"):
            assert from_scan[key][language] == from_text[key][language], (key, language)
    for language in ("en", "az", "ru"):
        numbers = [article["number"] for article in from_text["versions"][language]["articles"]]
        assert [article["number"] for article in from_scan["versions"][language]["articles"]] == numbers
