"""The plain data a project agreement is made from: no database, no Flask, so the document
model can be built and tested from literals. Multilingual values are {language: text} dicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class PartyData:
    institution_id: int
    name: dict
    city: str = ""
    document_languages: tuple[str, ...] = ()
    signatory_name: dict = field(default_factory=dict)
    signatory_title: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ArticleData:
    number: int
    headings: dict  # {language: heading}


@dataclass(frozen=True)
class PlaceData:
    """A venue or a route stop: a site's name and the days it is used."""

    name: dict
    first: date | None = None
    last: date | None = None


@dataclass(frozen=True)
class EventData:
    title: dict  # per language, as typed
    timezone: str
    place: dict | None = None
    online: bool = False
    all_day: bool = False
    start_date: date | None = None
    end_date: date | None = None  # the last day, inclusive
    starts_at: datetime | None = None  # aware, in the event's own zone
    ends_at: datetime | None = None
    repeats: str | None = None  # daily / weekly / monthly / yearly
    count: int | None = None
    status: str = "confirmed"
    interval: int = 1
    until: date | None = None
    excluded: int = 0  # occurrences left out
    moved: int = 0  # occurrences moved (each is an event of its own, with `replaces`)
    replaces: date | datetime | None = None  # a moved occurrence: the start it replaces (local)


@dataclass(frozen=True)
class ParticipantData:
    name: str
    role: dict
    home: dict
    host: dict | None
    first: date | None
    last: date | None


@dataclass(frozen=True)
class CostData:
    payer_id: int
    payer: dict
    category: str
    description: dict  # per language
    amount: Decimal
    currency: str
    part_of: dict | None = None  # the party whose part of the project the cost is for


@dataclass(frozen=True)
class LoanData:
    lender: dict
    inventory_number: str
    title: dict
    insurance_value: Decimal | None
    insurance_currency: str | None
    condition_departure: dict
    loan_from: date | None = None
    loan_to: date | None = None


@dataclass(frozen=True)
class LoanRecordData:
    """A loan record's state when the document is made (planner.loans): for information beside
    the approved content, never part of it. Vocabulary values are keys (their words per language
    are in the document's wording)."""

    lender: dict
    borrower: dict
    status: str
    lender_reference: str = ""
    borrower_reference: str = ""
    departure: tuple[tuple[str, str | None, date | None], ...] = ()  # (inventory number, condition, checked on)
    insurance_kind: str | None = None
    insurer: str = ""
    policy_number: str = ""
    cover_from: date | None = None
    cover_to: date | None = None
    sums: tuple[tuple[Decimal, str], ...] = ()
    legs: tuple[tuple[str, str, str, date | None, date | None], ...] = ()  # (method, from, to, departs, arrives)


@dataclass(frozen=True)
class AgreementData:
    """One plan as its project agreement needs it."""

    plan_id: int
    kind: str
    title: dict
    description: dict
    terms: str
    reference: str
    signing_date: date | None
    memorandum_title: dict
    memorandum_signed_on: date | None
    parties: tuple[PartyData, ...]
    articles: tuple[ArticleData, ...] = ()
    venues: tuple[PlaceData, ...] = ()
    events: tuple[EventData, ...] = ()
    route: tuple[PlaceData, ...] = ()
    participants: tuple[ParticipantData, ...] = ()
    costs: tuple[CostData, ...] = ()
    loans: tuple[LoanData, ...] = ()
    fingerprint: str = ""
    approved: bool = False
    last_approval: date | None = None
    place_of_signing: str = ""
    loan_records: tuple[LoanRecordData, ...] = ()  # printed apart, "for information" (not content)
    record_date: date | None = None

