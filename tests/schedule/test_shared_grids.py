"""Calendars bounded by what a person reads (issue #34 item 1): a month cell draws a few items and
"+N more" leads to the day; the grid is built once for every reader who sees the same plans, in
the worker or in Redis, and never shows one reader's draft to another."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from planner.schedule.calendar import CELL_ITEMS
from tests.conftest import log_in, redis_test_url
from tests.schedule.test_bounded_pages import add_event, ganja_plan

MONTH = "/calendar?month=2031-03"  # a month of the demo's with no event of its own


@pytest.fixture()
def builds(monkeypatch):
    """How many grids were built (each one the queries and rendering of a calendar's grid)."""
    from planner.schedule import views

    count = []
    build = views._grid
    monkeypatch.setattr(views, "_grid", lambda page: count.append(page) or build(page))
    return count


def reader(app, username: str):
    client = app.test_client()
    log_in(client, username)
    return client


def cell(page: str, day: int) -> str:
    """The month grid's cell of a day of the month."""
    grid = page.split('<table class="month">')[1]
    cells = re.findall(r'<td class="in-month[^"]*"[^>]*>(.*?)</td>', grid, re.S)
    return cells[day - 1]


def busy_day(demo, count: int, day: date = date(2031, 3, 12)):
    plan = ganja_plan(demo, "Busy day")
    plan.status = "approved"
    for n in range(count):
        add_event(plan, f"Talk number {n}", start=datetime(day.year, day.month, day.day, 6 + n, tzinfo=UTC))
    demo.session.commit()
    return plan


def test_a_month_cell_draws_a_few_and_counts_the_rest(app, demo):
    busy_day(demo, CELL_ITEMS + 4)
    page = reader(app, "staff").get(MONTH).get_data(as_text=True)
    twelfth = cell(page, 12)
    assert twelfth.count("cal-event") == CELL_ITEMS
    assert "+4 more" in twelfth and 'href="/calendar?view=day&amp;day=2031-03-12"' in twelfth
    assert "more" not in cell(page, 11)


def test_a_full_cell_has_no_more_link(app, demo):
    busy_day(demo, CELL_ITEMS)
    twelfth = cell(reader(app, "staff").get(MONTH).get_data(as_text=True), 12)
    assert twelfth.count("cal-event") == CELL_ITEMS and "more" not in twelfth


def test_the_day_page_lists_every_occurrence_of_the_day(app, demo):
    busy_day(demo, CELL_ITEMS + 4)
    page = reader(app, "staff").get("/calendar?view=day&day=2031-03-12").get_data(as_text=True)
    listed = page.split('<ul class="agenda">')[1].split("</ul>")[0]
    assert all(f"Talk number {n}" in listed for n in range(CELL_ITEMS + 4))
    assert 'href="/calendar?view=day&amp;day=2031-03-11"' in page  # the previous day
    assert 'href="/calendar?view=day&amp;day=2031-03-13"' in page


def test_the_day_page_pages_beyond_the_limit(app, demo):
    busy_day(demo, 5)
    app.config["CALENDAR_PAGE_SIZE"] = 2
    try:
        page = reader(app, "staff").get("/calendar?view=day&day=2031-03-12").get_data(as_text=True)
    finally:
        app.config["CALENDAR_PAGE_SIZE"] = 50
    assert "More events this day" in page and page.count("Talk number") == 2


def test_readers_who_see_the_same_plans_share_one_grid(app, demo, builds):
    busy_day(demo, 2)
    curator = reader(app, "curator").get(MONTH).get_data(as_text=True)
    staff = reader(app, "staff").get(MONTH).get_data(as_text=True)  # the same institution: the same plans
    assert len(builds) == 1
    assert cell(curator, 12) == cell(staff, 12) and "Talk number 1" in cell(staff, 12)
    assert 'name="csrf_token"' not in curator.split('<nav class="calendar-views"')[1].split("</table>")[0]
    reader(app, "curator-turkestan").get(MONTH)  # another institution: its own drafts and partnerships
    assert len(builds) == 2


def test_each_reader_keeps_their_own_chrome_around_a_shared_grid(app, demo, builds):
    from planner.accounts.models import User

    pages = {name: reader(app, name).get(MONTH).get_data(as_text=True) for name in ("curator", "staff")}
    assert len(builds) == 1
    for name, page in pages.items():
        shown = demo.session.scalar(select(User.display_name).where(User.username == name))
        assert shown in page.split("<main")[0]  # the menu names the reader
    feeds = [re.search(r"(/feeds/[^/]+)/my\.ics", page).group(1) for page in pages.values()]
    assert feeds[0] != feeds[1]  # each their own feed address


def test_a_change_of_the_data_builds_the_grid_again(app, demo, builds):
    from planner.extensions import db

    plan = busy_day(demo, 1)
    staff = reader(app, "staff")
    assert "Talk number 0" in staff.get(MONTH).get_data(as_text=True)
    with app.test_request_context():
        add_event(db.session.merge(plan), "Added afterwards", start=datetime(2031, 3, 20, 9, tzinfo=UTC))
        db.session.commit()
    assert "Added afterwards" in reader(app, "curator").get(MONTH).get_data(as_text=True)
    assert len(builds) == 2


def test_a_draft_never_reaches_a_reader_who_may_not_see_it(app, demo, builds):
    """The Ganja reserve's draft is on the Ganja agreement's calendar, which Aziret Sultan's
    curator and partner read too: built first for Ganja's curator, it is not theirs."""
    from planner.accounts.models import User
    from planner.plans.drafts import may_see_draft

    plan = busy_day(demo, 1)
    plan.status = "draft"
    for user in demo.session.scalars(
        select(User).where(User.username.in_(("curator", "curator-turkestan", "partner")))
    ):
        user.timezone = "Asia/Baku"  # one zone: only the plans they see may tell their grids apart
    demo.session.commit()
    path = f"/agreements/{plan.agreement_id}/calendar?month=2031-03"
    assert "Talk number 0" in reader(app, "curator").get(path).get_data(as_text=True)
    for name in ("curator-turkestan", "partner"):
        user = demo.session.scalar(select(User).where(User.username == name))
        assert not may_see_draft(user, plan)
        assert "Talk number 0" not in reader(app, name).get(path).get_data(as_text=True), name
    assert len(builds) == 3  # curator-turkestan and partner: each their own plans


@pytest.fixture()
def redis_grids(app):
    import redis

    from planner.schedule.views import GRID
    from planner.shared_parts import prefix

    PREFIX = prefix(GRID)

    url = redis_test_url()
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    for key in client.scan_iter(PREFIX + "*"):
        client.delete(key)
    app.config["CACHE_REDIS_URL"] = url
    yield client
    app.config["CACHE_REDIS_URL"] = ""
    app.extensions.pop("shared_parts_redis", None)
    for key in client.scan_iter(PREFIX + "*"):
        client.delete(key)


def test_workers_share_the_grid_through_redis(app, demo, builds, redis_grids):
    from planner.schedule.views import GRID
    from planner.shared_parts import prefix

    PREFIX = prefix(GRID)

    busy_day(demo, 2)
    first = reader(app, "curator").get(MONTH).get_data(as_text=True)
    assert len(list(redis_grids.scan_iter(PREFIX + "*"))) == 1
    app.extensions.pop("shared_parts_redis")  # another worker: its own connection, nothing in memory
    app.extensions.pop("shared_parts_cache", None)
    second = reader(app, "staff").get(MONTH).get_data(as_text=True)
    assert len(builds) == 1 and cell(first, 12) == cell(second, 12)


def test_readers_of_other_agreements_get_their_own_grid(app, demo, builds):
    """Staff of no institution read every agreement, a partner of none reads none: the same scope
    ("My calendar": everything they may read) and no drafts for either, but not the same plans."""
    from planner.accounts.models import User
    from tests.conftest import DEMO_PASSWORD

    busy_day(demo, 1)
    for username, role in (("staff_nowhere", "staff"), ("partner_nowhere", "partner")):
        user = User(username=username, role=role)
        user.set_password(DEMO_PASSWORD)
        demo.session.add(user)
    demo.session.commit()
    assert "Talk number 0" in reader(app, "staff_nowhere").get(MONTH).get_data(as_text=True)
    assert "Talk number 0" not in reader(app, "partner_nowhere").get(MONTH).get_data(as_text=True)
    assert len(builds) == 2


def test_a_calendar_is_served_while_redis_is_out_of_reach(app, demo, builds):
    app.config["CACHE_REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    try:
        busy_day(demo, 1)
        page = reader(app, "staff").get(MONTH)
    finally:
        app.config["CACHE_REDIS_URL"] = ""
        app.extensions.pop("shared_parts_redis", None)
    assert page.status_code == 200 and "Talk number 0" in page.get_data(as_text=True)
