"""Real files for the tests: PDFs made with fpdf2 and pypdf, images made with Pillow."""

from __future__ import annotations

import io

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject


def pdf(text: str = "Signed: Ganja State Historical and Cultural Reserve") -> bytes:
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text=text)
    return bytes(document.output())


def image(kind: str, colour: str = "white", size: tuple[int, int] = (64, 48)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=kind)
    return out.getvalue()


def png_of(picture) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _javascript(code: str = "app.alert('hello');") -> DictionaryObject:
    return DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(code)})


def pdf_with_names_javascript() -> bytes:
    """Document-level JavaScript in the names tree (what pypdf's former `add_js` wrote)."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    scripts = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("hello"), writer._add_object(_javascript())])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): scripts})
    return _written(writer)


def pdf_with_open_action() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer._root_object[NameObject("/OpenAction")] = _javascript()
    return _written(writer)


def pdf_with_annotation_action() -> bytes:
    """A link annotation whose additional action (/AA) runs a script when the mouse enters it."""
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([]),
            NameObject("/AA"): DictionaryObject({NameObject("/E"): _javascript()}),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return _written(writer)
