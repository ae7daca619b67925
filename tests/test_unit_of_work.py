"""One unit of work per request and per command (planner/unit_of_work.py): operations flush,
one place commits, a stale write is the conflict error, any failure keeps nothing; and no view,
API resource or command writes to the session itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

PLANNER = Path(__file__).resolve().parent.parent / "planner"
# What only the unit of work (and the operations under it) may do to the session.
SESSION_WRITE = re.compile(
    r"\bdb\.session\.(add|add_all|delete|commit|flush|merge|rollback|begin|begin_nested|bulk_\w+)\b"
    r"|\bdb\.session\.execute\(\s*(update|insert|delete)\("
)


def surfaces() -> list[Path]:
    """Every module of the pages, the API and the command line."""
    found = [*PLANNER.glob("**/views.py"), *PLANNER.glob("api/*.py"), *PLANNER.glob("**/cli.py")]
    found += [PLANNER / "accounts" / "admin.py", PLANNER / "dashboard.py"]
    return sorted(set(found))


def test_no_view_api_resource_or_command_writes_to_the_session():
    assert len(surfaces()) > 15, "the scan must see the surfaces"
    writes = [
        f"{path.relative_to(PLANNER.parent)}:{number}: {line.strip()}"
        for path in surfaces()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SESSION_WRITE.search(line)
    ]
    assert writes == [], "views, API resources and commands call operations; the unit of work commits"


def _counts(session) -> tuple[int, int, int]:
    from planner.agreements.models import Institution
    from planner.audit.models import AuditEntry
    from planner.maps.models import Site

    session.expire_all()
    return tuple(session.scalar(select(func.count()).select_from(model)) for model in (Institution, Site, AuditEntry))


def test_a_failed_operation_rolls_back_everything_the_unit_did(app, demo):
    """Two operations in one unit; the second is refused: the first one's rows and audit
    entries are gone too, though it had flushed them."""
    from planner.accounts.models import User
    from planner.agreements.institutions import save_institution
    from planner.errors import Conflict
    from planner.maps.models import Site
    from planner.maps.operations import delete_site
    from planner.plans.models import PlanVenue
    from planner.unit_of_work import unit_of_work

    admin = demo.session.scalar(select(User).where(User.username == "admin"))
    used = demo.session.get(Site, demo.session.scalar(select(PlanVenue.site_id).limit(1)))
    before = _counts(demo.session)
    with app.test_request_context(), pytest.raises(Conflict) as refused, unit_of_work():
        made = save_institution(
            None, admin, {"name": {"en": "Flushed museum"}, "country": "AZ", "timezone": "Asia/Baku"}
        )
        assert made.id is not None  # flushed: the database gave it an id
        delete_site(used, admin)
    assert refused.value.code == "in_use"
    assert _counts(demo.session) == before


def test_a_stale_write_is_the_conflict_error_and_keeps_nothing(app, demo):
    from planner.accounts.models import User
    from planner.agreements.models import Agreement
    from planner.audit.models import record
    from planner.errors import Conflict
    from planner.unit_of_work import unit_of_work

    admin = demo.session.scalar(select(User).where(User.username == "admin"))
    agreement = demo.session.scalars(select(Agreement)).first()
    before = _counts(demo.session)
    with app.test_request_context(), pytest.raises(Conflict) as refused, unit_of_work():
        record(admin.id, "update", "agreement", agreement.id)
        # someone else saves the agreement after this unit read it (behind this session's back)
        demo.session.execute(
            text("UPDATE agreement SET version_id = version_id + 1 WHERE id = :id"), {"id": agreement.id}
        )
        agreement.term_years = (agreement.term_years or 0) + 1
    assert refused.value.code == "stale"
    assert _counts(demo.session) == before


def test_a_request_commits_once_after_its_view(as_user, demo):
    """The page's operations only flush: what the request changed is stored by the unit of
    work around the view (PlannerApp), here the profile's language."""
    from planner.accounts.models import User

    client = as_user("staff")
    page = client.get("/account")
    from tests.conftest import csrf_token

    answer = client.post("/account", data={"csrf_token": csrf_token(page.data), "language": "kk", "timezone": ""})
    assert answer.status_code == 302
    demo.session.expire_all()
    assert demo.session.scalar(select(User.language).where(User.username == "staff")) == "kk"


def test_a_command_is_one_unit_of_work(app, demo):
    """`flask users create` stores the account through the operation; a refused one nothing."""
    from planner.accounts.models import User

    runner = app.test_cli_runner()
    made = runner.invoke(
        args=["users", "create", "console-curator", "--role", "staff", "--password", "a-long-and-new-pass-2026"]
    )
    assert made.exit_code == 0, made.output
    again = runner.invoke(
        args=["users", "create", "console-curator", "--role", "staff", "--password", "a-long-and-new-pass-2026"]
    )
    assert again.exit_code == 2
    demo.session.rollback()  # what the command committed stays
    assert demo.session.scalar(select(func.count()).select_from(User).where(User.username == "console-curator")) == 1


def test_the_operations_refuse_what_the_pages_never_offer(app, demo):
    """The operations check the right themselves, whichever surface calls them."""
    from planner.accounts.models import User
    from planner.accounts.operations import set_language
    from planner.agreements.institutions import delete_institution, save_institution
    from planner.errors import Forbidden, Invalid
    from planner.maps.models import Site
    from planner.maps.operations import delete_site
    from planner.notifications.operations import set_deliveries

    users = {user.username: user for user in demo.session.scalars(select(User))}
    site = demo.session.scalars(select(Site).where(Site.institution_id.is_not(None))).first()
    before = _counts(demo.session)
    with app.test_request_context():
        for refused in (
            lambda: delete_site(site, users["partner"]),
            lambda: save_institution(None, users["curator"], {"name": {"en": "Not mine"}, "country": "AZ"}),
            lambda: delete_institution(site.institution, users["curator"]),
        ):
            with pytest.raises(Forbidden):
                refused()
        with pytest.raises(Invalid):
            set_language(users["staff"], "xx")
        with pytest.raises(Invalid):
            set_deliveries(users["staff"], {"plan_proposed": "pigeon"})
    assert _counts(demo.session) == before
    demo.session.expire_all()
    assert users["staff"].language != "xx"


def test_a_decision_comes_first_in_its_unit_of_work(app, demo):
    """The approval decision starts a fresh transaction; after a change in the same unit it
    refuses rather than drop that change silently."""
    from planner.accounts.models import User
    from planner.audit.models import record
    from planner.plans import operations
    from planner.plans.models import Plan
    from planner.unit_of_work import unit_of_work

    curator = demo.session.scalar(select(User).where(User.username == "curator"))
    plan = demo.session.scalars(select(Plan).where(Plan.status == "proposed")).first()
    before = _counts(demo.session)
    with app.test_request_context(), pytest.raises(RuntimeError), unit_of_work():
        record(curator.id, "update", "plan", plan.id)
        demo.session.flush()
        operations.approve(plan.id, curator, plan.current_fingerprint)
    assert _counts(demo.session) == before


def test_a_deleted_plan_has_no_calendar_even_for_an_administrator(as_user, demo):
    """Calendars load their scope through plans/access.py `load_scope`."""
    from planner.plans.models import Plan

    plan = demo.session.scalars(select(Plan)).first()
    client = as_user("admin")
    assert client.get(f"/plans/{plan.id}/calendar").status_code == 200
    plan.deleted_at = plan.updated_at
    demo.session.commit()
    assert client.get(f"/plans/{plan.id}/calendar").status_code == 404
    assert client.get(f"/plans/{plan.id}").status_code == 200  # the plan itself an administrator may restore
