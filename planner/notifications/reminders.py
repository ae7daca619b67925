"""Reminders on a clock (`flask notify due`): the notice deadline 90, 30 and 7 days before, the
end of the current period 30 and 7 days before, and an event of one's plans 7 days before it
begins, and an export permit's return-by date 30 and 7 days before (and once overdue).
Each reminder has a key (what, which date, which threshold) stored with the
notification; a user never gets the same key twice, so running twice on a day raises nothing
new, and a day the clock missed is caught up by the next run (the nearest threshold passed)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from planner.agreements.models import Agreement
from planner.extensions import db
from planner.jobs import hold_job_lock
from planner.loans.queries import permits_due
from planner.notifications.models import Notification
from planner.notifications.raising import notify, recipients
from planner.plans.events import Event
from planner.plans.models import Plan
from planner.plans.occurrences import first_occurrence

NOTICE_DAYS = (7, 30, 90)
PERIOD_END_DAYS = (7, 30)
EVENT_DAYS = 7
PERMIT_RETURN_DAYS = (7, 30)  # an export permit's return-by date (planner.loans)


def threshold(days_left: int | None, thresholds: tuple[int, ...]) -> int | None:
    """The nearest threshold not yet passed: 25 days left of (7, 30, 90) is the 30-day reminder."""
    if days_left is None or days_left < 0:
        return None
    return next((t for t in thresholds if days_left <= t), None)


def raise_due_once(today: date) -> Counter:
    """`raise_due` under the job's lock, committed: a host running it at the same moment waits,
    then finds the reminders raised and raises none again."""
    hold_job_lock("notify due")
    raised = raise_due(today)
    db.session.commit()
    return raised


def raise_due(today: date) -> Counter:
    """Raise every reminder due on `today`; returns how many notifications of each kind."""
    raised: Counter = Counter()
    for agreement in db.session.scalars(select(Agreement).options(selectinload(Agreement.parties))):
        state = agreement.lifecycle(today)
        if agreement.effective_status(today, state) != "in_force":
            continue
        dated = (
            ("notice_deadline", state.notice_deadline, state.days_to_notice_deadline, NOTICE_DAYS),
            ("period_end", state.period_end, state.days_to_period_end, PERIOD_END_DAYS),
        )
        for kind, day, days_left, thresholds in dated:
            step = threshold(days_left, thresholds)
            if day is None or step is None:
                continue
            key = f"{kind}:{agreement.id}:{day.isoformat()}:{step}"
            users = recipients(agreement, agreement.institution_ids, kind)
            data = {"day": day.isoformat(), "days": days_left}
            raised[kind] += _once(users, kind, "agreement", agreement.id, data, key)
    for event, start in _events_starting(today):
        plan = event.plan
        institutions = {plan.lead_institution_id, *plan.partner_ids} - {None} or plan.agreement.institution_ids
        key = f"event_soon:{event.id}:{start.isoformat()}"
        data = {"event_id": event.id, "title": event.title, "day": start.isoformat()}
        users = recipients(plan.agreement, institutions, "event_soon")
        raised["event_soon"] += _once(users, "event_soon", "plan", plan.id, data, key)
    for due in permits_due(today, max(PERMIT_RETURN_DAYS)):
        days_left = (due.day - today).days
        step = threshold(days_left, PERMIT_RETURN_DAYS) if days_left >= 0 else 0  # overdue: one more, once
        key = f"permit_return:{due.permit.id}:{due.day.isoformat()}:{step}"
        data = {"loan_id": due.loan.id, "day": due.day.isoformat(), "days": max(days_left, 0)}
        sides = {due.loan.lender_institution_id, due.loan.borrower_institution_id}
        users = recipients(due.loan.plan.agreement, sides, "permit_return")
        raised["permit_return"] += _once(users, "permit_return", "plan", due.loan.plan_id, data, key)
    return raised


def _once(users, kind: str, subject_type: str, subject_id: int, data: dict, key: str) -> int:
    """Notify the users who have not had this reminder yet."""
    already = set(db.session.scalars(select(Notification.user_id).where(Notification.key == key)))
    fresh = [user for user in users if user.id not in already]
    return len(notify(fresh, kind, subject_type, subject_id, None, data, key))


def _events_starting(today: date):
    """Events (a single event, or a series' first occurrence) of live plans that begin within
    EVENT_DAYS of `today`, with their local start date."""
    horizon = today + timedelta(days=EVENT_DAYS)
    found = db.session.scalars(
        select(Event)
        .join(Plan, Event.plan_id == Plan.id)
        .where(
            Event.deleted_at.is_(None),
            Event.override_of_id.is_(None),
            Event.status != "cancelled",
            Plan.deleted_at.is_(None),
            Plan.status.not_in(("cancelled", "draft")),  # a draft is silent until proposed
            Event.range_start >= today - timedelta(days=2),
            Event.range_start <= horizon + timedelta(days=2),
        )
        .options(
            selectinload(Event.plan).selectinload(Plan.partners), selectinload(Event.plan).selectinload(Plan.agreement)
        )
        .order_by(Event.id)
    )
    for event in found:
        start = first_occurrence(event).start
        local_day = start if not hasattr(start, "date") else start.date()
        if today <= local_day <= horizon:
            yield event, local_day
