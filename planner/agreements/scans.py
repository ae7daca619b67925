"""Scanned memoranda uploaded on the page: recognised outside the request by
planner.mou.recognition, in a folder per upload under SCANS_FOLDER (default <instance>/scans)
that every worker of the host reads; only the user who uploaded a scan sees its progress, its
pages and its text."""

from __future__ import annotations

import os
from pathlib import Path

from flask import abort, current_app

from planner.mou import ocr, recognition
from planner.mou.files import recognised_text


def scans_root() -> Path:
    return Path(current_app.config.get("SCANS_FOLDER") or os.path.join(current_app.instance_path, "scans"))


def start_recognition(filename: str, raw: bytes, user) -> str:
    """The job's token; its process runs from now on."""
    token = recognition.create(scans_root(), filename, raw, user.id)
    recognition.start(scans_root(), token)
    return token


def scan_folder(token: str, user) -> Path:
    """The job's folder, for the user who uploaded the scan; 404 for anyone else or any other token."""
    folder = recognition.folder_of(scans_root(), token)
    found = recognition.state(folder) if folder else None
    if found is None or found.get("owner") != user.id:
        abort(404)
    return folder


def scan_state(token: str, user) -> dict:
    return recognition.state(scan_folder(token, user))


def scan_pages(token: str, user) -> list[dict]:
    """Each recognised page: its number, text and confidence (empty until the job is done)."""
    found = recognition.result(scan_folder(token, user)) or {}
    return [{"number": number, **page} for number, page in enumerate(found.get("pages") or [], start=1)]


def scan_text(token: str, user, text: str | None = None) -> ocr.RecognisedText | None:
    """The recognised text of a finished job (or `text`, the same text as edited on the
    preview), saying it was recognised; None while the job is not done."""
    found = recognition.result(scan_folder(token, user))
    if found is None:
        return None
    return recognised_text(ocr.RecognisedText(found["text"] if text is None else text, found["ocr"]))


def page_image_path(token: str, user, number: int) -> Path:
    path = recognition.page_image(scan_folder(token, user), number)
    if path is None:
        abort(404)
    return path
