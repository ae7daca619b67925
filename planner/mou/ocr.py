"""Text recognition for scanned memoranda (a PDF without a text layer, a PNG, JPEG or TIFF)
with Tesseract through pytesseract, when both are installed.

One call with every language reads a Kazakh page as Latin gibberish, so each page's script
is detected first (`--psm 0`) and the page is then read with that script's languages first
(Cyrillic: rus+eng+kaz+ukr, English for a version on the same page; Latin: eng+aze+tur+uzb,
then rus), of those installed: Russian and English before Kazakh, or "OF" reads "ОҒ". A page is bounded
in time (PAGE_SECONDS: Tesseract is stopped after it), in memory (a page image holds at most
MAX_PAGE_PIXELS: a larger image is refused, a PDF page rendered no larger) and a document in
pages (MAX_PAGES); pages are rendered one at a time. Tesseract runs on one thread
(OMP_THREAD_LIMIT=1, unless set otherwise): on a shared host its OpenMP threads spin against each
other, and one thread read the seed memorandum's eight pages in 30 s where four took 130 s. Each
page's text is then corrected for the misreadings that follow from its lines' script and
language (planner/mou/corrections.py: "3-6an" is "3-бап", a lone Azerbaijani "vo" is "və").
The text comes back as a `RecognisedText`:
a str that also says how many pages were read and with what confidence. The web upload runs
this outside the request (planner/mou/recognition.py), and so does the API; the CLI calls it directly."""

from __future__ import annotations

import io
import os
import shutil
import time

from planner.mou.corrections import correct
from planner.mou.errors import MouError

MAX_PAGES = 20
PAGE_SECONDS = 60
RENDER_DPI = 250
MAX_PAGE_PIXELS = 40_000_000  # an A4 page at 600 dpi is 35 million pixels
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


def installed_languages() -> set[str]:
    import pytesseract

    return set(pytesseract.get_languages(config=""))


RETRY_CONFIDENCE = 80  # a block read with less is read again in the other script
RETRY_MARGIN = 5  # … and the other reading kept when it is this much surer
RETRY_WORDS = 3  # fewer words: too little to judge a script by


def _blocks(data: dict, offset: tuple[int, int] = (0, 0)) -> list[dict]:
    """Tesseract's words grouped by block, each block's lines by paragraph, with its box
    (x0, y0, x1, y1) and its words' confidences."""
    blocks: dict[int, dict] = {}
    for position, word in enumerate(data["text"]):
        if not word.strip():
            continue
        block = blocks.setdefault(data["block_num"][position], {"lines": {}, "confidences": [], "box": None})
        key = (data["par_num"][position], data["line_num"][position])
        block["lines"].setdefault(key, []).append(word)
        block["confidences"].append(float(data["conf"][position]))
        left, top = data["left"][position] + offset[0], data["top"][position] + offset[1]
        right, bottom = left + data["width"][position], top + data["height"][position]
        box = block["box"] or (left, top, right, bottom)
        block["box"] = (min(box[0], left), min(box[1], top), max(box[2], right), max(box[3], bottom))
    return list(blocks.values())


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _read(image, languages: str, seconds: float) -> dict:
    import pytesseract

    return pytesseract.image_to_data(image, lang=languages, output_type=pytesseract.Output.DICT, timeout=seconds)


def _page_text(image, installed: set[str]) -> tuple[str, list[float]]:
    """A page's lines (a blank line between Tesseract's paragraphs) and its words' confidences.
    A page holding two scripts (the end of a Kazakh version, the start of an Azerbaijani one) is
    read in the script found for the page, then each block read with little confidence is read
    again in the other script and the surer reading kept; all within PAGE_SECONDS."""
    started = time.monotonic()
    _check_size(image.size)
    script = _script(image)
    blocks = _blocks(_read(image, _languages(script, installed), PAGE_SECONDS))
    other = _languages("Latin" if script == "Cyrillic" else "Cyrillic", installed)
    for index, block in enumerate(blocks):
        left = PAGE_SECONDS - (time.monotonic() - started)
        confidence = _mean(block["confidences"])
        if confidence >= RETRY_CONFIDENCE or len(block["confidences"]) < RETRY_WORDS or left < 5:
            continue
        x0, y0, x1, y1 = block["box"]
        box = (max(0, x0 - 10), max(0, y0 - 10), min(image.width, x1 + 10), min(image.height, y1 + 10))
        again = _blocks(_read(image.crop(box), other, left), offset=box[:2])
        words = [value for found in again for value in found["confidences"]]
        if len(words) >= RETRY_WORDS and _mean(words) > confidence + RETRY_MARGIN:
            blocks[index] = {"lines": {}, "confidences": [], "parts": again}
    out, confidences = [], []
    for block in blocks:
        for part in block.get("parts") or [block]:
            for paragraph in dict.fromkeys(key[0] for key in part["lines"]):
                if out:
                    out.append("")
                out += [" ".join(words) for key, words in part["lines"].items() if key[0] == paragraph]
            confidences += part["confidences"]
    return "\n".join(out), confidences


def recognise_page(image, installed: set[str]) -> tuple[str, float | None, int]:
    """One page's text, its mean word confidence (None when no word was read) and its count
    of words, within PAGE_SECONDS, or a MouError."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # read by the tesseract process pytesseract starts
    try:
        text, confidences = _page_text(image, installed)
    except RuntimeError:  # pytesseract's timeout
        raise MouError("too_large", f"a page took longer than {PAGE_SECONDS} s to recognise") from None
    return correct(text), (round(sum(confidences) / len(confidences), 1) if confidences else None), len(confidences)


def recognised(pages: list[tuple[str, float | None, int]]) -> RecognisedText:
    """The document's text from its pages' (text, confidence, words), or a MouError when
    nothing was read; its confidence is the mean over every word of every page."""
    text = "\n\n".join(page[0] for page in pages)
    if not text.strip():
        raise MouError("no_text", "no text was recognised in the scan")
    words = sum(page[2] for page in pages)
    total = sum(page[1] * page[2] for page in pages if page[1] is not None)
    return RecognisedText(text, {"pages": len(pages), "confidence": round(total / words, 1) if words else 0.0})


def recognise(pages: Pages) -> RecognisedText:
    """The text of page images, page after page, or a MouError when nothing was read."""
    installed = installed_languages()
    return recognised([recognise_page(image, installed) for image in pages])


class Pages:
    """A scan's page images, counted first and rendered one at a time (a 20-page scan never
    holds 20 rendered pages in memory)."""

    def __init__(self, count: int, render):
        if count > MAX_PAGES:
            raise MouError("too_large", f"a scan of more than {MAX_PAGES} pages is not recognised")
        self.count, self._render = count, render

    def __len__(self) -> int:
        return self.count

    def __iter__(self):
        for index in range(self.count):
            yield self._render(index)


def _check_size(size: tuple[int, int]) -> None:
    if size[0] * size[1] > MAX_PAGE_PIXELS:
        raise MouError("too_large", f"a page image holds more than {MAX_PAGE_PIXELS // 1_000_000} million pixels")


def pdf_pages(raw: bytes) -> Pages:
    """A PDF's pages as images for recognition (pypdfium2), each at RENDER_DPI or smaller
    when that would pass MAX_PAGE_PIXELS (a poster-sized page)."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(raw)
    except pypdfium2.PdfiumError:
        raise MouError("corrupt", "the file is damaged or not a PDF") from None

    def render(index: int):
        page = document[index]
        width, height = page.get_size()
        scale = min(RENDER_DPI / 72, 0.99 * (MAX_PAGE_PIXELS / max(1.0, width * height)) ** 0.5)  # pdfium rounds up
        return page.render(scale=scale).to_pil()

    return Pages(len(document), render)


def image_pages(raw: bytes) -> Pages:
    """The frames of a PNG, JPEG or (multi-page) TIFF; a frame larger than MAX_PAGE_PIXELS is
    refused before it is decoded."""
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(raw))
        count = getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise MouError("corrupt", "the image is damaged or not an image") from None
    _check_size(image.size)

    def render(index: int):
        try:
            image.seek(index)
        except (OSError, ValueError, EOFError):
            raise MouError("corrupt", "the image is damaged or not an image") from None
        _check_size(image.size)
        try:
            return image.convert("RGB")
        except (OSError, ValueError, Image.DecompressionBombError):
            raise MouError("corrupt", "the image is damaged or not an image") from None

    return Pages(count, render)
