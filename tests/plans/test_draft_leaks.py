"""Another institution's draft leaks no date to a partner: not through the month an
agreement's calendar opens on, nor through the double-booking warning of a plan that shares a
traveller with it (issue #26: a draft is its lead institution's alone until proposed)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select


def _users(session) -> dict:
    from planner.accounts.models import User

    return {user.username: user for user in session.scalars(select(User))}


def _the_draft(session):
    from planner.plans.models import Plan

    return session.scalar(select(Plan).where(Plan.status == "draft"))


def test_a_draft_sets_no_calendar_month_for_a_partner(demo):
    from planner.plans.events import Event
    from planner.schedule.queries import opening_day

    session = demo.session
    draft = _the_draft(session)
    event = session.scalar(select(Event).where(Event.plan_id == draft.id))
    event.range_start = datetime(1990, 5, 1)  # the first event of the whole agreement
    session.flush()
    users = _users(session)
    far = date(2199, 1, 1)  # nothing upcoming: a calendar opens on its first event
    assert opening_day("agreement", draft.agreement_id, far, users["curator"]) == date(1990, 5, 1)
    assert opening_day("agreement", draft.agreement_id, far, users["curator-turkestan"]) != date(1990, 5, 1)


def test_a_drafts_traveller_is_no_double_booking_for_a_partner(demo):
    from planner.plans.models import Participant, Plan, person_key
    from planner.plans.queries import stays_of_the_same_people

    session = demo.session
    draft = _the_draft(session)
    shown = session.scalar(
        select(Plan).where(Plan.agreement_id == draft.agreement_id, Plan.status != "draft", Plan.deleted_at.is_(None))
    )
    for plan in (draft, shown):
        plan.participants.append(
            Participant(
                name="Aigerim Travelling",
                name_key=person_key("Aigerim Travelling"),
                home_institution_id=draft.lead_institution_id,
                from_date=date(2027, 5, 1),
                to_date=date(2027, 5, 9),
            )
        )
    session.flush()
    users = _users(session)
    seen_by = {name: {p.plan_id for p in stays_of_the_same_people(shown, users[name])} for name in users}
    assert seen_by["curator"] == {draft.id, shown.id}  # the lead sees its own draft's stay
    assert seen_by["curator-turkestan"] == {shown.id}
    assert seen_by["partner"] == {shown.id}
