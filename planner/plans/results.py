"""What happened, after the fact (issue #30): visitors per venue run, whether each event took
place and who attended, the actual amount of each cost, the plan's outcome per language.

Not approvable content (the parties approve a plan before it happens): recorded by a curator of
a party at any time, audited, and read by the implementation reports. Pure: the values as pages
and the API send them, checked into plain data; `planner.plans.operations.record_results` writes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from planner.errors import Invalid

MAX_COUNT = 100_000_000  # more people than any exhibition ever had: a typing slip
MAX_AMOUNT = Decimal("999999999999999.999")  # what Numeric(18, 3) holds
OUTCOME_LIMIT = 4000
OUTCOME_LANGUAGES = ("en", "az", "kk", "ru")


@dataclass
class Results:
    """Checked values, each keyed by the id of the plan's row it belongs to."""

    visitors: dict[int, int | None] = field(default_factory=dict)
    held: dict[int, bool | None] = field(default_factory=dict)
    on_site: dict[int, int | None] = field(default_factory=dict)
    online: dict[int, int | None] = field(default_factory=dict)
    actual: dict[int, Decimal | None] = field(default_factory=dict)
    outcome: dict[str, str] | None = None  # None: not sent, keep what is stored


def results_of(plan) -> dict:
    """The results stored now, as plain JSON-ready data (for the audit entry and the API)."""
    return {
        "venues": {str(v.id): v.visitors for v in plan.venues},
        "events": {
            str(e.id): {
                "held": e.held,
                "attendance_on_site": e.attendance_on_site,
                "attendance_online": e.attendance_online,
            }
            for e in plan.events
            if e.deleted_at is None
        },
        "costs": {str(c.id): None if c.actual_amount is None else f"{c.actual_amount:f}" for c in plan.cost_items},
        "outcome": dict(plan.outcome or {}),
    }


def check_results(sent: dict, venue_ids: set[int], event_ids: set[int], cost_ids: set[int]) -> Results:
    """`sent` as {"venues": {id: visitors}, "events": {id: {"held", "attendance_on_site",
    "attendance_online"}}, "costs": {id: actual amount}, "outcome": {language: text}}; Invalid
    naming the first wrong value (the field as the form names it)."""
    results = Results()
    for key, value in (sent.get("venues") or {}).items():
        venue = _own_id(key, venue_ids, "venues")
        results.visitors[venue] = _count(value, f"venues-{venue}-visitors")
    for key, values in (sent.get("events") or {}).items():
        event = _own_id(key, event_ids, "events")
        values = values if isinstance(values, dict) else {}
        results.held[event] = _held(values.get("held"), f"events-{event}-held")
        results.on_site[event] = _count(values.get("attendance_on_site"), f"events-{event}-attendance_on_site")
        results.online[event] = _count(values.get("attendance_online"), f"events-{event}-attendance_online")
    for key, value in (sent.get("costs") or {}).items():
        cost = _own_id(key, cost_ids, "costs")
        results.actual[cost] = _amount(value, f"costs-{cost}-actual_amount")
    if sent.get("outcome") is not None:
        results.outcome = _outcome(sent["outcome"])
    return results


def _own_id(key, known: set[int], part: str) -> int:
    try:
        number = int(key)
    except (TypeError, ValueError):
        number = None
    if number not in known:
        raise Invalid(part, _("This plan has no such item: reload the page and enter the results again."))
    return number


def _count(value, name: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip()) if not isinstance(value, bool) else None
    except ValueError:
        number = None
    if number is None or not 0 <= number <= MAX_COUNT:
        raise Invalid(name, _("Enter a whole number of people, 0 or more."))
    return number


def _held(value, name: str) -> bool | None:
    if value in (None, ""):
        return None
    if value in (True, "yes", "true", "1"):
        return True
    if value in (False, "no", "false", "0"):
        return False
    raise Invalid(name, _("Say whether it took place: yes, no, or not yet known."))


def _amount(value, name: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or not 0 <= amount <= MAX_AMOUNT:
        raise Invalid(name, _("Enter the amount paid as a number, 0 or more, such as 1250.50."))
    return amount.quantize(Decimal("0.001"))


def _outcome(values) -> dict[str, str]:
    if not isinstance(values, dict):
        raise Invalid("outcome", _("Give the outcome as one text per language."))
    kept = {}
    for language, text in values.items():
        if language not in OUTCOME_LANGUAGES or not isinstance(text, str | None):
            raise Invalid("outcome", _("Give the outcome as one text per language."))
        text = (text or "").strip()
        if len(text) > OUTCOME_LIMIT:
            raise Invalid(
                f"outcome-{language}", _("The outcome is longer than %(limit)s characters.", limit=OUTCOME_LIMIT)
            )
        if text:
            kept[language] = text
    return kept
