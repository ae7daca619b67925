"""A report's files: PDF and Word (one or two languages, each column in its own language, made by
the project agreements' renderers with their shipped fonts), XLSX (a sheet per table, numbers as
numbers, dates as dates) and CSV (the tables one under the other, each under its title)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from importlib import import_module

from planner.documents.model import Document, Heading, Paragraph, Row, Table, plain
from planner.plans.report import csv_cell
from planner.reports.tables import Cell, ReportTable, Showing, shown

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# As for project agreements: the renderers load some 50 MB, only when a file is asked for.
RENDERERS = {"pdf": ("planner.documents.pdf", "render_pdf"), "docx": ("planner.documents.word", "render_docx")}


def report_document(
    tables: list[ReportTable], showings: list[Showing], heading: dict[str, str], filename: str
) -> Document:
    """The report as a document: a heading, then each table with its title, every text cell and
    header in each language's column (numbers and dates are written as each language writes them)."""
    languages = tuple(s.language for s in showings)
    blocks: list = [Heading(tuple(plain(heading[s.language]) for s in showings))]
    for table in tables:
        blocks.append(Heading(tuple(s.translate(table.title) for s in showings), keep_with_next=True))
        if not table.rows:
            blocks.append(Paragraph(tuple(s.translate("Nothing in this period.") for s in showings)))
            continue
        widths = tuple(1 / len(table.headers) for _ in table.headers)
        blocks.append(
            Table(
                headers=tuple(tuple(s.translate(h) for s in showings) for h in table.headers),
                rows=tuple(Row(tuple(_document_cell(cell, showings) for cell in row)) for row in table.rows),
                widths=widths,
                numeric=table.numeric,
            )
        )
    return Document(
        languages=languages,
        blocks=tuple(blocks),
        footer=tuple(plain(heading[s.language]) for s in showings),
        page=tuple(s.translate("Page %(page)s of %(pages)s") for s in showings),
        watermark=None,
        title=plain(heading[showings[0].language]),
        filename=filename,
    )


def _document_cell(cell: Cell, showings: list[Showing]):
    texts = tuple(plain(shown(cell, s)) for s in showings)
    return texts[0] if len(set(texts)) == 1 else texts


def render(document: Document, file_format: str) -> bytes:
    module, name = RENDERERS[file_format]
    return getattr(import_module(module), name)(document, "columns")


def report_xlsx(tables: list[ReportTable], showing: Showing, heading: str) -> bytes:
    """One sheet per table: a header row in the reader's language, then the values as the
    spreadsheet's own types (texts made inert against formulas, as the CSV's are)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(title=_sheet_title(showing.translate(table.title)))
        sheet.append([csv_cell(showing.translate(h)) for h in table.headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_xlsx_value(cell, showing) for cell in row])
        for column in sheet.columns:
            width = max(len(str(cell.value)) if cell.value is not None else 0 for cell in column)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
    book.properties.title = heading[:250]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(text: str) -> str:
    """Excel's rules for a sheet's name: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in text).strip()
    return cleaned[:31] or "Sheet"


def _xlsx_value(cell: Cell, showing: Showing):
    if cell is None or (isinstance(cell, Decimal | int | float | date) and not isinstance(cell, bool)):
        return cell  # the spreadsheet's own number and date types
    return csv_cell(shown(cell, showing)) or None


def report_csv(tables: list[ReportTable], showing: Showing) -> str:
    """Every table under its title, separated by an empty line; numbers and dates as plain
    values (ISO dates, a dot for decimals), texts in the reader's language, made inert."""
    out = io.StringIO()
    writer = csv.writer(out)
    for position, table in enumerate(tables):
        if position:
            writer.writerow([])
        writer.writerow([csv_cell(showing.translate(table.title))])
        writer.writerow([csv_cell(showing.translate(h)) for h in table.headers])
        for row in table.rows:
            writer.writerow([_csv_value(cell, showing) for cell in row])
    return out.getvalue()


def _csv_value(cell: Cell, showing: Showing):
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return f"{cell:f}"
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return cell
    if isinstance(cell, date):
        return cell.isoformat()
    return csv_cell(shown(cell, showing))
