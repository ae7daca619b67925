"""Task reminders on the clock (`flask notify due`): the curators of the side responsible for an
open task hear of it 7 days before its due date and on the day, once each. Each reminder's key
(task, due date, threshold) is stored with the notification, and a user never gets one key twice
(a unique constraint backs the check), so a second run, or a second host, raises nothing new; a
day the clock missed is caught up by the next run (the nearest threshold not yet passed). A task
whose date moved is a new date: it is reminded again for it."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from planner.extensions import db
from planner.jobs import hold_job_lock
from planner.notifications.models import Notification
from planner.notifications.raising import notify, recipients
from planner.plans.models import Plan
from planner.tasks.models import Task
from planner.vocabulary import TaskState

THRESHOLDS = (0, 7)  # on the day, and a week before
KIND = "task_due"


def threshold(days_left: int) -> int | None:
    """The nearest threshold not yet passed: 3 days left is the 7-day reminder; past due, none."""
    if days_left < 0:
        return None
    return next((t for t in THRESHOLDS if days_left <= t), None)


def raise_task_reminders_once(today: date) -> int:
    """`raise_task_reminders` under the job's lock, committed (a second host waits, then finds
    the reminders raised)."""
    hold_job_lock("notify due: tasks")
    raised = raise_task_reminders(today)
    db.session.commit()
    return raised


def raise_task_reminders(today: date) -> int:
    """Raise every task reminder due on `today`; the number of notifications raised."""
    tasks = db.session.scalars(
        select(Task)
        .join(Plan, Task.plan_id == Plan.id)
        .where(
            Task.state == TaskState.OPEN.value,
            Task.due_on >= today,
            Task.due_on <= today + timedelta(days=max(THRESHOLDS)),
            Plan.deleted_at.is_(None),
            Plan.status.not_in(("draft", "cancelled", "completed")),
        )
        .options(selectinload(Task.plan).selectinload(Plan.agreement), selectinload(Task.responsible_rows))
        .order_by(Task.id)
    )
    raised = 0
    for task in tasks:
        step = threshold((task.due_on - today).days)
        if step is None:
            continue
        plan = task.plan
        key = f"{KIND}:{task.id}:{task.due_on.isoformat()}:{step}"
        users = recipients(plan.agreement, {row.institution_id for row in task.responsible_rows}, KIND)
        already = set(db.session.scalars(select(Notification.user_id).where(Notification.key == key)))
        data = {
            "task_id": task.id,
            "title": task.title,
            "day": task.due_on.isoformat(),
            "days": (task.due_on - today).days,
        }
        raised += len(notify([u for u in users if u.id not in already], KIND, "plan", plan.id, None, data, key))
    return raised
