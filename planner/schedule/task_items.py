"""A plan's tasks on the calendars and in the feeds (issue #29): each open or done task an
all-day item on its due date, categorised "task" so that `?kind=task` gives the tasks alone.

`task_items` is the one seam the calendar pages and the feed builder call, like the plans' spans
(`planner.schedule.spans`): rows shaped like events, with a stable UID and a SEQUENCE that grows
with every change of the task."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from planner.extensions import db
from planner.i18n import pick_text
from planner.plans.models import Plan
from planner.plans.readable import reader_locale
from planner.schedule.ical import FeedEvent
from planner.schedule.queries import plan_scope
from planner.schedule.spans import ONE_DAY, PlanSpan
from planner.tasks.models import Task

#: The value of `?kind=` that selects the tasks (and the category every task item carries).
TASK_KIND = "task"
#: A task's SEQUENCE: seconds of its last change since this moment (it only grows).
_EPOCH = 1_767_225_600  # 2026-01-01T00:00:00Z


@dataclass(frozen=True)
class TaskSpan(PlanSpan):
    """A task as an all-day item of its plan on its due date."""

    task: Task | None = None
    kind: str = TASK_KIND

    def feed_event(self) -> FeedEvent:
        task = self.task
        return FeedEvent(
            uid=self.uid,
            sequence=max(0, int(task.updated_at.replace(tzinfo=UTC).timestamp()) - _EPOCH),
            title=self.title,
            start=self.start_date,
            end=self.end_date,
            description=pick_text(task.description, reader_locale()).text,
            categories=(TASK_KIND, self.plan.kind),
            transparent=True,
            created=task.created_at.replace(tzinfo=UTC),
            last_modified=task.updated_at.replace(tzinfo=UTC),
        )


def task_items(user, first: date, last: date, **scope) -> list[TaskSpan]:
    """The tasks due within [first, last] of the plans the user may read in the scope (one
    statement); `kind=task` keeps every kind of plan, another kind narrows to its plans."""
    if scope.get("kind") == TASK_KIND:
        scope.pop("kind")
    query = plan_scope(
        select(Task).join(Plan, Task.plan_id == Plan.id).where(Plan.status.not_in(("cancelled", "draft"))),
        user,
        **scope,
    ).where(Task.due_on.is_not(None), Task.due_on >= first, Task.due_on <= last, Task.state != "not_applicable")
    query = query.options(joinedload(Task.plan)).order_by(Task.due_on, Task.id)
    return [_item(task) for task in db.session.scalars(query).unique()]


def _item(task: Task) -> TaskSpan:
    locale = reader_locale()
    title = pick_text(task.title, locale).text
    plan = pick_text(task.plan.title, locale).text
    said = (
        _("Done: %(task)s (%(plan)s)", task=title, plan=plan)
        if task.state == "done"
        else _("Task: %(task)s (%(plan)s)", task=title, plan=plan)
    )
    return TaskSpan(
        uid=f"plan-{task.plan_id}-task-{task.id}@mou-planner",
        title=said,
        plan=task.plan,
        start_date=task.due_on,
        end_date=task.due_on + ONE_DAY,
        task=task,
    )
