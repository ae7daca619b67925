"""The rules of Articles 5 and 6 of the seed MoU: free of charge unless agreed otherwise; every
compensated project has its own separate agreement. And the plan's status transitions."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from babel.numbers import get_currency_precision

TRANSITIONS = {
    "draft": {"proposed"},  # a draft is deleted, not cancelled: it was never shared
    "proposed": {"approved", "changes_requested", "cancelled"},
    "changes_requested": {"proposed", "cancelled"},
    "approved": {"scheduled", "proposed", "cancelled"},
    "scheduled": {"in_progress", "approved", "cancelled"},
    "in_progress": {"completed", "cancelled"},
    "completed": {"cancelled"},
    "cancelled": set(),
}
# ISO 4217 codes the planner offers; Babel knows each one's minor unit.
CURRENCIES = ("AZN", "KZT", "UZS", "TRY", "GEL", "RUB", "EUR", "USD", "GBP", "CHF", "CNY", "JPY")


def can_move(current: str, target: str) -> bool:
    """Cancelled is reachable from any shared state; the rest step by step."""
    return target == "cancelled" and current not in ("cancelled", "draft") or target in TRANSITIONS.get(current, set())


def amount_error(amount: Decimal | None, currency: str) -> str | None:
    """An error code for an amount that is negative or finer than the currency's minor unit."""
    if currency not in CURRENCIES:
        return "unknown_currency"
    if amount is None or not amount.is_finite():
        return "not_a_number"
    if amount < 0:
        return "negative"
    if amount >= Decimal("1e15"):
        return "too_large"
    if amount != amount.quantize(Decimal(1).scaleb(-get_currency_precision(currency))):
        return "too_precise"
    return None


def terms_warnings(plan) -> list[str]:
    """Codes of what is wrong with a plan's terms (shown on the plan page, checked on approval)."""
    warnings = []
    if plan.terms == "compensated" and not (plan.project_agreement_ref and plan.project_agreement_date):
        warnings.append("project_agreement_missing")
    if plan.terms == "free_of_charge" and charged_between_parties(plan):
        warnings.append("free_plan_with_charges")
    return warnings


def charged_between_parties(plan) -> bool:
    """Under free-of-charge terms each party bears its own costs: a cost item that one party
    pays for a part incurred by another party is a charge between them."""
    return any(item.incurred_by_institution_id not in (None, item.payer_institution_id) for item in plan.cost_items)


def person_days(participants) -> Counter:
    """Person-days in each direction (home → host), counting both end dates."""
    totals: Counter = Counter()
    for person in participants:
        if person.from_date and person.to_date and person.host_institution_id:
            totals[(person.home_institution_id, person.host_institution_id)] += (
                person.to_date - person.from_date
            ).days + 1
    return totals


#: The template's cost descriptions in every language (what the parties print and approve).
TEMPLATE_DESCRIPTIONS = {
    "packing": {"en": "Packing", "az": "Qablaşdırma", "kk": "Қаптама", "ru": "Упаковка"},
    "transport": {
        "en": "Transport to the first venue",
        "az": "Birinci məkana daşınma",
        "kk": "Бірінші өтетін орынға дейін тасымалдау",
        "ru": "Перевозка до первой площадки",
    },
    "insurance": {"en": "Insurance", "az": "Sığorta", "kk": "Сақтандыру", "ru": "Страхование"},
    "venue": {"en": "Venue", "az": "Məkan", "kk": "Өтетін орны", "ru": "Площадка"},
    "publicity": {"en": "Publicity", "az": "Reklam", "kk": "Жарнама", "ru": "Реклама"},
    "catalogue": {"en": "Catalogue", "az": "Kataloq", "kk": "Каталог", "ru": "Каталог"},
    "per_diem": {
        "en": "Courier's per diem",
        "az": "Kuryerin gündəlik xərcləri",
        "kk": "Курьердің тәуліктік ақысы",
        "ru": "Суточные курьера",
    },
}


def exhibition_cost_template(lender_id: int, host_id: int) -> list[dict]:
    """The common split for exhibitions: the lender pays packing, transport to the first venue
    and insurance; the host pays the venue, publicity, the catalogue and the courier's per diem
    (each described in every language, the English one also as the single description)."""
    payers = {"packing": lender_id, "transport": lender_id, "insurance": lender_id}
    return [
        {
            "payer_institution_id": payers.get(category, host_id),
            "category": category,
            "description": descriptions["en"],
            "descriptions": dict(descriptions),
        }
        for category, descriptions in TEMPLATE_DESCRIPTIONS.items()
    ]
