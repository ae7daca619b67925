"""Institutions, agreements, their parties, articles (per language version) and protocols."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.agreements.amending import required_parties
from planner.agreements.lifecycle import NOTICE_UNITS, LifecycleState, Term, lifecycle_on  # noqa: F401
from planner.extensions import db
from planner.models_base import Timestamped, utcnow

# The term arithmetic is pure and its input and output are frozen: lists and feeds ask it for the
# same agreements on the same day again and again (issue #21: a tenth of the dashboard's time).
lifecycle_on_cached = lru_cache(maxsize=16_384)(lifecycle_on)

AGREEMENT_STATUSES = ("draft", "in_force", "expired", "terminated")
AGREEMENT_KINDS = ("memorandum", "tripartite_protocol")
DEFAULT_TERMS = ("free_of_charge", "compensated", "unspecified")
AMENDMENT_STATUSES = ("pending", "applied", "rejected", "withdrawn")  # labels: planner.vocabulary.AmendmentStatus


class Institution(Timestamped, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[dict] = mapped_column(JSON, default=dict)
    short_name: Mapped[str] = mapped_column(String(80), default="")
    country: Mapped[str] = mapped_column(String(2))
    city: Mapped[str] = mapped_column(String(120), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # The languages its documents are signed in (ISO 639-1), in order of preference.
    document_languages: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")

    sites = relationship("Site", back_populates="institution", order_by="Site.id")


class Agreement(Timestamped, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version_id}  # optimistic locking: a stale save fails
    title: Mapped[dict] = mapped_column(JSON, default=dict)
    kind: Mapped[str] = mapped_column(String(32), default="memorandum")
    signed_on: Mapped[date | None] = mapped_column(Date)
    # where it was signed, as the closing formula names the city (one name, not translated)
    signed_place: Mapped[str] = mapped_column(String(200), default="", server_default="")
    term_years: Mapped[int | None] = mapped_column(Integer)  # unknown until the text or a curator says
    renewal_years: Mapped[int | None] = mapped_column(Integer)
    notice_amount: Mapped[int | None] = mapped_column(Integer)
    notice_unit: Mapped[str | None] = mapped_column(String(8))
    default_terms: Mapped[str] = mapped_column(String(16), default="unspecified")
    project_agreement_required: Mapped[bool] = mapped_column(Boolean, default=False)
    languages: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    notice_given_on: Mapped[date | None] = mapped_column(Date)
    notice_given_by_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"))
    terminated_on: Mapped[date | None] = mapped_column(Date)
    preambles: Mapped[dict] = mapped_column(JSON, default=dict)
    discrepancies: Mapped[list] = mapped_column(JSON, default=list)
    source_text: Mapped[str] = mapped_column(Text, default="", deferred=True)  # large; read only when asked for

    parties = relationship("Party", back_populates="agreement", cascade="all, delete-orphan", order_by="Party.position")
    articles = relationship(
        "Article", back_populates="agreement", cascade="all, delete-orphan", order_by="Article.number"
    )
    protocols = relationship(
        "Protocol", back_populates="agreement", cascade="all, delete-orphan", order_by="Protocol.number"
    )
    plans = relationship("Plan", back_populates="agreement", order_by="Plan.id")
    amendments = relationship(
        "PartyAmendment", back_populates="agreement", cascade="all, delete-orphan", order_by="PartyAmendment.id"
    )

    @property
    def term(self) -> Term:
        return Term(
            signed_on=self.signed_on,
            term_years=self.term_years,
            renewal_years=self.renewal_years,
            notice_amount=self.notice_amount,
            notice_unit=self.notice_unit,
            notice_given_on=self.notice_given_on,
            terminated_on=self.terminated_on,
        )

    def lifecycle(self, today: date) -> LifecycleState:
        return lifecycle_on_cached(self.term, today)

    def effective_status(self, today: date, state: LifecycleState | None = None) -> str:
        """Draft until recorded as in force; afterwards what the term arithmetic says (pass the
        lifecycle already computed for today, as lists do, so it is not computed twice)."""
        if self.status == "draft":
            return "draft"
        if self.status == "terminated":
            return "terminated"
        state = (state or self.lifecycle(today)).status
        return {"expired": "expired", "terminated": "terminated"}.get(state, "in_force")

    @property
    def lifecycle_today(self) -> LifecycleState:
        return self.lifecycle(date.today())

    @property
    def effective_status_today(self) -> str:
        return self.effective_status(date.today())

    @property
    def institution_ids(self) -> set[int]:
        return {party.institution_id for party in self.parties}


class Party(db.Model):
    __table_args__ = (UniqueConstraint("agreement_id", "institution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    signatory_name: Mapped[dict] = mapped_column(JSON, default=dict)
    signatory_title: Mapped[dict] = mapped_column(JSON, default=dict)

    agreement = relationship("Agreement", back_populates="parties")
    institution = relationship("Institution")


class Article(db.Model):
    __table_args__ = (UniqueConstraint("agreement_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    activities: Mapped[list] = mapped_column(JSON, default=list)

    agreement = relationship("Agreement", back_populates="articles")
    versions = relationship(
        "ArticleVersion", back_populates="article", cascade="all, delete-orphan", order_by="ArticleVersion.position"
    )
    plans = relationship("Plan", secondary="plan_article", back_populates="articles")

    def version(self, language: str) -> ArticleVersion | None:
        return next((v for v in self.versions if v.language == language), None)


class ArticleVersion(db.Model):
    """One language version of an article: all versions have equal legal force."""

    __table_args__ = (UniqueConstraint("article_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    position: Mapped[int] = mapped_column(Integer, default=0)
    heading: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    activities: Mapped[list] = mapped_column(JSON, default=list)

    article = relationship("Article", back_populates="versions")


class Protocol(db.Model):
    """An amendment: only in writing, as a separate numbered protocol (Art. 7 of the seed MoU)."""

    __table_args__ = (UniqueConstraint("agreement_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    signed_on: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, default="")

    agreement = relationship("Agreement", back_populates="protocols")


class PartyAmendment(db.Model):
    """A proposed change of the parties of an agreement in force (Art. 7: amendments by consent).
    It keeps the parties proposed, in order and with the signatories of those joining, and takes
    effect only when every current and every joining party has approved it, or when an
    administrator applies it; until then the agreement's parties stay as they were."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    #: The parties proposed, in order: [{"institution_id", "signatory_name", "signatory_title"}].
    parties: Mapped[list] = mapped_column(JSON, default=list)
    added: Mapped[list] = mapped_column(JSON, default=list)  # institution ids that join
    removed: Mapped[list] = mapped_column(JSON, default=list)  # institution ids that leave
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    agreement = relationship("Agreement", back_populates="amendments")
    approvals = relationship(
        "PartyAmendmentApproval",
        back_populates="amendment",
        cascade="all, delete-orphan",
        order_by="PartyAmendmentApproval.id",
    )
    proposed_by = relationship("User", foreign_keys=[proposed_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    @property
    def proposed_ids(self) -> list[int]:
        return [party["institution_id"] for party in self.parties]

    @property
    def required_ids(self) -> set[int]:
        """Whose consent it needs: the parties when it was proposed and those joining."""
        return required_parties(self.proposed_ids, self.removed)

    @property
    def approved_ids(self) -> set[int]:
        return {approval.institution_id for approval in self.approvals}

    @property
    def awaiting_ids(self) -> set[int]:
        return self.required_ids - self.approved_ids if self.status == "pending" else set()

    @property
    def required_list(self) -> list[int]:
        return sorted(self.required_ids)

    @property
    def awaiting_list(self) -> list[int]:
        return sorted(self.awaiting_ids)


class PartyAmendmentApproval(db.Model):
    """One institution's consent to a party amendment (once per institution)."""

    __table_args__ = (UniqueConstraint("amendment_id", "institution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("party_amendment.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    approved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    amendment = relationship("PartyAmendment", back_populates="approvals")
    institution = relationship("Institution")
