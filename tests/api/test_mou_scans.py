"""POST /api/v1/mou/parse with a scan holds no worker (#31 item 7): it answers 202 with a
Location where the recognition, run outside the request as the page's is, says where it is and
then gives the reader's JSON. Only the user who sent the scan reads it. Real Tesseract."""

from __future__ import annotations

import io
import time

import pytest

from planner.mou import ocr
from tests.mou.test_ocr import DEJAVU, TEXT, as_png, page_images
from tests.mou.test_upload_paths import FIXTURES

needs_tesseract = pytest.mark.skipif(
    not ocr.available() or not DEJAVU.exists(), reason="Tesseract and the DejaVu font are needed"
)
WAIT_SECONDS = 240


def send_scan(caller, name: str, raw: bytes):
    return caller.post("/api/v1/mou/parse", data={"file": (io.BytesIO(raw), name)}, content_type="multipart/form-data")


def wait_for(caller, location: str) -> dict:
    """The job's answer once it is done or failed, having said where it was meanwhile."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        answer = caller.get(location)
        assert answer.status_code == 200, answer.json
        if answer.json["status"] in ("done", "failed"):
            return answer.json
        assert answer.json["status"] in ("queued", "running") and "result" not in answer.json
        if answer.json["status"] == "running":  # page: the pages recognised so far (0 before the first)
            assert answer.json["pages"] is None or 0 <= answer.json["page"] <= answer.json["pages"]
        time.sleep(0.5)
    raise AssertionError("the recognition did not end in time")


@needs_tesseract
def test_a_scan_sent_to_the_api_is_recognised_outside_the_request(api):
    caller = api("staff")
    started = time.monotonic()
    answer = send_scan(caller, "scan.png", as_png(page_images(TEXT)[0]))
    assert answer.status_code == 202 and time.monotonic() - started < 5, answer.json  # no worker waits
    location = answer.headers["Location"]
    assert "/api/v1/mou/scans/" in location and answer.json == {"status": "queued", "page": 0, "pages": None}
    done = wait_for(caller, location)
    assert done["status"] == "done" and done["pages"] == 1 and "error" not in done
    reading = done["result"]
    assert reading["languages"] == ["en", "ru"] and reading["term"]["years"] == 5
    assert reading["ocr"]["pages"] == 1 and "recognised_text" in {w["kind"] for w in reading["warnings"]}
    assert [a["number"] for a in reading["versions"]["ru"]["articles"]] == [1, 2]
    assert api("admin").get(location).status_code == 404  # another user: as if there were no job
    assert api("anonymous").get(location).status_code == 401


@needs_tesseract
def test_a_scan_without_readable_text_fails_with_the_clear_message(api):
    caller = api("staff", "ru")
    answer = send_scan(caller, "scan.pdf", (FIXTURES / "mou" / "scanned.pdf").read_bytes())
    assert answer.status_code == 202
    failed = wait_for(caller, answer.headers["Location"])
    assert failed["status"] == "failed" and "result" not in failed
    assert failed["error"]["code"] == "no_text" and "OCR" in failed["error"]["message"]
    assert "Текст" in failed["error"]["message"] or "текст" in failed["error"]["message"]


def test_a_text_and_a_pdf_with_text_are_still_answered_at_once(api):
    text = api("staff").post("/api/v1/mou/parse", json={"text": TEXT})
    assert text.status_code == 200 and text.json["languages"] == ["en", "ru"] and text.json["ocr"] is None
    pdf = send_scan(api("staff"), "m.pdf", (FIXTURES / "mou" / "four-languages.pdf").read_bytes())
    assert pdf.status_code == 200 and "Location" not in pdf.headers


@pytest.mark.parametrize("job", ["A" * 32, "not-a-job", "..%2F..%2Fetc", "A" * 65])
def test_a_job_that_is_not_one_is_404(api, job):
    answer = api("staff").get(f"/api/v1/mou/scans/{job}")
    assert answer.status_code == 404 and answer.json["error"]["status"] == 404
