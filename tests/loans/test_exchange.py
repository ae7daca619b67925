"""The Spectrum CSV and the CollectionSpace import document, from plain data (no Flask): the CSV
read back with csv, the XML checked against CollectionSpace's own schemas (copied into
tests/fixtures/collectionspace from its repositories, see SOURCE.txt)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from planner.loans import exchange as x

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "collectionspace"
XSD_FILES = {
    "loansout_common": "loansout-common.xsd",
    "loansin_common": "loansin-common.xsd",
    "conditionchecks_common": "conditionchecks-common.xsd",
    "movements_common": "movements-common.xsd",
    "collectionobjects_common": "collectionobjects_common.xsd",
}
XS = "{http://www.w3.org/2001/XMLSchema}"


def loan(side=x.LENDER, **changes) -> x.LoanExport:
    values = dict(
        side=side,
        lender="Ganja Reserve",
        borrower="Aziret Sultan",
        lender_reference="=HYPERLINK(\"http://evil\")",
        borrower_reference="AS-2026-7",
        status="On display",
        status_since=date(2026, 12, 3),
        history=(("Requested", date(2026, 9, 1), ""), ("On display", date(2026, 12, 3), "<b>opened</b> & fine")),
        objects=(
            x.ObjectExport(
                "GQ-1987-014", "Glazed bowl", date(2026, 11, 20), date(2027, 4, 30), Decimal("45000.00"), "EUR",
                Decimal("12.50"), Decimal("30"), None, "cm", "ceramic", "12th century", "Ganja Reserve", "crack",
            ),
            x.ObjectExport("GQ-2004-231", "Bronze lamp"),
        ),
        checks=(x.CheckExport("GQ-1987-014", "departure", date(2026, 11, 18), "Good", "visual", "Curator", "stable"),),
        insurance=x.InsuranceExport("state_indemnity", "Ministry", "P-1", date(2026, 11, 1), date(2027, 5, 31),
                                    ((Decimal("57000"), "EUR"), (Decimal("1000000"), "KZT"))),
        legs=(x.LegExport("road", "Shipper & Co", "Ganja", "Turkestan", date(2026, 11, 21), date(2026, 11, 25), "T1"),),
        purpose="Exhibition",
    )  # fmt: skip
    values.update(changes)
    return x.LoanExport(**values)


def test_the_spectrum_csv_reads_back_with_its_unit_names_and_inert_cells():
    rows = list(csv.DictReader(io.StringIO(x.spectrum_csv(loan()))))
    assert [r["Object number"] for r in rows] == ["GQ-1987-014", "GQ-2004-231"]
    first = rows[0]
    assert first["Title"] == "Glazed bowl" and first["Loan out begin date"] == "2026-11-20"
    assert first["Loan out end date"] == "2027-04-30" and first["Borrower"] == "Aziret Sultan"
    assert first["Insurance/indemnity value"] == "45000.00" and first["Insurance/indemnity currency"] == "EUR"
    assert first["Dimension value (height)"] == "12.50" and first["Dimension measurement unit"] == "cm"
    assert first["Condition"] == "Good" and first["Condition date"] == "2026-11-18"
    assert first["Loan out reference number"].startswith("'=")  # a formula stays text in a spreadsheet
    assert rows[1]["Dimension measurement unit"] == ""


def test_the_borrower_gets_loan_in_columns():
    header = next(csv.reader(io.StringIO(x.spectrum_csv(loan(x.BORROWER)))))
    assert "Loan in reference number" in header and "Loan in begin date" in header
    assert "Loan out reference number" not in header


def relaxed_schema(name: str) -> etree.XMLSchema:
    """CollectionSpace's schema with every element optional: its import service takes partial
    records (absent fields are empty), while names, nesting, order and types stay checked."""
    tree = etree.parse(str(SCHEMAS / XSD_FILES[name]))
    for element in tree.iter(f"{XS}element"):
        if element.getparent().tag == f"{XS}sequence":
            element.set("minOccurs", "0")
    return etree.XMLSchema(tree)


def records(document: bytes) -> list[tuple[str, str, etree._Element]]:
    root = etree.fromstring(document)
    assert root.tag == "imports"
    found = []
    for record in root:
        assert record.tag == "import"
        (schema,) = record
        assert schema.tag == "schema"
        found.append((record.get("service"), schema.get("name"), schema))
    return found


def as_root(name: str, schema: etree._Element) -> etree._Element:
    """The schema part as the record's root element in its namespace (children unqualified)."""
    root = etree.Element(f"{{{x.NAMESPACES[name]}}}{name}")
    for child in schema:
        root.append(child)
    return root


@pytest.mark.parametrize("side", [x.LENDER, x.BORROWER])
def test_every_collectionspace_record_is_valid_against_its_schema(side):
    document = x.collectionspace_xml(loan(side))
    found = records(document)
    names = [name for _service, name, _schema in found]
    assert names[0] == ("loansout_common" if side == x.LENDER else "loansin_common")
    assert names.count("collectionobjects_common") == 2
    assert {"conditionchecks_common", "insurances_common", "movements_common"} <= set(names)
    for _service, name, schema in found:
        if name == "insurances_common":
            continue
        validator = relaxed_schema(name)
        root = as_root(name, schema)
        assert validator.validate(root), (name, validator.error_log)


def test_the_insurance_fields_are_those_of_collectionspace_s_insurance_record():
    config = etree.parse(str(SCHEMAS / "base-procedure-insurance.xml"))
    known = {field.get("id") for field in config.iter("field")}
    found = [s for _service, name, s in records(x.collectionspace_xml(loan())) if name == "insurances_common"]
    (insurance,) = found
    assert {child.tag for child in insurance} <= known
    assert insurance.findtext("insuranceIndemnityValue") == "57000"
    assert "1000000 KZT" in insurance.findtext("insuranceIndemnityNote")  # never added across currencies


def test_user_text_is_escaped_in_the_xml():
    document = x.collectionspace_xml(loan())
    assert b"<b>opened</b>" not in document and b"&lt;b&gt;opened&lt;/b&gt; &amp; fine" in document
    loan_out = records(document)[0][2]
    assert loan_out.findtext("loanOutNumber") == '=HYPERLINK("http://evil")'


def test_a_broken_order_fails_the_schema():
    """The check itself: a record with fields out of the schema's order is refused."""
    validator = relaxed_schema("loansout_common")
    root = etree.Element(f"{{{x.NAMESPACES['loansout_common']}}}loansout_common")
    etree.SubElement(root, "borrower").text = "B"
    etree.SubElement(root, "loanOutNumber").text = "1"
    assert not validator.validate(root)
