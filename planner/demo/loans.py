"""The demo's loan: the Ganja reserve lends three objects to the Aziret Sultan museum-reserve for
"Ganja: a city on the Silk Road", which opened in Turkestan on 4 December 2026. Its story is
told through the loan operations (so every step has its proof): references, a signed loan
agreement, the Azerbaijani export permit, departure checks countersigned in Turkestan,
insurance, two legs, arrival checks (the bowl's crack has grown: "damaged on arrival"), on
display. Idempotent: a loan already past "requested" is left alone."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

from fpdf import FPDF
from sqlalchemy import select

from planner.accounts.models import User
from planner.extensions import db
from planner.loans import operations
from planner.loans.models import Loan
from planner.plans.models import Plan
from planner.vocabulary import LoanStatus

SILK_ROAD = "Ganja: a city on the Silk Road"


def _agreement_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, "Loan agreement GSHCR-L-2026-07 / ASM-IN-2026-112\nSigned by both parties, 2 October 2026.")
    return bytes(pdf.output())


def seed_silk_road_loan() -> bool:
    """Gather the exhibition's objects into their loan and tell its story; True when done now."""
    operations.ensure_permit_templates()
    plan = select(Plan).where(Plan.title["en"].as_string() == SILK_ROAD)
    plan = db.session.scalar(plan)
    lender = db.session.scalar(select(User).where(User.username == "curator"))
    borrower = db.session.scalar(select(User).where(User.username == "curator-turkestan"))
    if plan is None or lender is None or borrower is None:
        return False
    operations.gather_objects(plan, lender)
    loan = db.session.scalar(select(Loan).where(Loan.plan_id == plan.id))
    if loan is None or loan.status != LoanStatus.REQUESTED or len(loan.history) > 1:
        return False
    db.session.refresh(loan)
    operations.set_reference(loan, lender, "GSHCR-L-2026-07")
    operations.set_reference(loan, borrower, "ASM-IN-2026-112")
    operations.attach_loan_agreement(loan, lender, io.BytesIO(_agreement_pdf()), "loan-agreement-signed.pdf")
    operations.transition(loan, "agreed", "Loan agreement signed by both directors.", lender)
    operations.add_permit(
        loan,
        lender,
        {
            "country": "AZ",
            "status": "granted",
            "number": "MN-2026/1184",
            "applied_on": date(2026, 9, 1),
            "issued_on": date(2026, 10, 28),
            "return_by": date(2027, 5, 15),
        },
    )
    operations.transition(loan, "permit_granted", "", lender)
    objects = list(loan.objects)
    for item in objects:
        check = operations.add_condition_check(
            loan,
            lender,
            {
                "object_id": item.id,
                "checkpoint": "departure",
                "condition": "good",
                "checked_on": date(2026, 11, 24),
                "method": "Visual inspection under raking light",
                "notes": {
                    "en": "Stable; photographed before packing.",
                    "ru": "Стабильное; сфотографировано до упаковки.",
                },
            },
        )
        operations.countersign(check, borrower, agree=True)
    operations.transition(loan, "packed", "Three crates sealed in Ganja.", lender)
    operations.put_insurance(
        loan,
        lender,
        {
            "kind": "commercial",
            "insurer": "PASHA Insurance",
            "policy_number": "FA-26-00871",
            "cover_from": date(2026, 11, 15),
            "cover_to": date(2027, 5, 15),
            "nail_to_nail": True,
            "sums": [{"currency": "EUR", "amount": Decimal("87000")}],
        },
    )
    operations.add_transport_leg(
        loan,
        lender,
        {
            "method": "road",
            "shipper": "Caspian Fine Art Logistics",
            "crate_count": 3,
            "crates": [{"length": 80, "width": 60, "height": 60, "unit": "cm"}] * 3,
            "departure_place": "Ganja",
            "departs_at": datetime(2026, 11, 25, 7, 0),
            "departure_timezone": "Asia/Baku",
            "arrival_place": "Heydar Aliyev International Airport, Baku",
            "arrives_at": datetime(2026, 11, 25, 13, 0),
            "arrival_timezone": "Asia/Baku",
        },
    )
    operations.add_transport_leg(
        loan,
        lender,
        {
            "method": "air",
            "shipper": "Caspian Fine Art Logistics",
            "crate_count": 3,
            "tracking_numbers": ["AWB 123-45678901"],
            "departure_place": "Baku (GYD)",
            "departs_at": datetime(2026, 11, 26, 9, 30),
            "departure_timezone": "Asia/Baku",
            "arrival_place": "Turkistan International Airport (HSA)",
            "arrives_at": datetime(2026, 11, 26, 13, 45),
            "arrival_timezone": "Asia/Almaty",
            "crosses_border": True,
        },
    )
    operations.transition(loan, "in_transit", "Left Ganja with a courier.", lender)
    operations.transition(loan, "received", "Crates received in Turkestan, acclimatising 24 h.", borrower)
    for item in objects:
        worse = item.inventory_number == "GQ-1987-014"
        operations.add_condition_check(
            loan,
            borrower,
            {
                "object_id": item.id,
                "checkpoint": "arrival",
                "condition": "fair" if worse else "good",
                "checked_on": date(2026, 11, 28),
                "method": "Visual inspection on unpacking",
                "notes": {
                    "en": "The hairline crack on the rim has lengthened by about 4 mm."
                    if worse
                    else "As at departure.",
                    "ru": "Волосная трещина на венчике удлинилась примерно на 4 мм." if worse else "Как при отправке.",
                },
            },
        )
    operations.transition(loan, "on_display", "The exhibition opened on 4 December.", borrower)
    return True
