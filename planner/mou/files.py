"""A memorandum file to text: .txt and .md (UTF-8), .docx (python-docx: paragraphs, headings,
tables, list numbering written out as text) and .pdf with a text layer (pypdf).

pypdf, not pdfminer.six: both map glyphs through the font's ToUnicode table, and both give
Azerbaijani ə and Kazakh ә ғ қ ң ө ұ ү һ і from a PDF with embedded fonts; pypdf keeps the
reading order of simple one-column pages line by line, reports encryption directly, is pure
Python with no further dependencies, and is several times faster on long texts.

Every refusal is a MouError with a code the interfaces translate; nothing is parsed before
its size is checked (a .docx is a zip: the uncompressed sizes are read from its directory)."""

from __future__ import annotations

import io
import re
import zipfile

from planner.mou import ocr
from planner.mou.errors import MouError, NeedsRecognition

MAX_DOCUMENT_BYTES = 5_000_000  # text, after extraction
MAX_UPLOAD_BYTES = 10_000_000  # the file as sent
MAX_UNZIPPED_BYTES = 50_000_000
MAX_COMPRESSION_RATIO = 200
MAX_PDF_PAGES = 500
MIN_LETTERS_PER_PAGE = 20
TEXT_SUFFIXES = (".txt", ".md")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
ACCEPTED = (".txt", ".md", ".docx", ".pdf", *IMAGE_SUFFIXES)
WORD_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted Office files and old .doc


def decode_document(raw: bytes, limit: int | None = MAX_DOCUMENT_BYTES) -> str:
    """UTF-8 text (BOM and CRLF accepted) or a MouError saying why not; `limit` None reads
    any size (the command line: the size limits belong to the web upload)."""
    if b"\x00" in raw:
        raise MouError("binary", "this is a binary file, not a text document")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as failure:
        raise MouError("encoding", f"the file is not valid UTF-8 (byte {failure.start})") from None
    controls = sum(1 for ch in text[:10000] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(10, len(text[:10000]) // 20):
        raise MouError("binary", "this is a binary file, not a text document")
    return _checked_text(text, limit)


def _checked_text(text: str, limit: int | None = MAX_DOCUMENT_BYTES) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if limit is not None and len(text.encode("utf-8")) > limit:
        raise MouError("too_large", f"the text is larger than {MAX_DOCUMENT_BYTES // 1_000_000} MB")
    if not text.strip():
        raise MouError("empty", "the document is empty")
    return text


def suffix_of(filename: str) -> str:
    match = re.search(r"\.[A-Za-z0-9]{1,5}$", filename or "")
    return match.group(0).lower() if match else ""


def read_document(filename: str, raw: bytes, *, limited: bool = True, recognise: bool = True) -> str:
    """The text of an uploaded file, chosen by its name's suffix (and its first bytes).
    `limited` False lifts the size limits (the command line reads a file of any size);
    `recognise` False raises NeedsRecognition for a scan instead of recognising it here (the
    web upload recognises it outside the request)."""
    suffix = suffix_of(filename)
    limit = MAX_DOCUMENT_BYTES if limited else None
    if limited and len(raw) > MAX_UPLOAD_BYTES:
        raise MouError("too_large", f"the file is larger than {MAX_UPLOAD_BYTES // 1_000_000} MB")
    if suffix in (".docm", ".dotm", ".xlsm", ".pptm"):
        raise MouError("macro", "macro-enabled files are not accepted")
    if suffix in TEXT_SUFFIXES or (not suffix and not raw.startswith((b"PK", b"%PDF", _OLE_SIGNATURE))):
        return decode_document(raw, limit)
    if suffix == ".docx":
        return docx_text(raw, limit)
    if suffix == ".pdf":
        return pdf_text(raw, limit, recognise)
    if suffix in IMAGE_SUFFIXES:
        return _recognised(lambda: ocr.image_pages(raw), limit, recognise)
    raise MouError("file_type", "only .txt, .md, .docx, .pdf and scanned (.png, .jpg, .tif) files are accepted")


def recognised_text(text: ocr.RecognisedText, limit: int | None = MAX_DOCUMENT_BYTES) -> ocr.RecognisedText:
    """A scan's recognised text checked as any other document's text, still saying it was recognised."""
    return ocr.RecognisedText(_checked_text(text, limit), text.ocr)


def _recognised(pages, limit: int | None, recognise: bool) -> str:
    """A scan's recognised text (ocr.RecognisedText, which says so) when Tesseract is here;
    otherwise the clear refusal that asks for text recognition first."""
    if not ocr.available():
        raise MouError(
            "no_text", "the document is a scan without text: it needs OCR first (Tesseract is not installed)"
        )
    if not recognise:
        raise NeedsRecognition()
    return recognised_text(ocr.recognise(pages()), limit)


# --- Word -------------------------------------------------------------------------------------


def _check_zip(raw: bytes) -> zipfile.ZipFile:
    """The .docx as a zip whose directory promises a sane size, without macros."""
    if raw.startswith(_OLE_SIGNATURE):
        raise MouError("password", "the file is password-protected (or an old .doc)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise MouError("corrupt", "the file is damaged or not a Word document") from None
    total = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if total > MAX_UNZIPPED_BYTES or total / packed > MAX_COMPRESSION_RATIO and total > 1_000_000:
        raise MouError("zip_bomb", "the file unpacks to far more than its size")
    names = {member.filename.lower() for member in members}
    if any(name.endswith("vbaproject.bin") for name in names):
        raise MouError("macro", "macro-enabled files are not accepted")
    if "word/document.xml" not in names:
        raise MouError("corrupt", "the file is damaged or not a Word document")
    content_types = archive.read("[Content_Types].xml") if "[content_types].xml" in names else b""
    if b"macroEnabled" in content_types:
        raise MouError("macro", "macro-enabled files are not accepted")
    return archive


def docx_text(raw: bytes, limit: int | None = MAX_DOCUMENT_BYTES) -> str:
    """Paragraphs and table cells in document order; headings as Markdown headings, wholly
    bold paragraphs in bold, list numbering written as the number the reader would see."""
    _check_zip(raw)
    from docx import Document

    try:
        document = Document(io.BytesIO(raw))
        numbering = _Numbering(document)
        lines = [_paragraph_text(block, numbering) for block in _blocks(document)]
    except MouError:
        raise
    except Exception as failure:  # python-docx, lxml (XMLSyntaxError) or zipfile, on any damaged part
        raise MouError("corrupt", f"the Word document is damaged or too large ({failure.__class__.__name__})") from None
    return _checked_text("\n\n".join(line for line in lines if line.strip()), limit)


def _blocks(document):
    """Paragraphs of the body and of its tables, in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            yield item
        elif isinstance(item, Table):
            for row in item.rows:
                for cell in row.cells:
                    yield from cell.paragraphs


def _paragraph_text(paragraph, numbering: _Numbering) -> str:
    text = paragraph.text.strip()
    if not text:
        return ""
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    label = numbering.label(paragraph)
    if label:
        text = f"{label} {text}"
    level = re.match(r"(?:Heading|Заголовок|Başlıq|Başlık)\s*(\d)", style)
    if level or style == "Title":
        return "#" * (int(level.group(1)) + 1 if level else 1) + " " + text
    runs = [run for run in paragraph.runs if run.text.strip()]
    if runs and all(run.bold for run in runs) and len(text) < 300:
        return f"**{text}**"
    return text


class _Numbering:
    """List numbers as Word shows them: counters per list and level, in the level's format
    (`%1.`, `%1.%2`, `(%1)`, `%1)`; decimal, letters, roman)."""

    def __init__(self, document):
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        self.abstract_of: dict[str, str] = {}
        try:
            part = document.part.numbering_part
        except (NotImplementedError, KeyError):
            return
        self._load(part.element)

    def _load(self, root) -> None:
        ns = {"w": WORD_NAMESPACE}
        value = f"{{{WORD_NAMESPACE}}}val"
        abstracts = {}
        for abstract in root.findall("w:abstractNum", ns):
            levels = {}
            for level in abstract.findall("w:lvl", ns):
                fmt = level.find("w:numFmt", ns)
                text = level.find("w:lvlText", ns)
                start = level.find("w:start", ns)
                levels[int(level.get(f"{{{WORD_NAMESPACE}}}ilvl"))] = (
                    fmt.get(value) if fmt is not None else "decimal",
                    text.get(value) if text is not None else "%1.",
                    int(start.get(value)) if start is not None else 1,
                )
            abstracts[abstract.get(f"{{{WORD_NAMESPACE}}}abstractNumId")] = levels
        for num in root.findall("w:num", ns):
            abstract_id = num.find("w:abstractNumId", ns).get(value)
            for ilvl, spec in abstracts.get(abstract_id, {}).items():
                self.formats[(num.get(f"{{{WORD_NAMESPACE}}}numId"), ilvl)] = spec

    def label(self, paragraph) -> str:
        numbered = _numbering_properties(paragraph)
        if numbered is None or numbered.numId is None:
            return ""
        num_id = str(numbered.numId.val)
        level = int(numbered.ilvl.val) if numbered.ilvl is not None else 0
        spec = self.formats.get((num_id, level), ("decimal", "%1.", 1))
        if spec[0] in ("bullet", "none"):
            return ""
        key = (num_id, level)
        self.counters[key] = self.counters.get(key, spec[2] - 1) + 1
        for deeper in [k for k in self.counters if k[0] == num_id and k[1] > level]:
            del self.counters[deeper]
        return re.sub(r"%(\d)", lambda m: self._value(num_id, int(m.group(1)) - 1), spec[1])

    def _value(self, num_id: str, level: int) -> str:
        spec = self.formats.get((num_id, level), ("decimal", "%1.", 1))
        count = self.counters.get((num_id, level), spec[2])
        return _formatted(count, spec[0])


def _numbering_properties(paragraph):
    """The list numbering of a paragraph: its own, else its style's (List Number) or a base style's."""
    properties = paragraph._p.pPr
    if properties is not None and properties.numPr is not None:
        return properties.numPr
    style = paragraph.style
    while style is not None:
        style_properties = style.element.pPr
        if style_properties is not None and style_properties.numPr is not None:
            return style_properties.numPr
        style = style.base_style
    return None


def _formatted(count: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (count - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (count - 1) % 26)
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(count)
        return roman.lower() if fmt == "lowerRoman" else roman
    return str(count)


def _roman(number: int) -> str:
    digits = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"))
    digits += ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    found = ""
    for value, letters in digits:
        while number >= value:
            found, number = found + letters, number - value
    return found


# --- PDF --------------------------------------------------------------------------------------


def pdf_text(raw: bytes, limit: int | None = MAX_DOCUMENT_BYTES, recognise: bool = True) -> str:
    """The text layer of a PDF, page by page; a scan without text, an encrypted file or a
    damaged one is refused."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if not raw.startswith(b"%PDF"):
        raise MouError("corrupt", "the file is damaged or not a PDF")
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            reader.decrypt("")  # an owner password alone still lets the text be read
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise MouError("too_large", f"the PDF has more than {MAX_PDF_PAGES} pages")
        texts = [page.extract_text() or "" for page in pages]
    except MouError:
        raise
    except (FileNotDecryptedError, DependencyError):
        raise MouError("password", "the file is password-protected") from None
    except Exception as failure:  # any pypdf error (LimitReachedError included) or its helpers'
        raise MouError("corrupt", f"the file is damaged or too large ({failure.__class__.__name__})") from None
    text = "\n\n".join(texts)
    letters = sum(1 for ch in text if ch.isalpha())
    if letters < MIN_LETTERS_PER_PAGE * max(1, len(texts)) // 2 or letters < MIN_LETTERS_PER_PAGE:
        return _recognised(lambda: ocr.pdf_pages(raw), limit, recognise)
    return _checked_text(text, limit)
