"""Task templates per plan kind, and each plan's checklist made from them.

A task is not approvable plan content: the parties approve what the plan is (venues, events,
objects), while its checklist is their shared work on it, ticked off for months after the
approval. Its due date is stored (the to-do list, reminders and feeds sort and filter by it)
and recomputed from its anchor whenever the plan's dates move, unless it is pinned."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.attachments.models import Attachment  # noqa: F401  (a task's proof file)
from planner.extensions import db
from planner.models_base import Timestamped
from planner.vocabulary import TaskState


class TaskTemplate(Timestamped, db.Model):
    """One task of a plan kind's checklist, as administrators keep it. `key` names a shipped
    default (so `flask demo seed` and the migration add each once); an administrator's own has none.
    `permit_lead_time`: the offset is the lender's country's export-permit lead time
    (`PermitTemplate.lead_time_days`) when one is known, else the offset stored here."""

    __table_args__ = (UniqueConstraint("plan_kind", "key", name="uq_task_template_plan_kind_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_kind: Mapped[str] = mapped_column(String(32), index=True)
    key: Mapped[str | None] = mapped_column(String(48))
    position: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[dict] = mapped_column(JSON, default=dict)  # per language
    description: Mapped[dict] = mapped_column(JSON, default=dict)  # per language
    anchor: Mapped[str] = mapped_column(String(32))
    offset_amount: Mapped[int] = mapped_column(Integer, default=0)  # negative: before the anchor
    offset_unit: Mapped[str] = mapped_column(String(8), default="days")
    responsible: Mapped[str] = mapped_column(String(16), default="every_party")
    proof_kind: Mapped[str] = mapped_column(String(16), default="")  # "" | attachment | loan_step
    proof_value: Mapped[str] = mapped_column(String(32), default="")  # ProofDocument or LoanStatus key
    permit_lead_time: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Task(Timestamped, db.Model):
    """One item of a plan's checklist. `due_on` follows `anchor` + offset unless `pinned` (or
    without an anchor: a date set by hand). Done records who, when and the proof."""

    __table_args__ = (Index("ix_task_state_due_on", "state", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    template_id: Mapped[int | None] = mapped_column(ForeignKey("task_template.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[dict] = mapped_column(JSON, default=dict)  # per language
    description: Mapped[dict] = mapped_column(JSON, default=dict)  # per language
    anchor: Mapped[str | None] = mapped_column(String(32))
    offset_amount: Mapped[int] = mapped_column(Integer, default=0)
    offset_unit: Mapped[str] = mapped_column(String(8), default="days")
    responsible: Mapped[str] = mapped_column(String(16), default="every_party")
    proof_kind: Mapped[str] = mapped_column(String(16), default="")
    proof_value: Mapped[str] = mapped_column(String(32), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(16), default=TaskState.OPEN.value)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    proof_attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))

    plan = relationship("Plan")
    template = relationship("TaskTemplate")
    responsible_rows = relationship(
        "TaskResponsible", cascade="all, delete-orphan", order_by="TaskResponsible.institution_id"
    )
    done_by = relationship("User")
    proof_attachment = relationship("Attachment")

    @property
    def is_open(self) -> bool:
        return self.state == TaskState.OPEN.value


class TaskResponsible(db.Model):
    """An institution behind a task's responsible side, as the plan names it now (kept by the
    operations whenever the plan or the task changes): "my institution's tasks" is one indexed
    read for the dashboard, whatever the number of plans."""

    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), primary_key=True, index=True)
