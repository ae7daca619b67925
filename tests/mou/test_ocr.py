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
    """The seed memorandum as it is printed: its Markdown marks (# headings, **bold**, the
    backslash of an escaped "\\_") belong to the text file, not to the paper."""
    text = SEED.read_text(encoding="utf-8")
    return re.sub(r"\\([\\`*_{}\[\]()#+.!-])", r"\1", re.sub(r"^#+ *", "", text, flags=re.MULTILINE).replace("**", ""))


def mixes_scripts(name: str) -> bool:
    """A name with a word written half in Cyrillic, half in Latin letters ("Дуkenbayev" in the
    seed): no recognition gives that back letter for letter."""
    return any(re.search(r"[\u0400-\u04ff]", word) and re.search(r"[A-Za-z]", word) for word in name.split())


def misread_words(expected: str, found: str) -> int:
    """How many words of `expected` were read otherwise in `found`, word for word (the recognised
    lines break where the page's do, not where the paragraph's do); a word lost or added counts
    as many as there are words."""
    words, read = expected.split(), found.split()
    if len(words) != len(read):
        return len(words)
    return sum(a != b for a, b in zip(words, read, strict=True))


@needs_tesseract
@pytest.mark.skipif(not DEJAVU.exists(), reason="the DejaVu Sans font is needed to typeset the pages")
def test_the_seed_memorandum_read_from_a_rendered_scan_gives_the_draft_of_its_text():
    """The seed as printed, typeset as its PDF is (tests/mou/test_third_round.py), each page
    rendered at 300 dpi into a multi-page TIFF, read through the upload's own path, gives the
    draft of its text: the same short titles, signatories and their titles in every language,
    every version's articles (numbers, headings, activities, clauses), languages, signing, term,
    parties, discrepancies and warnings; only `ocr` and the `recognised_text` warning are new.
    Article texts are compared word for word (the scan's lines break where the page's do), and
    they differ only where the version's own words are misread (at most a few words each).
    Each version's long heading (`versions.*.title`) is the printed text's (the text file's
    Markdown marks, bold lines, carry a heading on where the paper cannot), but for a misread
    word ("Azerbailan" in the English one). Not compared: a signatory's name written half in
    Cyrillic, half in Latin ("Дуkenbayev")."""
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
    assert from_text["ocr"] is None
    assert set(from_scan) == set(from_text)
    for key in set(from_text) - {"ocr", "warnings", "discrepancies", "signatories", "versions"}:
        assert from_scan[key] == from_text[key], key  # languages, titles, signed, term, parties, …
    assert [w for w in from_scan["warnings"] if w["kind"] != "recognised_text"] == from_text["warnings"]
    assert [d["kind"] for d in from_scan["discrepancies"]] == [d["kind"] for d in from_text["discrepancies"]]
    for language, names in from_text["signatories"].items():
        kept = [name for name in names if not mixes_scripts(name)]
        assert [name for name in from_scan["signatories"][language] if name in kept] == kept, language
        assert len(from_scan["signatories"][language]) == len(names), language
    assert set(from_scan["versions"]) == set(from_text["versions"])
    for language, version in parse_mou(printed_seed())["versions"].items():
        assert misread_words(version["title"], from_scan["versions"][language]["title"]) <= 1, language
    for language, version in from_text["versions"].items():
        scanned = from_scan["versions"][language]
        assert len(scanned["articles"]) == len(version["articles"]), language
        for article, read in zip(version["articles"], scanned["articles"], strict=True):
            for key in set(article) - {"text"}:
                assert read[key] == article[key], (language, article["number"], key)
            assert misread_words(article["text"], read["text"]) <= 3, (language, article["number"])
