"""Feeds: a window from 90 days ago onward (older on request), and built feeds kept per worker
under the data version, so every change of what a feed shows gives a new feed at once."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import icalendar
from sqlalchemy import select

from tests.conftest import statements_of
from tests.schedule.test_bounded_pages import add_event, ganja_plan
from tests.schedule.test_feed_pages import feed_paths


def feed_of(client, path: str) -> icalendar.Calendar:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return icalendar.Calendar.from_ical(response.data)


def summaries(calendar: icalendar.Calendar) -> set[str]:
    return {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}


def days_ago(days: int) -> datetime:
    return datetime.combine(date.today() - timedelta(days=days), time(9), tzinfo=UTC)


def test_feed_covers_90_days_back_and_older_events_on_request(app, client, demo):
    plan = ganja_plan(demo)
    for title, days in (("Last year's seminar", 200), ("Last month's seminar", 30), ("Next week's seminar", -7)):
        add_event(plan, title, start=days_ago(days))
    demo.session.commit()
    path = feed_paths(app, "curator")[0]
    default = summaries(feed_of(client, path))
    assert {"Last month's seminar", "Next week's seminar"} <= default and "Last year's seminar" not in default
    older = summaries(feed_of(client, f"{path}?since={date.today() - timedelta(days=365):%Y-%m-%d}"))
    assert {"Last year's seminar", "Last month's seminar", "Next week's seminar"} <= older
    assert client.get(f"{path}?since=last-year").status_code == 400


def test_a_built_feed_is_served_again_from_stored_texts_without_serializing(app, client, demo):
    path = feed_paths(app, "curator")[0]
    cold = statements_of(app, client, path)
    warm = statements_of(app, client, path)
    assert any("INSERT INTO feed_entry" in s for s in cold) and not any("INSERT" in s for s in warm)
    assert not any("event.description" in s for s in warm)  # the texts come from the store
    assert any("feed_entry.key IS NULL" in s.replace('"', "") for s in cold)  # the texts it lacks, looked for
    assert not any("feed_entry.key IS NULL" in s.replace('"', "") for s in warm)  # once per data version
    assert len(warm) < len(cold)


def test_every_change_of_what_a_feed_shows_gives_a_new_feed(app, client, demo):
    from planner.agreements.models import Agreement
    from planner.demo.synth import synthesize
    from planner.maps.models import Site
    from planner.plans.events import Event

    path = feed_paths(app, "admin")[0]  # my.ics of an admin holds every partnership (a curator's: its own)
    opening = demo.session.scalar(select(Event).where(Event.uid == "demo-silk-road-opening@mou-planner"))
    etags = [client.get(path).headers["ETag"]]

    def fetched_after(change) -> str:
        assert client.get(path).headers["ETag"] == etags[-1]  # unchanged: the same feed
        change()
        demo.session.commit()
        response = client.get(path)
        assert response.headers["ETag"] not in etags
        etags.append(response.headers["ETag"])
        return response.get_data(as_text=True).replace("\r\n ", "")  # lines unfolded

    assert "Opening renamed" in fetched_after(lambda: setattr(opening, "title", "Opening renamed"))
    site = demo.session.get(Site, opening.site_id)
    assert "Renamed venue" in fetched_after(lambda: setattr(site, "name", {"en": "Renamed venue"}))
    plan = opening.plan
    opening.description = ""
    assert "A new plan description" in fetched_after(
        lambda: setattr(plan, "description", {"en": "A new plan description"})
    )
    agreement = next(
        a for a in demo.session.scalars(select(Agreement)) if "Carpet" in a.title["en"]
    )  # has a period end
    assert "A renamed memorandum" in fetched_after(lambda: setattr(agreement, "title", {"en": "A renamed memorandum"}))
    assert "Opening renamed" not in fetched_after(lambda: setattr(opening, "deleted_at", datetime(2026, 1, 1)))
    body = fetched_after(lambda: synthesize(agreements=1, plans=1, events=3, sites=1, seed=9))  # bulk inserts
    assert "synth-9-1@mou-planner" in body


def test_logging_in_leaves_the_feeds_as_they_are(app, client, demo, as_user):
    from planner.data_version import current_version

    before = current_version()
    as_user("staff").get("/")
    assert current_version() == before
