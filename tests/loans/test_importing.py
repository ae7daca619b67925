"""Object lists read from CSV and XLSX into checked rows (pure: no database)."""

from __future__ import annotations

import contextlib
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from planner.loans import importing
from planner.loans.exchange import LoanExport, ObjectExport, spectrum_csv
from tests.fuzzing import NASTY, OUT_OF_RANGE, TEXT

HEADER = "Object number,Title,Loan out begin date,Loan out end date,Insurance/indemnity value,Insurance/indemnity currency\n"


def parsed(text: str, name: str = "list.csv") -> importing.ImportResult:
    return importing.parse_objects(importing.read_table(text.encode(), name), language="ru")


def test_good_rows_become_values_in_the_user_s_language():
    result = parsed(HEADER + "A-1,Чаша,2026-11-20,30.04.2027,\"45 000,50\",eur\n\nA-2,Лампа,,,,\n")
    assert result.ok
    first, second = result.rows
    assert first.values["titles"] == {"ru": "Чаша"} and first.values["loan_to"] == date(2027, 4, 30)
    assert first.values["insurance_value"] == Decimal("45000.50") and first.values["insurance_currency"] == "EUR"
    assert second.number == 4 and second.values["insurance_value"] is None


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (",Чаша,,,,", "inventory_number"),
        ("A-1,,,,,", "title"),
        ("A-1,Чаша,2026-13-01,,,", "loan_from"),
        ("A-1,Чаша,2027-01-01,2026-01-01,,", "loan_to"),
        ("A-1,Чаша,,,abc,EUR", "insurance_value"),
        ("A-1,Чаша,,,100,", "insurance_currency"),
        ("A-1,Чаша,,,100,XXX", "insurance_currency"),
        ("A-1,Чаша,,,100.001,EUR", "insurance_value"),
        ("A-1," + "x" * 301 + ",,,,", "title"),
    ],
)
def test_each_bad_value_is_an_error_of_its_row(row, field):
    result = parsed(HEADER + "B-0,Хорошо,,,,\n" + row + "\n")
    assert not result.ok
    assert result.rows[0].errors == []
    assert [name for name, _message in result.rows[1].errors] == [field]
    assert result.errors[0][0] == 3


def test_the_same_object_twice_is_an_error_of_the_second_row():
    result = parsed(HEADER + "A-1,One,,,,\na-1,Two,,,,\n")
    assert not result.rows[0].errors and result.rows[1].errors[0][0] == "inventory_number"


def test_a_file_without_the_needed_columns_or_rows_is_refused_whole():
    with pytest.raises(importing.ImportFileError):
        parsed("Name,Value\nA,1\n")
    with pytest.raises(importing.ImportFileError):
        parsed(HEADER)
    with pytest.raises(importing.ImportFileError):
        importing.read_table(b"\xff\xfe\x00bad", "x.csv")
    with pytest.raises(importing.ImportFileError):
        importing.read_table(b"PK\x03\x04not a workbook", "x.xlsx")


def test_semicolons_and_the_byte_order_mark_are_read():
    result = importing.parse_objects(importing.read_table("\ufeffObject number;Title\nA-1;Bowl\n".encode(), "a.csv"))
    assert result.ok and result.rows[0].values["inventory_number"] == "A-1"


def test_an_xlsx_with_real_dates_and_numbers():
    book = Workbook()
    sheet = book.active
    sheet.append(["Object number", "Title", "Loan in begin date", "Insurance/indemnity value",
                  "Insurance/indemnity currency", "Dimension value (height)", "Dimension measurement unit"])
    sheet.append(["A-1", "Bowl", datetime(2026, 11, 20), 45000, "EUR", 12.5, "centimeters"])
    out = io.BytesIO()
    book.save(out)
    table = importing.read_table(out.getvalue(), "list.xlsx")
    result = importing.parse_objects(table)
    assert result.ok, result.errors
    values = result.rows[0].values
    assert values["loan_from"] == date(2026, 11, 20) and values["insurance_value"] == Decimal("45000")
    assert values["height"] == Decimal("12.5") and values["dimension_unit"] == "cm"
    again = importing.parse_objects(importing.plain_table(table))  # what the preview sends back
    assert again.rows[0].values == values


def test_the_spectrum_export_imports_again():
    exported = spectrum_csv(
        LoanExport(
            side="borrower", lender="Ganja", borrower="Aziret", lender_reference="", borrower_reference="B-1",
            status="Requested",
            objects=(ObjectExport("A-1", "Bowl", date(2026, 1, 1), date(2026, 2, 1), Decimal("10.00"), "EUR",
                                  height=Decimal("3.5"), materials="clay"),),
        )
    )  # fmt: skip
    result = importing.parse_objects(importing.read_table(exported.encode(), "loan.csv"))
    assert result.ok, result.errors
    values = result.rows[0].values
    assert values["inventory_number"] == "A-1" and values["lender"] == "Ganja"
    assert values["loan_to"] == date(2026, 2, 1) and values["materials"] == {"en": "clay"}
    assert values["height"] == Decimal("3.5")


CELL = st.one_of(st.sampled_from(NASTY + OUT_OF_RANGE + ["2026-11-20", "45000", "EUR", "", "1,5", "cm"]), TEXT)


@settings(max_examples=150, deadline=None)
@given(
    header=st.lists(st.sampled_from([*importing.COLUMNS, "Other", ""]), min_size=1, max_size=8),
    rows=st.lists(st.lists(st.one_of(CELL, st.floats(allow_nan=True), st.integers(), st.none()), max_size=9), max_size=5),
)
def test_any_table_is_rows_with_errors_or_a_file_error_never_a_crash(header, rows):
    """Whatever the cells (markup, NUL, formulas, huge or odd numbers), the importer answers with
    rows and their errors or refuses the file with a reason."""
    try:
        result = importing.parse_objects([header, *rows])
    except importing.ImportFileError as refused:
        assert str(refused)
        return
    for row in result.rows:
        assert all(isinstance(message, str) and message for _name, message in row.errors)
        if not row.errors:
            assert row.values["inventory_number"] and row.values["titles"]


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=400))
def test_any_bytes_are_a_table_or_a_file_error(data):
    for name in ("list.csv", "list.xlsx"):
        with contextlib.suppress(importing.ImportFileError):
            importing.parse_objects(importing.read_table(data, name))


def test_a_file_over_the_size_or_row_limit_is_refused(monkeypatch):
    monkeypatch.setattr(importing, "MAX_BYTES", 100)
    with pytest.raises(importing.ImportFileError, match="larger than"):
        importing.read_table(b"Object number,Title\n" + b"A,B\n" * 40, "a.csv")
    monkeypatch.setattr(importing, "MAX_BYTES", 10**6)
    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    with pytest.raises(importing.ImportFileError, match="At most 3 objects"):
        importing.read_table(b"Object number,Title\n" + b"A,B\n" * 5, "a.csv")
    book = Workbook()
    for n in range(6):
        book.active.append([f"A-{n}", "B"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(importing.ImportFileError, match="At most 3 objects"):
        importing.read_table(out.getvalue(), "a.xlsx")
