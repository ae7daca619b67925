"""A plan's checklist: made when the plan is proposed, counted back from its anchors, moved with
them (pinned tasks stay), each responsible party told once; done with its proof, or not
applicable; never approvable content."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select

from planner.unit_of_work import unit_of_work
from tests.attachments import files
from tests.conftest import csrf_token, log_in
from tests.tasks.conftest import silk_road, tasks_of, user


def test_the_demo_exhibition_is_counted_back_from_the_opening_in_turkestan(demo):
    """The Turkestan venue opens on 4 December 2026; the objects leave on 20 November."""
    plan = silk_road(demo.session)
    tasks = tasks_of(demo.session, plan.id)
    assert len(tasks) == 17
    expected = {
        "loan_request": date(2025, 12, 4),  # 12 months before the opening
        "facility_report": date(2026, 2, 4),
        "press_release": date(2026, 11, 20),  # two weeks before
        "opening": date(2026, 12, 4),
        "press_review": date(2026, 12, 11),  # a week after
        "crates": date(2026, 10, 20),  # a month before the loan's departure (loan_from)
        "return_condition": date(2027, 4, 30),  # the latest loan_to
        "deinstallation": date(2027, 4, 12),  # the day after the last venue closes
        "final_report": date(2027, 6, 11),
    }
    assert {key: tasks[key].due_on for key in expected} == expected
    assert tasks["loan_request"].title["kk"] and tasks["loan_request"].title["az"] and tasks["loan_request"].title["ru"]


def test_proposing_a_plan_gives_it_its_kinds_checklist_once(app, demo):
    from planner.agreements.models import Agreement
    from planner.maps.models import Site
    from planner.plans import operations as plans

    curator = user(demo.session, "curator")
    agreement = demo.session.scalar(select(Agreement).where(Agreement.title["en"].as_string().like("%Ganja%")))
    site = demo.session.scalar(select(Site).where(Site.institution_id == curator.institution_id))
    with app.test_request_context(), unit_of_work():
        plan = plans.create_plan(agreement, curator, {"kind": "exhibition", "title": {"en": "Carpets of Ganja"}})
        plans.add_part(plan, curator, "venues", {"site_id": site.id, "opens_on": date(2027, 9, 1)})
        plan_id = plan.id
    assert tasks_of(demo.session, plan_id) == {}  # a draft has none: its dates are its lead's sketch
    with app.test_request_context(), unit_of_work():
        plans.propose(demo.session.get(type(plan), plan_id), curator)
    tasks = tasks_of(demo.session, plan_id)
    assert len(tasks) == 17 and tasks["loan_request"].due_on == date(2026, 9, 1)
    assert tasks["crates"].due_on is None  # no loan list yet: no departure to count from
    from planner.tasks.operations import make_checklist

    with app.test_request_context(), unit_of_work():
        assert make_checklist(demo.session.get(type(plan), plan_id), curator) == []  # proposed again: nothing twice
    assert len(tasks_of(demo.session, plan_id)) == 17


def _move_the_opening(app, session, days_later: int):
    from datetime import timedelta

    from planner.plans import operations as plans

    curator = user(session, "curator")
    plan = silk_road(session)
    venue = plan.venues[0]
    with app.test_request_context(), unit_of_work():
        plans.update_part(plan, curator, "venues", venue.id, {"opens_on": venue.opens_on + timedelta(days=days_later)})


def test_moving_the_opening_moves_open_unpinned_tasks_and_tells_each_party_once(app, demo):
    from planner.notifications.messages import describe, load_records
    from planner.notifications.models import Notification
    from planner.tasks import operations

    plan = silk_road(demo.session)
    before = tasks_of(demo.session, plan.id)
    with app.test_request_context(), unit_of_work():
        operations.update_task(before["press_review"], user(demo.session, "curator"), {"pinned": True})
    _move_the_opening(app, demo.session, 31)
    after = tasks_of(demo.session, plan.id)
    assert after["opening"].due_on == date(2027, 1, 4)
    assert after["press_release"].due_on == date(2026, 12, 21)  # open, unpinned: moved
    assert after["press_review"].due_on == date(2026, 12, 11)  # pinned: kept
    assert after["loan_request"].due_on == date(2025, 12, 4)  # done: kept as it was
    assert after["crates"].due_on == before["crates"].due_on  # another anchor: not moved
    moved = demo.session.scalars(select(Notification).where(Notification.kind == "tasks_moved")).all()
    per_user = {}
    for notification in moved:
        per_user.setdefault(notification.user.username, []).append(notification.data)
    # Turkestan's curator hears of the opening (every party); Ganja's staff of it and the press
    # release (the lead's); the Ganja curator moved it and is not told of their own act
    assert per_user["curator-turkestan"] == [{"count": 1, "days": 31}]
    assert per_user["staff"] == [{"count": 2, "days": 31}]
    assert "curator" not in per_user
    assert all(len(found) == 1 for found in per_user.values())
    with app.test_request_context():
        said = describe(moved[0], load_records(moved), moved[0].user).text
    assert "moved 31 days later" in said and "Ganja: a city on the Silk Road" in said


def test_a_change_that_moves_no_task_tells_nobody(app, demo):
    from planner.notifications.models import Notification
    from planner.plans import operations as plans

    plan = silk_road(demo.session)
    with app.test_request_context(), unit_of_work():
        plans.update_plan(plan, user(demo.session, "curator"), {"description": {"en": "Finds from Ganja."}})
    assert demo.session.scalar(select(Notification.id).where(Notification.kind == "tasks_moved")) is None


def test_done_with_its_proof_file_and_the_approval_stands(app, demo, folder):
    from planner.errors import Invalid
    from planner.plans.models import Approval
    from planner.tasks import operations

    plan = silk_road(demo.session)
    standing = demo.session.scalars(
        select(Approval.id).where(Approval.plan_id == plan.id, Approval.withdrawn_at.is_(None))
    ).all()
    curator = user(demo.session, "curator")
    task = tasks_of(demo.session, plan.id)["press_release"]
    with app.test_request_context(), pytest.raises(Invalid) as refused, unit_of_work():
        operations.mark_done(task, curator)
    assert refused.value.field == "file"
    with app.test_request_context(), unit_of_work():
        operations.mark_done(task, curator, io.BytesIO(files.pdf("Press release")), "release.pdf")
    task = tasks_of(demo.session, plan.id)["press_release"]
    assert task.state == "done" and task.done_by_id == curator.id and task.done_at is not None
    assert task.proof_attachment.content_type == "application/pdf"
    assert list(folder.rglob("*")) != []
    still = demo.session.scalars(
        select(Approval.id).where(Approval.plan_id == plan.id, Approval.withdrawn_at.is_(None))
    ).all()
    assert still == standing  # tasks are not approvable content


def test_a_loan_step_proof_needs_the_loan_to_have_reached_it(app, demo):
    from planner.errors import Invalid
    from planner.loans.models import LoanStatusChange
    from planner.tasks import operations

    plan = silk_road(demo.session)
    curator = user(demo.session, "curator")
    task = tasks_of(demo.session, plan.id)["deinstallation"]
    with app.test_request_context(), pytest.raises(Invalid) as refused, unit_of_work():
        operations.mark_done(task, curator)
    assert refused.value.field == "proof" and "De-installed" in refused.value.message
    ganja, turkestan = curator.institution_id, user(demo.session, "curator-turkestan").institution_id
    loan = _silk_road_loan(demo.session, plan, ganja, turkestan)  # the demo's, on display
    loan.status = "deinstalled"
    loan.history.append(LoanStatusChange(from_status="on_display", to_status="deinstalled"))
    demo.session.commit()
    with app.test_request_context(), unit_of_work():
        operations.mark_done(tasks_of(demo.session, plan.id)["deinstallation"], curator)
    assert tasks_of(demo.session, plan.id)["deinstallation"].state == "done"


def test_not_applicable_then_open_again_counts_it_afresh(app, demo):
    from planner.tasks import operations

    plan = silk_road(demo.session)
    curator = user(demo.session, "curator")
    with app.test_request_context(), unit_of_work():
        operations.set_state(tasks_of(demo.session, plan.id)["opening"], curator, "not_applicable")
    assert tasks_of(demo.session, plan.id)["opening"].state == "not_applicable"
    _move_the_opening(app, demo.session, 7)
    assert tasks_of(demo.session, plan.id)["opening"].due_on == date(2026, 12, 4)  # not open: not moved
    with app.test_request_context(), unit_of_work():
        operations.set_state(tasks_of(demo.session, plan.id)["opening"], curator, "open")
    assert tasks_of(demo.session, plan.id)["opening"].due_on == date(2026, 12, 11)


def test_only_the_parties_curators_change_tasks(app, demo):
    from planner.errors import Forbidden
    from planner.tasks import operations

    plan = silk_road(demo.session)
    task = tasks_of(demo.session, plan.id)["opening"]
    for username in ("staff", "partner"):
        with app.test_request_context(), pytest.raises(Forbidden), unit_of_work():
            operations.update_task(task, user(demo.session, username), {"pinned": True})
        with app.test_request_context(), pytest.raises(Forbidden), unit_of_work():
            operations.mark_done(task, user(demo.session, username))
    assert tasks_of(demo.session, plan.id)["opening"].pinned is False


def test_curators_add_edit_pin_and_remove_tasks_on_the_page(client, demo):
    plan = silk_road(demo.session)
    log_in(client, "curator-turkestan")
    page = client.get(f"/plans/{plan.id}/tasks").get_data(as_text=True)
    token = csrf_token(page)
    added = client.post(
        f"/plans/{plan.id}/tasks",
        data={
            "csrf_token": token,
            "title-en": "Guided tours for schools",
            "title-kk": "Мектептерге арналған экскурсиялар",
            "anchor": "opening",
            "amount": "3",
            "unit": "weeks",
            "direction": "after",
            "responsible": "host",
            "proof": "",
        },
    )
    assert added.status_code == 302
    task = tasks_of(demo.session, plan.id)["Guided tours for schools"]
    assert task.due_on == date(2026, 12, 25) and task.title["kk"] == "Мектептерге арналған экскурсиялар"
    edited = client.post(
        f"/plans/{plan.id}/tasks/{task.id}/edit",
        data={
            "csrf_token": token,
            "title-en": "Guided tours",
            "anchor": "opening",
            "amount": "3",
            "unit": "weeks",
            "direction": "after",
            "responsible": "host",
            "proof": "",
            "due_on": "2027-01-15",
        },
    )
    assert edited.status_code == 302
    task = tasks_of(demo.session, plan.id)["Guided tours"]
    assert task.due_on == date(2027, 1, 15) and task.pinned  # a date given by hand pins it
    client.post(f"/plans/{plan.id}/tasks/{task.id}/pin", data={"csrf_token": token})
    assert tasks_of(demo.session, plan.id)["Guided tours"].due_on == date(2026, 12, 25)  # unpinned: counted again
    client.post(f"/plans/{plan.id}/tasks/{task.id}/delete", data={"csrf_token": token})
    assert "Guided tours" not in tasks_of(demo.session, plan.id)


def test_bad_input_is_told_and_nothing_is_lost(client, demo):
    plan = silk_road(demo.session)
    log_in(client, "curator")
    token = csrf_token(client.get(f"/plans/{plan.id}/tasks").get_data(as_text=True))
    answer = client.post(
        f"/plans/{plan.id}/tasks",
        data={"csrf_token": token, "title-en": "Lighting check", "anchor": "nowhere", "amount": "-4", "unit": "years"},
    )
    assert answer.status_code == 400
    shown = answer.get_data(as_text=True)
    assert "Not a valid choice" in shown and 'value="Lighting check"' in shown
    no_title = client.post(
        f"/plans/{plan.id}/tasks",
        data={
            "csrf_token": token,
            "anchor": "opening",
            "amount": "1",
            "unit": "weeks",
            "direction": "before",
            "responsible": "lead",
            "proof": "",
        },
        follow_redirects=True,
    )
    assert "Give the task a title in at least one language." in no_title.get_data(as_text=True)
    assert len(tasks_of(demo.session, plan.id)) == 17


def test_the_plan_page_carries_the_timeline_and_the_checklist_as_csv_is_inert(client, demo, app):
    from planner.tasks import operations

    plan = silk_road(demo.session)
    with app.test_request_context(), unit_of_work():
        operations.update_task(
            tasks_of(demo.session, plan.id)["opening"],
            user(demo.session, "curator"),
            {"title": {"en": '=HYPERLINK("http://evil")', "ru": "<b>Открытие</b>"}},
        )
    log_in(client, "curator")
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in page
    assert 'class="timeline-list"' in page and "Task Publish the press release: overdue since" in page
    csv = client.get(f"/plans/{plan.id}/tasks.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in csv and "\n2026-12-04,=" not in csv
    client.post("/language", data={"lang": "ru", "csrf_token": csrf_token(page)})
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "&lt;b&gt;Открытие&lt;/b&gt;" in page and "<b>Открытие</b>" not in page


def test_the_operations_refuse_what_the_forms_would_not_send(app, demo):
    """The rules hold whatever surface calls: a key outside its vocabulary, an offset past ten
    years, a proof that does not fit its kind, no title, a task done twice, a draft's checklist."""
    from planner.errors import Conflict, Invalid
    from planner.tasks import operations

    plan = silk_road(demo.session)
    curator = user(demo.session, "curator")
    title = {"en": "Lighting check"}
    for values, field in (
        ({"title": title, "anchor": "moon"}, "anchor"),
        ({"title": title, "anchor": "opening", "offset_unit": "years"}, "offset_unit"),
        ({"title": title, "anchor": "opening", "responsible": "nobody"}, "responsible"),
        ({"title": title, "anchor": "opening", "offset_amount": 100_000}, "offset_amount"),
        ({"title": title, "anchor": "opening", "proof_kind": "loan_step", "proof_value": "flying"}, "proof_value"),
        ({"title": {"en": "  "}, "anchor": "opening"}, "title"),
        ({"title": {"xx": "Lighting"}, "anchor": "opening"}, "title"),
        ({"title": title, "anchor": None}, "due_on"),
    ):
        with app.test_request_context(), pytest.raises(Invalid) as refused, unit_of_work():
            operations.add_task(plan, curator, values)
        assert refused.value.field == field, values
    assert len(tasks_of(demo.session, plan.id)) == 17
    with app.test_request_context(), pytest.raises(Conflict), unit_of_work():
        operations.mark_done(tasks_of(demo.session, plan.id)["loan_request"], curator)  # done already
    draft = demo.session.scalar(select(type(plan)).where(type(plan).status == "draft"))
    with app.test_request_context(), pytest.raises(Conflict), unit_of_work():
        operations.create_checklist(draft, curator)
    assert tasks_of(demo.session, draft.id) == {}


def test_a_task_is_found_under_its_own_plan_only(client, demo):
    from planner.plans.models import Plan

    plan = silk_road(demo.session)
    other = demo.session.scalar(select(Plan.id).where(Plan.id != plan.id, Plan.status != "draft").order_by(Plan.id))
    task = tasks_of(demo.session, plan.id)["opening"]
    log_in(client, "curator")
    assert client.get(f"/plans/{other}/tasks/{task.id}/edit").status_code == 404
    assert client.get(f"/plans/{plan.id}/tasks/{task.id}/edit").status_code == 200


def test_the_loan_anchors_follow_the_transport_legs_in_their_zones(app, demo):
    """The lorry leaves Ganja at 01:30 on 10 November, Baku time (21:30 UTC the day before): the
    loan leaves on the 10th and the crates are due a month before. The return leg arrives in
    Ganja on 5 May 2027: the condition check on return is due that day. Recounted when the loan
    announces its change (`signals.loan_changed`)."""
    from datetime import datetime

    from planner import signals
    from planner.loans.models import Loan, TransportLeg

    plan = silk_road(demo.session)
    ganja, turkestan = (
        user(demo.session, "curator").institution_id,
        user(demo.session, "curator-turkestan").institution_id,
    )
    loan = _silk_road_loan(demo.session, plan, ganja, turkestan)
    loan.transport_legs = [  # instead of the demo's legs
        TransportLeg(
            uid="leg-out@test", method="road", departs_at=datetime(2026, 11, 9, 21, 30), departure_timezone="Asia/Baku"
        ),
        TransportLeg(
            uid="leg-late@test", method="road", departs_at=datetime(2026, 11, 12, 8), departure_timezone="Asia/Baku"
        ),
        TransportLeg(
            uid="leg-back@test",
            method="road",
            is_return=True,
            arrives_at=datetime(2027, 5, 5, 10),
            arrival_timezone="Asia/Baku",
        ),
    ]
    for courier in loan.couriers:
        courier.transport_leg_id = None
    demo.session.commit()
    crates = tasks_of(demo.session, plan.id)["crates"]
    with app.test_request_context(), unit_of_work():
        crates.state = "open"  # done in the demo: opened again to be counted
        signals.loan_changed.send(demo.session.get(Loan, loan.id), actor=user(demo.session, "curator-turkestan"))
    tasks = tasks_of(demo.session, plan.id)
    assert tasks["crates"].due_on == date(2026, 10, 10)
    assert tasks["return_condition"].due_on == date(2027, 5, 5)
    assert tasks["return_transport"].due_on == date(2027, 4, 5)


def _silk_road_loan(session, plan, lender: int, borrower: int):
    """The demo's loan of the Silk Road exhibition (Ganja lends to the Aziret Sultan museum)."""
    from sqlalchemy import select

    from planner.loans.models import Loan

    found = session.scalar(
        select(Loan).where(
            Loan.plan_id == plan.id, Loan.lender_institution_id == lender, Loan.borrower_institution_id == borrower
        )
    )
    assert found is not None
    return found
