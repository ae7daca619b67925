"""API answers issue a bounded number of SQL statements whatever the data size: counted at two sizes."""
from __future__ import annotations

from tests.test_query_counts import grow


def test_statements_per_answer_do_not_grow_with_the_data(app, api, api_world, demo):
    from planner.extensions import db
    from sqlalchemy import event
    caller = api("curator")
    paths = ["/api/v1/institutions?per_page=100", "/api/v1/sites?per_page=100", "/api/v1/agreements?per_page=100",
             f"/api/v1/agreements/{api_world['agreement']}", "/api/v1/plans?per_page=100",
             f"/api/v1/plans/{api_world['plan']}", "/api/v1/events?per_page=100&from=2026-11-01",
             f"/api/v1/events/{api_world['event']}"]

    def statements() -> dict[str, int]:
        counted = {}
        for path in paths:
            found: list[int] = []
            listener = lambda *args, found=found: found.append(1)  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                assert caller.get(path).status_code == 200, path
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
            counted[path] = len(found)
        return counted

    small = statements()
    grow(demo, 40)
    assert statements() == small
    assert 0 < min(small.values()) and max(small.values()) <= 20
