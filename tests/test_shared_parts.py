"""Shared parts of pages (planner.shared_parts): the dashboard's body is built once for every
reader of one institution and role who reads the same plans, per language, zone, minute, query
and data version; each reader still gets their own chrome around it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import DEMO_PASSWORD, log_in


@pytest.fixture()
def bodies(app, monkeypatch):
    """The dashboard bodies built (each one the dashboard's queries and rendering)."""
    from planner import dashboard

    monkeypatch.setitem(app.config, "PAGE_CACHE", False)  # every page made anew, parts shared
    count = []
    build = dashboard._body
    monkeypatch.setattr(dashboard, "_body", lambda: count.append(1) or build())
    return count


def add_user(demo, username: str, like: str, **changes):
    """A user like a demo user (same role, institution, language and zone), with changes."""
    from planner.accounts.models import User

    model = demo.session.scalar(select(User).where(User.username == like))
    values = dict(role=model.role, institution_id=model.institution_id, language=model.language)
    values |= dict(timezone=model.timezone, display_name=f"{username} display")
    user = User(username=username, **(values | changes))
    user.set_password(DEMO_PASSWORD)
    demo.session.add(user)
    demo.session.commit()
    return user


def dashboard(app, username: str, path: str = "/") -> str:
    client = app.test_client()
    log_in(client, username)
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def body_of(page: str) -> str:
    return page.split("<h1>", 1)[1].split("</main>", 1)[0]


def test_curators_of_one_institution_share_one_body_with_their_own_chrome(app, demo, bodies):
    add_user(demo, "curator-2", like="curator")
    first, second = dashboard(app, "curator"), dashboard(app, "curator-2")
    assert len(bodies) == 1
    assert body_of(first) == body_of(second)
    assert "curator-2 display" in second and "curator-2 display" not in first


@pytest.mark.parametrize(
    "changes",
    [
        {"role": "staff"},  # no "New agreement from text", other links in the to-do
        {"language": "ru"},
        {"timezone": "America/New_York"},  # the upcoming events' times
    ],
    ids=["role", "language", "zone"],
)
def test_another_role_language_or_zone_gets_its_own_body(app, demo, bodies, changes):
    add_user(demo, "other", like="curator", **changes)
    first, second = dashboard(app, "curator"), dashboard(app, "other")
    assert len(bodies) == 2 and body_of(first) != body_of(second)


def test_administrators_of_two_institutions_each_get_their_institution_s_to_do(app, demo, bodies):
    """Administrators read everything alike: only the institution tells their to-do lists apart."""
    from planner.accounts.models import User

    institutions = {u.username: u.institution_id for u in demo.session.scalars(select(User))}
    add_user(demo, "admin-ganja", like="admin", institution_id=institutions["curator"])
    add_user(demo, "admin-aziret", like="admin", institution_id=institutions["curator-turkestan"])
    ganja, aziret = dashboard(app, "admin-ganja"), dashboard(app, "admin-aziret")
    assert len(bodies) == 2 and body_of(ganja) != body_of(aziret)


def test_the_next_minute_another_page_or_a_change_builds_it_again(app, demo, bodies, monkeypatch):
    from planner import shared_parts
    from planner.agreements.models import Agreement

    dashboard(app, "curator")
    dashboard(app, "curator", "/?page=2")
    assert len(bodies) == 2
    now = shared_parts.clock()
    monkeypatch.setattr(shared_parts, "clock", lambda: now + 60)
    dashboard(app, "curator")
    assert len(bodies) == 3
    agreement = demo.session.scalars(select(Agreement).order_by(Agreement.id)).first()
    agreement.title = {**agreement.title, "en": "Renamed memorandum"}
    demo.session.commit()
    assert "Renamed memorandum" in dashboard(app, "curator") and len(bodies) == 4


def test_sharing_off_builds_every_time(app, demo, bodies):
    app.config["SHARED_PARTS"] = False
    try:
        dashboard(app, "curator")
        dashboard(app, "curator")
    finally:
        app.config["SHARED_PARTS"] = True
    assert len(bodies) == 4  # each log-in lands on the dashboard too


# The plan, agreement and search pages: checked first, then shared with forms that work.


@pytest.fixture()
def parts_built(app, monkeypatch):
    """Every shared body built, by kind (the page's queries and rendering)."""
    from planner import shared_parts

    monkeypatch.setitem(app.config, "PAGE_CACHE", False)
    built = []
    share = shared_parts.shared_part
    monkeypatch.setattr(
        shared_parts, "shared_part", lambda kind, parts, build: share(kind, parts, lambda: built.append(kind) or build())
    )
    return built


def ganja_plan_id(demo) -> int:
    from planner.agreements.models import Agreement

    agreement = next(a for a in demo.session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    return next(p.id for p in agreement.plans if p.status != "draft")


def logged_in(app, username: str):
    client = app.test_client()
    log_in(client, username)
    return client


def test_a_shared_plan_page_carries_each_reader_s_own_form_token(app, demo, parts_built):
    from planner.shared_parts import CSRF_PLACEHOLDER
    from tests.conftest import csrf_token

    add_user(demo, "curator-2", like="curator")
    path = f"/plans/{ganja_plan_id(demo)}"
    first, second = logged_in(app, "curator"), logged_in(app, "curator-2")
    pages = [client.get(path).get_data(as_text=True) for client in (first, second)]
    assert parts_built.count("plan") == 1
    assert csrf_token(pages[0]) != csrf_token(pages[1])
    assert not any(CSRF_PLACEHOLDER in page for page in pages)
    posted = second.post(f"{path}/comments", data={"text": "From the shared page", "csrf_token": csrf_token(pages[1])})
    assert posted.status_code == 302
    assert "From the shared page" in second.get(path).get_data(as_text=True)  # a change: built again
    assert parts_built.count("plan") == 2


def test_the_right_is_checked_before_a_shared_page_is_served(app, demo, parts_built):
    """A draft led by Ganja: its curators share its page, Turkestan's curator gets 404."""
    from tests.schedule.test_bounded_pages import ganja_plan

    plan = ganja_plan(demo, "Ganja's own draft")
    demo.session.commit()
    add_user(demo, "curator-2", like="curator")
    assert logged_in(app, "curator").get(f"/plans/{plan.id}").status_code == 200
    assert logged_in(app, "curator-2").get(f"/plans/{plan.id}").status_code == 200
    assert logged_in(app, "curator-turkestan").get(f"/plans/{plan.id}").status_code == 404
    assert parts_built.count("plan") == 1


def test_an_observer_gets_its_own_agreement_page(app, demo, parts_built):
    from planner.accounts.models import ObserverGrant
    from planner.agreements.models import Agreement, Party

    agreement = demo.session.scalars(select(Agreement).order_by(Agreement.id)).first()
    party = demo.session.scalars(select(Party).where(Party.agreement_id == agreement.id)).first()
    observer = add_user(demo, "ministry", like="partner", role="observer", institution_id=None)
    demo.session.add(ObserverGrant(user_id=observer.id, institution_id=party.institution_id))
    demo.session.commit()
    path = f"/agreements/{agreement.id}"
    curator, ministry = (logged_in(app, name).get(path).get_data(as_text=True) for name in ("curator", "ministry"))
    assert parts_built.count("agreement") == 2
    assert "/calendar" in body_of(curator) and f"/agreements/{agreement.id}/calendar" not in body_of(ministry)


def test_search_results_are_shared_only_by_readers_of_the_same_records(app, demo, parts_built):
    add_user(demo, "curator-2", like="curator")
    path = "/search?q=Ganja"
    pages = [logged_in(app, name).get(path).get_data(as_text=True) for name in ("curator", "curator-2", "partner")]
    assert parts_built.count("search") == 2
    assert body_of(pages[0]) == body_of(pages[1])
