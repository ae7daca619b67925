"""Text recognition for scanned memoranda (a PDF without a text layer, a PNG, JPEG or TIFF)
with Tesseract through pytesseract, when both are installed.

One call with every language reads a Kazakh page as Latin gibberish, so each page's script
is detected first (`--psm 0`) and the page is then read with that script's languages first
(Cyrillic: rus+eng+kaz+ukr, English for a version on the same page; Latin: eng+aze+tur+uzb,
then rus), of those installed: Russian and English before Kazakh, or "OF" reads "ОҒ". A page is bounded
in time (PAGE_SECONDS) and a document in pages (MAX_PAGES). The text comes back as a
`RecognisedText`: a str that also says how many pages were read and with what confidence."""

from __future__ import annotations

import io
import shutil

from planner.mou.errors import MouError

MAX_PAGES = 20
PAGE_SECONDS = 60
RENDER_DPI = 250
SCRIPT_LANGUAGES = {
    "Cyrillic": ("rus", "eng", "kaz", "ukr"),
    "Latin": ("eng", "aze", "tur", "uzb", "rus"),
}


class RecognisedText(str):
    """Recognised text, with `ocr` = {"pages": n, "confidence": mean word confidence 0-100}."""

    ocr: dict

    def __new__(cls, text: str, ocr: dict) -> RecognisedText:
        made = super().__new__(cls, text)
        made.ocr = ocr
        return made


def available() -> bool:
    """Whether pytesseract and the tesseract binary are both here."""
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return False
    return shutil.which("tesseract") is not None


def _languages(script: str, installed: set[str]) -> str:
    wanted = [code for code in SCRIPT_LANGUAGES.get(script, ()) if code in installed]
    if not wanted:
        wanted = [code for codes in SCRIPT_LANGUAGES.values() for code in codes if code in installed][:1] or ["eng"]
    return "+".join(wanted)


def _script(image) -> str:
    """Latin or Cyrillic, by Tesseract's orientation and script detection; Latin when it
    cannot tell (too little text)."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(image, config="--psm 0", timeout=PAGE_SECONDS)
    except (pytesseract.TesseractError, RuntimeError):
        return "Latin"
    for line in osd.splitlines():
        if line.startswith("Script:"):
            return line.split(":", 1)[1].strip()
    return "Latin"


def _page_text(image, installed: set[str]) -> tuple[str, list[float]]:
    """A page's lines (a blank line between Tesseract's paragraphs) and its words' confidences."""
    import pytesseract

    data = pytesseract.image_to_data(
        image, lang=_languages(_script(image), installed), output_type=pytesseract.Output.DICT, timeout=PAGE_SECONDS
    )
    lines: dict[tuple, list[str]] = {}
    confidences = []
    for position, word in enumerate(data["text"]):
        if not word.strip():
            continue
        key = (data["block_num"][position], data["par_num"][position], data["line_num"][position])
        lines.setdefault(key, []).append(word)
        confidences.append(float(data["conf"][position]))
    out, previous = [], None
    for key, words in lines.items():
        if previous is not None and key[:2] != previous[:2]:
            out.append("")
        out.append(" ".join(words))
        previous = key
    return "\n".join(out), confidences


def recognise(images: list) -> RecognisedText:
    """The text of page images, page after page, or a MouError when nothing was read."""
    import pytesseract

    if len(images) > MAX_PAGES:
        raise MouError("too_large", f"a scan of more than {MAX_PAGES} pages is not recognised")
    installed = set(pytesseract.get_languages(config=""))
    texts, confidences = [], []
    try:
        for image in images:
            text, found = _page_text(image, installed)
            texts.append(text)
            confidences += found
    except RuntimeError:  # pytesseract's timeout
        raise MouError("too_large", f"a page took longer than {PAGE_SECONDS} s to recognise") from None
    text = "\n\n".join(texts)
    if not text.strip():
        raise MouError("no_text", "no text was recognised in the scan")
    confidence = round(sum(confidences) / len(confidences), 1) if confidences else 0.0
    return RecognisedText(text, {"pages": len(images), "confidence": confidence})


def pdf_pages(raw: bytes) -> list:
    """A PDF's pages as images for recognition (pypdfium2)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(raw)
    if len(document) > MAX_PAGES:
        raise MouError("too_large", f"a scan of more than {MAX_PAGES} pages is not recognised")
    return [document[index].render(scale=RENDER_DPI / 72).to_pil() for index in range(len(document))]


def image_pages(raw: bytes) -> list:
    """The frames of a PNG, JPEG or (multi-page) TIFF."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(raw))
        frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, ValueError):
        raise MouError("corrupt", "the image is damaged or not an image") from None
    return frames
