"""Where plans start (#33 item 5): "New plan" on the agreement page and on the plans list, a
picker of the agreement's articles and activities (the unplanned first) that opens the new-plan
form for the chosen article and activity; only for those who may create plans there."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.conftest import add_users_of_another_partnership, csrf_token

GANJA = "Memorandum of Understanding and Cooperation: Ganja Reserve and Aziret Sultan"


def ganja_agreement(session):
    from planner.agreements.models import Agreement

    return session.scalar(select(Agreement).where(Agreement.title["en"].as_string() == GANJA))


def picker_articles(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<li id="article-(\d+)">', page)]


def test_the_agreement_page_and_the_plans_list_offer_a_new_plan_to_its_curators(as_user, demo):
    agreement = ganja_agreement(demo.session)
    link = f'href="/plans/new?agreement={agreement.id}"'
    for username, shown in (("curator", True), ("admin", True), ("staff", False), ("partner", False)):
        client = as_user(username)
        page = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
        assert (link in page and "new-plan" in page) is shown, username
        assert ('href="/plans/new"' in client.get("/plans").get_data(as_text=True)) is shown, username


def test_the_picker_lists_the_unplanned_articles_first_and_leads_to_the_form(as_user, demo):
    from planner.plans.queries import planned_article_ids

    agreement = ganja_agreement(demo.session)
    client = as_user("curator")
    # the plans list: the Ganja curator may plan under one agreement only, so goes straight to it
    first = client.get("/plans/new")
    assert first.status_code == 302 and first.headers["Location"].endswith(f"/plans/new?agreement={agreement.id}")
    page = client.get(f"/plans/new?agreement={agreement.id}").get_data(as_text=True)
    numbers = picker_articles(page)
    assert sorted(numbers) == sorted(a.number for a in agreement.articles)
    with client.application.test_request_context():
        from planner.accounts.models import User

        curator = demo.session.scalar(select(User).where(User.username == "curator"))
        planned = planned_article_ids(agreement.id, curator)
    by_number = {a.number: a.id for a in agreement.articles}
    flags = [by_number[n] in planned for n in numbers]
    assert flags == sorted(flags) and False in flags and True in flags  # unplanned ones, then planned ones
    article = next(a for a in agreement.articles if a.activities and a.id not in planned)
    kind = article.activities[0]
    target = f"/agreements/{agreement.id}/plans/new?article={article.number}&amp;kind={kind}"
    assert target in page
    form = client.get(target.replace("&amp;", "&")).get_data(as_text=True)
    assert f'<option selected value="{kind}">' in form or f'value="{kind}" selected' in form
    assert re.search(rf'<option selected value="{article.id}">|value="{article.id}" selected', form)
    # and the form creates the plan implementing that article
    response = client.post(
        f"/agreements/{agreement.id}/plans/new",
        data={
            "csrf_token": csrf_token(form),
            "kind": kind,
            "title-en": "Started from the picker",
            "lead_institution_id": agreement.parties[0].institution_id,
            "partner_ids": [agreement.parties[1].institution_id],
            "article_ids": [article.id],
            "terms": "free_of_charge",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    from planner.plans.models import Plan

    demo.session.expire_all()
    plan = demo.session.scalar(select(Plan).where(Plan.title["en"].as_string() == "Started from the picker"))
    assert plan.kind == kind and [a.number for a in plan.articles] == [article.number]


def test_the_admin_chooses_the_agreement_first(as_user, demo):
    page = as_user("admin").get("/plans/new").get_data(as_text=True)
    assert page.count("/plans/new?agreement=") >= 4


def test_only_those_who_may_create_plans_may_pick(as_user, demo):
    agreement = ganja_agreement(demo.session)
    add_users_of_another_partnership(demo.session)
    demo.session.commit()
    assert as_user("staff").get("/plans/new").status_code == 403
    assert as_user("partner").get(f"/plans/new?agreement={agreement.id}").status_code == 403
    assert as_user("curator_other").get(f"/plans/new?agreement={agreement.id}").status_code == 403
    assert as_user("curator").get("/plans/new?agreement=999999").status_code == 404
