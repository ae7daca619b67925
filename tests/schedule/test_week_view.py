"""The week view beside month and agenda: seven day columns from the reader's first weekday,
timed events in the row of their local start hour, a multi-day event one bar across its days,
today marked, navigation and view links that keep the day and the filters; the plan filter
offers only plans the user may read."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from planner.plans.occurrences import Occurrence
from planner.schedule.calendar import first_weekday, focus_day, hour_rows, week_grid, week_start
from tests.conftest import log_in

BAKU = ZoneInfo("Asia/Baku")
WEEK = "/calendar?view=week&day=2026-12-09"  # Monday 7 to Sunday 13 December 2026


def table(page: str) -> str:
    """The week grid alone (not the phone's agenda above it, nor the filters)."""
    return page.split('<table class="week">')[1].split("</table>")[0]


def columns(row: str) -> list[str]:
    return re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)


def test_a_week_starts_on_the_readers_first_weekday():
    assert [first_weekday(language) for language in ("en", "az", "kk", "ru")] == [0, 0, 0, 0]
    assert first_weekday("en_US") == 6  # CLDR: the United States start on Sunday
    assert week_start(date(2026, 12, 9), 0) == date(2026, 12, 7)
    assert week_start(date(2026, 12, 9), 6) == date(2026, 12, 6)
    sunday_first = week_grid(date(2026, 12, 9), [], BAKU, first=6)
    assert [d.day for d in sunday_first] == [date(2026, 12, 6 + n) for n in range(7)]


def test_timed_events_sit_in_the_row_of_their_local_start_hour():
    talk = Occurrence(
        SimpleNamespace(id=1), datetime(2026, 12, 8, 7, tzinfo=UTC), datetime(2026, 12, 8, 8, tzinfo=UTC), False
    )
    night = Occurrence(
        SimpleNamespace(id=2), datetime(2026, 12, 10, 17, tzinfo=UTC), datetime(2026, 12, 10, 18, tzinfo=UTC), False
    )
    days = week_grid(date(2026, 12, 9), [talk, night], BAKU)
    rows = {row.hour: row.cells for row in hour_rows(days, BAKU)}
    assert rows[time(11)][1] == [talk]  # 07:00 UTC is 11:00 in Baku, on Tuesday
    assert rows[time(21)][3] == [night]  # after 18:00: the rows stretch to hold it
    assert min(rows) == time(8) and max(rows) == time(21)
    assert not any(day.bars for day in days)


def test_a_multi_day_event_is_one_bar_across_the_days_it_covers():
    fair = Occurrence(SimpleNamespace(id=3), date(2026, 12, 9), date(2026, 12, 12), True)  # Wed to Fri
    days = week_grid(date(2026, 12, 9), [fair], BAKU)
    bars = [(day.day, bar) for day in days for bar in day.bars]
    assert len(bars) == 1 and bars[0][0] == date(2026, 12, 9) and bars[0][1].span == 3
    assert not bars[0][1].continues_before and not bars[0][1].continues_after


def test_the_day_a_page_is_about():
    opening = date(2027, 2, 10)
    assert focus_day("2026-12-09", None, opening) == date(2026, 12, 9)
    assert focus_day(None, "2026-12", opening) == date(2026, 12, 1)
    assert focus_day(None, "2027-02", opening) == opening
    assert focus_day("2026-12-09", "2026-12", opening) == date(2026, 12, 9)
    for nonsense in ("x", "2026-13-40", "0001-01-01", "9999-12-31"):
        assert focus_day(nonsense, None, opening) == opening


def test_the_week_page_places_events_and_draws_the_exhibition_as_one_bar(as_user, demo):
    page = as_user("curator").get(WEEK).get_data(as_text=True)
    grid = table(page)
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', grid, re.S)[1:]
    assert [re.search(r'day-number">(\d+)<', h).group(1) for h in headers] == [str(n) for n in range(7, 14)]
    all_day, *hours = grid.split("<tr")[2:]
    # the exhibition (4 December to 31 January) is one bar over the whole week, on Monday: its
    # venue run, which the all-day event of the same days at the same site only repeats
    monday = columns(all_day)[0]
    assert 'cal-bar span-7 continues-before continues-after" href="/plans/' in monday and monday.count("cal-bar") == 1
    assert not any("cal-bar" in cell for cell in columns(all_day)[1:])
    # the Tuesday webinar at 11:00 in Baku, in the 11:00 row and the Tuesday column
    eleven = next(row for row in hours if re.search(r">11:00\s?AM</th>", row))
    assert "Heritage Tuesdays" in columns(eleven)[1] and re.search(r"11:00\s?AM–12:30\s?PM", columns(eleven)[1])
    assert sum(row.count("Heritage Tuesdays") for row in hours) == 1
    assert "Dec 7\u2009–\u200913, 2026" in page


def test_today_is_marked_in_its_week(as_user, demo):
    page = as_user("staff").get("/calendar?view=week").get_data(as_text=True)
    assert page.count('aria-current="date"') == 1
    assert 'aria-current="date"' not in as_user("staff").get("/calendar?view=week&day=2020-01-08").get_data(
        as_text=True
    )


def test_navigation_and_view_links_keep_the_day_and_the_filters(as_user, demo):
    from planner.plans.models import Plan

    plan = demo.session.scalar(select(Plan).where(Plan.kind == "webinar"))
    query = f"view=week&day=2026-12-09&kind=webinar&agreement={plan.agreement_id}&plan={plan.id}"
    page = as_user("curator").get(f"/calendar?{query}").get_data(as_text=True)
    filters = f"kind=webinar&amp;agreement={plan.agreement_id}&amp;plan={plan.id}"
    assert f'href="/calendar?view=week&amp;day=2026-12-02&amp;{filters}" rel="prev"' in page
    assert f'href="/calendar?view=week&amp;day=2026-12-16&amp;{filters}" rel="next"' in page
    today = datetime.now(BAKU).date().isoformat()
    assert f'href="/calendar?view=week&amp;day={today}&amp;{filters}"' in page
    for view in ("month", "agenda"):
        assert f'href="/calendar?view={view}&amp;day=2026-12-09&amp;{filters}"' in page
    assert f'<option value="{plan.id}" selected>' in page
    assert f"/my.ics?agreement={plan.agreement_id}&amp;plan={plan.id}&amp;kind=webinar</textarea>" in page
    # the month view, reached from the week, is December, and links back to the same week
    month = as_user("curator").get(f"/calendar?view=month&day=2026-12-09&{filters.replace('&amp;', '&')}")
    body = month.get_data(as_text=True)
    assert 'name="month" value="2026-12"' in body and 'href="/calendar?view=week&amp;day=2026-12-09' in body
    assert 'href="/calendar?view=month&amp;day=2026-11-01' in body and 'rel="prev"' in body
    plan_page = as_user("curator").get(f"/plans/{plan.id}/calendar?view=week&day=2026-12-09").get_data(as_text=True)
    assert f'href="/plans/{plan.id}/calendar?view=month&amp;day=2026-12-09"' in plan_page


@pytest.mark.parametrize("language", ["en", "az", "kk", "ru"])
def test_the_week_view_in_every_language_starts_on_monday(app, client, demo, language):
    from planner.accounts.models import User

    demo.session.scalar(select(User).where(User.username == "curator")).language = language
    demo.session.commit()
    log_in(client, "curator")
    page = client.get(WEEK).get_data(as_text=True)
    first = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table(page), re.S)[1]
    with app.test_request_context():
        from babel.dates import format_date

        assert first.startswith(format_date(date(2026, 12, 7), "EEE", locale=language) + " ")
    assert 'day-number">7<' in first


def test_a_plan_the_user_may_not_read_is_not_offered_and_shows_nothing(app, client, demo):
    """Carpets of the Great Steppe (Turkestan and the Carpet Museum) is not Ganja's to read."""
    from planner.plans.models import Plan

    carpets = demo.session.scalar(select(Plan).where(Plan.title["en"].as_string() == "Carpets of the Great Steppe"))
    june = "/calendar?view=week&day=2027-06-09"
    log_in(client, "curator-turkestan")
    assert f'<option value="{carpets.id}">' in client.get(june).get_data(as_text=True)
    assert "Carpets of the Great Steppe" in table(client.get(f"{june}&plan={carpets.id}").get_data(as_text=True))
    log_in(client, "admin")
    assert f'<option value="{carpets.id}">' in client.get(june).get_data(as_text=True)
    log_in(client, "curator")
    for query in (f"plan={carpets.id}", f"agreement={carpets.agreement_id}&plan={carpets.id}"):
        response = client.get(f"{june}&{query}")
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "Carpets of the Great Steppe" not in page
        assert f'<option value="{carpets.id}"' not in page
        assert "cal-event" not in table(page)


def test_the_plan_choices_follow_the_chosen_agreement(as_user, demo):
    from planner.plans.models import Plan

    plans = list(demo.session.scalars(select(Plan).where(Plan.deleted_at.is_(None))))
    chosen = plans[0].agreement_id
    page = as_user("admin").get(f"/calendar?view=week&agreement={chosen}").get_data(as_text=True)
    offered = {
        int(n) for n in re.findall(r'<option value="(\d+)"', page.split('id="plan-filter"')[1].split("</select>")[0])
    }
    assert offered == {p.id for p in plans if p.agreement_id == chosen}


@pytest.mark.parametrize("query", ["day=garbage", "day=2026-02-30", "view=year", "day=%00", "month=2026-99&day=x"])
def test_bad_dates_and_views_fall_back_quietly(as_user, demo, query):
    assert as_user("staff").get(f"/calendar?view=week&{query}").status_code == 200


def test_the_agenda_lists_only_the_days_of_its_period(as_user, demo):
    """The month grid shows whole weeks (30 November is in December's first row), the agenda and
    the phone's list only the month's days; the week view's list only its week."""
    from tests.schedule.test_bounded_pages import add_event, ganja_plan

    plan = ganja_plan(demo)
    add_event(plan, "Late November talk", day=date(2026, 11, 30))
    add_event(plan, "Early December talk", day=date(2026, 12, 2))
    demo.session.commit()
    client = as_user("curator")
    month = client.get("/calendar?month=2026-12").get_data(as_text=True)
    assert "Late November talk" in month.split('<table class="month">')[1]  # in the grid's first row
    listed = month.split('<table class="month">')[0]
    assert "Late November talk" not in listed and "Early December talk" in listed
    agenda = client.get("/calendar?month=2026-12&view=agenda").get_data(as_text=True)
    assert "Late November talk" not in agenda and "Early December talk" in agenda
    week = client.get("/calendar?view=week&day=2026-11-30").get_data(as_text=True)
    assert "Late November talk" in week.split('<table class="week">')[0]
