"""Reads of the checklists: a plan's tasks in order, and the open tasks an institution is
responsible for (the to-do dashboard), each one bounded query."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from planner.extensions import db
from planner.plans.models import Plan
from planner.tasks.models import Task, TaskResponsible
from planner.vocabulary import TaskState

TODO_LIMIT = 20
#: How far ahead the dashboard looks (overdue tasks are always listed first).
HORIZON_DAYS = 30


def checklist(plan_id: int, *, details: bool = False) -> list[Task]:
    """The plan's tasks by due date (undated last), then their place in the list (with who did
    them and their proofs, for the checklist page: `details`)."""
    query = select(Task).where(Task.plan_id == plan_id)
    if details:
        query = query.options(selectinload(Task.done_by), selectinload(Task.proof_attachment))
    return list(db.session.scalars(query.order_by(Task.due_on.is_(None), Task.due_on, Task.position, Task.id)))


def open_tasks_for(user, today: date, limit: int = TODO_LIMIT) -> list[Task]:
    """The open tasks the user's institution is responsible for (as the operations keep them,
    `TaskResponsible`), due by HORIZON_DAYS from `today`, by due date: the overdue ones come
    first. Two statements, whatever the number of plans."""
    institution = user.institution_id
    if institution is None:
        return []
    return list(
        db.session.scalars(
            select(Task)
            .join(TaskResponsible, TaskResponsible.task_id == Task.id)
            .join(Plan, Task.plan_id == Plan.id)
            .where(
                TaskResponsible.institution_id == institution,
                Plan.deleted_at.is_(None),
                Plan.status.not_in(("draft", "cancelled")),
                Task.state == TaskState.OPEN.value,
                Task.due_on.is_not(None),
                Task.due_on <= today + timedelta(days=HORIZON_DAYS),
            )
            .options(selectinload(Task.plan))
            .order_by(Task.due_on, Task.id)
            .limit(limit)
        )
    )
