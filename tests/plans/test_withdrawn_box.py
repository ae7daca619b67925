"""The plan page's "approval withdrawn" box (issue #26 item 9): it shows while some party has
not approved the current version, and goes once every party has approved it again."""

from __future__ import annotations

from datetime import date

from planner.unit_of_work import unit_of_work
from tests.plans.test_fingerprint import _update, approve_both, plan_of, world  # noqa: F401 (the fixture)

BOX = "An approval was withdrawn because the plan changed"


def test_the_withdrawn_box_stands_until_every_party_approved_again(app, world, as_user):  # noqa: F811
    page = lambda: as_user("curator-turkestan").get(f"/plans/{world.plan_id}").get_data(as_text=True)  # noqa: E731
    assert BOX not in page()
    with app.test_request_context(), unit_of_work():
        _update(world, plan_of(world), "venues", closes_on=date(2027, 5, 31))
    assert BOX in page()
    with app.test_request_context(), unit_of_work():
        from planner.plans import operations

        operations.approve(world.plan_id, world.users["curator"], plan_of(world).current_fingerprint)
    assert BOX in page(), "one party has approved the current version, the other not yet"
    with app.test_request_context():
        approve_both(plan_of(world), world.users)
    assert BOX not in page()
