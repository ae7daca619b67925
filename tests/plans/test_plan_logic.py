"""Pure plan logic: fingerprints, diffs, transitions, amounts, terms, person-days."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from planner.plans.approval import changes_between, fingerprint, is_approved
from planner.plans.costs import totals_by_currency, totals_by_payer
from planner.plans.terms import (
    amount_error,
    can_move,
    charged_between_parties,
    exhibition_cost_template,
    person_days,
    terms_warnings,
)


def test_fingerprint_is_stable_and_sensitive():
    content = {"terms": "free_of_charge", "venues": [[1, "2026-12-01", "2027-01-31"]]}
    assert fingerprint(content) == fingerprint(dict(reversed(list(content.items()))))
    changed = {**content, "venues": [[1, "2026-12-02", "2027-01-31"]]}
    assert fingerprint(changed) != fingerprint(content)


def test_diff_names_what_changed():
    before = {"terms": "free_of_charge", "venues": [[1, "2026-12-01", "2027-01-31"]], "costs": []}
    after = {"terms": "compensated", "venues": [[1, "2026-12-05", "2027-01-31"]], "costs": []}
    changes = {c.field: c for c in changes_between(before, after)}
    assert set(changes) == {"terms", "venues"}
    assert changes["venues"].before == "1, 2026-12-01, 2027-01-31"  # a snapshot of rows as lists still reads
    assert changes["venues"].after == "1, 2026-12-05, 2027-01-31"


def test_approval_needs_every_party_on_the_same_content():
    current = "abc"
    approvals = [
        SimpleNamespace(institution_id=1, fingerprint="abc", withdrawn_at=None),
        SimpleNamespace(institution_id=2, fingerprint="old", withdrawn_at=None),
    ]
    assert not is_approved({1, 2}, approvals, current)
    approvals[1].fingerprint = "abc"
    assert is_approved({1, 2}, approvals, current)
    approvals[0].withdrawn_at = date(2026, 1, 1)
    assert not is_approved({1, 2}, approvals, current)


def test_status_transitions():
    assert can_move("proposed", "approved") and can_move("approved", "scheduled")
    assert can_move("scheduled", "in_progress") and can_move("in_progress", "completed")
    assert not can_move("proposed", "completed") and not can_move("cancelled", "proposed")
    assert all(
        can_move(state, "cancelled") for state in ("proposed", "approved", "scheduled", "in_progress", "completed")
    )


def test_amounts_respect_the_currency():
    assert amount_error(Decimal("10.50"), "AZN") is None
    assert amount_error(Decimal("-1"), "EUR") == "negative"
    assert amount_error(Decimal("1.005"), "EUR") == "too_precise"
    assert amount_error(Decimal("1.5"), "JPY") == "too_precise"
    assert amount_error(Decimal("100"), "XXX") == "unknown_currency"
    assert amount_error(Decimal("NaN"), "EUR") == "not_a_number"


def cost(payer, amount, currency, incurred_by=None):
    return SimpleNamespace(
        payer_institution_id=payer, amount=Decimal(amount), currency=currency, incurred_by_institution_id=incurred_by
    )


def test_totals_never_add_different_currencies():
    items = [cost(1, "100.00", "AZN"), cost(1, "50.00", "AZN"), cost(2, "1000", "KZT")]
    assert totals_by_currency(items) == {"AZN": Decimal("150.00"), "KZT": Decimal("1000")}
    assert totals_by_payer(items) == {1: {"AZN": Decimal("150.00")}, 2: {"KZT": Decimal("1000")}}


def test_terms_warnings():
    compensated = SimpleNamespace(
        terms="compensated", project_agreement_ref="", project_agreement_date=None, cost_items=[]
    )
    assert terms_warnings(compensated) == ["project_agreement_missing"]
    free = SimpleNamespace(terms="free_of_charge", cost_items=[cost(1, "10", "EUR", incurred_by=2)])
    assert charged_between_parties(free) and terms_warnings(free) == ["free_plan_with_charges"]
    own_costs = SimpleNamespace(
        terms="free_of_charge", cost_items=[cost(1, "10", "EUR", incurred_by=1), cost(2, "5", "EUR")]
    )
    assert terms_warnings(own_costs) == []


def test_person_days_in_each_direction():
    people = [
        SimpleNamespace(
            home_institution_id=1, host_institution_id=2, from_date=date(2027, 3, 1), to_date=date(2027, 3, 14)
        ),
        SimpleNamespace(
            home_institution_id=2, host_institution_id=1, from_date=date(2027, 4, 5), to_date=date(2027, 4, 16)
        ),
    ]
    assert person_days(people) == {(1, 2): 14, (2, 1): 12}


def test_exhibition_split_template():
    rows = exhibition_cost_template(lender_id=1, host_id=2)
    assert {r["category"] for r in rows if r["payer_institution_id"] == 1} == {"packing", "transport", "insurance"}
    assert {r["category"] for r in rows if r["payer_institution_id"] == 2} == {
        "venue",
        "publicity",
        "catalogue",
        "per_diem",
    }
    assert all(set(r["descriptions"]) == {"en", "az", "kk", "ru"} for r in rows)
    assert all(r["description"] == r["descriptions"]["en"] for r in rows)


def test_content_orders_rows_with_empty_values_whatever_order_they_were_stored_in():
    """Two stays of one person, one without a host, used to break the plan page (None < int);
    the content (and so the fingerprint) does not depend on the order the rows were stored in."""
    from types import SimpleNamespace as Row

    from planner.plans.approval import plan_content

    stays = [
        Row(
            name="Leyla",
            roles={"en": "Curator"},
            role="Curator",
            home_institution_id=1,
            host_institution_id=host,
            from_date=date(2027, 3, day),
            to_date=None,
        )
        for host, day in ((2, 1), (None, 5), (10, 9), (9, 9))
    ]

    def plan(people):
        return Row(
            agreement_id=1,
            kind="staff_exchange",
            title={"en": "Exchange"},
            description={},
            terms="free_of_charge",
            project_agreement_ref="",
            project_agreement_date=None,
            lead_institution_id=1,
            online_url="",
            partners=[],
            articles=[],
            venues=[],
            events=[],
            cost_items=[],
            loan_objects=[],
            participants=people,
            route_stops=[],
        )

    content = plan_content(plan(stays))
    assert content == plan_content(plan(list(reversed(stays))))
    assert sorted(row["host_institution_id"] or 0 for row in content["participants"]) == [0, 2, 9, 10]
