"""Time zones: canonical IANA names only, on every path (all-day events included); a time the
clocks skip is refused naming the gap, one they repeat takes the first and says so."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token

NOT_CANONICAL = ["Mars/Olympus", "localtime", "Factory", "EST5EDT", "posix/Asia/Baku", "right/UTC", "Europe/Kiev"]


def test_only_canonical_zones_are_known():
    from planner.timezones import is_known_zone, known_zones

    assert {"Asia/Baku", "Asia/Almaty", "Asia/Tashkent", "Europe/Istanbul", "Europe/Kyiv", "UTC"} <= known_zones()
    assert not any(is_known_zone(name) for name in NOT_CANONICAL)


def test_wall_clock_finds_gaps_and_overlaps():
    from planner.timezones import wall_clock

    gap = wall_clock(datetime(2026, 3, 29, 2, 30), "Europe/Berlin")
    assert (gap.kind, gap.first, gap.last) == ("gap", datetime(2026, 3, 29, 2), datetime(2026, 3, 29, 3))
    overlap = wall_clock(datetime(2026, 10, 25, 2, 30), "Europe/Berlin")
    assert (overlap.kind, overlap.first, overlap.last) == (
        "overlap",
        datetime(2026, 10, 25, 2),
        datetime(2026, 10, 25, 3),
    )
    assert wall_clock(datetime(2026, 3, 29, 2, 30), "Asia/Baku").kind == "normal"


def test_zone_choices_are_localized_and_canonical():
    from planner.timezones import known_zones, zone_choices

    russian = dict(zone_choices("ru"))
    assert set(russian) == known_zones()
    assert russian["Asia/Baku"] == "Азербайджан: Баку (Asia/Baku)"
    assert dict(zone_choices("az"))["Asia/Almaty"].startswith("Qazaxıstan")


def edit_event(client, event, changes: dict, **kwargs):
    """The event's edit form as shown, with `changes` typed in (tests.fuzzing.submit_form)."""
    from tests.fuzzing import submit_form

    return submit_form(client, f"/events/{event.id}/edit", changes, **kwargs)


def demo_event(db):
    from planner.plans.events import Event

    return db.session.scalar(select(Event).where(Event.recurrence_frequency.is_(None)).order_by(Event.id))


@pytest.mark.parametrize("name", NOT_CANONICAL)
def test_event_page_refuses_other_zones_all_day_and_timed(as_user, demo, name):
    event = demo_event(demo)
    client = as_user("curator")
    for times in (
        {"all_day": "y", "start_date": "2027-06-01", "end_date": "2027-06-02"},
        {"all_day": None, "starts_local": "2027-06-01T10:00", "ends_local": "2027-06-01T12:00"},
    ):
        response = edit_event(client, event, {"timezone": name, **times})
        assert response.status_code == 400 and b"Unknown time zone" in response.data
    demo.session.expire_all()
    assert demo.session.get(type(event), event.id).timezone != name


def test_event_page_refuses_a_time_in_the_gap_naming_it(as_user, demo):
    event = demo_event(demo)
    client = as_user("curator")
    before = (event.starts_at, event.sequence)
    gap = {
        "all_day": None,
        "timezone": "Europe/Berlin",
        "starts_local": "2027-03-28T02:30",
        "ends_local": "2027-03-28T04:00",
    }
    response = edit_event(client, event, gap)
    assert response.status_code == 400
    assert b"02:30 does not exist in Europe/Berlin" in response.data and b"from 02:00 to 03:00" in response.data
    demo.session.expire_all()
    assert (demo.session.get(type(event), event.id).starts_at, event.sequence) == before


def test_event_page_takes_the_first_of_a_repeated_time_and_says_so(as_user, demo):
    event = demo_event(demo)
    client = as_user("curator")
    repeated = {
        "all_day": None,
        "timezone": "Europe/Berlin",
        "starts_local": "2027-10-31T02:30",
        "ends_local": "2027-10-31T05:00",
    }
    response = edit_event(client, event, repeated, follow_redirects=True)
    assert response.status_code == 200 and b"occurs twice in Europe/Berlin" in response.data
    demo.session.expire_all()
    assert demo.session.get(type(event), event.id).starts_at == datetime(2027, 10, 31, 0, 30)  # 02:30 CEST


def test_institution_and_account_forms_offer_and_check_the_zone_list(as_user, demo):
    from planner.accounts.models import User
    from planner.agreements.models import Institution
    from tests.fuzzing import submit_form

    client = as_user("admin")
    page = client.get("/account?lang=ru").get_data(as_text=True)
    assert '<option value="Asia/Baku">Азербайджан: Баку (Asia/Baku)</option>' in page
    token = csrf_token(page)
    assert (
        client.post("/account", data={"csrf_token": token, "language": "en", "timezone": "EST5EDT"}).status_code == 400
    )
    assert demo.session.scalar(select(User.timezone).where(User.username == "admin")) is None
    institution = demo.session.scalar(select(Institution).where(Institution.short_name == "Ganja Reserve"))
    path = f"/institutions/{institution.id}/edit"
    assert b'<option selected value="Asia/Baku">' in client.get(path).data
    response = submit_form(client, path, {"timezone": "Factory"})
    assert response.status_code == 400
    demo.session.expire_all()
    assert demo.session.get(Institution, institution.id).timezone == "Asia/Baku"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"all_day": True, "start_date": "2027-06-01", "last_date": "2027-06-01", "timezone": "Mars/Olympus"},
            "timezone",
        ),
        (
            {"starts_local": "2027-06-01T10:00:00", "ends_local": "2027-06-01T11:00:00", "timezone": "localtime"},
            "timezone",
        ),
        (
            {"starts_local": "2027-06-01T10:00:00", "ends_local": "2027-06-01T11:00:00", "timezone": "EST5EDT"},
            "timezone",
        ),
        (
            {"starts_local": "2027-03-28T02:30:00", "ends_local": "2027-03-28T04:00:00", "timezone": "Europe/Berlin"},
            "starts_local",
        ),
    ],
)
def test_api_refuses_other_zones_and_gap_times(app, demo, body, field):
    from planner.accounts.models import Token, User
    from planner.plans.events import Event

    plan_id = demo.session.scalar(select(Event.plan_id).order_by(Event.id))
    token, secret = Token.issue(demo.session.scalar(select(User).where(User.username == "curator")), "api", "t")
    demo.session.add(token)
    demo.session.commit()
    before = demo.session.scalar(select(func.count()).select_from(Event))
    response = app.test_client().post(
        "/api/v1/events",
        json={"plan_id": plan_id, "title": "Zone check", **body},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 422 and field in response.json["error"]["fields"], response.json
    assert demo.session.scalar(select(func.count()).select_from(Event)) == before
