"""Every change of task templates and of a plan's checklist: access, rules, the change, the
audit entry and who is told, then `flush` (the request's or command's unit of work commits).

Decided here:
- a plan gets its checklist when it is first proposed (`signals.plan_proposed`), not when it is
  created: a draft is its lead institution's sketch, seen by nobody else, whose dates are not yet
  the parties' (and whose partners could not be told of deadlines they cannot see). A plan
  proposed before tasks existed gets its checklist from a button on its page (`make_checklist`);
- when the plan's dates move (`signals.plan_changed` / `plan_approvals_withdrawn`, which every
  change of its venues, events, loan list and people sends, and `signals.loan_changed`), every
  open task that is not pinned is counted again from its anchor, and each party responsible for
  a moved task hears it once ("12 deadlines moved by 31 days");
- tasks are not approvable content: adding, ticking or moving one withdraws no approval."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import exists, select

from planner import signals
from planner.attachments.store import receive, stored
from planner.audit.models import record
from planner.days import FIRST_DAY, LAST_DAY
from planner.errors import Conflict, Forbidden, Invalid, NotFound
from planner.extensions import db
from planner.loans.models import Loan, LoanStatusChange, PermitTemplate
from planner.models_base import utcnow
from planner.notifications.raising import notify, recipients
from planner.plans.access import check_plan
from planner.plans.models import Plan
from planner.tasks.anchoring import plan_anchors, plan_sides
from planner.tasks.anchors import due_on, moved_by
from planner.tasks.defaults import shipped_rows
from planner.tasks.models import Task, TaskResponsible, TaskTemplate
from planner.unit_of_work import flush
from planner.vocabulary import LoanStatus, OffsetUnit, PlanKind, ProofDocument, ResponsibleSide, TaskAnchor, TaskState

TITLE_LIMIT = 300
DESCRIPTION_LIMIT = 2000
#: The furthest an offset reaches (in its unit): ten years of months, more than any checklist needs.
OFFSET_LIMIT = 3660
PROOF_KINDS = ("", "attachment", "loan_step")
#: What a curator may set on a task, and an administrator on a template (with `plan_kind`, `active`).
TASK_FIELDS = (
    "title",
    "description",
    "anchor",
    "offset_amount",
    "offset_unit",
    "responsible",
    "proof_kind",
    "proof_value",
)
TEMPLATE_FIELDS = (*TASK_FIELDS, "plan_kind", "position", "active", "permit_lead_time")


# --- templates ---------------------------------------------------------------------------------------


def ensure_shipped_templates() -> int:
    """Add each shipped template that is missing (by kind and key); an edited one is kept."""
    have = set(db.session.execute(select(TaskTemplate.plan_kind, TaskTemplate.key)).all())
    added = 0
    for row in shipped_rows():
        if (row["plan_kind"], row["key"]) not in have:
            db.session.add(TaskTemplate(**row))
            added += 1
    if added:
        flush()
    return added


def active_templates(kind: str) -> list[TaskTemplate]:
    return list(
        db.session.scalars(
            select(TaskTemplate)
            .where(TaskTemplate.plan_kind == kind, TaskTemplate.active.is_(True))
            .order_by(TaskTemplate.position, TaskTemplate.id)
        )
    )


def save_template(template: TaskTemplate | None, user, values: dict) -> TaskTemplate:
    """Create (`template` None) or change a template: administrators only."""
    if not getattr(user, "is_admin", False):
        raise Forbidden()
    values = checked_values(values, template, fields=TEMPLATE_FIELDS)
    if template is None:
        if "plan_kind" not in values or "anchor" not in values or not values.get("title"):
            raise Invalid("plan_kind" if "plan_kind" not in values else "title", _("This field is required."))
        template = TaskTemplate(position=_next_template_position(values["plan_kind"]))
        db.session.add(template)
    before = template_facts(template) if template.id else None
    for name, value in values.items():
        setattr(template, name, value)
    template.updated_at = utcnow()
    db.session.flush()
    record(
        user.id,
        "update" if before else "create",
        "task_template",
        template.id,
        before=before,
        after=template_facts(template),
    )
    flush()
    return template


def _next_template_position(kind: str) -> int:
    last = db.session.scalar(
        select(TaskTemplate.position)
        .where(TaskTemplate.plan_kind == kind)
        .order_by(TaskTemplate.position.desc())
        .limit(1)
    )
    return (last or 0) + 1


def template_facts(template: TaskTemplate) -> dict:
    return {name: getattr(template, name) for name in TEMPLATE_FIELDS}


# --- values ------------------------------------------------------------------------------------------


def checked_values(values: dict, current=None, *, fields=TASK_FIELDS) -> dict:
    """The values a person sent, checked: texts per language within their limits, vocabularies
    by key, the offset bounded, the proof fitting its kind. Invalid(field) for the first wrong one."""
    found = {name: values[name] for name in fields if name in values}
    for name, limit in (("title", TITLE_LIMIT), ("description", DESCRIPTION_LIMIT)):
        if name in found:
            found[name] = _texts(name, found[name], limit)
    if "title" in found and not any(found["title"].values()):
        raise Invalid("title", _("Give the task a title in at least one language."))
    _check_key(found, "anchor", TaskAnchor.keys(), allow_none="due_on" in values or fields is TASK_FIELDS)
    _check_key(found, "offset_unit", OffsetUnit.keys())
    _check_key(found, "responsible", ResponsibleSide.keys())
    _check_key(found, "plan_kind", PlanKind.keys())
    if "offset_amount" in found:
        amount = found["offset_amount"]
        if isinstance(amount, bool) or not isinstance(amount, int) or abs(amount) > OFFSET_LIMIT:
            raise Invalid("offset_amount", _("The offset is a whole number up to %(limit)s.", limit=OFFSET_LIMIT))
    for flag in ("active", "permit_lead_time"):
        if flag in found:
            found[flag] = bool(found[flag])
    if "position" in found and (not isinstance(found["position"], int) or not 0 < found["position"] < 10_000):
        raise Invalid("position", _("The position is a whole number from 1 to 9999."))
    _check_proof(found, current)
    return found


def _texts(name: str, value, limit: int) -> dict:
    if not isinstance(value, dict) or any(not isinstance(k, str) or not isinstance(v, str) for k, v in value.items()):
        raise Invalid(name, _("Give the text per language."))
    if set(value) - {"en", "az", "kk", "ru"}:
        raise Invalid(name, _("Give the text in English, Azerbaijani, Kazakh or Russian."))
    if any(len(text) > limit for text in value.values()):
        raise Invalid(name, _("At most %(limit)s characters.", limit=limit))
    return {lang: text.strip() for lang, text in value.items() if text.strip()}


def _check_key(found: dict, name: str, keys, allow_none: bool = False) -> None:
    if name in found and not (found[name] in keys or (allow_none and found[name] in (None, ""))):
        raise Invalid(name, _("Choose one of the listed values."))
    if name in found and found[name] == "":
        found[name] = None


def _check_proof(found: dict, current) -> None:
    kind = found.get("proof_kind", getattr(current, "proof_kind", "") or "")
    value = found.get("proof_value", getattr(current, "proof_value", "") or "")
    if kind not in PROOF_KINDS:
        raise Invalid("proof_kind", _("Choose one of the listed values."))
    allowed = {"": ("",), "attachment": ProofDocument.keys(), "loan_step": LoanStatus.keys()}[kind]
    if value not in allowed:
        raise Invalid("proof_value", _("Choose the proof this task needs: a kind of document, or a step of the loan."))
    if "proof_kind" in found or "proof_value" in found:
        found["proof_kind"], found["proof_value"] = kind, value


def _checked_day(value) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, date) or not FIRST_DAY <= value <= LAST_DAY:
        raise Invalid(
            "due_on", _("Give a date between %(first)s and %(last)s.", first=FIRST_DAY.year, last=LAST_DAY.year)
        )
    return value


# --- the checklist -------------------------------------------------------------------------------------


def make_checklist(plan: Plan, actor=None) -> list[Task]:
    """The plan's tasks from its kind's active templates, each dated from its anchor. Nothing
    when the plan has tasks already (proposing again adds nothing twice)."""
    if db.session.scalar(select(exists().where(Task.plan_id == plan.id))):
        return []
    anchors = plan_anchors(plan)
    tasks = []
    for position, template in enumerate(active_templates(plan.kind), start=1):
        amount = permit_offset(plan) if template.permit_lead_time else None
        task = Task(
            plan_id=plan.id,
            template_id=template.id,
            position=position,
            title=dict(template.title or {}),
            description=dict(template.description or {}),
            anchor=template.anchor,
            offset_amount=template.offset_amount if amount is None else amount,
            offset_unit=template.offset_unit if amount is None else "days",
            responsible=template.responsible,
            proof_kind=template.proof_kind,
            proof_value=template.proof_value,
        )
        task.due_on = due_on(anchors.get(task.anchor), task.offset_amount, task.offset_unit)
        db.session.add(task)
        tasks.append(task)
    if tasks:
        assign_sides(tasks, plan_sides(plan))
        record(getattr(actor, "id", None), "create", "checklist", plan.id, after={"tasks": len(tasks)})
    return tasks


def assign_sides(tasks, sides: dict[str, set[int]]) -> None:
    """Keep each task's responsible institutions as its side names them now."""
    for task in tasks:
        wanted = sides.get(task.responsible, set())
        have = {row.institution_id: row for row in task.responsible_rows}
        for institution_id in set(have) - wanted:
            task.responsible_rows.remove(have[institution_id])
        for institution_id in sorted(wanted - set(have)):
            task.responsible_rows.append(TaskResponsible(institution_id=institution_id))


def permit_offset(plan: Plan) -> int | None:
    """Minus the longest export-permit lead time of the lenders' countries (days before the
    objects leave), or None when no lender's country has a permit template."""
    countries = {o.lender.country for o in plan.loan_objects if o.lender is not None and o.lender.country}
    if not countries:
        return None
    longest = db.session.scalar(
        select(PermitTemplate.lead_time_days)
        .where(PermitTemplate.country.in_(countries))
        .order_by(PermitTemplate.lead_time_days.desc())
        .limit(1)
    )
    return -longest if longest is not None else None


def create_checklist(plan: Plan, user) -> list[Task]:
    """The page's button, for a plan proposed before its kind had templates."""
    check_plan(plan, user, edit=True)
    if plan.status == "draft":
        raise Conflict("draft", _("A draft gets its checklist when it is proposed."))
    tasks = make_checklist(plan, user)
    if not tasks:
        raise Conflict("exists", _("This plan has its checklist already, or its kind has no task templates."))
    flush()
    return tasks


def recompute(plan: Plan, actor=None) -> list[tuple[Task, int | None]]:
    """Count every open, unpinned task again from its anchor; each party responsible for moved
    tasks is told once. Returns the moved tasks with the days each moved (None: appeared/vanished)."""
    tasks = db.session.scalars(select(Task).where(Task.plan_id == plan.id, Task.state == TaskState.OPEN.value)).all()
    if not tasks:
        return []
    sides = plan_sides(plan)
    assign_sides(tasks, sides)
    anchors = plan_anchors(plan)
    moved = []
    for task in tasks:
        if task.pinned or task.anchor is None:
            continue
        after = due_on(anchors.get(task.anchor), task.offset_amount, task.offset_unit)
        if after != task.due_on:
            moved.append((task, moved_by(task.due_on, after)))
            task.due_on = after
    if moved:
        record(getattr(actor, "id", None), "update", "checklist", plan.id, after={"moved": [t.id for t, _d in moved]})
        _tell_moved(plan, actor, moved, sides)
    return moved


def _tell_moved(plan: Plan, actor, moved, sides: dict[str, set[int]]) -> None:
    """One notification per party responsible for any moved task: how many, and by how many
    days when they all moved alike."""
    per_party: dict[int, list[int | None]] = defaultdict(list)
    for task, days in moved:
        for institution in sides.get(task.responsible, ()):
            per_party[institution].append(days)
    kind = "tasks_moved"
    for institution, shifts in sorted(per_party.items()):
        alike = shifts[0] if len(set(shifts)) == 1 else None
        users = recipients(plan.agreement, {institution}, kind, actor)
        notify(users, kind, "plan", plan.id, actor, {"count": len(shifts), "days": alike})


def load_task(task_id: int, user, *, edit: bool = False) -> Task:
    """A task of a plan the user may read (and change, with `edit`)."""
    task = db.session.get(Task, task_id) if 0 < task_id < 2**31 else None
    if task is None:
        raise NotFound()
    check_plan(task.plan, user, edit=edit)
    return task


def add_task(plan: Plan, user, values: dict) -> Task:
    """A curator's own task: counted from an anchor, or on a date of its own (then pinned)."""
    check_plan(plan, user, edit=True)
    found = checked_values(values)
    if not found.get("title"):
        raise Invalid("title", _("Give the task a title in at least one language."))
    last = db.session.scalar(
        select(Task.position).where(Task.plan_id == plan.id).order_by(Task.position.desc()).limit(1)
    )
    task = Task(plan_id=plan.id, position=(last or 0) + 1, **found)
    _date(task, plan, values)
    assign_sides([task], plan_sides(plan))
    db.session.add(task)
    db.session.flush()
    record(user.id, "create", "task", task.id, after=task_facts(task))
    flush()
    return task


def update_task(task: Task, user, values: dict) -> Task:
    """Change a task's texts, anchor, offset, side, proof, date or pin; a date given by hand
    pins it (it keeps that date when the anchors move), unpinning counts it again."""
    check_plan(task.plan, user, edit=True)
    found = checked_values(values, task)
    before = task_facts(task)
    for name, value in found.items():
        setattr(task, name, value)
    if "pinned" in values:
        task.pinned = bool(values["pinned"])
    _date(task, task.plan, values)
    assign_sides([task], plan_sides(task.plan))
    task.updated_at = utcnow()
    record(user.id, "update", "task", task.id, before=before, after=task_facts(task))
    flush()
    return task


def _date(task: Task, plan: Plan, values: dict) -> None:
    if values.get("due_on") not in (None, ""):
        task.due_on, task.pinned = _checked_day(values["due_on"]), True
    elif task.anchor is None:
        if not task.due_on:
            raise Invalid("due_on", _("Give a date, or an anchor to count it from."))
        task.pinned = True
    elif not task.pinned:
        task.due_on = due_on(plan_anchors(plan).get(task.anchor), task.offset_amount or 0, task.offset_unit or "days")


def remove_task(task: Task, user) -> None:
    check_plan(task.plan, user, edit=True)
    record(user.id, "delete", "task", task.id, before=task_facts(task))
    db.session.delete(task)
    flush()


def mark_done(task: Task, user, file=None, filename: str | None = None) -> Task:
    """Done, by whom and when, with the proof the task needs: the file (an attachment kind), or
    the loan having reached the step (a status change to it in a loan of the plan's history)."""
    check_plan(task.plan, user, edit=True)
    if task.state == TaskState.DONE.value:
        raise Conflict("done", _("This task is done already."))
    if task.proof_kind == "loan_step" and not loan_step_reached(task.plan_id, task.proof_value):
        raise Invalid(
            "proof",
            _("The loan has not reached the step “%(step)s” yet.", step=LoanStatus(task.proof_value).label),
        )
    if task.proof_kind == "attachment":
        received = receive(file, filename)
        with stored(received, user.id) as attachment:
            task.proof_attachment = attachment
            _done(task, user)
            flush()
        return task
    _done(task, user)
    flush()
    return task


def _done(task: Task, user) -> None:
    task.state, task.done_at, task.done_by_id = TaskState.DONE.value, utcnow(), user.id
    task.updated_at = utcnow()
    db.session.flush()
    record(user.id, "done", "task", task.id, after=task_facts(task))


def loan_step_reached(plan_id: int, step: str) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    LoanStatusChange.loan_id == Loan.id, Loan.plan_id == plan_id, LoanStatusChange.to_status == step
                )
            )
        )
    )


def set_state(task: Task, user, state: str) -> Task:
    """Not applicable, or open again (a done task reopened loses its proof's link, kept in the audit)."""
    check_plan(task.plan, user, edit=True)
    if state not in (TaskState.OPEN.value, TaskState.NOT_APPLICABLE.value):
        raise Invalid("state", _("Choose one of the listed values."))
    before = task_facts(task)
    task.state = state
    task.done_at = task.done_by_id = task.proof_attachment_id = None
    if state == TaskState.OPEN.value and not task.pinned and task.anchor:
        task.due_on = due_on(plan_anchors(task.plan).get(task.anchor), task.offset_amount, task.offset_unit)
    task.updated_at = utcnow()
    record(user.id, "update", "task", task.id, before=before, after=task_facts(task))
    flush()
    return task


def task_facts(task: Task) -> dict:
    facts = {name: getattr(task, name) for name in TASK_FIELDS}
    facts.update(
        plan_id=task.plan_id,
        due_on=task.due_on.isoformat() if task.due_on else None,
        pinned=task.pinned,
        state=task.state,
        proof_attachment_id=task.proof_attachment_id,
    )
    return facts


# --- receivers -----------------------------------------------------------------------------------------


# Receivers read without flushing: the other receivers of the same signal look for what they
# added in `session.new` (planner.notifications.raising), which a flush would empty.


def on_plan_proposed(plan, actor=None, **_):
    with db.session.no_autoflush:
        make_checklist(plan, actor)


def on_plan_dates_may_have_moved(plan, actor=None, **_):
    with db.session.no_autoflush:
        recompute(plan, actor)


def on_loan_changed(loan, actor=None, **_):
    with db.session.no_autoflush:
        plan = db.session.get(Plan, loan.plan_id)
        if plan is not None:
            recompute(plan, actor)


def connect() -> None:
    """Subscribe the checklist to what plans and loans announce (idempotent)."""
    signals.plan_proposed.connect(on_plan_proposed)
    signals.plan_changed.connect(on_plan_dates_may_have_moved)
    signals.plan_approvals_withdrawn.connect(on_plan_dates_may_have_moved)
    signals.loan_changed.connect(on_loan_changed)
