"""A scan uploaded on the page is recognised outside the request (#31 item 7): the upload starts
a process of its own and answers at once with a page that shows "page k of n" and refreshes
itself, then leads to the preview, where each page's image stands beside its recognised text
and confidence (item 6). Each page is bounded in time and memory. Real Tesseract, real files."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner.agreements.models import Agreement
from planner.mou import MouError, ocr, recognition
from tests.conftest import csrf_token
from tests.mou.test_ocr import DEJAVU, TEXT, as_png, page_images

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "mou"
needs_tesseract = pytest.mark.skipif(
    not ocr.available() or not DEJAVU.exists(), reason="Tesseract and the DejaVu font are needed"
)
WAIT_SECONDS = 240


def upload(client, name: str, raw: bytes):
    token = csrf_token(client.get("/agreements/new").data)
    body = {"csrf_token": token, "action": "preview", "document": (io.BytesIO(raw), name)}
    return client.post("/agreements/new", data=body, content_type="multipart/form-data")


def wait_for(client, progress: str):
    """The progress page until it leads on (a redirect) or says the recognition failed."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        page = client.get(progress)
        if page.status_code != 200:
            return page
        body = page.get_data(as_text=True)
        assert 'http-equiv="refresh"' in body  # it refreshes itself, without JavaScript
        time.sleep(0.5)
    raise AssertionError("the recognition did not end in time")


@needs_tesseract
def test_an_uploaded_scan_is_recognised_outside_the_request_and_previewed_page_by_page(app, as_user, database):
    client = as_user("curator")
    started = time.monotonic()
    answer = upload(client, "scan.png", as_png(page_images(TEXT)[0]))
    assert answer.status_code == 303 and time.monotonic() - started < 5  # no worker waits for Tesseract
    progress = answer.headers["Location"]
    assert "/agreements/new/scans/" in progress
    first = client.get(progress)
    if first.status_code == 200:  # still running (or queued): the page says where it is
        body = first.get_data(as_text=True)
        assert "Page 1 of 1" in body or "waiting for text recognition" in body
    done = wait_for(client, progress)
    assert done.status_code == 302 and "scan=" in done.headers["Location"]

    preview = client.get(done.headers["Location"])
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200, body[:2000]
    token = progress.rstrip("/").split("/")[-1]
    assert f'name="scan" value="{token}"' in body
    assert f'src="/agreements/new/scans/{token}/pages/1.png"' in body
    assert 'data-kind="recognised"' in body and 'data-kind="recognised_text"' in body
    assert "Page 1" in body and "% confidence" in body
    assert "Стороны организуют совместные выставки" in body  # the page's text beside its image
    image = client.get(f"/agreements/new/scans/{token}/pages/1.png")
    assert image.status_code == 200 and image.mimetype == "image/png" and image.data.startswith(b"\x89PNG")

    text = json.loads((recognition.folder_of(Path(app.config["SCANS_FOLDER"]), token) / "result.json").read_text())
    before = database.session.scalar(select(func.count(Agreement.id)))
    saved = client.post(
        "/agreements/new",
        data={"csrf_token": csrf_token(body), "action": "save", "scan": token, "text": text["text"]},
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    assert database.session.scalar(select(func.count(Agreement.id))) == before + 1


@needs_tesseract
def test_only_the_uploader_sees_a_scan_its_pages_and_its_text(app, client, as_user):
    owner = as_user("curator")
    progress = upload(owner, "scan.png", as_png(page_images(TEXT)[0])).headers["Location"]
    token = progress.rstrip("/").split("/")[-1]
    wait_for(owner, progress)
    owner.post("/logout", data={"csrf_token": csrf_token(owner.get("/").data)})
    other = as_user("admin")
    assert other.get(progress).status_code == 404
    assert other.get(f"/agreements/new/scans/{token}/pages/1.png").status_code == 404
    assert other.get(f"/agreements/new?scan={token}").status_code == 404


@needs_tesseract
def test_a_scan_without_readable_text_ends_on_a_clear_message(as_user):
    client = as_user("curator")
    answer = upload(client, "scan.pdf", (FIXTURES / "scanned.pdf").read_bytes())
    assert answer.status_code == 303
    failed = wait_for(client, answer.headers["Location"])
    body = failed.get_data(as_text=True)
    assert failed.status_code == 400 and 'http-equiv="refresh"' not in body
    assert body.count('class="error" role="alert"') == 1 and "No text was recognised in the scan" in body


def test_a_job_whose_process_stopped_answering_is_failed(app, as_user, database):
    from planner.accounts.models import User

    client = as_user("curator")
    root = Path(app.config["SCANS_FOLDER"])
    curator = database.session.scalar(select(User).where(User.username == "curator"))
    token = recognition.create(root, "scan.png", b"not started", curator.id)
    state = json.loads((root / token / "state.json").read_text())
    state["updated"] -= recognition.STALE_SECONDS + 1
    (root / token / "state.json").write_text(json.dumps(state))
    page = client.get(f"/agreements/new/scans/{token}")
    assert page.status_code == 400 and "stopped before its end" in page.get_data(as_text=True)


def test_a_token_names_nothing_outside_the_scans_folder(tmp_path):
    (tmp_path / "scans").mkdir()
    (tmp_path / "secret").mkdir()
    assert recognition.folder_of(tmp_path / "scans", "../secret") is None
    assert recognition.folder_of(tmp_path / "scans", "A" * 32) is None  # no such job


def test_old_jobs_are_removed_when_a_new_one_starts(tmp_path):
    import os

    old = recognition.create(tmp_path, "old.png", b"x", 1)
    long_ago = time.time() - recognition.KEEP_SECONDS - 10
    os.utime(tmp_path / old, (long_ago, long_ago))
    recognition.create(tmp_path, "new.png", b"x", 1)
    assert not (tmp_path / old).exists()


# --- each page bounded in time and memory -----------------------------------------------------


def test_an_image_larger_than_the_page_limit_is_refused_before_it_is_decoded():
    from PIL import Image

    side = int(ocr.MAX_PAGE_PIXELS**0.5) + 100
    stream = io.BytesIO()
    Image.new("1", (side, side), 1).save(stream, format="PNG")
    with pytest.raises(MouError) as refused:
        list(ocr.image_pages(stream.getvalue()))
    assert refused.value.code == "too_large"


def test_a_poster_sized_pdf_page_is_rendered_within_the_page_limit():
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(14000, 14000))
    pdf.add_page()
    image = next(iter(ocr.pdf_pages(bytes(pdf.output()))))
    assert image.width * image.height <= ocr.MAX_PAGE_PIXELS


def test_a_scan_of_more_pages_than_the_limit_is_refused():
    from PIL import Image

    frames = [Image.new("L", (50, 50), 255) for _ in range(ocr.MAX_PAGES + 1)]
    stream = io.BytesIO()
    frames[0].save(stream, format="TIFF", save_all=True, append_images=frames[1:])
    with pytest.raises(MouError) as refused:
        ocr.image_pages(stream.getvalue())
    assert refused.value.code == "too_large"


@needs_tesseract
def test_a_page_that_takes_longer_than_its_time_is_stopped(monkeypatch):
    monkeypatch.setattr(ocr, "PAGE_SECONDS", 0.01)
    with pytest.raises(MouError) as refused:
        ocr.recognise_page(page_images(TEXT)[0], ocr.installed_languages())
    assert refused.value.code == "too_large"


def test_the_recognising_process_is_bounded_in_memory():
    script = (
        "import resource; from planner.mou.recognition import bound_memory, MEMORY_BYTES; bound_memory(); "
        "print(resource.getrlimit(resource.RLIMIT_AS)[0] == MEMORY_BYTES)"
    )
    root = Path(__file__).resolve().parents[2]
    printed = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True)
    assert printed.stdout.strip() == "True"


@needs_tesseract
def test_scans_uploaded_together_wait_their_turn(tmp_path):
    import fcntl

    held = [open(tmp_path / f"slot-{number}.lock", "a") for number in range(recognition.MAX_RUNNING)]  # noqa: SIM115
    for handle in held:  # every place to recognise in is taken
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    token = recognition.create(tmp_path, "scan.png", as_png(page_images(TEXT)[0]), 1)
    recognition.start(tmp_path, token)
    time.sleep(4)
    waiting = recognition.state(tmp_path / token)
    assert waiting["status"] == "queued" and waiting["page"] == 0
    for handle in held:
        handle.close()  # a place frees up
    deadline = time.monotonic() + WAIT_SECONDS
    while recognition.state(tmp_path / token)["status"] not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert recognition.state(tmp_path / token)["status"] == "done"
