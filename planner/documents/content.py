"""The project agreement's data made from the plan's approvable content
(`planner.plans.approval.plan_content`) and presentation-only facts (what ids are called, the
signatories, the article headings): pure, so what a document prints about the plan is, by
construction, what the parties approve and its fingerprint names."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.documents.data import (
    AgreementData,
    ArticleData,
    CostData,
    EventData,
    LoanData,
    ParticipantData,
    PartyData,
    PlaceData,
)


@dataclass(frozen=True)
class Presentation:
    """What the content refers to by id, named for print; nothing here is the plan's content."""

    plan_id: int
    institutions: dict[int, dict] = field(default_factory=dict)  # id -> name per language
    sites: dict[int, dict] = field(default_factory=dict)  # id -> name per language
    parties: tuple[PartyData, ...] = ()  # the memorandum's parties with their signatories
    headings: dict[int, dict] = field(default_factory=dict)  # article number -> heading per language
    memorandum_title: dict = field(default_factory=dict)
    memorandum_signed_on: date | None = None


def agreement_data_from(
    content: dict,
    shown: Presentation,
    *,
    fingerprint: str = "",
    approved: bool = False,
    last_approval: date | None = None,
) -> AgreementData:
    reference, signing_date = content["project_agreement"]
    return AgreementData(
        plan_id=shown.plan_id,
        kind=content["kind"],
        title=dict(content["title"] or {}),
        description=dict(content["description"] or {}),
        terms=content["terms"],
        reference=reference or "",
        signing_date=_date(signing_date),
        memorandum_title=shown.memorandum_title,
        memorandum_signed_on=shown.memorandum_signed_on,
        parties=_parties(content, shown),
        articles=tuple(ArticleData(number, shown.headings.get(number, {})) for number in content["articles"]),
        venues=tuple(_place(row, shown, "opens_on", "closes_on") for row in content["venues"]),
        events=_events(content["events"], shown),
        route=tuple(_place(row, shown, "arrival", "departure") for row in content["route"]),
        participants=tuple(_participant(row, shown) for row in content["participants"]),
        costs=tuple(_cost(row, shown) for row in content["costs"]),
        loans=tuple(_loan(row, shown) for row in content["loans"]),
        fingerprint=fingerprint,
        approved=approved,
        last_approval=last_approval,
    )


def _parties(content: dict, shown: Presentation) -> tuple[PartyData, ...]:
    """The plan's lead and partners, in that order, with their signatories from the memorandum;
    all the memorandum's parties when the plan names none."""
    signing = {party.institution_id: party for party in shown.parties}
    ids = list(dict.fromkeys(i for i in (content["lead"], *content["partners"]) if i is not None))
    if not ids:
        return shown.parties
    return tuple(signing.get(i) or PartyData(i, shown.institutions.get(i, {})) for i in ids)


def _place(row: dict, shown: Presentation, first: str, last: str) -> PlaceData:
    return PlaceData(shown.sites.get(row["site_id"], {}), _date(row[first]), _date(row[last]))


def _events(rows: list[dict], shown: Presentation) -> tuple[EventData, ...]:
    """Each series or single event, in time order, each moved occurrence after its series."""
    moved: dict[str, list[dict]] = {}
    for row in rows:
        if row["override_of_id"]:
            moved.setdefault(row["override_of_id"], []).append(row)
    series = sorted((row for row in rows if not row["override_of_id"]), key=_start_key)
    found = []
    for row in series:
        found.append(_event(row, shown, moved=len(moved.get(row["uid"], ()))))
        found.extend(_event(m, shown) for m in sorted(moved.pop(row["uid"], ()), key=_start_key))
    for orphans in moved.values():  # moved occurrences of a deleted series
        found.extend(_event(m, shown) for m in orphans)
    return tuple(found)


def _start_key(row: dict) -> tuple:
    return (str(row["starts_at"] or row["start_date"] or ""), row["uid"])


def _event(row: dict, shown: Presentation, moved: int = 0) -> EventData:
    zone = _zone(row["timezone"])
    end_date = _date(row["end_date"])
    replaces = row["recurrence_id"]
    return EventData(
        title=dict(row["titles"] or {}),
        timezone=row["timezone"],
        place=shown.sites.get(row["site_id"]) if row["site_id"] else None,
        online=bool(row["online_url"]),
        all_day=bool(row["all_day"]),
        start_date=_date(row["start_date"]) if row["all_day"] else None,
        end_date=end_date - timedelta(days=1) if row["all_day"] and end_date else None,
        starts_at=None if row["all_day"] else _local(row["starts_at"], zone),
        ends_at=None if row["all_day"] else _local(row["ends_at"], zone),
        repeats=row["recurrence_frequency"],
        count=row["recurrence_count"],
        status=row["status"],
        interval=row["recurrence_interval"] or 1,
        until=_date(row["recurrence_until"]),
        excluded=len(row["excluded_dates"] or ()),
        moved=moved,
        replaces=(datetime.fromisoformat(replaces) if "T" in replaces else _date(replaces)) if replaces else None,
    )


def _participant(row: dict, shown: Presentation) -> ParticipantData:
    host = row["host_institution_id"]
    return ParticipantData(
        row["name"],
        dict(row["roles"] or {}),
        shown.institutions.get(row["home_institution_id"], {}),
        shown.institutions.get(host, {}) if host is not None else None,
        _date(row["from_date"]),
        _date(row["to_date"]),
    )


def _cost(row: dict, shown: Presentation) -> CostData:
    part_of = row["incurred_by_institution_id"]
    return CostData(
        row["payer_institution_id"],
        shown.institutions.get(row["payer_institution_id"], {}),
        row["category"],
        dict(row["descriptions"] or {}),
        Decimal(row["amount"]),
        row["currency"],
        shown.institutions.get(part_of, {}) if part_of is not None else None,
    )


def _loan(row: dict, shown: Presentation) -> LoanData:
    value = row["insurance_value"]
    return LoanData(
        shown.institutions.get(row["lender_institution_id"], {}),
        row["inventory_number"],
        dict(row["titles"] or {}),
        None if value is None else Decimal(value),
        row["insurance_currency"],
        dict(row["conditions_departure"] or {}),
        _date(row.get("loan_from")),
        _date(row.get("loan_to")),
    )


def _date(value) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _local(value, zone: ZoneInfo) -> datetime | None:
    """A stored instant (naive UTC, ISO) as the wall-clock time of the event's zone."""
    return datetime.fromisoformat(value).replace(tzinfo=UTC).astimezone(zone) if value else None
