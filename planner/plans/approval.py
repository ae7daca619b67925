"""Two-party approval: a party approves one exact content of a plan, named by its fingerprint.

`plan_content` is the one statement of what the parties rely on: every column of every plan
part that the project agreement prints or a partner relies on, every language of every text.
The project agreement (`planner.documents`) is built from this same content, so what is signed
and what is approved cannot drift; `tests/plans/test_fingerprint.py` fails when a table
gains a column that is neither here nor on `NOT_CONTENT`. Any change of the content changes
the fingerprint, which withdraws the approvals; the snapshot kept with an approval lets both
sides see what changed since the version they approved (`planner.plans.summary`).

The builder reads attributes only, so it works on ORM rows and on plain rows read by SQL alike
(the migration that re-stamped approvals for this content, 0007_fingerprint, does that)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from planner.multilingual import MULTILINGUAL, texts

#: The plan's own fields in the content, each from its columns (two columns make a pair).
PLAN_FIELDS = {
    "agreement": ("agreement_id",),
    "kind": ("kind",),
    "title": ("title",),
    "description": ("description",),
    "terms": ("terms",),
    "project_agreement": ("project_agreement_ref", "project_agreement_date"),
    "lead": ("lead_institution_id",),
    "online_url": ("online_url",),
}
#: Each list part of the content: its table and the columns each of its rows carries, by
#: column name; a column of values per language ("titles") carries every language.
PART_COLUMNS = {
    "venues": ("plan_venue", ("site_id", "opens_on", "closes_on")),
    "route": ("route_stop", ("site_id", "arrival", "departure")),
    "events": (
        "event",
        (
            "uid",
            "titles",
            "descriptions",
            "kind",
            "status",
            "site_id",
            "online_url",
            "all_day",
            "timezone",
            "starts_at",
            "ends_at",
            "start_date",
            "end_date",
            "recurrence_frequency",
            "recurrence_interval",
            "recurrence_count",
            "recurrence_until",
            "excluded_dates",
            "override_of_id",
            "recurrence_id",
        ),
    ),  # fmt: skip
    "costs": (
        "cost_item",
        ("payer_institution_id", "incurred_by_institution_id", "category", "descriptions", "amount", "currency"),
    ),
    "loans": (
        "loan_object",
        (
            "lender_institution_id",
            "inventory_number",
            "titles",
            "loan_from",
            "loan_to",
            "insurance_value",
            "insurance_currency",
            "conditions_departure",
            "conditions_return",
        ),
    ),  # fmt: skip
    "participants": (
        "participant",
        ("name", "roles", "home_institution_id", "host_institution_id", "from_date", "to_date"),
    ),
}
#: The link tables: the content names the partners by institution and the articles by number.
LINK_FIELDS = {"plan_partner": ("partners", "institution_id"), "plan_article": ("articles", "article_id")}
#: The columns of the parts that name an institution (the change summary and the document name them).
INSTITUTION_COLUMNS = (
    ("costs", "payer_institution_id"),
    ("costs", "incurred_by_institution_id"),
    ("loans", "lender_institution_id"),
    ("participants", "home_institution_id"),
    ("participants", "host_institution_id"),
)
#: Lists in the order their `position` column gives them (the order is content, the number is not).
ORDERED_PARTS = ("venues", "route")
APPROVAL_FIELDS = (*PLAN_FIELDS, "partners", "articles", *PART_COLUMNS)
_SINGLE_OF = {multi: single for single, multi in MULTILINGUAL.items()}
_AMOUNT = Decimal("0.001")  # the scale of every stored amount (Numeric(18, 3))


def plan_content(plan) -> dict:
    """The approvable content of a plan as plain, JSON-ready data (already-loaded relations only)."""
    content = {name: _plan_field(plan, columns) for name, columns in PLAN_FIELDS.items()}
    content["partners"] = sorted(i.id for i in plan.partners)
    content["articles"] = sorted(a.number for a in plan.articles)
    events = [e for e in plan.events if e.deleted_at is None]
    uids = {e.id: e.uid for e in plan.events}
    sources = {
        "venues": plan.venues,
        "route": plan.route_stops,
        "events": events,
        "costs": plan.cost_items,
        "loans": plan.loan_objects,
        "participants": plan.participants,
    }
    for part, rows in sources.items():
        records = [_record(row, PART_COLUMNS[part][1]) for row in rows]
        if part == "events":
            for record in records:
                record["override_of_id"] = uids.get(record["override_of_id"])  # the series, by its UID
        content[part] = records if part in ORDERED_PARTS else sorted(records, key=_sort_key)
    return content


def _plan_field(plan, columns: tuple[str, ...]):
    values = [_plain(getattr(plan, column)) for column in columns]
    return values[0] if len(values) == 1 else values


def _record(row, columns: tuple[str, ...]) -> dict:
    """One part's row as {column: plain value}; a column of values per language reads through
    `texts`, so a row written with its single value alone shows that value."""
    return {
        column: _plain(dict(texts(row, _SINGLE_OF[column])) if column in _SINGLE_OF else getattr(row, column))
        for column in columns
    }


def _plain(value):
    """A value as JSON holds it, the same whether it was just assigned or read back."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.quantize(_AMOUNT):f}"
    if isinstance(value, dict):
        return {key: text for key, text in sorted(value.items()) if text not in (None, "")}
    if isinstance(value, list | tuple):
        return sorted(str(item) for item in value)
    return value


def _sort_key(record: dict) -> str:
    """Unordered parts (costs, objects, people, events) in a fixed order: by their values, so
    the fingerprint does not depend on the order the rows were stored in."""
    return json.dumps(list(record.values()), ensure_ascii=False, default=str)


def fingerprint(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def changes_between(before: dict, after: dict) -> list[Change]:
    """A terse diff (tests, logs): each top-level field that differs, with the rows added and
    removed. People read `planner.plans.summary` instead."""
    found = []
    for field in APPROVAL_FIELDS:
        old, new = before.get(field), after.get(field)
        if old == new:
            continue
        if isinstance(old, list) and isinstance(new, list) and all(isinstance(x, list | dict) for x in old + new):
            removed = [_row(x) for x in old if x not in new]
            added = [_row(x) for x in new if x not in old]
            found.append(Change(field, "; ".join(removed) or "—", "; ".join(added) or "—"))
        else:
            found.append(Change(field, _row(old), _row(new)))
    return found


def _row(value) -> str:
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return ", ".join("—" if v is None else str(v) for v in value)
    return "—" if value in (None, "") else str(value)


def stands(approval, current_fingerprint: str) -> bool:
    """An approval stands for the current content: not withdrawn, and of this fingerprint."""
    return approval.withdrawn_at is None and approval.fingerprint == current_fingerprint


def approving_parties(approvals, current_fingerprint: str) -> set[int]:
    """Institutions whose standing approval matches the plan's current content."""
    return {a.institution_id for a in approvals if stands(a, current_fingerprint)}


def is_approved(party_ids: set[int], approvals, current_fingerprint: str) -> bool:
    return bool(party_ids) and party_ids <= approving_parties(approvals, current_fingerprint)


@dataclass(frozen=True)
class ApprovalState:
    """Where a plan's approval stands now: the pages, the documents, the notifications and the
    approval operation all read it from `approval_state`, so they cannot disagree."""

    content: dict  # the plan's content now (what an approval approves)
    fingerprint: str  # its fingerprint
    standing: dict  # institution id → its standing approval of this content
    parties: frozenset  # the agreement's parties: whose approval the plan needs

    @property
    def approving(self) -> set[int]:
        return set(self.standing)

    @property
    def awaiting(self) -> set[int]:
        """The parties whose approval of this content is still missing."""
        return set(self.parties) - self.approving

    @property
    def approved(self) -> bool:
        """Every party approved this content."""
        return is_approved(set(self.parties), self.standing.values(), self.fingerprint)


def approval_state(plan) -> ApprovalState:
    """The approval state of a plan (its approvals and its agreement's parties loaded)."""
    content = plan_content(plan)
    current = fingerprint(content)
    standing = {a.institution_id: a for a in plan.approvals if stands(a, current)}
    return ApprovalState(content, current, standing, frozenset(plan.agreement.institution_ids))
