"""An object list read from CSV or XLSX into checked values, with every row's errors.

The columns are those of the Spectrum CSV this application exports (`planner.loans.exchange`),
so a loan exported from one museum's system can be imported into a plan. Pure: bytes in, rows
and errors out; nothing here knows the database (the plan's own checks, such as an object
already on its list, are made by `planner.loans.objects` before anything is saved)."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from planner.loans import exchange as x
from planner.plans.terms import CURRENCIES, amount_error

MAX_ROWS = 1000
MAX_BYTES = 5 * 1024 * 1024
DIMENSION_UNITS = ("mm", "cm", "m", "in")
#: Each column the import reads, and the field it fills; both sides' loan dates are accepted.
COLUMNS = {
    x.OBJECT_NUMBER: "inventory_number",
    x.TITLE: "title",
    "Object name": "title",  # a system without titles sends its object name
    x.LENDER_UNIT: "lender",
    "Loan out begin date": "loan_from",
    "Loan in begin date": "loan_from",
    "Loan out end date": "loan_to",
    "Loan in end date": "loan_to",
    x.VALUE: "insurance_value",
    x.CURRENCY: "insurance_currency",
    x.HEIGHT: "height",
    x.WIDTH: "width",
    x.DEPTH: "depth",
    x.UNIT: "dimension_unit",
    x.MATERIAL: "materials",
    x.PRODUCTION_DATE: "dating",
    x.CREDIT_LINE: "credit_line",
    x.CONDITION_NOTE: "condition_departure",
}
REQUIRED = (x.OBJECT_NUMBER, x.TITLE)
LENGTHS = {"inventory_number": 64, "title": 300, "materials": 300, "dating": 120, "credit_line": 500}
FIELD_NAMES = {
    "inventory_number": _l("Inventory number"),
    "title": _l("Title"),
    "lender": _l("Lender"),
    "loan_from": _l("On loan from"),
    "loan_to": _l("On loan until"),
    "insurance_value": _l("Insurance value"),
    "insurance_currency": _l("Currency"),
    "height": _l("Height"),
    "width": _l("Width"),
    "depth": _l("Depth"),
    "dimension_unit": _l("Unit"),
    "materials": _l("Materials"),
    "dating": _l("Date or period"),
    "credit_line": _l("Credit line"),
    "condition_departure": _l("Condition at departure"),
    "file": _l("File"),
}


class ImportFileError(Exception):
    """The file as a whole cannot be read (its message is for the user)."""


@dataclass
class ImportedRow:
    """One row: its number in the file (the header is row 1), its values, its errors."""

    number: int
    values: dict = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field, message)

    def fail(self, name: str, message: str) -> None:
        self.errors.append((name, message))


@dataclass
class ImportResult:
    rows: list[ImportedRow]
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not any(row.errors for row in self.rows)

    @property
    def errors(self) -> list[tuple[int, str, str]]:
        """(row number, field label, message) of every row, in file order."""
        return [(row.number, str(FIELD_NAMES.get(n, n)), m) for row in self.rows for n, m in row.errors]


def read_table(data: bytes, filename: str) -> list[list[object]]:
    """The file's rows (the first one the headers): XLSX by its content (a zip with a workbook),
    CSV otherwise (UTF-8, with or without a byte-order mark; comma or semicolon)."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(limit)s MB.", limit=MAX_BYTES // (1024 * 1024)))
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        return _xlsx_rows(data)
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise ImportFileError(_("This is not an Excel workbook (.xlsx) that can be read."))
    return _csv_rows(data)


def _csv_rows(data: bytes) -> list[list[object]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("Save the CSV file as UTF-8.")) from None
    if "\x00" in text:
        raise ImportFileError(_("This is not a CSV file."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        rows = []
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                raise ImportFileError(_("At most %(count)s objects can be imported at once.", count=MAX_ROWS))
        return rows
    except csv.Error:
        raise ImportFileError(_("This is not a CSV file.")) from None


def _xlsx_rows(data: bytes) -> list[list[object]]:
    """The first sheet's values, read only (formulas as their cached values, never evaluated)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise ImportFileError(_("This is not an Excel workbook (.xlsx) that can be read.")) from None
    except Exception:  # openpyxl raises many kinds on a damaged workbook; each means "unreadable"
        raise ImportFileError(_("This is not an Excel workbook (.xlsx) that can be read.")) from None
    try:
        rows = []
        for row in book.worksheets[0].iter_rows(values_only=True):
            rows.append(["" if value is None else value for value in row])
            if len(rows) > MAX_ROWS + 1:
                raise ImportFileError(_("At most %(count)s objects can be imported at once.", count=MAX_ROWS))
        return rows
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError(_("This is not an Excel workbook (.xlsx) that can be read.")) from None
    finally:
        book.close()


def parse_objects(table: list[list[object]], *, language: str = "en") -> ImportResult:
    """Each row checked on its own; texts are stored as the importing user's language."""
    if not table:
        raise ImportFileError(_("The file is empty."))
    header = [str(cell).strip() for cell in table[0]]
    known = {name.casefold(): name for name in COLUMNS}
    columns = {i: known[name.casefold()] for i, name in enumerate(header) if name.casefold() in known}
    missing = [name for name in REQUIRED if name not in columns.values() and not _has_alternative(name, columns)]
    if missing:
        raise ImportFileError(_("The file has no column %(name)s.", name=", ".join(f"“{m}”" for m in missing)))
    ignored = [name for i, name in enumerate(header) if name and i not in columns]
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(str(cell).strip() for cell in cells):
            continue  # blank lines between objects
        raw = {}
        for i, column in columns.items():
            value = cells[i] if i < len(cells) else ""
            name = COLUMNS[column]
            if name not in raw or raw[name] in ("", None):
                raw[name] = value
        rows.append(_checked(number, raw, language))
    if not rows:
        raise ImportFileError(_("The file lists no object."))
    _mark_repeats(rows)
    return ImportResult(rows, ignored)


def _has_alternative(name: str, columns: dict) -> bool:
    return name == x.TITLE and "Object name" in columns.values()


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _checked(number: int, raw: dict, language: str) -> ImportedRow:
    row = ImportedRow(number)
    for name in ("inventory_number", "title", "lender", "materials", "dating", "credit_line"):
        value = _text(raw.get(name, ""))
        if name in LENGTHS and len(value) > LENGTHS[name]:
            row.fail(name, _("At most %(count)s characters.", count=LENGTHS[name]))
        row.values[name] = value
    for name in ("inventory_number", "title"):
        if not row.values[name]:
            row.fail(name, _("This field is required."))
    note = str(raw.get("condition_departure") or "").strip()
    if len(note) > 5000:
        row.fail("condition_departure", _("At most %(count)s characters.", count=5000))
    row.values["conditions_departure"] = {language: note} if note else {}
    row.values["titles"] = {language: row.values.pop("title")} if row.values["title"] else {}
    for name in ("materials", "dating", "credit_line"):
        value = row.values.pop(name)
        row.values[name] = {language: value} if value else {}
    for name in ("loan_from", "loan_to"):
        row.values[name] = _day(row, name, raw.get(name))
    if row.values["loan_from"] and row.values["loan_to"] and row.values["loan_to"] < row.values["loan_from"]:
        row.fail("loan_to", _("The loan cannot end before it begins."))
    _money(row, raw)
    _dimensions(row, raw)
    return row


def _day(row: ImportedRow, name: str, value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d.%m.%Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    row.fail(name, _("Write the date as YYYY-MM-DD (or DD.MM.YYYY)."))
    return None


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = _text(value).replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    result = Decimal(text)
    if not result.is_finite():
        raise InvalidOperation
    return result


def _money(row: ImportedRow, raw: dict) -> None:
    currency = _text(raw.get("insurance_currency")).upper()
    row.values["insurance_currency"] = currency or None
    try:
        value = _decimal(raw.get("insurance_value"))
    except (InvalidOperation, ValueError):
        row.fail("insurance_value", _("Not a number."))
        value = None
    row.values["insurance_value"] = value
    if currency and currency not in CURRENCIES:
        row.fail("insurance_currency", _("Unknown currency."))
    elif value is not None:
        if not currency:
            row.fail("insurance_currency", _("Give the currency."))
        elif amount_error(value, currency):
            row.fail("insurance_value", _("Not an amount in this currency."))


def _dimensions(row: ImportedRow, raw: dict) -> None:
    for name in ("height", "width", "depth"):
        try:
            value = _decimal(raw.get(name))
        except (InvalidOperation, ValueError):
            row.fail(name, _("Not a number."))
            value = None
        if value is not None and (not 0 < value < 100000 or value != round(value, 2)):
            row.fail(name, _("A positive number with at most two decimals."))
            value = None
        row.values[name] = value
    unit = _text(raw.get("dimension_unit")).lower() or "cm"
    unit = {"centimeters": "cm", "millimeters": "mm", "meters": "m", "inches": "in"}.get(unit, unit)
    if unit not in DIMENSION_UNITS:
        row.fail("dimension_unit", _("Choose one of: %(units)s.", units=", ".join(DIMENSION_UNITS)))
    row.values["dimension_unit"] = unit


def _mark_repeats(rows: list[ImportedRow]) -> None:
    """The same object twice in one file (by lender and inventory number) is an error of the
    second row: it would count its insurance value twice."""
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row.values["lender"].casefold(), row.values["inventory_number"].casefold())
        if key[1] and key in seen:
            row.fail("inventory_number", _("The same object is on row %(row)s.", row=seen[key]))
        seen.setdefault(key, row.number)


def plain_table(table: list[list[object]]) -> list[list[str]]:
    """The table as text only (dates as ISO, whole numbers without ".0"), for the preview to send
    back on confirmation; `parse_objects` reads it as it read the file."""
    return [[_plain_cell(cell) for cell in row] for row in table]


def _plain_cell(cell: object) -> str:
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell)
