"""A loan for collection-management systems: a CSV whose column headers are Spectrum 5.1 units of
information, and CollectionSpace records in the shape its import service takes
(`<imports><import service=".." type=".."><schema name="loansout_common" ...>`), with the field
names of CollectionSpace's own schemas (services/*/jaxb/src/main/resources/*.xsd; the insurance
record's fields from the application layer's base-procedure-insurance.xml).

Pure: plain data in (`LoanExport`, built by `planner.loans.objects.loan_export`), text out. The CSV
goes through `planner.plans.report.write_csv` (every cell made inert against formula injection);
the XML is built with ElementTree, which escapes every text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree as ET

from planner.plans.report import write_csv

LENDER, BORROWER = "lender", "borrower"


@dataclass(frozen=True)
class ObjectExport:
    """One loan object as the reader sees it (texts already in the reader's language)."""

    inventory_number: str
    title: str
    loan_from: date | None = None
    loan_to: date | None = None
    insurance_value: Decimal | None = None
    insurance_currency: str | None = None
    height: Decimal | None = None
    width: Decimal | None = None
    depth: Decimal | None = None
    dimension_unit: str = "cm"
    materials: str = ""
    dating: str = ""
    credit_line: str = ""
    condition_departure: str = ""  # the approved condition note


@dataclass(frozen=True)
class CheckExport:
    """One condition check of an object."""

    inventory_number: str
    checkpoint: str
    checked_on: date
    condition: str  # its label in the reader's language
    method: str = ""
    checker: str = ""
    notes: str = ""


@dataclass(frozen=True)
class LegExport:
    method: str
    shipper: str = ""
    departure_place: str = ""
    arrival_place: str = ""
    departs_on: date | None = None
    arrives_on: date | None = None
    tracking: str = ""


@dataclass(frozen=True)
class InsuranceExport:
    kind: str
    insurer: str = ""
    policy_number: str = ""
    cover_from: date | None = None
    cover_to: date | None = None
    sums: tuple[tuple[Decimal, str], ...] = ()  # (amount, currency), never added across currencies


@dataclass(frozen=True)
class LoanExport:
    """A loan as one side sees it: `side` is the reader's (lender: loan out; borrower: loan in)."""

    side: str
    lender: str
    borrower: str
    lender_reference: str
    borrower_reference: str
    status: str  # label in the reader's language
    status_since: date | None = None
    history: tuple[tuple[str, date, str], ...] = ()  # (status label, date, note)
    objects: tuple[ObjectExport, ...] = ()
    checks: tuple[CheckExport, ...] = ()
    insurance: InsuranceExport | None = None
    legs: tuple[LegExport, ...] = ()
    purpose: str = ""

    @property
    def number(self) -> str:
        """The reader's own reference (its loan out or loan in number)."""
        return self.lender_reference if self.side == LENDER else self.borrower_reference


# --- Spectrum 5.1 CSV -----------------------------------------------------------------------------

#: The object columns: Spectrum units of information (Object identification, Object description,
#: Object production information). The three dimensions are one "Dimension value" unit each, the
#: measured dimension in brackets, as Spectrum's "Dimension" unit names it.
OBJECT_NUMBER, TITLE = "Object number", "Title"
HEIGHT, WIDTH, DEPTH = "Dimension value (height)", "Dimension value (width)", "Dimension value (depth)"
UNIT = "Dimension measurement unit"
MATERIAL, PRODUCTION_DATE, CREDIT_LINE = "Material", "Object production date", "Credit line"
NUMBER_OF_OBJECTS, LENDER_UNIT, BORROWER_UNIT = "Number of objects", "Lender", "Borrower"
VALUE, CURRENCY = "Insurance/indemnity value", "Insurance/indemnity currency"
CONDITION, CONDITION_DATE, CONDITION_NOTE = "Condition", "Condition date", "Condition note"
STATUS, STATUS_DATE = "Loan status", "Loan status date"
#: The loan columns per side: Spectrum's Loan out and Loan in procedures.
SIDE_UNITS = {
    LENDER: ("Loan out reference number", "Loan out begin date", "Loan out end date"),
    BORROWER: ("Loan in reference number", "Loan in begin date", "Loan in end date"),
}


def spectrum_header(side: str) -> list[str]:
    reference, begin, end = SIDE_UNITS[side]
    return [
        OBJECT_NUMBER, TITLE, NUMBER_OF_OBJECTS, MATERIAL, PRODUCTION_DATE, HEIGHT, WIDTH, DEPTH, UNIT,
        CREDIT_LINE, LENDER_UNIT, BORROWER_UNIT, reference, begin, end, STATUS, STATUS_DATE, VALUE, CURRENCY,
        CONDITION, CONDITION_DATE, CONDITION_NOTE,
    ]  # fmt: skip


def spectrum_csv(loan: LoanExport) -> str:
    """One row per object; its condition is the departure check when there is one (the approved
    condition note otherwise)."""
    departure = {c.inventory_number: c for c in loan.checks if c.checkpoint == "departure"}
    rows = []
    for item in loan.objects:
        check = departure.get(item.inventory_number)
        rows.append(
            [
                item.inventory_number, item.title, 1, item.materials, item.dating,
                _number(item.height), _number(item.width), _number(item.depth),
                item.dimension_unit if _has_dimensions(item) else "",
                item.credit_line, loan.lender, loan.borrower, loan.number,
                _day(item.loan_from), _day(item.loan_to), loan.status, _day(loan.status_since),
                _number(item.insurance_value), item.insurance_currency or "",
                check.condition if check else "", _day(check.checked_on) if check else "",
                (check.notes if check else "") or item.condition_departure,
            ]
        )  # fmt: skip
    return write_csv(spectrum_header(loan.side), rows)


def _has_dimensions(item: ObjectExport) -> bool:
    return any(v is not None for v in (item.height, item.width, item.depth))


def _number(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


# --- CollectionSpace import XML -------------------------------------------------------------------

NAMESPACES = {
    "loansout_common": "http://collectionspace.org/services/loanout",
    "loansin_common": "http://collectionspace.org/services/loanin",
    "conditionchecks_common": "http://collectionspace.org/services/conditioncheck",
    "insurances_common": "http://collectionspace.org/services/insurance",
    "movements_common": "http://collectionspace.org/services/movement",
    "collectionobjects_common": "http://collectionspace.org/services/collectionobject",
}
#: (service, document type) of each record, as the import service names them.
SERVICES = {
    "loansout_common": ("Loansout", "Loanout"),
    "loansin_common": ("Loansin", "Loanin"),
    "conditionchecks_common": ("Conditionchecks", "Conditioncheck"),
    "insurances_common": ("Insurances", "Insurance"),
    "movements_common": ("Movements", "Movement"),
    "collectionobjects_common": ("CollectionObjects", "CollectionObject"),
}


def collectionspace_xml(loan: LoanExport) -> bytes:
    """The loan (out or in, by the reader's side), its objects, their condition checks, the
    insurance and each transport leg as one import document. Fields are written in each schema's
    order; those the loan does not know are left out (the import service leaves them empty)."""
    root = ET.Element("imports")
    _loan_record(root, loan)
    for item in loan.objects:
        _object_record(root, item)
    for check in loan.checks:
        _check_record(root, check, loan)
    if loan.insurance is not None:
        _insurance_record(root, loan.insurance, loan)
    for position, leg in enumerate(loan.legs, start=1):
        _movement_record(root, leg, loan, position)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _record(root: ET.Element, schema: str) -> ET.Element:
    service, kind = SERVICES[schema]
    record = ET.SubElement(root, "import", service=service, type=kind)
    part = ET.SubElement(record, "schema", name=schema)
    part.set(f"xmlns:{schema}", NAMESPACES[schema])  # declared as in CollectionSpace's own examples
    return part


def _add(parent: ET.Element, name: str, value=None) -> ET.Element:
    element = ET.SubElement(parent, name)
    if value not in (None, ""):
        element.text = value.isoformat() if isinstance(value, date) else str(value)
    return element


def _fields(parent: ET.Element, pairs) -> None:
    """Simple fields in order, only those with a value."""
    for name, value in pairs:
        if value not in (None, ""):
            _add(parent, name, value)


def _status_list(parent: ET.Element, loan: LoanExport) -> None:
    statuses = _add(parent, "loanStatusGroupList")
    for label, on, note in loan.history:
        group = _add(statuses, "loanStatusGroup")
        _add(group, "loanStatus", label)
        _add(group, "loanStatusDate", on)
        _add(group, "loanStatusNote", note)


def _loan_dates(loan: LoanExport) -> tuple[date | None, date | None]:
    starts = [o.loan_from for o in loan.objects if o.loan_from]
    ends = [o.loan_to for o in loan.objects if o.loan_to]
    return (min(starts) if starts else None, max(ends) if ends else None)


def _loan_record(root: ET.Element, loan: LoanExport) -> None:
    begins, ends = _loan_dates(loan)
    if loan.side == LENDER:
        part = _record(root, "loansout_common")
        _fields(part, [("loanOutNumber", loan.lender_reference), ("borrower", loan.borrower)])
        _status_list(part, loan)
        _fields(part, [("loanOutDate", begins), ("loanReturnDate", ends), ("loanPurpose", loan.purpose)])
        return
    part = _record(root, "loansin_common")
    _add(part, "loanInNumber", loan.borrower_reference)
    lenders = _add(part, "lenderGroupList")
    _add(_add(lenders, "lenderGroup"), "lender", loan.lender)
    _fields(part, [("loanInDate", begins), ("loanReturnDate", ends), ("loanPurpose", loan.purpose)])
    _status_list(part, loan)


def _object_record(root: ET.Element, item: ObjectExport) -> None:
    part = _record(root, "collectionobjects_common")
    _add(part, "objectNumber", item.inventory_number)
    _add(part, "numberOfObjects", 1)
    titles = _add(part, "titleGroupList")
    _add(_add(titles, "titleGroup"), "title", item.title)
    if _has_dimensions(item):
        parts = _add(part, "measuredPartGroupList")
        measured = _add(parts, "measuredPartGroup")
        dimensions = _add(measured, "dimensionSubGroupList")
        for name, value in (("height", item.height), ("width", item.width), ("depth", item.depth)):
            if value is not None:
                sub = _add(dimensions, "dimensionSubGroup")
                _add(sub, "dimension", name)
                _add(sub, "measurementUnit", _unit_term(item.dimension_unit))
                _add(sub, "value", _number(value))
    if item.materials:
        materials = _add(part, "materialGroupList")
        _add(_add(materials, "materialGroup"), "material", item.materials)
    if item.dating:
        dates = _add(part, "objectProductionDateGroupList")
        _add(_add(dates, "objectProductionDateGroup"), "dateDisplayDate", item.dating)


def _unit_term(unit: str) -> str:
    """CollectionSpace's measurement-unit terms."""
    return {"cm": "centimeters", "mm": "millimeters", "m": "meters", "in": "inches"}.get(unit, unit)


def _check_record(root: ET.Element, check: CheckExport, loan: LoanExport) -> None:
    part = _record(root, "conditionchecks_common")
    groups = _add(part, "conditionCheckGroupList")
    group = _add(groups, "conditionCheckGroup")
    _add(group, "condition", check.condition)
    _add(group, "conditionDate", check.checked_on)
    _add(group, "conditionNote", check.notes)
    dates = _add(part, "conditionCheckAssessmentDatesList")
    _add(dates, "conditionCheckAssessmentDate", check.checked_on)
    _fields(
        part,
        [
            ("conditionCheckMethod", check.method),
            ("conditionCheckReason", f"{check.checkpoint} ({loan.number})" if loan.number else check.checkpoint),
            ("conditionCheckRefNumber", f"{check.inventory_number}/{check.checkpoint}"),
            ("conditionChecker", check.checker),
        ],
    )


def _insurance_record(root: ET.Element, insurance: InsuranceExport, loan: LoanExport) -> None:
    """One insurance record per currency would split one policy; CollectionSpace has one value
    and one currency, so the first sum is the value and every sum is listed in the note."""
    part = _record(root, "insurances_common")
    first = insurance.sums[0] if insurance.sums else None
    cover = " – ".join(_day(d) for d in (insurance.cover_from, insurance.cover_to) if d)
    sums = "; ".join(f"{_number(amount)} {currency}" for amount, currency in insurance.sums)
    _fields(
        part,
        [
            ("insuranceIndemnityReferenceNumber", insurance.policy_number or loan.number),
            ("insuranceIndemnityType", insurance.kind),
            ("insurerIndemnifier", insurance.insurer),
            ("insuranceIndemnityPolicyNumber", insurance.policy_number),
            ("insuranceIndemnityCurrency", first[1] if first else ""),
            ("insuranceIndemnityValue", _number(first[0]) if first else ""),
            ("insuranceIndemnityNote", "; ".join(filter(None, (cover, sums)))),
        ],
    )


def _movement_record(root: ET.Element, leg: LegExport, loan: LoanExport, position: int) -> None:
    part = _record(root, "movements_common")
    _fields(part, [("currentLocation", leg.arrival_place), ("locationDate", leg.arrives_on)])
    methods = _add(part, "movementMethods")
    _add(methods, "movementMethod", leg.method)
    note = "; ".join(filter(None, (leg.shipper, leg.tracking)))
    _fields(
        part,
        [
            ("movementNote", note),
            ("movementReferenceNumber", f"{loan.number or 'loan'}-{position}"),
            ("plannedRemovalDate", leg.departs_on),
            ("removalDate", leg.departs_on),
            ("reasonForMove", "loan"),
        ],
    )

