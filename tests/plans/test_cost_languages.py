"""Cost descriptions in every language (issue #33, item 8): the single description keeps step
with the English one, the edit page has one field per language, the plan page shows the
reader's language (a fallback marked), the API takes and gives both fields, the approval
covers every language, the change summary shows the reader's (the project agreement:
tests/documents)."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import csrf_token
from tests.plans.test_part_languages import plan_named, set_language, standing

CARPETS = "Carpets of the Great Steppe"
SILK_ROAD = "Ganja: a city on the Silk Road"


def carpets_cost(session, english: str):
    from planner.plans.models import CostItem

    return session.scalar(select(CostItem).where(CostItem.description == english))


def test_the_demo_costs_are_described_in_every_language(demo):
    plan = plan_named(demo.session, CARPETS)
    assert plan.cost_items
    for cost in plan.cost_items:
        assert set(cost.descriptions) == {"en", "az", "kk", "ru"} and cost.descriptions["en"] == cost.description


def test_assigning_the_single_description_keeps_the_english_one_in_step(demo):
    cost = carpets_cost(demo.session, "Nail-to-nail insurance")
    cost.description = "Wall-to-wall insurance"
    assert cost.descriptions["en"] == "Wall-to-wall insurance"
    assert cost.descriptions["ru"] == "Страхование «от гвоздя до гвоздя»"


def test_the_cost_form_saves_every_language(as_user, demo):
    from planner.plans.models import CostItem

    plan = plan_named(demo.session, SILK_ROAD)
    client = as_user("curator")
    edit = client.get(f"/plans/{plan.id}/edit").get_data(as_text=True)
    assert 'name="cost_items-description-ru"' in edit and 'name="cost_items-description-kk"' in edit
    data = {
        "csrf_token": csrf_token(edit),
        "version_id": plan.version_id,
        "cost_items-payer_institution_id": plan.lead_institution_id,
        "cost_items-incurred_by_institution_id": plan.lead_institution_id,
        "cost_items-category": "transport",
        "cost_items-description-ru": "Перевозка витрин",
        "cost_items-description-az": "Vitrinlərin daşınması",
        "cost_items-amount": "10",
        "cost_items-currency": "EUR",
    }
    refused = client.post(f"/plans/{plan.id}/costs", data={**data, "cost_items-amount": "many"})
    assert refused.status_code == 400 and "Перевозка витрин" in refused.get_data(as_text=True)  # nothing lost
    assert client.post(f"/plans/{plan.id}/costs", data=data).status_code == 302
    saved = demo.session.scalar(select(CostItem).where(CostItem.plan_id == plan.id))
    assert saved.descriptions == {"ru": "Перевозка витрин", "az": "Vitrinlərin daşınması"}
    assert saved.description == "Vitrinlərin daşınması"  # no English: the first language by code
    set_language(client, "ru")
    for page in ("edit", "results"):
        assert '<span lang="ru">Перевозка витрин</span>' in client.get(f"/plans/{plan.id}/{page}").get_data(as_text=True)


def test_the_plan_page_shows_the_readers_language_and_marks_a_fallback(as_user, demo):
    cost = carpets_cost(demo.session, "Nail-to-nail insurance")
    cost.descriptions = {key: value for key, value in cost.descriptions.items() if key != "kk"}
    demo.session.commit()
    client = as_user("curator")
    set_language(client, "ru")
    page = client.get(f"/plans/{cost.plan_id}").get_data(as_text=True)
    assert '<span lang="ru">Суточные курьера, 5 дней</span>' in page and "Courier&#39;s per diem" not in page
    set_language(client, "kk")
    page = client.get(f"/plans/{cost.plan_id}").get_data(as_text=True)
    assert '<span lang="ru">Страхование «от гвоздя до гвоздя»</span> <small class="fallback"' in page
    assert '<span lang="kk">Курьердің тәуліктік ақысы, 5 күн</span>' in page


def test_a_changed_translation_of_a_cost_withdraws_the_approvals(demo):
    from planner.accounts.models import User
    from planner.plans import approval, operations

    plan = plan_named(demo.session, CARPETS)
    curator = demo.session.scalar(select(User).where(User.username == "curator-turkestan"))
    operations.approve(plan.id, curator, approval.fingerprint(approval.plan_content(plan)))
    assert standing(plan)
    cost = plan.cost_items[0]
    unchanged = dict(cost.descriptions)
    operations.update_part(plan, curator, "cost_items", cost.id, {"descriptions": unchanged})
    assert standing(plan), "the same values change nothing"
    operations.update_part(plan, curator, "cost_items", cost.id, {"descriptions": {**unchanged, "kk": "Басқа"}})
    assert cost.description == unchanged["en"] and not standing(plan)


def test_the_api_takes_and_gives_the_descriptions_beside_the_description(api, api_world):
    curator = api("curator")
    path = f"/api/v1/plans/{api_world['plan']}/cost-items"
    made = curator.post(
        path,
        json={
            "payer_institution_id": api_world["institution"],
            "descriptions": {"en": "Truck", "ru": "Грузовик"},
            "amount": "5",
            "currency": "EUR",
        },
    )
    assert made.status_code == 201, made.json
    assert made.json["descriptions"] == {"en": "Truck", "ru": "Грузовик"} and made.json["description"] == "Truck"
    older = curator.patch(f"{path}/{made.json['id']}", json={"description": "Lorry"})  # an older client
    assert older.status_code == 200, older.json
    assert older.json["descriptions"] == {"en": "Lorry", "ru": "Грузовик"}
    too_long = curator.post(
        path,
        json={"payer_institution_id": api_world["institution"], "descriptions": {"ru": "я" * 301}, "amount": "5",
              "currency": "EUR"},
    )  # fmt: skip
    assert too_long.status_code == 422 and "descriptions" in too_long.json["error"]["fields"]


def test_the_change_summary_gives_the_description_in_the_readers_language():
    from planner.plans.summary import Names, summarize

    row = {"payer_institution_id": 1, "incurred_by_institution_id": None, "category": "transport",
           "amount": "5.000", "currency": "EUR"}  # fmt: skip
    before = {**row, "description": "Truck"}  # a snapshot kept before descriptions per language
    same = {**row, "descriptions": {"en": "Truck"}}
    after = {**row, "descriptions": {"en": "Truck", "ru": "Грузовик"}}
    words = lambda group, key: key  # noqa: E731
    names = Names({1: "Гянджа"}, {})
    assert summarize({"costs": [before]}, {"costs": [same]}, names, "ru", words) == []
    rows = summarize({"costs": [before]}, {"costs": [after]}, names, "ru", words)
    assert [(r.change, r.before, r.after) for r in rows] == [
        ("changed", "5,00\xa0€, transport, Truck", "5,00\xa0€, transport, Грузовик (en: Truck)")
    ]



def test_the_exhibition_template_describes_its_costs_in_every_language(demo):
    from planner.accounts.models import User
    from planner.plans import operations

    plan = plan_named(demo.session, SILK_ROAD)
    curator = demo.session.scalar(select(User).where(User.username == "curator-turkestan"))
    operations.add_cost_template(plan, curator, "EUR")
    assert plan.cost_items and all(set(c.descriptions) == {"en", "az", "kk", "ru"} for c in plan.cost_items)
    assert {c.description for c in plan.cost_items} >= {"Packing", "Courier's per diem"}
