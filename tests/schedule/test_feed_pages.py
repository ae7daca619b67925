"""Calendar pages and subscribable feeds through HTTP, parsed back by real calendar parsers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar
import pytest
import recurring_ical_events
import vobject
from sqlalchemy import select

from tests.conftest import csrf_token


def feed_paths(app, username: str) -> list[str]:
    result = app.test_cli_runner().invoke(args=["feeds", "urls", "--user", username])
    assert result.exit_code == 0, result.output
    return result.output.split()


def test_feeds_urls_lists_every_feed_the_user_may_subscribe_to(app, demo):
    partner = feed_paths(app, "partner")
    staff = feed_paths(app, "staff")
    assert partner[0].startswith("/feeds/") and partner[0].endswith("/my.ics")
    assert all(path.startswith("/feeds/") and path.endswith(".ics") for path in partner)
    assert len(staff) > len(partner)  # the partner does not see the Uzbekistan partnership
    assert feed_paths(app, "partner") == partner  # stable token


def test_personal_feed_is_valid_icalendar_and_has_the_demo_events(app, client, demo):
    path = feed_paths(app, "staff")[0]
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["ETag"] and response.headers["Last-Modified"]
    calendar = icalendar.Calendar.from_ical(response.data)
    uids = {str(e["UID"]) for e in calendar.walk("VEVENT")}
    assert "demo-heritage-tuesdays@mou-planner" in uids and "demo-silk-road-turkestan@mou-planner" in uids
    assert b"X-WR-TIMEZONE" not in response.data
    tzids = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    assert {"Asia/Baku", "Asia/Almaty"} <= tzids
    webinars = [
        e
        for e in recurring_ical_events.of(calendar).between(date(2026, 12, 1), date(2027, 3, 1))
        if str(e["UID"]) == "demo-heritage-tuesdays@mou-planner"
    ]
    assert len(webinars) == 9  # ten Tuesdays, one excluded (29 December)
    assert all(w["DTSTART"].dt.hour == 11 and str(w["DTSTART"].dt.tzinfo) == "Asia/Baku" for w in webinars)
    assert len(list(vobject.readComponents(response.get_data(as_text=True)))) == 1


def test_conditional_requests_get_304(app, client, demo):
    path = feed_paths(app, "curator")[0]
    first = client.get(path)
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    since = client.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304


def test_feed_is_byte_identical_between_fetches(app, client, demo):
    path = feed_paths(app, "curator")[0]
    assert client.get(path).data == client.get(path).data


def test_wrong_or_revoked_token_is_404(app, client, demo, as_user):
    path = feed_paths(app, "curator")[0]
    assert client.get(path.replace("/feeds/", "/feeds/x")).status_code == 404
    curator = as_user("curator")
    page = curator.get("/account")
    curator.post("/account/feed-token", data={"csrf_token": csrf_token(page.data)})
    curator.post("/logout", data={"csrf_token": csrf_token(curator.get("/").data)})
    assert client.get(path).status_code == 404
    assert client.get(feed_paths(app, "curator")[0]).status_code == 200


def test_partner_cannot_subscribe_to_another_partnership(app, client, demo):
    from planner.agreements.models import Agreement

    uzbek = next(a for a in demo.session.scalars(select(Agreement)) if "Uzbekistan" in a.title["en"])
    secret = feed_paths(app, "partner")[0].split("/")[2]
    assert client.get(f"/feeds/{secret}/agreements/{uzbek.id}.ics").status_code == 404


def test_feed_uses_the_subscribers_language(app, client, demo):
    from planner.accounts.models import User

    user = demo.session.scalar(select(User).where(User.username == "partner"))
    user.language = "ru"
    demo.session.commit()
    body = client.get(feed_paths(app, "partner")[0]).get_data(as_text=True)
    calendar = icalendar.Calendar.from_ical(body)
    assert "MoU Planner" in str(calendar["X-WR-CALNAME"])
    assert str(calendar["X-WR-CALNAME"]) != "MoU Planner: my calendar"


def test_event_edit_raises_sequence_and_keeps_uid(client, demo, as_user, app):
    from planner.plans.events import Event

    event = demo.session.scalar(select(Event).where(Event.uid == "demo-silk-road-opening@mou-planner"))
    curator = as_user("curator")
    form = curator.get(f"/events/{event.id}/edit")
    assert form.status_code == 200
    response = curator.post(
        f"/events/{event.id}/edit",
        data={
            "csrf_token": csrf_token(form.data),
            "version_id": event.version_id,
            "title-en": "Opening, moved",
            "kind": "opening",
            "status": "confirmed",
            "site_id": event.site_id,
            "timezone": "Asia/Almaty",
            "starts_local": "2026-12-05T16:00",
            "ends_local": "2026-12-05T18:00",
            "frequency": "",
            "interval": 1,
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    demo.session.expire_all()
    moved = demo.session.get(Event, event.id)
    assert moved.uid == event.uid and moved.sequence == 1
    assert moved.starts_at == datetime(2026, 12, 5, 11, 0)  # 16:00 in Asia/Almaty (UTC+5)
    feed = icalendar.Calendar.from_ical(client.get(feed_paths(app, "curator")[0]).data)
    found = next(e for e in feed.walk("VEVENT") if str(e["UID"]) == event.uid)
    assert int(found["SEQUENCE"]) == 1 and found["DTSTART"].dt.astimezone(UTC).hour == 11


def test_event_form_refuses_bad_input_and_keeps_it(demo, as_user):
    from planner.plans.models import Plan

    plan = next(
        p for p in demo.session.scalars(select(Plan)) if p.kind == "heritage_route"
    )  # the curator's partnership
    curator = as_user("curator")
    page = curator.get(f"/plans/{plan.id}/events/new")
    cases = [
        (
            {"timezone": "Mars/Olympus", "starts_local": "2027-01-01T10:00", "ends_local": "2027-01-01T11:00"},
            "Unknown time zone",
        ),
        (
            {"timezone": "Asia/Baku", "starts_local": "2027-01-01T10:00", "ends_local": "2027-01-01T09:00"},
            "end must be after the start",
        ),
        (
            {
                "timezone": "Asia/Baku",
                "starts_local": "2027-01-01T10:00",
                "ends_local": "2027-01-01T11:00",
                "frequency": "weekly",
            },
            "needs an end date",
        ),
        (
            {
                "timezone": "Asia/Baku",
                "starts_local": "2027-01-01T10:00",
                "ends_local": "2027-01-01T11:00",
                "frequency": "daily",
                "count": "100000",
            },
            "Number of occurrences",
        ),
    ]
    for fields, message in cases:
        data = {
            "csrf_token": csrf_token(page.data),
            "title-en": "Typed <b>title</b>",
            "kind": "meeting",
            "status": "confirmed",
            "site_id": 0,
            "interval": 1,
            **fields,
        }
        response = curator.post(f"/plans/{plan.id}/events/new", data=data)
        text = response.get_data(as_text=True)
        assert response.status_code == 400, (fields, response.status_code)
        assert message in text, (message, fields)
        assert "Typed &lt;b&gt;title&lt;/b&gt;" in text


def test_month_calendar_shows_events_and_subscribe_links(as_user, demo):
    curator = as_user("curator")
    page = curator.get("/calendar?month=2026-12").get_data(as_text=True)
    assert "Heritage Tuesdays" in page and "Opening of the exhibition in Turkestan" in page
    assert "webcal://" in page and "calendar.google.com" in page
    agenda = curator.get("/calendar?month=2026-12&view=agenda&kind=webinar").get_data(as_text=True)
    assert "Heritage Tuesdays" in agenda and "Opening of the exhibition" not in agenda


def test_event_ics_download_parses(as_user, demo):
    from planner.plans.events import Event

    event = demo.session.scalar(select(Event).where(Event.uid == "demo-heritage-tuesdays@mou-planner"))
    response = as_user("staff").get(f"/events/{event.id}.ics")
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    parsed = icalendar.Calendar.from_ical(response.data)
    assert [str(e["UID"]) for e in parsed.walk("VEVENT")] == [event.uid]


def test_moving_one_occurrence_gives_a_recurrence_id_in_the_feed(app, client, demo, as_user):
    from planner.plans.events import Event

    series = demo.session.scalar(select(Event).where(Event.uid == "demo-heritage-tuesdays@mou-planner"))
    curator = as_user("curator")
    form = curator.get(f"/events/{series.id}/move/2026-12-15T11:00")
    assert form.status_code == 200 and 'value="2026-12-15T11:00"' in form.get_data(as_text=True)
    response = curator.post(
        f"/events/{series.id}/move/2026-12-15T11:00",
        data={
            "csrf_token": csrf_token(form.data),
            "title-en": "Heritage Tuesdays (moved to Wednesday)",
            "kind": "session",
            "status": "confirmed",
            "site_id": 0,
            "timezone": "Asia/Baku",
            "starts_local": "2026-12-16T15:00",
            "ends_local": "2026-12-16T16:30",
            "interval": 1,
            "frequency": "",
        },
    )  # the form's hidden field
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert curator.get(f"/events/{series.id}/move/2026-12-14T11:00").status_code == 404  # not an occurrence
    feed = icalendar.Calendar.from_ical(client.get(feed_paths(app, "staff")[0]).data)
    instances = [e for e in feed.walk("VEVENT") if str(e["UID"]) == series.uid]
    assert len(instances) == 2
    moved = next(e for e in instances if "RECURRENCE-ID" in e)
    assert moved["RECURRENCE-ID"].dt == datetime(2026, 12, 15, 11, tzinfo=moved["RECURRENCE-ID"].dt.tzinfo)
    expanded = [
        e
        for e in recurring_ical_events.of(feed).between(date(2026, 12, 14), date(2026, 12, 18))
        if str(e["UID"]) == series.uid
    ]
    assert [(e["DTSTART"].dt.day, e["DTSTART"].dt.hour) for e in expanded] == [(16, 15)]
    page = curator.get("/calendar?month=2026-12&view=agenda").get_data(as_text=True)
    assert "Heritage Tuesdays (moved to Wednesday)" in page
    assert page.count(">Heritage Tuesdays<") == 3  # 1, 8 and 22 December; the 15th moved, the 29th excluded


def test_feed_tokens_never_reach_the_access_log(app, client, demo, caplog):
    import logging

    from planner.logging_filters import RedactFeedTokens

    path = feed_paths(app, "staff")[0]
    secret = path.split("/")[2]
    logger = logging.getLogger("werkzeug")
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        logger.info('127.0.0.1 - - "GET %s HTTP/1.1" 200 -', path)
    assert any(isinstance(f, RedactFeedTokens) for f in logger.filters)
    assert secret not in caplog.text and "/feeds/[token]/my.ics" in caplog.text


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "every week on Tuesday, 10 times, 1 excluded (not on December 29, 2026)"),
        ("ru", "каждую неделю по вторникам, 10 раз, исключено: 1 (кроме 29 декабря 2026"),
    ],
)
def test_a_series_says_how_often_it_repeats_and_which_days_it_leaves_out(as_user, demo, language, words):
    from planner.accounts.models import User
    from planner.plans.events import Event

    event = demo.session.scalar(select(Event).where(Event.uid == "demo-heritage-tuesdays@mou-planner"))
    assert event.excluded_dates and event.recurrence_count == 10
    demo.session.scalar(select(User).where(User.username == "staff")).language = language
    demo.session.commit()
    page = as_user("staff").get(f"/events/{event.id}").get_data(as_text=True)
    assert words in page


def test_the_feeds_page_lists_every_feed_the_user_may_subscribe_to(app, as_user, demo):
    """The same feeds as `flask feeds urls`, each named, whole, with a copy button and webcal."""
    printed = app.test_cli_runner().invoke(args=["feeds", "urls", "--user", "partner"]).output.split()
    page = as_user("partner").get("/account/feeds").get_data(as_text=True)
    for path in printed:
        assert f'readonly rows="2" spellcheck="false">http://localhost{path}</textarea>' in page
        assert f'href="webcal://localhost{path}"' in page
    assert page.count("data-copy=") == len(printed) > 1
    assert "Ganja: a city on the Silk Road" in page and "/feeds/" in page
    other = as_user("curator").get("/account/feeds").get_data(as_text=True)
    assert printed[0].split("/")[2] not in other  # another user's token is never shown
