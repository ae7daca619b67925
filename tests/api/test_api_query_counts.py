"""API answers issue a bounded number of SQL statements whatever the data size: counted at two sizes."""

from __future__ import annotations

from tests.conftest import statements_of
from tests.test_query_counts import grow


def test_statements_per_answer_do_not_grow_with_the_data(app, api, api_world, demo):
    caller = api("curator")
    paths = [
        "/api/v1/institutions?per_page=100",
        "/api/v1/sites?per_page=100",
        "/api/v1/agreements?per_page=100",
        f"/api/v1/agreements/{api_world['agreement']}",
        "/api/v1/plans?per_page=100",
        f"/api/v1/plans/{api_world['plan']}",
        "/api/v1/events?per_page=100&from=2026-11-01",
        f"/api/v1/events/{api_world['event']}",
    ]
    small = {path: len(statements_of(app, caller, path)) for path in paths}
    grow(demo, 40)
    assert {path: len(statements_of(app, caller, path)) for path in paths} == small
    assert min(small.values()) > 0 and max(small.values()) <= 20
