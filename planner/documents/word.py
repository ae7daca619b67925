"""The project agreement as a Word file (python-docx): the same document model as the PDF;
text blocks in a two-column borderless table (side by side) or one language after the other,
data tables with headings in every language, the draft mark in the page header and the plan
version in the footer."""

from __future__ import annotations

from copy import deepcopy
from io import BytesIO

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from planner.documents import model
from planner.documents.model import Document, cell_text, joined, passes, shown_texts

FONT = "Arial"  # a font every Word installation has, with Azerbaijani and Kazakh letters


def render_docx(document: Document, layout: str = "columns") -> bytes:
    """.docx bytes of the document, the languages in columns or one after the other."""
    word = WordDocument()
    _page_setup(word, document)
    for number, (pick, single) in enumerate(passes(document, layout)):
        if number:
            word.add_page_break()
        _blocks(word, document, pick, single)
    word.core_properties.title = document.title[:200]
    word.core_properties.language = document.languages[0]
    out = BytesIO()
    word.save(out)
    return out.getvalue()


def _page_setup(word, document: Document) -> None:
    """A4 portrait, the body font, the draft mark and the footer."""
    style = word.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(9.5)
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin, section.bottom_margin = Mm(16), Mm(18)
    if document.watermark:
        mark = section.header.paragraphs[0]
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = mark.add_run(" / ".join(dict.fromkeys(document.watermark)))
        run.bold = True
        run.font.size = Pt(14)
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x00)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = footer.add_run(joined(document.footer) + "\n")
    run.font.size = Pt(7)
    for number, template in enumerate(dict.fromkeys(document.page)):
        if number:
            footer.add_run(" · ").font.size = Pt(7)
        _page_numbers(footer, template)
    initials = " / ".join(dict.fromkeys(document.initials))
    footer.add_run(f"\n{initials}: " + "   ".join(["__________"] * document.party_count)).font.size = Pt(7)


def _page_numbers(paragraph, template: str) -> None:
    """ "Page %(page)s of %(pages)s" with Word's own PAGE and NUMPAGES fields, since Word lays
    out the pages."""
    text = template.replace("%(page)s", "\0PAGE\0").replace("%(pages)s", "\0NUMPAGES\0")
    for piece in text.split("\0"):
        if piece in ("PAGE", "NUMPAGES"):
            _field(paragraph, piece)
        elif piece:
            paragraph.add_run(piece).font.size = Pt(7)


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _blocks(word, document: Document, pick, single: int | None) -> None:
    columns = None  # the current borderless two-column table of text blocks
    for block in document.blocks:
        if isinstance(block, model.Heading | model.Paragraph):
            shown = shown_texts(block.texts, single)
            if not any(shown):
                continue
            bold = isinstance(block, model.Heading) or block.strong
            size = Pt(11.5) if isinstance(block, model.Heading) else None
            if len(shown) == 1:
                columns = None
                paragraph = word.add_paragraph()
                _text(paragraph, shown[0], bold, size)
                paragraph.paragraph_format.keep_with_next = block.keep_with_next or None
                continue
            if columns is None or len(columns.columns) != len(shown):
                columns = word.add_table(rows=0, cols=len(shown))
            row = columns.add_row()
            for cell, text in zip(row.cells, shown, strict=True):
                _text(cell.paragraphs[0], text, bold, size)
                cell.paragraphs[0].paragraph_format.keep_with_next = block.keep_with_next or None
            _cannot_split(row)
            continue
        columns = None
        if isinstance(block, model.Table):
            _data_table(word, block, pick)
        elif isinstance(block, model.Signatures):
            _signatures(word, block, pick)


def _text(paragraph, text: str, bold: bool, size) -> None:
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = size


def _data_table(word, table: model.Table, pick) -> None:
    """The heading row, then each row as a copy of a prepared row with its texts filled in
    (python-docx's own cell and run calls took 6 s for 500 loan objects)."""
    grid = word.add_table(rows=1, cols=len(table.widths))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_as_heading(grid.rows[0])
    for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
        _small(cell.paragraphs[0], pick(header), bold=True)
    prepared = grid.add_row()
    for number, cell in enumerate(prepared.cells):
        if number in table.numeric:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _small(cell.paragraphs[0], "")
    template = prepared._tr
    grid._tbl.remove(template)
    for row in table.rows:
        copy = deepcopy(template)
        for run, value in zip(copy.iter(qn("w:r")), row.cells, strict=True):
            _fill(run, cell_text(value, pick), row.strong)
        grid._tbl.append(copy)
    word.add_paragraph()


def _fill(run, text: str, bold: bool) -> None:
    """A run's text, its line breaks as <w:br/>, bold when asked."""
    for old in run.findall(qn("w:t")):
        run.remove(old)
    if bold:
        run.get_or_add_rPr().insert(0, OxmlElement("w:b"))
    for number, line in enumerate(text.split("\n")):
        if number:
            run.append(OxmlElement("w:br"))
        piece = OxmlElement("w:t")
        piece.set(qn("xml:space"), "preserve")
        piece.text = line
        run.append(piece)


def _repeat_as_heading(row) -> None:
    properties = row._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    properties.append(mark)


def _small(paragraph, text: str, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(8)


def _signatures(word, block: model.Signatures, pick) -> None:
    """The parties' blocks side by side in one row Word never splits across pages (and which
    the signatures' heading and the last clause keep with)."""
    grid = word.add_table(rows=1, cols=len(block.parties))
    _cannot_split(grid.rows[0])
    for cell, party in zip(grid.rows[0].cells, block.parties, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.keep_together = True
        for number, line in enumerate(party):
            _text(paragraph, pick(line) + ("\n\n" if number else "\n"), bold=number == 0, size=None)


def _cannot_split(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
