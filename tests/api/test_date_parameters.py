"""Every date parameter is range-checked before it is used (#32 item 7): feeds, calendars, the
API's filters and the audit log answer a clear 400 (or the page's message), never a 500 or a
cut-off 200."""

from __future__ import annotations

import pytest

from tests.conftest import log_in


def feed_path(app, username: str = "curator") -> str:
    return app.test_cli_runner().invoke(args=["feeds", "urls", "--user", username]).output.split()[0]


@pytest.mark.parametrize("since", ["0001-01-01", "9999-12-31", "1899-12-31", "2026-02-30"])
def test_a_feed_refuses_a_since_outside_the_range(app, client, demo, since):
    answer = client.get(f"{feed_path(app)}?since={since}")
    assert answer.status_code == 400 and b"1900" in answer.get_data()


def test_a_feed_from_the_first_day_of_the_range_is_whole(app, client, demo):
    answer = client.get(f"{feed_path(app)}?since=1900-01-01")
    body = answer.get_data(as_text=True)
    assert answer.status_code == 200 and body.rstrip().endswith("END:VCALENDAR") and "BEGIN:VEVENT" in body


@pytest.mark.parametrize("path", ["/api/v1/events", "/api/v1/plans", "/api/v1/agreements"])
@pytest.mark.parametrize("query", ["from=0001-01-01", "to=9999-12-31", "from=2026-13-01"])
def test_the_api_answers_400_in_its_error_shape_for_a_date_out_of_range(api, path, query):
    answer = api("staff", "ru").get(f"{path}?{query}")
    assert answer.status_code == 400, answer.json
    error = answer.json["error"]
    assert error["status"] == 400 and set(error["fields"]) == {query.split("=")[0]}
    assert "1900" in error["message"] and "ГГГГ" in error["message"]


def test_the_api_keeps_422_for_other_arguments(api):
    assert api("staff").get("/api/v1/plans?per_page=1000").status_code == 422


def test_the_audit_log_says_which_date_is_out_of_range(client, demo):
    log_in(client, "admin")
    page = client.get("/audit?from=0001-01-01&to=2026-01-01")
    assert page.status_code == 200 and "between 1900 and 2199" in page.get_data(as_text=True)


def test_a_calendar_day_out_of_range_opens_today(client, demo):
    log_in(client, "curator")
    assert client.get("/calendar?view=week&day=0001-01-01").status_code == 200
