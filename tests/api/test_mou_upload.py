"""POST /api/v1/mou/parse with a multipart file: Word and PDF read, bad files refused with the
JSON error shape in the caller's language."""

from __future__ import annotations

import io

import pytest

from planner.mou import ocr
from tests.mou.test_upload_paths import BAD_FILES, FIXTURES, SANPA, word_file

# a scan goes to text recognition outside the request when Tesseract is here (tests/api/test_mou_scans.py)
REFUSED_AT_ONCE = [bad for bad in BAD_FILES if not (bad[0] == "scan.pdf" and ocr.available())]


def test_api_parses_a_multipart_word_file_and_a_pdf(api, app):
    answer = api("staff").post(
        "/api/v1/mou/parse",
        data={"file": (io.BytesIO(word_file(SANPA.read_text(encoding="utf-8"))), "sanpa.docx")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 200, answer.json
    assert answer.json["default_terms"] == "mutually_determined"
    assert answer.json["term"]["termination_notice"] == {"amount": 3, "unit": "month"}
    pdf = api("staff").post(
        "/api/v1/mou/parse",
        data={"file": (io.BytesIO((FIXTURES / "mou" / "four-languages.pdf").read_bytes()), "m.pdf")},
        content_type="multipart/form-data",
    )
    assert pdf.status_code == 200 and pdf.json["languages"] == ["en", "az", "kk", "ru"]


@pytest.mark.parametrize("name, raw, words", REFUSED_AT_ONCE)
def test_api_refuses_a_bad_file_with_the_error_shape(api, name, raw, words):
    answer = api("staff", "ru").post(
        "/api/v1/mou/parse", data={"file": (io.BytesIO(raw), name)}, content_type="multipart/form-data"
    )
    assert answer.status_code == 422
    assert words in answer.json["error"]["fields"]["file"][0]


def test_api_needs_text_or_a_file(api):
    answer = api("staff").post("/api/v1/mou/parse", json={})
    assert answer.status_code == 422 and answer.json["error"]["fields"]["text"]
