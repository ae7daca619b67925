"""Word, PDF and text memoranda through the page, the API and the CLI: the preview shows what a
user must check, saving stores a draft with its parties and signing date, and every bad file
gets one clear message in the user's language and saves nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import func, select

from planner.agreements.models import Agreement
from planner.mou import MouError, ocr
from tests.conftest import csrf_token

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = FIXTURES / "004_e74de14cd5f9c810.txt"
SANPA = FIXTURES / "real" / "01-sanpa-diu-mou-en.txt"
TURKISH_LAW = FIXTURES / "real" / "07-tr-kosovo-culture-agreement-tr.txt"


def word_file(text: str) -> bytes:
    document = Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def agreements_count(database) -> int:
    return database.session.scalar(select(func.count(Agreement.id)))


def post_page(client, data: dict, upload: tuple[str, bytes] | None = None):
    token = csrf_token(client.get("/agreements/new").data)
    body = {"csrf_token": token, **data}
    if upload:
        body["document"] = (io.BytesIO(upload[1]), upload[0])
    return client.post("/agreements/new", data=body, content_type="multipart/form-data")


def test_preview_of_a_word_file_shows_warnings_sub_clauses_and_chosen_parties(as_user, database):
    client = as_user("curator")
    before = agreements_count(database)
    page = post_page(client, {"action": "preview"}, ("sanpa.docx", word_file(SANPA.read_text(encoding="utf-8"))))
    body = page.get_data(as_text=True)
    assert page.status_code == 200, body[:2000]
    assert 'data-kind="heading_style"' in body and 'data-kind="renumbered"' in body
    assert "CONFIDENTIALITY" in body and 'data-number="2"' in body  # a titled section and its clauses
    assert "Costs agreed case by case" in body
    assert agreements_count(database) == before  # a preview saves nothing


def test_preview_shows_the_instrument_and_the_signing(as_user):
    client = as_user("curator")
    page = post_page(client, {"action": "preview", "text": TURKISH_LAW.read_text(encoding="utf-8")})
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'class="instrument" data-kind="law"' in body and "№ 5360" in body
    assert 'value="2004-08-26"' in body  # the signing date is filled in
    assert "Priştine" in body and 'data-kind="truncated"' in body


def test_saving_the_seed_prefills_parties_and_warns_of_the_existing_agreement(as_user, database):
    from planner.agreements.models import Institution

    client = as_user("admin")
    text = SEED.read_text(encoding="utf-8")
    preview = post_page(client, {"action": "preview", "text": text})
    body = preview.get_data(as_text=True)
    ganja = database.session.scalar(select(Institution).where(Institution.short_name == "Ganja Reserve"))
    turkestan = database.session.scalar(select(Institution).where(Institution.short_name == "Aziret Sultan"))
    assert f'<option selected value="{ganja.id}">' in body and f'<option selected value="{turkestan.id}">' in body
    assert 'data-kind="likely-duplicate"' in body  # the demo holds this memorandum already
    saved = post_page(client, {"action": "save", "text": text, "parties": [str(ganja.id), str(turkestan.id)]})
    assert saved.status_code == 302
    agreement = database.session.get(Agreement, int(saved.headers["Location"].split("/")[-2]))
    assert agreement.status == "draft"
    assert [party.institution_id for party in agreement.parties] == [ganja.id, turkestan.id]
    assert len(agreement.articles) == 11


def test_a_curator_leaving_out_their_institution_is_told_before_saving(as_user, database):
    from planner.agreements.models import Institution

    client = as_user("curator")
    other = database.session.scalar(select(Institution).where(Institution.short_name == "Aziret Sultan"))
    text = SEED.read_text(encoding="utf-8")
    preview = post_page(client, {"action": "preview", "text": text, "parties": [str(other.id)]})
    assert 'data-kind="loses-own-institution"' in preview.get_data(as_text=True)
    before = agreements_count(database)
    refused = post_page(client, {"action": "save", "text": text, "parties": [str(other.id)]})
    assert refused.status_code == 400
    assert "You cannot remove your own institution from the parties." in refused.get_data(as_text=True)
    assert agreements_count(database) == before


BAD_FILES = [
    ("scan.pdf", (FIXTURES / "mou" / "scanned.pdf").read_bytes(), "OCR"),
    ("locked.pdf", (FIXTURES / "mou" / "password.pdf").read_bytes(), "пароль"),
    ("macros.docm", word_file("Article 1\n\nText."), ".docm"),
    ("broken.docx", b"PK\x03\x04 not a zip", "повреждён"),
]


# a scan goes to text recognition outside the request when Tesseract is here (tests/mou/test_scan_jobs.py)
PAGE_BAD_FILES = BAD_FILES[1:] if ocr.available() else BAD_FILES


@pytest.mark.parametrize("name, raw, words", PAGE_BAD_FILES)
def test_a_bad_file_on_the_page_gets_one_message_in_the_users_language(as_user, database, name, raw, words):
    client = as_user("curator")
    client.post("/language", data={"lang": "ru", "csrf_token": csrf_token(client.get("/").data)})
    before = agreements_count(database)
    page = post_page(client, {"action": "save"}, (name, raw))
    body = page.get_data(as_text=True)
    assert page.status_code == 400
    assert body.count('class="error" role="alert"') == 1 and words in body
    assert agreements_count(database) == before


def test_cli_parses_and_imports_word_and_pdf_files(app, database, tmp_path):
    runner = app.test_cli_runner()
    word = tmp_path / "law.docx"
    word.write_bytes(word_file(TURKISH_LAW.read_text(encoding="utf-8")))
    printed = runner.invoke(args=["mou", "parse", str(word), "--json"])
    assert printed.exit_code == 0, printed.output
    reading = json.loads(printed.output)
    assert reading["instrument"]["number"] == "5360" and reading["languages"] == ["tr"]
    imported = runner.invoke(args=["mou", "import", str(FIXTURES / "mou" / "four-languages.pdf")])
    assert imported.exit_code == 0, imported.output
    agreement = database.session.get(Agreement, int(imported.output.strip()))
    assert agreement.status == "draft" and agreement.languages == ["en", "az", "kk", "ru"]


@pytest.mark.parametrize("name, raw, words", BAD_FILES)
def test_cli_refuses_a_bad_file_with_one_line_and_saves_nothing(app, database, tmp_path, name, raw, words):
    path = tmp_path / name
    path.write_bytes(raw)
    before = agreements_count(database)
    result = app.test_cli_runner().invoke(args=["mou", "import", str(path)])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and result.output.startswith("error:")
    assert agreements_count(database) == before


def test_import_keeps_titled_sections_and_repeated_numbers(app, database):
    result = app.test_cli_runner().invoke(args=["mou", "import", str(SANPA)])
    assert result.exit_code == 0, result.output
    agreement = database.session.get(Agreement, int(result.output.strip()))
    headings = [article.versions[0].heading for article in agreement.articles]
    assert headings[:11] == [str(n) for n in range(1, 12)]
    assert headings[11:] == [
        "PROTECTION OF INTELLECTUAL PROPERTY RIGHTS",
        "CONFIDENTIALITY",
        "SUSPENSION",
        "SETTLEMENT OF DISPUTES",
    ]
    assert agreement.signed_on.isoformat() == "2023-11-18"


def test_the_preview_shows_a_bounded_number_of_rows_and_counts_the_rest(app):
    from planner.agreements.presenting import PREVIEW_ROWS, preview_rows
    from planner.mou import parse_mou

    reading = parse_mou("Memorandum of the parties.\n\n" + "Article 1\n\nThe Parties cooperate.\n\n" * 1000)
    with app.test_request_context():
        rows, hidden = preview_rows(reading)
    assert len(rows) == PREVIEW_ROWS and hidden == 1000 - PREVIEW_ROWS
    assert all(row["number"] == 1 for row in rows)


def test_the_command_line_reads_a_file_larger_than_the_web_uploads_limits(app, tmp_path, monkeypatch):
    from planner.mou import files

    monkeypatch.setattr(files, "MAX_DOCUMENT_BYTES", 2_000)  # the limits made small: the test stays fast
    monkeypatch.setattr(files, "MAX_UPLOAD_BYTES", 2_000)
    path = tmp_path / "large.txt"
    path.write_text(
        "Memorandum.\n\n" + "".join(f"Article {n}\n\nThe Parties organise exhibitions.\n\n" for n in range(1, 200))
    )
    with pytest.raises(MouError) as refused:  # the web upload keeps its limits
        files.read_document("large.txt", path.read_bytes())
    assert refused.value.code == "too_large"
    printed = app.test_cli_runner().invoke(args=["mou", "parse", str(path)])
    assert printed.exit_code == 0, printed.output
    assert "en: 199 articles" in printed.output


@pytest.mark.parametrize("tesseract", [True, False])
def test_the_form_and_its_refusal_name_every_format_read_here(as_user, monkeypatch, tesseract):
    if not tesseract:
        monkeypatch.setenv("PATH", "/nonexistent")  # the real lookup finds no tesseract binary
    elif not ocr.available():
        pytest.skip("Tesseract is not installed")
    client = as_user("curator")
    form = client.get("/agreements/new").get_data(as_text=True)
    refused = post_page(client, {"action": "preview"}, ("program.exe", b"MZ\x90\x00")).get_data(as_text=True)
    if tesseract:
        assert "or a scan (.png, .jpg, .jpeg, .tif, .tiff)" in form
        assert "Only .txt, .md, .docx and .pdf files and scans (.png, .jpg, .jpeg, .tif, .tiff) can be read." in refused
    else:
        assert "Or upload a file (.txt, .md, .docx, .pdf)</label>" in form and ".png" not in form
        assert "scans need text recognition, not installed here" in refused
