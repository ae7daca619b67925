"""Plans: the concrete projects carried out under an agreement, and their kind-specific parts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.attachments.models import Attachment  # noqa: F401  (a signed copy's file)
from planner.extensions import db
from planner.models_base import Timestamped, utcnow
from planner.multilingual import keep_in_step
from planner.vocabulary import PlanStatus

PLAN_STATUSES = PlanStatus.keys()
PLAN_TERMS = ("free_of_charge", "compensated")
#: The longest comment (characters): a discussion, not a document (those are attachments).
COMMENT_LIMIT = 4000
COST_CATEGORIES = ("transport", "insurance", "venue", "catalogue", "per_diem", "fees", "publicity", "packing", "other")

plan_article = Table(
    "plan_article",
    db.metadata,
    Column("plan_id", ForeignKey("plan.id"), primary_key=True),
    Column("article_id", ForeignKey("article.id"), primary_key=True),
    Index("ix_plan_article_article_id", "article_id"),  # an article's plans (the key leads with plan_id)
)
plan_partner = Table(
    "plan_partner",
    db.metadata,
    Column("plan_id", ForeignKey("plan.id"), primary_key=True),
    Column("institution_id", ForeignKey("institution.id"), primary_key=True),
)


class Plan(Timestamped, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version_id}  # optimistic locking: a stale save fails
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    title: Mapped[dict] = mapped_column(JSON, default=dict)
    description: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(24), default=PlanStatus.DRAFT.value, index=True)
    lead_institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"), index=True)
    terms: Mapped[str] = mapped_column(String(16), default="free_of_charge")
    project_agreement_ref: Mapped[str] = mapped_column(String(120), default="")
    project_agreement_date: Mapped[date | None] = mapped_column(Date)
    online_url: Mapped[str] = mapped_column(String(500), default="")
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)  # no index: see Event.deleted_at
    # After the fact (issue #30): what the plan produced, per language, written when completed.
    outcome: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")

    agreement = relationship("Agreement", back_populates="plans")
    lead_institution = relationship("Institution", foreign_keys=[lead_institution_id])
    partners = relationship("Institution", secondary=plan_partner, order_by="Institution.id")
    articles = relationship("Article", secondary=plan_article, back_populates="plans", order_by="Article.number")
    venues = relationship(
        "PlanVenue", back_populates="plan", cascade="all, delete-orphan", order_by="PlanVenue.position"
    )
    cost_items = relationship("CostItem", back_populates="plan", cascade="all, delete-orphan", order_by="CostItem.id")
    loan_objects = relationship(
        "LoanObject", back_populates="plan", cascade="all, delete-orphan", order_by="LoanObject.id"
    )
    participants = relationship(
        "Participant", back_populates="plan", cascade="all, delete-orphan", order_by="Participant.id"
    )
    route_stops = relationship(
        "RouteStop", back_populates="plan", cascade="all, delete-orphan", order_by="RouteStop.position"
    )
    events = relationship("Event", back_populates="plan", order_by="Event.range_start")
    approvals = relationship(
        "Approval", back_populates="plan", cascade="all, delete-orphan", order_by="Approval.approved_at"
    )
    signed_copies = relationship("SignedCopy", back_populates="plan", order_by="SignedCopy.id")
    comments = relationship(
        "PlanComment", back_populates="plan", cascade="all, delete-orphan", order_by="PlanComment.id"
    )

    @property
    def partner_ids(self) -> list[int]:
        return [institution.id for institution in self.partners]

    @property
    def article_numbers(self) -> list[int]:
        return [article.number for article in self.articles]

    @property
    def current_fingerprint(self) -> str:
        """What an approval approves: the fingerprint of the plan's content now."""
        from planner.plans.approval import fingerprint, plan_content

        return fingerprint(plan_content(self))

    @property
    def signed_on(self) -> date | None:
        """The day the last party's signed copy of the current content arrived, when every
        party has one (`planner.plans.signing`)."""
        from planner.plans.signing import signed_on

        if not self.signed_copies:
            return None
        return signed_on(set(self.agreement.institution_ids), self.signed_copies, self.current_fingerprint)


class PlanVenue(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    visitors: Mapped[int | None] = mapped_column(Integer)  # after the fact: the run's visitors

    plan = relationship("Plan", back_populates="venues")
    site = relationship("Site")


class RouteStop(db.Model):
    """A stop of a heritage route: like a venue, a site of the plan with its dates and place in order."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    arrival: Mapped[date | None] = mapped_column(Date)
    departure: Mapped[date | None] = mapped_column(Date)

    plan = relationship("Plan", back_populates="route_stops")
    site = relationship("Site")


class CostItem(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    payer_institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    incurred_by_institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"))
    category: Mapped[str] = mapped_column(String(16), default="other")
    description: Mapped[str] = mapped_column(String(300), default="")
    # What the cost is in every language; `description` keeps the English (or only) value.
    descriptions: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 3))
    currency: Mapped[str] = mapped_column(String(3))
    actual_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 3))  # after the fact, same currency

    plan = relationship("Plan", back_populates="cost_items")
    payer = relationship("Institution", foreign_keys=[payer_institution_id])
    incurred_by = relationship("Institution", foreign_keys=[incurred_by_institution_id])


class LoanObject(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    lender_institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    inventory_number: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    # Each text in every language ({"en": ..., "ru": ...}); the single columns keep the English
    # (or only) value for older API clients (planner.multilingual).
    titles: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    loan_from: Mapped[date | None] = mapped_column(Date)
    loan_to: Mapped[date | None] = mapped_column(Date)
    insurance_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 3))
    insurance_currency: Mapped[str | None] = mapped_column(String(3))
    condition_departure: Mapped[str] = mapped_column(Text, default="")
    condition_return: Mapped[str] = mapped_column(Text, default="")
    conditions_departure: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    conditions_return: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    # The loan record (planner.loans) the object travels under, and the registrar's description of
    # it: kept up to date for months after the approval, so not approvable content.
    loan_id: Mapped[int | None] = mapped_column(ForeignKey("loan.id"), index=True)
    height: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    width: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    depth: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    dimension_unit: Mapped[str] = mapped_column(String(4), default="cm", server_default="cm")
    materials: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")  # per language
    dating: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")  # date or period, per language
    credit_line: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")  # per language

    plan = relationship("Plan", back_populates="loan_objects")
    lender = relationship("Institution")
    loan = relationship("Loan", foreign_keys=[loan_id])


class Participant(db.Model):
    """A person travelling under a staff exchange, or a member of a working group."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # The name casefolded in Python (SQLite's lower() knows only ASCII): the plan page finds
    # every stay of its people through this index, in every language.
    name_key: Mapped[str] = mapped_column(String(400), default="", server_default="", index=True)
    role: Mapped[str] = mapped_column(String(120), default="")
    roles: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")  # per language, as LoanObject's
    home_institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    host_institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"))
    from_date: Mapped[date | None] = mapped_column(Date)
    to_date: Mapped[date | None] = mapped_column(Date)

    plan = relationship("Plan", back_populates="participants")
    home_institution = relationship("Institution", foreign_keys=[home_institution_id])
    host_institution = relationship("Institution", foreign_keys=[host_institution_id])


class Approval(db.Model):
    """A party's approval of one exact content of a plan, identified by its fingerprint.

    At most one standing (not withdrawn) approval per institution and content: the database
    refuses a second one even when two requests race past the operation's own check."""

    __table_args__ = (
        Index(
            "uq_approval_standing",
            "plan_id",
            "institution_id",
            "fingerprint",
            unique=True,
            sqlite_where=text("withdrawn_at IS NULL"),
            postgresql_where=text("withdrawn_at IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    approved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    fingerprint: Mapped[str] = mapped_column(String(64))
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)

    plan = relationship("Plan", back_populates="approvals")
    institution = relationship("Institution")
    user = relationship("User")


class SignedCopy(db.Model):
    """A party's scan of the signed project agreement: the stored file, the party and the plan
    version (fingerprint) it signs. Not approvable content; kept when the content changes, and
    then shown as "signed an earlier version"."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachment.id"), unique=True)
    fingerprint: Mapped[str] = mapped_column(String(64))

    plan = relationship("Plan", back_populates="signed_copies")
    institution = relationship("Institution")
    attachment = relationship("Attachment", lazy="joined")

    @property
    def uploaded_at(self) -> datetime:
        return self.attachment.uploaded_at

    @property
    def uploaded_by_id(self) -> int | None:
        return self.attachment.uploaded_by_id

    @property
    def sha256(self) -> str:
        return self.attachment.sha256

    @property
    def current(self) -> bool:
        """Whether it signs the plan's content as it is now."""
        return self.fingerprint == self.plan.current_fingerprint


class PlanComment(db.Model):
    """A message in a plan's discussion, or a partner's request for changes (`kind`). Not
    content: nothing here is in the fingerprint, so a comment never withdraws an approval. It
    keeps the version it was written on (the fingerprint and the plan's version number then)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"))
    kind: Mapped[str] = mapped_column(String(16), default="comment")  # comment | change_request
    text: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64))
    plan_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    plan = relationship("Plan", back_populates="comments")
    user = relationship("User")
    institution = relationship("Institution")


#: The texts of a part that a user types in every language (single-value column names).
LOAN_TEXTS = ("title", "condition_departure", "condition_return")
PARTICIPANT_TEXTS = ("role",)
COST_TEXTS = ("description",)
keep_in_step(CostItem, *COST_TEXTS)
keep_in_step(LoanObject, *LOAN_TEXTS)
keep_in_step(Participant, *PARTICIPANT_TEXTS)


@event.listens_for(Participant, "before_insert")
@event.listens_for(Participant, "before_update")
def _key_the_name(mapper, connection, target: Participant) -> None:
    target.name_key = person_key(target.name)


def person_key(name: str | None) -> str:
    """How names are compared: the same person whatever the letter case, in any script."""
    return (name or "").casefold()
