"""A scan recognised outside the web request. A job is a folder that any worker (any process
on the host) can read: `state.json` says where the recognition is (page k of n, done, failed
and why), `page-<k>.png` is each page as shown beside its text, `result.json` holds each page's
text and confidence and the document's text. The upload writes the folder and starts
`python -m planner.mou.recognition FOLDER`, a process of its own (its address space bounded by
MEMORY_BYTES, Tesseract bounded per page by ocr.PAGE_SECONDS and one thread), so no web worker
waits for Tesseract and a recycled worker does not stop the recognition.

No Flask and no database: planner/agreements/scans.py places the folders and checks who reads them."""

from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from planner.mou import ocr
from planner.mou.errors import MouError
from planner.mou.files import IMAGE_SUFFIXES, recognised_text, suffix_of

STATE, SOURCE, RESULT = "state.json", "source", "result.json"
MEMORY_BYTES = 2_000_000_000  # the recognising process and its Tesseract, each
STALE_SECONDS = ocr.PAGE_SECONDS * 2 + 60  # no word from a running job for longer: its process is gone
KEEP_SECONDS = 24 * 3600  # a job's folder (pages and text) is removed a day after it started
DISPLAY_WIDTH = 900  # the page image beside its text
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
PROJECT_ROOT = Path(__file__).resolve().parents[2]
MAX_RUNNING = int(os.environ.get("SCAN_JOBS", 2))  # scans recognised at once on a host


def _write_json(path: Path, data: dict) -> None:
    """Written whole or not at all: a reader never sees half a file."""
    partial = path.with_suffix(f".{os.getpid()}.part")
    partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def folder_of(root: Path, token: str) -> Path | None:
    """The job's folder, or None for a token that is not one (nothing outside `root` is named)."""
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None
    folder = root / token
    return folder if folder.is_dir() else None


def create(root: Path, filename: str, raw: bytes, owner: int | None) -> str:
    """A new job's folder with the scan and its first state; old jobs' folders are removed."""
    root.mkdir(parents=True, exist_ok=True)
    prune(root)
    token = secrets.token_urlsafe(24)
    folder = root / token
    folder.mkdir()
    (folder / SOURCE).write_bytes(raw)
    now = time.time()
    _write_json(
        folder / STATE,
        {"owner": owner, "filename": filename, "status": "queued", "page": 0, "pages": None, "error": None}
        | {"started": now, "updated": now},
    )
    return token


def start(root: Path, token: str) -> None:
    """Run the job in a process of its own, in a session of its own (a worker's restart does not
    end it); a thread of this process waits for it so that it leaves no zombie behind."""
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), environment.get("PYTHONPATH")]))
    process = subprocess.Popen(
        [sys.executable, "-m", "planner.mou.recognition", str(root / token)],
        cwd=PROJECT_ROOT,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    threading.Thread(target=process.wait, daemon=True).start()


def state(folder: Path) -> dict | None:
    """The job's state; a job whose process stopped answering is failed ("stopped")."""
    found = _read_json(folder / STATE)
    if found and found["status"] in ("queued", "running") and time.time() - found["updated"] > STALE_SECONDS:
        found = {**found, "status": "failed", "error": "stopped"}
    return found


def result(folder: Path) -> dict | None:
    return _read_json(folder / RESULT)


def page_image(folder: Path, number: int) -> Path | None:
    path = folder / f"page-{number:03d}.png"
    return path if path.is_file() else None


def prune(root: Path) -> None:
    """Remove the folders of jobs started more than KEEP_SECONDS ago."""
    cutoff = time.time() - KEEP_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and TOKEN.fullmatch(folder.name) and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)


# --- in the job's own process -----------------------------------------------------------------


def bound_memory(limit: int = MEMORY_BYTES) -> None:
    """At most `limit` bytes of address space for this process and the Tesseract it starts."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _update(folder: Path, **changes) -> None:
    current = _read_json(folder / STATE) or {}
    _write_json(folder / STATE, current | changes | {"updated": time.time()})


def _shown(image, path: Path) -> None:
    """The page as the preview shows it: at most DISPLAY_WIDTH wide, greyscale PNG."""
    shown = image.convert("L")
    if shown.width > DISPLAY_WIDTH:
        shown = shown.resize((DISPLAY_WIDTH, max(1, shown.height * DISPLAY_WIDTH // shown.width)))
    shown.save(path, format="PNG", optimize=True)


@contextmanager
def _slot(folder: Path):
    """One of MAX_RUNNING places to recognise in (a lock file each, released when the process
    ends however it ends): more uploads at once wait their turn, saying so, rather than run
    together and take the host's memory. A waiting job keeps saying it waits (never stale)."""
    handles = [open(folder.parent / f"slot-{number}.lock", "a") for number in range(MAX_RUNNING)]  # noqa: SIM115
    try:
        while True:
            for handle in handles:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    continue
                yield
                return
            _update(folder, status="queued")
            time.sleep(1)
    finally:
        for handle in handles:
            handle.close()


def run(folder: Path) -> None:
    """Recognise the job's scan page by page, saying after each page where it is (once one of
    the host's places to recognise in is free); the result is the text checked as any uploaded
    document's (its size limit included)."""
    with _slot(folder):
        _recognise(folder)


def _recognise(folder: Path) -> None:
    begun = _read_json(folder / STATE) or {}
    try:
        raw = (folder / SOURCE).read_bytes()
        suffix = suffix_of(begun.get("filename") or "")
        pages = ocr.image_pages(raw) if suffix in IMAGE_SUFFIXES else ocr.pdf_pages(raw)
        installed = ocr.installed_languages()
        _update(folder, status="running", page=0, pages=len(pages))
        found = []
        for number, image in enumerate(pages, start=1):
            _update(folder, page=number)
            _shown(image, folder / f"page-{number:03d}.png")
            found.append(ocr.recognise_page(image, installed))
        text = recognised_text(ocr.recognised(found))
        pages_found = [{"text": page[0], "confidence": page[1]} for page in found]
        _write_json(folder / RESULT, {"text": str(text), "ocr": text.ocr, "pages": pages_found})
        _update(folder, status="done")
    except MouError as failure:
        _update(folder, status="failed", error=failure.code)
    except Exception:  # Pillow, pdfium or Tesseract on a damaged or hostile file; MemoryError
        _update(folder, status="failed", error="corrupt")
    finally:
        (folder / SOURCE).unlink(missing_ok=True)


if __name__ == "__main__":
    bound_memory()
    run(Path(sys.argv[1]))
