"""Reads of the checklists: a plan's tasks in order, and the open tasks an institution is
responsible for (the to-do dashboard), each one bounded query."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from planner.agreements.models import Party
from planner.extensions import db
from planner.plans.models import Plan
from planner.tasks.anchoring import plan_sides
from planner.tasks.models import Task
from planner.vocabulary import TaskState

TODO_LIMIT = 20
#: How far ahead the dashboard looks (overdue tasks are always listed first).
HORIZON_DAYS = 30


def checklist(plan_id: int) -> list[Task]:
    """The plan's tasks by due date (undated last), then their place in the list."""
    return list(
        db.session.scalars(
            select(Task)
            .where(Task.plan_id == plan_id)
            .options(selectinload(Task.done_by), selectinload(Task.proof_attachment))
            .order_by(Task.due_on.is_(None), Task.due_on, Task.position, Task.id)
        )
    )


def open_tasks_for(user, today: date, limit: int = TODO_LIMIT) -> list[Task]:
    """The open tasks the user's institution is responsible for, due by HORIZON_DAYS from
    `today`, by due date: the overdue ones come first. Candidates are the open tasks of live
    plans of the institution's partnerships (one query); the side each names decides."""
    institution = user.institution_id
    if institution is None:
        return []
    mine = select(Party.agreement_id).where(Party.institution_id == institution)
    candidates = db.session.scalars(
        select(Task)
        .join(Plan, Task.plan_id == Plan.id)
        .where(
            Plan.agreement_id.in_(mine),
            Plan.deleted_at.is_(None),
            Plan.status.not_in(("draft", "cancelled")),
            Task.state == TaskState.OPEN.value,
            Task.due_on.is_not(None),
            Task.due_on <= today + timedelta(days=HORIZON_DAYS),
        )
        .options(selectinload(Task.plan).selectinload(Plan.agreement))
        .order_by(Task.due_on, Task.id)
        .limit(limit * 5)
    ).all()
    sides: dict[int, dict[str, set[int]]] = {}
    found = []
    for task in candidates:
        if task.plan_id not in sides:
            sides[task.plan_id] = plan_sides(task.plan)
        if institution in sides[task.plan_id].get(task.responsible, ()):
            found.append(task)
    return found[:limit]
