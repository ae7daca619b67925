"""The approval rules, each checked so that its own guard is what the test sees (issue #35):
only a proposed plan can be approved (page and API), Art. 6 wants the separate agreement's
date as well as its reference, an approval makes a new version of the plan, and the operation
answers "already approved" by itself, without the database's unique index behind it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from planner.unit_of_work import unit_of_work
from tests.conftest import log_in
from tests.plans import test_rulebook
from tests.plans.test_rulebook import approvals_count, bearer, page_approve, stored

world = test_rulebook.world  # the fixture: a fresh proposed exhibition of the Ganja partnership


def _set_status_in_the_database(world, status: str) -> None:
    """Cancelled or completed through the stored row: the test is about approving such a plan,
    not about the steps that lead there."""
    plan = stored(world)
    plan.status = status
    world["session"].commit()


@pytest.mark.parametrize("status", ["cancelled", "completed"])
def test_a_cancelled_or_completed_plan_is_not_approved_on_the_page(client, world, status):
    _set_status_in_the_database(world, status)
    log_in(client, "curator")
    page = page_approve(client, world["plan"], stored(world).current_fingerprint).get_data(as_text=True)
    assert "Only a proposed plan can be approved." in page
    assert approvals_count(world) == 0 and stored(world).status == status


@pytest.mark.parametrize("status", ["cancelled", "completed"])
def test_a_cancelled_or_completed_plan_is_not_approved_in_the_api(app, world, status):
    _set_status_in_the_database(world, status)
    call = bearer(world, app, "curator")
    answer = call(
        "post", f"/api/v1/plans/{world['plan']}/approvals", json={"fingerprint": stored(world).current_fingerprint}
    )
    assert answer.status_code == 422
    assert answer.json["error"]["fields"]["fingerprint"] == ["Only a proposed plan can be approved."]
    assert approvals_count(world) == 0 and stored(world).status == status


def test_art6_wants_the_date_of_the_separate_agreement_as_well_as_its_reference(app, world):
    from planner.plans import operations

    with app.test_request_context(), unit_of_work():
        operations.update_plan(
            stored(world), world["users"]["curator"], {"terms": "compensated", "project_agreement_ref": "PA-2026/7"}
        )
    call = bearer(world, app, "curator")
    path = f"/api/v1/plans/{world['plan']}/approvals"
    answer = call("post", path, json={"fingerprint": stored(world).current_fingerprint})
    assert answer.status_code == 422 and "project agreement" in answer.json["error"]["fields"]["fingerprint"][0]
    assert approvals_count(world) == 0

    with app.test_request_context(), unit_of_work():  # with its date the same approval is taken
        operations.update_plan(stored(world), world["users"]["curator"], {"project_agreement_date": date(2026, 5, 4)})
    assert call("post", path, json={"fingerprint": stored(world).current_fingerprint}).status_code == 201


def test_an_approval_makes_a_new_version_so_a_form_read_before_it_is_stale(app, world):
    """The approval bumps the plan's version (what makes a decider that read the plan before
    another party's approval decide again): a save carrying the version read before the
    approval is refused, and nothing is overwritten."""
    from planner.errors import Conflict
    from planner.plans import operations

    seen = stored(world).version_id
    with app.test_request_context(), unit_of_work():
        operations.approve(world["plan"], world["users"]["curator-turkestan"], stored(world).current_fingerprint)
        assert stored(world).version_id != seen
        with pytest.raises(Conflict) as refused:
            operations.update_plan(
                stored(world), world["users"]["curator"], {"title": {"en": "Renamed unseen"}}, version_id=seen
            )
    assert refused.value.code == "stale"
    assert stored(world).title["en"] == "Shared treasures" and approvals_count(world) == 1


@pytest.fixture()
def without_the_standing_index(app, database):
    """The unique index on standing approvals dropped for one test and made again after it, so
    that only the operation's own check can refuse a second approval."""
    engine = database.engine
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            ddl = connection.execute(text("SELECT sql FROM sqlite_master WHERE name = 'uq_approval_standing'")).scalar()
        else:
            ddl = connection.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = 'uq_approval_standing'")
            ).scalar()
        assert ddl
        connection.execute(text("DROP INDEX uq_approval_standing"))
    try:
        yield
    finally:
        database.session.remove()
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM approval"))  # no duplicate may stop the index
            connection.execute(text(ddl))


def test_the_operation_itself_answers_already_approved(app, world, without_the_standing_index):
    from planner.errors import Conflict
    from planner.plans import operations

    curator = world["users"]["curator"]
    world["session"].commit()  # what the fixtures wrote: the decision reads the rows as stored
    with app.test_request_context():
        with unit_of_work():
            operations.approve(world["plan"], curator, stored(world).current_fingerprint)
        with pytest.raises(Conflict) as refused, unit_of_work():  # a decision is a unit of its own
            operations.approve(world["plan"], curator, stored(world).current_fingerprint)
    assert refused.value.code == "already_approved"
    assert approvals_count(world) == 1
