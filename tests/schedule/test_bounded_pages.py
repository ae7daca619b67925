"""Pages that read a bounded part of the events: the dashboard's next occurrences, the month
calendar one page of series at a time, long series found in every window they overlap, and the
occurrence index that the dashboard reads kept right through every change."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

NOW = datetime(2026, 12, 10, 9, 30, tzinfo=UTC)


def ganja_plan(db, title: str = "Bounded pages"):
    """A new plan of the Ganja partnership, to hang test events on."""
    from planner.agreements.models import Agreement
    from planner.plans.models import Plan

    agreement = next(a for a in db.session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    plan = Plan(
        agreement=agreement, kind="seminar", title={"en": title}, lead_institution=agreement.parties[0].institution
    )
    db.session.add(plan)
    return plan


def add_event(
    plan,
    title: str,
    *,
    start: datetime | None = None,
    hours: int = 2,
    day: date | None = None,
    days: int = 1,
    weekly: int | None = None,
    **values,
):
    """A timed (start, hours) or all-day (day, days) event, weekly `weekly` times if given."""
    from planner.extensions import db
    from planner.plans.events import Event
    from planner.plans.occurrences import series_range

    with db.session.no_autoflush:
        event = Event(uid=f"{title}@bounded", title=title, timezone="Asia/Baku", **values)
        if day is not None:
            event.all_day, event.start_date, event.end_date = True, day, day + timedelta(days=days)
        else:
            event.starts_at = start.astimezone(UTC).replace(tzinfo=None)
            event.ends_at = event.starts_at + timedelta(hours=hours)
        if weekly:
            event.recurrence_frequency, event.recurrence_count = "weekly", weekly
        event.range_start, event.range_end = series_range(event)
        event.plan = plan
        db.session.add(event)
    return event


def crowded_schedule(db):
    """Running weekly series, single events, all-day ones and a moved occurrence around NOW."""
    from planner.plans.events import Event

    plan = ganja_plan(db)
    for n in range(25):  # started weeks ago, still running: each has one occurrence a week
        add_event(plan, f"Series {n}", start=NOW - timedelta(days=20, hours=n), weekly=8)
    for n in range(20):
        add_event(plan, f"Single {n}", start=NOW + timedelta(hours=5 * n - 3))
    add_event(plan, "Opening today", day=NOW.date())
    add_event(plan, "Exhibition tomorrow", day=NOW.date() + timedelta(days=1), days=30)
    add_event(plan, "Exhibition running", day=NOW.date() - timedelta(days=3), days=30)
    series = db.session.scalar(select(Event).where(Event.title == "Series 3"))
    db.session.commit()
    moved_from = (
        (series.starts_at + timedelta(weeks=3))
        .replace(tzinfo=UTC)
        .astimezone(__import__("zoneinfo").ZoneInfo("Asia/Baku"))
    )
    add_event(
        plan,
        "Series 3 moved",
        start=NOW + timedelta(days=9),
        override_of=series,
        recurrence_id=moved_from.replace(tzinfo=None).isoformat(timespec="minutes"),
    )
    db.session.commit()
    return plan


def test_dashboard_shows_the_next_occurrences_even_with_many_series(app, demo, as_user):
    from planner.accounts.models import User
    from planner.schedule.queries import next_occurrences, occurrences_for

    crowded_schedule(demo)
    curator = demo.session.scalar(select(User).where(User.username == "curator"))
    for now in (NOW, NOW + timedelta(days=2, hours=7), NOW + timedelta(days=40)):
        today, horizon = now.date(), now + timedelta(days=60)
        every = [
            (o.event.id, o.start)
            for o in occurrences_for(curator, now, horizon)
            if o.start >= (today if o.all_day else now)
        ]
        assert [(o.event.id, o.start) for o in next_occurrences(curator, now, today, horizon, 15)] == every[:15]
    page = as_user("curator").get("/").get_data(as_text=True)
    titles = re.findall(r'<a href="/events/\d+"><span[^>]*>([^<]+)</span>', page)
    assert len(titles) == 15


def test_dashboard_leaves_out_what_has_begun(demo):
    from planner.accounts.models import User
    from planner.schedule.queries import next_occurrences

    crowded_schedule(demo)
    curator = demo.session.scalar(select(User).where(User.username == "curator"))
    titles = [o.event.title for o in next_occurrences(curator, NOW, NOW.date(), NOW + timedelta(days=60), 500)]
    assert "Opening today" in titles and "Exhibition tomorrow" in titles
    assert "Exhibition running" not in titles and "Single 0" not in titles  # began before now
    assert titles.count("Series 3") == 4 and "Series 3 moved" in titles  # one of its five is moved


def test_month_calendar_pages_through_a_crowded_month(app, demo, as_user):
    from planner.accounts.models import User
    from planner.schedule.queries import occurrences_for

    crowded_schedule(demo)
    client = as_user("curator")
    curator = demo.session.scalar(select(User).where(User.username == "curator"))
    start, end = (
        datetime(2026, 11, 30, tzinfo=UTC) - timedelta(hours=4),
        datetime(2027, 1, 4, tzinfo=UTC),
    )
    expected = {o.event.id for o in occurrences_for(curator, start, end)}
    app.config["CALENDAR_PAGE_SIZE"] = 7
    try:
        seen, path, pages = set(), "/calendar?month=2026-12&view=agenda", 0
        while path:
            page = client.get(path.replace("&amp;", "&")).get_data(as_text=True)
            pages += 1
            seen |= {int(n) for n in re.findall(r'<a href="/events/(\d+)">', page)}
            following = re.search(r'<a href="([^"]+)">More events this month</a>', page)
            path = following.group(1) if following else None
            assert ("Back to the first events of the month" in page) == (pages > 1)
        app.config["CALENDAR_PAGE_SIZE"] = len(expected)
        whole = client.get("/calendar?month=2026-12").get_data(as_text=True)
    finally:
        app.config["CALENDAR_PAGE_SIZE"] = 50
    assert pages == -(-len(expected) // 7) and seen == expected
    assert "More events this month" not in whole


def test_a_long_exhibition_is_in_every_month_it_spans(demo, as_user):
    plan = ganja_plan(demo)
    long_one = add_event(plan, "Silk Road, nine months", day=date(2026, 1, 10), days=260)
    short = add_event(plan, "Weekend workshop", day=date(2026, 6, 13), days=2)
    demo.session.commit()
    assert long_one.long_running and not short.long_running
    page = as_user("staff").get("/calendar?month=2026-08").get_data(as_text=True)
    assert "Silk Road, nine months" in page and "Weekend workshop" not in page


def index_rows(db, event) -> int:
    from planner.plans.events import OccurrenceStart

    return db.session.scalar(
        select(func.count()).select_from(OccurrenceStart).where(OccurrenceStart.event_id == event.id)
    )


def test_the_occurrence_index_follows_every_change(app, demo, tmp_path):
    plan = ganja_plan(demo)
    series = add_event(plan, "Curators' call", start=NOW, weekly=4)
    demo.session.commit()
    assert index_rows(demo, series) == 4
    series.recurrence_count = 6
    demo.session.commit()
    assert index_rows(demo, series) == 6
    moved = add_event(
        plan,
        "Curators' call, moved",
        start=NOW + timedelta(days=15),
        override_of=series,
        recurrence_id=(NOW + timedelta(weeks=2))
        .astimezone(__import__("zoneinfo").ZoneInfo("Asia/Baku"))
        .replace(tzinfo=None)
        .isoformat(timespec="minutes"),
    )
    demo.session.commit()
    assert index_rows(demo, series) == 5
    moved.deleted_at = datetime(2026, 12, 1)
    demo.session.commit()
    assert index_rows(demo, series) == 6
    path = tmp_path / "export.json"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["data", "export", str(path)]).exit_code == 0
    with demo.engine.begin() as connection:
        for table in reversed(demo.metadata.sorted_tables):
            connection.execute(table.delete())
    assert runner.invoke(args=["data", "import", str(path)]).exit_code == 0
    assert index_rows(demo, series) == 6  # derived data: rebuilt by the import, not exported
    series = demo.session.merge(series)
    series.recurrence_frequency, series.recurrence_count = None, None
    demo.session.commit()
    assert index_rows(demo, series) == 0


def test_agreement_page_lists_plans_a_page_at_a_time_and_totals_them_all(demo, as_user):
    from planner.agreements.models import Agreement
    from planner.plans.models import CostItem, Plan

    agreement = next(a for a in demo.session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    before = demo.session.scalar(
        select(func.count())
        .select_from(Plan)
        .where(Plan.agreement_id == agreement.id, Plan.deleted_at.is_(None), Plan.terms == "free_of_charge")
    )
    for n in range(30):
        plan = ganja_plan(demo, f"Seminar {n:02d}")
        plan.cost_items = [CostItem(payer=plan.lead_institution, amount=1000, currency="GEL")]
    demo.session.commit()
    client = as_user("staff")
    first = client.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    second = client.get(f"/agreements/{agreement.id}?page=2").get_data(as_text=True)
    listed = [re.findall(r"(Seminar \d\d)", page) for page in (first, second)]
    assert len(listed[0]) + len(listed[1]) == 30 and not set(listed[0]) & set(listed[1])
    assert "Next page" in first and "Previous page" in second
    assert f"{before + 30} plans" in first and "30,000.00" in first  # totals over every page
