"""The fuzz harness on every date parameter (#32 items 7 and 9): feeds' `since`, the calendars'
`day` and `month`, the audit log's `from`/`to`, the API's `from`/`to` on events, plans and
agreements. Whatever the date: never a 500, an API refusal is a 400 in the error shape, and a
feed that answers 200 is whole (it ends with END:VCALENDAR)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import select

from tests.conftest import log_in
from tests.fuzzing import DATE

DATES = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture()
def dated(app, client, demo):
    """An administrator's page client, a feed path and an API token."""
    from planner.accounts.models import Token, User

    admin = demo.session.scalar(select(User).where(User.username == "admin"))
    token, secret = Token.issue(admin, "api", "fuzz")
    demo.session.add(token)
    demo.session.commit()
    feed = app.test_cli_runner().invoke(args=["feeds", "urls", "--user", "curator"]).output.split()[0]
    log_in(client, "admin")
    return client, feed, {"Authorization": f"Bearer {secret}"}


@DATES
@given(day=DATE)
def test_a_feeds_since_is_refused_or_served_whole(dated, day):
    client, feed, _headers = dated
    answer = client.get(f"{feed}?since={quote(day)}")
    assert answer.status_code in (200, 400), (day, answer.status_code)
    if answer.status_code == 200:
        assert answer.get_data(as_text=True).rstrip().endswith("END:VCALENDAR"), day


@DATES
@given(day=DATE, other=DATE)
def test_page_date_parameters_never_fail(dated, day, other):
    client, _feed, _headers = dated
    for path in (
        f"/calendar?view=week&day={quote(day)}",
        f"/calendar?view=agenda&month={quote(day[:7])}&day={quote(other)}",
        f"/calendar?view=day&day={quote(day)}&month={quote(other[:7])}",
        f"/audit?from={quote(day)}&to={quote(other)}",
    ):
        assert client.get(path).status_code in (200, 400), path


@DATES
@given(day=DATE, other=DATE)
def test_api_date_filters_answer_200_or_400_in_the_error_shape(dated, day, other):
    client, _feed, headers = dated
    for path in ("/api/v1/events", "/api/v1/plans", "/api/v1/agreements"):
        answer = client.get(f"{path}?from={quote(day)}&to={quote(other)}", headers=headers)
        assert answer.status_code in (200, 400), (path, day, other, answer.status_code)
        if answer.status_code == 400:
            assert answer.json["error"]["status"] == 400 and set(answer.json["error"]["fields"]) <= {"from", "to"}
