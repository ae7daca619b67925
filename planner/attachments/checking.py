"""What a file is, decided from its content and never from its name: pure functions over bytes
and a file object, without Flask and without the database."""

from __future__ import annotations

import re
import unicodedata
from typing import BinaryIO

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
#: The first bytes of each accepted type (its "magic number").
SIGNATURES = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}
HEAD_BYTES = 16
MAX_PDF_PAGES = 2000  # a signed scan has a handful; more is a sign of a crafted file
MAX_NAME = 200
#: Actions that run something when a reader opens or touches the document.
SCRIPT_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute"})


class FileProblem(Exception):
    """The file is refused; `code` says why: "empty", "too_large", "type", "script", "damaged"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def sniff(head: bytes) -> str | None:
    """The content type its first bytes show, or None for anything else (HTML, text, programs)."""
    return next((kind for magic, kind in SIGNATURES if head.startswith(magic)), None)


def check_pdf(file: BinaryIO) -> None:
    """Open the PDF with pypdf: a damaged or oversized one is refused ("damaged"), one that
    would run a script or a program on opening or on touching an annotation ("script") too."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(file, strict=False)
        if len(reader.pages) > MAX_PDF_PAGES:
            raise FileProblem("damaged")
        scripted = _catalog_scripted(reader.trailer["/Root"].get_object()) or any(
            _page_scripted(page) for page in reader.pages
        )
    except FileProblem:
        raise
    except Exception:  # pypdf raises many kinds on broken files; every one means "cannot read it"
        raise FileProblem("damaged") from None
    if scripted:
        raise FileProblem("script")


def _catalog_scripted(catalog) -> bool:
    """Document-level JavaScript (the names tree), the open action and the document's actions."""
    names = _resolved(catalog.get("/Names"))
    if isinstance(names, dict) and "/JavaScript" in names:
        return True
    return _action_scripted(catalog.get("/OpenAction")) or _actions_scripted(catalog.get("/AA"))


def _page_scripted(page) -> bool:
    """A page's own actions and each annotation's action (/A) and additional actions (/AA)."""
    if _actions_scripted(page.get("/AA")):
        return True
    for annotation in _resolved(page.get("/Annots")) or []:
        annotation = _resolved(annotation)
        if isinstance(annotation, dict) and (
            _action_scripted(annotation.get("/A")) or _actions_scripted(annotation.get("/AA"))
        ):
            return True
    return False


def _actions_scripted(actions) -> bool:
    """An additional-actions dictionary: trigger name -> action."""
    actions = _resolved(actions)
    return isinstance(actions, dict) and any(_action_scripted(action) for action in actions.values())


def _action_scripted(action, depth: int = 0) -> bool:
    """An action (a dictionary; a destination array is harmless), and the actions it chains by /Next."""
    action = _resolved(action)
    if depth > 50 or not isinstance(action, dict):
        return depth > 50
    if "/JS" in action or action.get("/S") in SCRIPT_ACTIONS:
        return True
    following = _resolved(action.get("/Next"))
    chained = following if isinstance(following, list) else [following] if following is not None else []
    return any(_action_scripted(item, depth + 1) for item in chained)


def _resolved(value):
    return value.get_object() if hasattr(value, "get_object") else value


def display_name(name: str | None, content_type: str) -> str:
    """The sender's file name made safe to show and to offer as a download name: no folders,
    no control or quoting characters, NFC, at most MAX_NAME characters; its extension is the
    one of the type found (a PNG sent as "scan.pdf" downloads as "scan.png")."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name or ""))[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C" and ch not in '"<>:|?*;')
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem.strip(" .")[: MAX_NAME - 5] or "file"
    return stem + EXTENSIONS[content_type]
