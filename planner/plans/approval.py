"""Two-party approval: a party approves one exact content of a plan, named by its fingerprint.

Any change to what was approved (terms, dates, venues, costs, objects, people, route) changes
the fingerprint, which withdraws the approval; the snapshot kept with the approval lets both
sides see what changed since the version they approved."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from planner.multilingual import other_languages

APPROVAL_FIELDS = (
    "kind",
    "title",
    "terms",
    "project_agreement",
    "lead",
    "partners",
    "venues",
    "events",
    "costs",
    "loans",
    "participants",
    "route",
)


def _day(value) -> str | None:
    return value.isoformat() if value is not None else None


def _in_order(rows) -> list[list]:
    """Rows sorted as lists are, except that an empty value (None) sorts first instead of
    failing to compare with a number or a date; rows without one keep their former order, so
    the fingerprints of approvals already given stay the same."""
    return sorted(rows, key=lambda row: [(value is not None, value) for value in row])


def _with_translations(row: list, item, single: str) -> list:
    """The row, and after it the text's values per language as [language, text] pairs when
    they say more than its single value: a translation added or changed is a change of what
    was approved, and a row with one value keeps the fingerprint approvals already hold."""
    translations = other_languages(item, single)
    return [*row, [list(pair) for pair in translations.items()]] if translations else row


def plan_content(plan) -> dict:
    """The approvable content of a plan as plain, JSON-ready data (already-loaded relations only)."""
    return {
        "kind": plan.kind,
        "title": plan.title.get("en", ""),
        "terms": plan.terms,
        "project_agreement": [plan.project_agreement_ref, _day(plan.project_agreement_date)],
        "lead": plan.lead_institution_id,
        "partners": sorted(i.id for i in plan.partners),
        "venues": [[v.site_id, _day(v.opens_on), _day(v.closes_on)] for v in plan.venues],
        "events": _in_order(
            [
                e.uid,
                e.title,
                _day(e.starts_at) if not e.all_day else _day(e.start_date),
                _day(e.ends_at) if not e.all_day else _day(e.end_date),
                e.timezone,
                e.status,
                e.recurrence_frequency,
                e.recurrence_count,
                _day(e.recurrence_until),
            ]
            for e in plan.events
            if e.deleted_at is None
        ),
        "costs": _in_order(
            [c.payer_institution_id, c.category, c.description, f"{c.amount:f}", c.currency] for c in plan.cost_items
        ),
        "loans": _in_order(
            _with_translations(
                [
                    o.lender_institution_id,
                    o.inventory_number,
                    o.title,
                    _day(o.loan_from),
                    _day(o.loan_to),
                    None if o.insurance_value is None else f"{o.insurance_value:f}",
                    o.insurance_currency,
                ],
                o,
                "title",
            )
            for o in plan.loan_objects
        ),
        "participants": _in_order(
            [p.name, p.home_institution_id, p.host_institution_id, _day(p.from_date), _day(p.to_date)]
            for p in plan.participants
        ),
        "route": [[s.site_id, _day(s.arrival), _day(s.departure)] for s in plan.route_stops],
    }


def fingerprint(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def changes_between(before: dict, after: dict) -> list[Change]:
    """A readable diff: each top-level field that differs, with the items added and removed."""
    found = []
    for field in APPROVAL_FIELDS:
        old, new = before.get(field), after.get(field)
        if old == new:
            continue
        if isinstance(old, list) and isinstance(new, list) and all(isinstance(x, list) for x in old + new):
            removed = [_row(x) for x in old if x not in new]
            added = [_row(x) for x in new if x not in old]
            found.append(Change(field, "; ".join(removed) or "—", "; ".join(added) or "—"))
        else:
            found.append(Change(field, _row(old), _row(new)))
    return found


def _row(value) -> str:
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
