"""The project agreement as PDF (fpdf2, with the DejaVu Sans font shipped in `fonts/`, which
covers Azerbaijani, Kazakh, Russian and Turkish letters): text blocks in two columns side by
side, or each language after the other; tables across the page with headings in every
language, repeated on each page; the draft watermark and the footer with the plan version on
every page.

Lines are broken here, with each character's width looked up once, and set with fpdf2's plain
`text()`: its own table and multi-cell layout took 15 s for 500 loan objects. A row taller
than what is left of a page continues on the next one, so no text is ever cut."""

from __future__ import annotations

from itertools import zip_longest
from pathlib import Path

from fpdf import FPDF

from planner.documents.model import (
    Document,
    Heading,
    Paragraph,
    Pictures,
    Signatures,
    Table,
    cell_text,
    joined,
    passes,
    shown_texts,
)

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
GAP = 6  # mm between the two language columns
BODY = (9.5, 4.6)  # font size (pt) and line height (mm) of text blocks
HEADING = (11, 5.4)
SMALL = (7.5, 3.4)  # tables
PAD = 1.2  # mm inside table cells


class AgreementPdf(FPDF):
    def __init__(self, document: Document) -> None:
        super().__init__(format="A4")
        self.document = document
        self.add_font(FONT, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(False)  # pages are broken here, line by line
        self.bottom = self.h - 20
        self.widths: dict[tuple[str, float], dict[str, float]] = {}
        self.set_title(document.title[:200])
        self.set_creator("MoU Planner")
        self.set_lang(document.languages[0])

    def close_fonts(self) -> None:
        """fontTools reads font files lazily and fpdf2 closes them only in `output()`: a PDF
        given up before that (an error, a measurement) would leave them open."""
        for font in self.fonts.values():
            if getattr(font, "ttfont", None) is not None:
                font.ttfont.close()

    # -- measuring and breaking lines ------------------------------------------------------

    def width_of(self, text: str) -> float:
        """The width of ``text`` in the current font, each character measured once."""
        table = self.widths.setdefault((self.font_style, self.font_size_pt), {})
        total = 0.0
        for character in text:
            width = table.get(character)
            if width is None:
                width = table[character] = self.get_string_width(character)
            total += width
        return total

    def lines_of(self, text: str, width: float) -> list[str]:
        """``text`` broken into lines that fit ``width``: at spaces, or inside a word too long."""
        lines: list[str] = []
        space = self.width_of(" ")
        for paragraph in text.split("\n"):
            line, used = "", 0.0
            for word in paragraph.split(" "):
                size = self.width_of(word)
                if line and used + space + size <= width:
                    line, used = f"{line} {word}", used + space + size
                    continue
                if line:
                    lines.append(line)
                while size > width:  # a word wider than the column: cut it
                    cut = self._fitting(word, width)
                    lines.append(word[:cut])
                    word = word[cut:]
                    size = self.width_of(word)
                line, used = word, size
            lines.append(line)
        return lines

    def _fitting(self, word: str, width: float) -> int:
        used = 0.0
        for index, character in enumerate(word):
            used += self.width_of(character)
            if used > width:
                return max(index, 1)
        return len(word)

    def style(self, bold: bool, size: float) -> None:
        self.set_font(FONT, "B" if bold else "", size)

    # -- page furniture ------------------------------------------------------------------

    def header(self) -> None:
        """The draft watermark, drawn first so the text stays above it."""
        if not self.document.watermark:
            return
        self.style(True, 30)
        self.set_text_color(215, 215, 215)
        centre_x, centre_y = self.w / 2, self.h / 2
        lines = list(dict.fromkeys(self.document.watermark))
        with self.rotation(angle=40, x=centre_x, y=centre_y):
            for number, line in enumerate(lines):
                self.text(centre_x - self.width_of(line) / 2, centre_y + (number - (len(lines) - 1) / 2) * 14, line)
        self.set_text_color(0, 0, 0)
        self.set_xy(self.l_margin, self.t_margin)

    def footers(self) -> None:
        """The plan version and "page n of m" on every page, once the number of pages is known
        (fpdf2's "{nb}" alias is not replaced in text set with `text()`)."""
        total = self.page
        self.style(False, 6.5)
        self.set_text_color(80, 80, 80)
        self.set_fill_color(255, 255, 255)  # so that `text()` sets the grey on each page itself
        version = self.lines_of(joined(self.document.footer), self.epw)
        for number in range(1, total + 1):
            self.page = number
            self.current_font_is_set_on_page = False  # each page's text states its own font
            pages = " · ".join(dict.fromkeys(p % {"page": number, "pages": total} for p in self.document.page))
            y = self.h - 16
            for line in [*version, pages]:
                self.text(self.l_margin + (self.epw - self.width_of(line)) / 2, y + 2.3, line)
                y += 2.9
            self.initials_line()
        self.page = total
        self.set_text_color(0, 0, 0)

    def initials_line(self) -> None:
        """A place for each party's initials at the foot of the page, right of the margin (none
        on a document nobody initials, such as a report)."""
        if not self.document.initials:
            return
        label = " / ".join(dict.fromkeys(self.document.initials))
        line = f"{label}: " + "   ".join(["__________"] * self.document.party_count)
        self.text(self.l_margin + self.epw - self.width_of(line), self.h - 18.2, line)

    def room_for(self, height: float) -> None:
        if self.get_y() + height > self.bottom:
            self.add_page()

    # -- blocks --------------------------------------------------------------------------

    def text_columns(self, texts: tuple[str, ...], bold: bool = False, size: tuple = BODY) -> None:
        """One block: each language's text in its own column, line by line across pages."""
        self.style(bold, size[0])
        width = self.column_width(len(texts))
        self.set_columns([self.lines_of(text, width) for text in texts], width, size[1])
        self.set_y(self.get_y() + 1.5)

    def column_width(self, count: int) -> float:
        return (self.epw - GAP * (count - 1)) / count

    def set_columns(self, columns: list[list[str]], width: float, height: float) -> None:
        """Columns of lines side by side, a page break wherever the next line does not fit."""
        for line in zip_longest(*columns, fillvalue=""):
            self.room_for(height)
            y = self.get_y()
            for column, words in enumerate(line):
                self.text(self.l_margin + column * (width + GAP), y + height * 0.75, words)
            self.set_y(y + height)

    def data_table(self, table: Table, pick) -> None:
        """A table across the page; its heading row repeats on every page it continues on."""
        widths = [share * self.epw for share in table.widths]
        self.style(True, SMALL[0])
        heading = [
            self.lines_of(pick(header), width - 2 * PAD) for header, width in zip(table.headers, widths, strict=True)
        ]
        self.room_for(_height(heading) * 2)
        self.table_row(heading, widths, (), bold=True, shaded=True)
        for row in table.rows:
            self.style(row.strong, SMALL[0])
            cells = [
                self.lines_of(cell_text(cell, pick), width - 2 * PAD)
                for cell, width in zip(row.cells, widths, strict=True)
            ]
            self.table_row(cells, widths, table.numeric, bold=row.strong, heading=heading)
        self.set_y(self.get_y() + 3)

    def table_row(self, cells, widths, numeric, bold=False, shaded=False, heading=None) -> None:
        """One row; what does not fit on this page goes on the next, under the heading again."""
        done = 0
        while True:
            room = int((self.bottom - self.get_y() - 2 * PAD) // SMALL[1])
            if room < 1 or (done == 0 and room < min(_lines(cells), 3)):
                self.add_page()
                if heading:
                    self.table_row(heading, widths, (), bold=True, shaded=True)
                    self.style(bold, SMALL[0])
                continue
            part = [lines[done : done + room] for lines in cells]
            self._draw_row(part, widths, numeric, shaded)
            done += room
            if done >= _lines(cells):
                return

    def _draw_row(self, cells, widths, numeric, shaded) -> None:
        top, height = self.get_y(), _height(cells)
        if shaded:
            self.set_fill_color(235, 235, 235)
            self.rect(self.l_margin, top, sum(widths), height, style="F")
        x = self.l_margin
        for column, (lines, width) in enumerate(zip(cells, widths, strict=True)):
            for number, line in enumerate(lines):
                left = x + width - PAD - self.width_of(line) if column in numeric else x + PAD
                self.text(left, top + PAD + SMALL[1] * (number + 0.75), line)
            x += width
        self.set_draw_color(170, 170, 170)
        self.line(self.l_margin, top + height, self.l_margin + sum(widths), top + height)
        self.set_y(top + height)

    def signature_columns(self, block: Signatures, pick) -> list[list[str]]:
        width = self.column_width(len(block.parties))
        self.style(False, BODY[0])
        columns = []
        for party in block.parties:
            lines: list[str] = []
            for line in party:
                lines += [*self.lines_of(pick(line), width), ""]
            columns.append(lines)
        return columns

    def signatures(self, block: Signatures, pick) -> None:
        columns = self.signature_columns(block, pick)
        self.room_for(BODY[1] * min(max(map(len, columns)), 30))  # the blocks together on one page
        self.set_columns(columns, self.column_width(len(block.parties)), BODY[1])

    def pictures(self, block: Pictures) -> None:
        """Thumbnails side by side, as many rows as they need; one that cannot be drawn is left out."""
        from io import BytesIO

        x, size = self.l_margin, block.height
        self.room_for(size + 2)
        for data in block.images:
            if x + size > self.l_margin + self.epw:
                x = self.l_margin
                self.set_y(self.get_y() + size + 2)
                self.room_for(size + 2)
            try:
                self.image(BytesIO(data), x=x, y=self.get_y(), h=size, keep_aspect_ratio=True, w=size)
            except Exception:  # noqa: S112 (a damaged thumbnail: the report is printed without it)
                continue
            x += size + 2
        self.set_y(self.get_y() + size + 3)

    def height_of(self, block, pick, single: int | None) -> float:
        """How much of a page ``block`` takes, as `_blocks` sets it (tables: never kept with)."""
        if isinstance(block, Signatures):
            return BODY[1] * max(map(len, self.signature_columns(block, pick)))
        if isinstance(block, Heading | Paragraph):
            heading = isinstance(block, Heading)
            size = HEADING if heading else BODY
            shown = shown_texts(block.texts, single)
            if not any(shown):
                return 0.0
            self.style(heading or block.strong, size[0])
            width = self.column_width(len(shown))
            lines = max(len(self.lines_of(text, width)) for text in shown)
            return lines * size[1] + 1.5 + (2 if heading else 0)
        return 0.0

    def keep_together(self, blocks: list, pick, single: int | None) -> None:
        """A page break before ``blocks`` (a chain of keep-with-next blocks and the one they keep
        with) when they do not fit on what is left of this page but fit on a page of their own."""
        needed = sum(self.height_of(block, pick, single) for block in blocks)
        if needed <= self.bottom - self.t_margin:
            self.room_for(needed)


def _lines(cells) -> int:
    return max((len(lines) for lines in cells), default=1)


def _height(cells) -> float:
    return _lines(cells) * SMALL[1] + 2 * PAD


def _chain(blocks: list, start: int) -> list:
    """The keep-with-next blocks from ``start`` on, and the block they keep with."""
    end = start
    while end < len(blocks) - 1 and getattr(blocks[end], "keep_with_next", False):
        end += 1
    return blocks[start : end + 1]


def render_pdf(document: Document, layout: str = "columns") -> bytes:
    """PDF bytes of the document, the languages in columns or one after the other."""
    pdf = AgreementPdf(document)
    try:
        for pick, single in passes(document, layout):
            pdf.add_page()
            _blocks(pdf, document, pick, single)
        pdf.footers()
        return bytes(pdf.output())
    finally:
        pdf.close_fonts()


def _blocks(pdf: AgreementPdf, document: Document, pick, single: int | None) -> None:
    blocks = list(document.blocks)
    for index, block in enumerate(blocks):
        if getattr(block, "keep_with_next", False) and not getattr(blocks[index - 1], "keep_with_next", False):
            pdf.keep_together(_chain(blocks, index), pick, single)
        if isinstance(block, Heading):
            pdf.set_y(pdf.get_y() + 2)
            pdf.room_for(BODY[1] * 5)  # a heading stays with the lines it introduces
            pdf.text_columns(shown_texts(block.texts, single), bold=True, size=HEADING)
        elif isinstance(block, Paragraph):
            shown = shown_texts(block.texts, single)
            if any(shown):
                pdf.text_columns(shown, bold=block.strong)
        elif isinstance(block, Table):
            pdf.data_table(block, pick)
        elif isinstance(block, Signatures):
            pdf.signatures(block, pick)
        elif isinstance(block, Pictures):
            pdf.pictures(block)
