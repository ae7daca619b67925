"""The loan record and what registrars attach to it: status history, condition checks with
photos, insurance or indemnity, transport legs and couriers, export permits.

None of this is approvable plan content: the plan's parties approve the objects (planner.plans,
`LoanObject`), while the loan record keeps moving for months after the approval (its proofs are
checked by the loan's own steps, `planner.loans.operations`). A loan object belongs to one loan
through `LoanObject.loan_id`."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.attachments.models import Attachment  # noqa: F401  (photos, certificates, permits)
from planner.extensions import db
from planner.models_base import Timestamped, utcnow
from planner.vocabulary import LoanStatus, PermitStatus


class Loan(Timestamped, db.Model):
    """One lender, one borrower, one plan. Each side keeps its own reference number."""

    __table_args__ = (UniqueConstraint("plan_id", "lender_institution_id", "borrower_institution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version_id}  # two registrars saving at once: one is told
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    lender_institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), index=True)
    borrower_institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), index=True)
    status: Mapped[str] = mapped_column(String(24), default=LoanStatus.REQUESTED.value, index=True)
    lender_reference: Mapped[str] = mapped_column(String(64), default="")
    borrower_reference: Mapped[str] = mapped_column(String(64), default="")
    # A signed loan agreement of its own: proof for "agreed" when the plan's project agreement is
    # not signed by every party (planner.loans.operations).
    loan_agreement_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))

    plan = relationship("Plan")
    loan_agreement = relationship("Attachment", foreign_keys=[loan_agreement_id])
    lender = relationship("Institution", foreign_keys=[lender_institution_id])
    borrower = relationship("Institution", foreign_keys=[borrower_institution_id])
    objects = relationship("LoanObject", order_by="LoanObject.id", viewonly=True)
    history = relationship(
        "LoanStatusChange", back_populates="loan", cascade="all, delete-orphan", order_by="LoanStatusChange.id"
    )
    condition_checks = relationship(
        "ConditionCheck", back_populates="loan", cascade="all, delete-orphan", order_by="ConditionCheck.id"
    )
    insurance = relationship("LoanInsurance", back_populates="loan", cascade="all, delete-orphan", uselist=False)
    transport_legs = relationship(
        "TransportLeg", back_populates="loan", cascade="all, delete-orphan", order_by="TransportLeg.position"
    )
    couriers = relationship("Courier", back_populates="loan", cascade="all, delete-orphan", order_by="Courier.id")
    permits = relationship(
        "ExportPermit", back_populates="loan", cascade="all, delete-orphan", order_by="ExportPermit.id"
    )


class LoanStatusChange(db.Model):
    """One step of a loan: from which status to which, who, when, and why (the history)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    loan = relationship("Loan", back_populates="history")
    by = relationship("User")


class ConditionCheck(db.Model):
    """An object's condition at one checkpoint, countersigned (or disputed) by a user of the other
    party: the checker's institution is one side of the loan, the countersigner's the other."""

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id"), index=True)
    loan_object_id: Mapped[int] = mapped_column(ForeignKey("loan_object.id"), index=True)
    checkpoint: Mapped[str] = mapped_column(String(16))
    checked_on: Mapped[date] = mapped_column(Date)
    checker_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    checker_institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    method: Mapped[str] = mapped_column(String(200), default="")
    condition: Mapped[str] = mapped_column(String(16))
    notes: Mapped[dict] = mapped_column(JSON, default=dict)  # per language (planner.multilingual)
    countersigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    countersigned_at: Mapped[datetime | None] = mapped_column(DateTime)
    disputed: Mapped[bool] = mapped_column(Boolean, default=False)  # countersigned with a disagreement
    dispute_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    loan = relationship("Loan", back_populates="condition_checks")
    loan_object = relationship("LoanObject")
    checker = relationship("User", foreign_keys=[checker_id])
    checker_institution = relationship("Institution")
    countersigned_by = relationship("User", foreign_keys=[countersigned_by_id])
    photos = relationship(
        "ConditionPhoto", back_populates="check", cascade="all, delete-orphan", order_by="ConditionPhoto.position"
    )


class ConditionPhoto(db.Model):
    """A photo of a condition check (EXIF stripped when stored) and its thumbnail."""

    id: Mapped[int] = mapped_column(primary_key=True)
    condition_check_id: Mapped[int] = mapped_column(ForeignKey("condition_check.id"), index=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachment.id"))
    thumbnail_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    position: Mapped[int] = mapped_column(Integer, default=1)

    check = relationship("ConditionCheck", back_populates="photos")
    attachment = relationship("Attachment", foreign_keys=[attachment_id])
    thumbnail = relationship("Attachment", foreign_keys=[thumbnail_id])


class LoanObjectImage(db.Model):
    """A picture of a loan object (its record, not a condition photo)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_object_id: Mapped[int] = mapped_column(ForeignKey("loan_object.id"), index=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachment.id"))
    thumbnail_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    position: Mapped[int] = mapped_column(Integer, default=1)

    loan_object = relationship("LoanObject")
    attachment = relationship("Attachment", foreign_keys=[attachment_id])
    thumbnail = relationship("Attachment", foreign_keys=[thumbnail_id])


class LoanInsurance(db.Model):
    """Insurance or indemnity of a loan: what it covers, when, for how much in each currency."""

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(24))
    insurer: Mapped[str] = mapped_column(String(300), default="")  # insurer or indemnifier
    policy_number: Mapped[str] = mapped_column(String(120), default="")
    cover_from: Mapped[date | None] = mapped_column(Date)
    cover_to: Mapped[date | None] = mapped_column(Date)
    nail_to_nail: Mapped[bool] = mapped_column(Boolean, default=True)
    excess_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 3))
    excess_currency: Mapped[str | None] = mapped_column(String(3))
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))

    loan = relationship("Loan", back_populates="insurance")
    certificate = relationship("Attachment")
    sums = relationship(
        "InsuredSum", back_populates="insurance", cascade="all, delete-orphan", order_by="InsuredSum.currency"
    )


class InsuredSum(db.Model):
    """The sum insured in one currency: sums in different currencies are never added up."""

    __table_args__ = (UniqueConstraint("insurance_id", "currency"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    insurance_id: Mapped[int] = mapped_column(ForeignKey("loan_insurance.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 3))
    currency: Mapped[str] = mapped_column(String(3))

    insurance = relationship("LoanInsurance", back_populates="sums")


class TransportLeg(db.Model):
    """One leg of the objects' journey: how, by whom, in which crates, from where to where, when
    (stored in UTC with each end's time zone, shown in that zone)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    uid: Mapped[str] = mapped_column(String(255), unique=True)  # its calendar item's UID
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    is_return: Mapped[bool] = mapped_column(Boolean, default=False)
    method: Mapped[str] = mapped_column(String(16))
    shipper: Mapped[str] = mapped_column(String(300), default="")
    crate_count: Mapped[int] = mapped_column(Integer, default=0)
    crates: Mapped[list] = mapped_column(JSON, default=list)  # [{"length", "width", "height", "unit"}]
    tracking_numbers: Mapped[list] = mapped_column(JSON, default=list)
    departure_place: Mapped[str] = mapped_column(String(300), default="")
    departs_at: Mapped[datetime | None] = mapped_column(DateTime)
    departure_timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    arrival_place: Mapped[str] = mapped_column(String(300), default="")
    arrives_at: Mapped[datetime | None] = mapped_column(DateTime)
    arrival_timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    crosses_border: Mapped[bool] = mapped_column(Boolean, default=False)

    loan = relationship("Loan", back_populates="transport_legs")
    couriers = relationship("Courier", back_populates="leg", order_by="Courier.id")


class Courier(db.Model):
    """A participant of the plan who accompanies the objects, and their travel."""

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    transport_leg_id: Mapped[int | None] = mapped_column(ForeignKey("transport_leg.id"), index=True)
    uid: Mapped[str] = mapped_column(String(255), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    travels_out_on: Mapped[date | None] = mapped_column(Date)
    travels_back_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    loan = relationship("Loan", back_populates="couriers")
    participant = relationship("Participant")
    leg = relationship("TransportLeg", back_populates="couriers")


class ExportPermit(db.Model):
    """The temporary-export permit of the country the objects leave from."""

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id"), index=True)
    country: Mapped[str] = mapped_column(String(2))
    authority: Mapped[str] = mapped_column(String(300), default="")
    document_name: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(16), default=PermitStatus.APPLIED.value)
    number: Mapped[str] = mapped_column(String(120), default="")
    applied_on: Mapped[date | None] = mapped_column(Date)
    issued_on: Mapped[date | None] = mapped_column(Date)
    return_by: Mapped[date | None] = mapped_column(Date)
    uid: Mapped[str] = mapped_column(String(255), unique=True)  # the return-by date's calendar item
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))

    loan = relationship("Loan", back_populates="permits")
    document = relationship("Attachment")


class PermitTemplate(Timestamped, db.Model):
    """What a country's temporary-export permit is called, who grants it, how long it usually
    takes: shipped for AZ, KZ, UZ and TR, edited by administrators."""

    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(2), unique=True)
    authority: Mapped[dict] = mapped_column(JSON, default=dict)  # per language
    document_name: Mapped[dict] = mapped_column(JSON, default=dict)  # per language
    lead_time_days: Mapped[int] = mapped_column(Integer, default=30)
