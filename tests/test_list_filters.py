"""The agreement and plan lists filter by partner, status, kind and year, from the URL alone."""

from __future__ import annotations

from sqlalchemy import select

from planner.listing import ListFilters, parse_filters


def test_filters_come_from_the_url_and_junk_is_named_not_used():
    filters, problems = parse_filters(
        {"partner": "3", "status": "approved", "kind": "nonsense", "year": "20x6"},
        statuses=("approved",),
        kinds=("exhibition",),
    )
    assert filters == ListFilters(partner=3, status="approved")
    assert sorted(problems) == ["kind", "year"]
    assert parse_filters({"year": "1899"}, statuses=(), kinds=())[1] == ["year"]
    assert filters.as_args() == {"partner": 3, "status": "approved"}


def titles(page: str, marker: str) -> int:
    return page.count(marker)


def test_agreements_filtered_by_partner_status_kind_and_year(as_user, demo):
    from planner.agreements.models import Agreement

    agreements = demo.session.scalars(select(Agreement)).all()
    ganja = next(a for a in agreements if "Ganja" in a.title["en"])
    party = ganja.parties[0].institution_id
    client = as_user("staff")
    everything = client.get("/agreements").get_data(as_text=True)
    by_partner = client.get(f"/agreements?partner={party}").get_data(as_text=True)
    assert f'href="/agreements/{ganja.id}"' in by_partner
    outside = [a for a in agreements if party not in a.institution_ids]
    assert outside and all(f'href="/agreements/{a.id}"' in everything for a in outside)
    assert not any(f'href="/agreements/{a.id}"' in by_partner for a in outside)
    year = ganja.signed_on.year if ganja.signed_on else 2026
    assert f'href="/agreements/{ganja.id}"' not in client.get(f"/agreements?year={year + 1}").get_data(as_text=True)
    other_status = next(s for s in ("draft", "terminated", "in_force") if s != ganja.status)
    assert f'href="/agreements/{ganja.id}"' not in client.get(f"/agreements?status={other_status}").get_data(
        as_text=True
    )
    other_kind = "memorandum" if ganja.kind != "memorandum" else "tripartite_protocol"
    assert f'href="/agreements/{ganja.id}"' not in client.get(f"/agreements?kind={other_kind}").get_data(as_text=True)
    assert "were not understood" in client.get("/agreements?year=soon").get_data(as_text=True)


def test_plans_filtered_by_kind_status_and_year(as_user, demo):
    from planner.plans.models import Plan

    plans = demo.session.scalars(select(Plan)).all()
    client = as_user("staff")
    exhibitions = client.get("/plans?kind=exhibition").get_data(as_text=True)
    for plan in plans:
        assert (f'href="/plans/{plan.id}"' in exhibitions) == (plan.kind == "exhibition")
    dated = next(p for p in plans if p.events)
    year = (dated.events[0].range_start).year
    assert f'href="/plans/{dated.id}"' in client.get(f"/plans?year={year}").get_data(as_text=True)
    assert f'href="/plans/{dated.id}"' not in client.get(f"/plans?year={year - 30}").get_data(as_text=True)
    assert f'href="/plans/{dated.id}"' in client.get(f"/plans?status={dated.status}").get_data(as_text=True)


def test_a_partner_lists_only_plans_of_their_partnerships(app, demo):
    from planner.plans.models import Plan
    from tests.conftest import add_users_of_another_partnership, log_in

    tashkent = add_users_of_another_partnership(demo.session)
    demo.session.commit()
    outsider = app.test_client()
    log_in(outsider, "partner_other")
    page = outsider.get("/plans").get_data(as_text=True)
    visible = [p for p in demo.session.scalars(select(Plan)) if f'href="/plans/{p.id}"' in page]
    everything = demo.session.scalars(select(Plan)).all()
    assert len(visible) < len(everything)
    assert all(tashkent.id in p.agreement.institution_ids for p in visible)
