"""Task pages: a plan's checklist and timeline, and the administrators' task templates.

They parse, call `planner.tasks.operations`, render; the request's unit of work commits."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from planner.accounts.permissions import roles_required
from planner.agreements.access import can_edit_agreement
from planner.attachments.serving import accept_upload_body, download
from planner.errors import NotFound, returns_to
from planner.extensions import db
from planner.i18n import current_locale, pick_text
from planner.plans.access import load_plan
from planner.plans.report import write_csv
from planner.tasks import operations
from planner.tasks.forms import TaskForm, TemplateForm
from planner.tasks.models import Task, TaskTemplate
from planner.tasks.presenting import dated_list, offset_words, plan_timeline, timeline_items
from planner.tasks.queries import checklist as plan_checklist
from planner.timezones import viewer_zone
from planner.vocabulary import ACTIVITY_LABELS, LoanStatus, ProofDocument, ResponsibleSide, TaskState

bp = Blueprint("tasks", __name__)


def _today() -> date:
    from datetime import datetime

    return datetime.now(viewer_zone()).date()


@bp.url_value_preprocessor
def _room_for_uploads(endpoint, values) -> None:
    """Before the CSRF check reads the form: a proof file may be larger than other bodies."""
    if endpoint == "tasks.done":
        accept_upload_body()


@bp.app_template_global("task_overview")
def task_overview(plan) -> dict:
    """What the plan page shows of its tasks: the timeline (SVG and dated list), the next open
    tasks, the counts (called by templates/plans/show.html)."""
    tasks = plan_checklist(plan.id)
    today, locale = _today(), current_locale()
    items = timeline_items(plan, tasks, locale, today)
    open_tasks = [t for t in tasks if t.state == TaskState.OPEN.value]
    return {
        "svg": plan_timeline(plan, tasks, locale, today, items),
        "dated": dated_list(items),
        "next": [t for t in open_tasks if t.due_on][:5],
        "open": len(open_tasks),
        "overdue": sum(1 for t in open_tasks if t.due_on and t.due_on < today),
        "total": len(tasks),
        "today": today,
    }


def proof_label(task) -> str:
    if task.proof_kind == "attachment":
        return ProofDocument(task.proof_value).label
    if task.proof_kind == "loan_step":
        return _("Loan step: %(step)s", step=LoanStatus(task.proof_value).label)
    return ""


@bp.app_template_filter("task_offset")
def _task_offset(task) -> str:
    return offset_words(task)


@bp.app_template_filter("task_side")
def _task_side(key: str) -> str:
    known = ResponsibleSide.keys()
    return ResponsibleSide(key).label if key in known else key


@bp.app_template_filter("task_state")
def _task_state(key: str) -> str:
    return TaskState(key).label


@bp.route("/plans/<int:plan_id>/tasks")
@login_required
def checklist(plan_id: int):
    plan = load_plan(plan_id, current_user)
    return _checklist_page(plan, TaskForm())


def _checklist_page(plan, form, status: int = 200):
    tasks = plan_checklist(plan.id, details=True)
    return (
        render_template(
            "tasks/checklist.html",
            plan=plan,
            tasks=tasks,
            form=form,
            today=_today(),
            can_edit=can_edit_agreement(current_user, plan.agreement) and plan.deleted_at is None,
            proof_label=proof_label,
        ),
        status,
    )


@bp.route("/plans/<int:plan_id>/tasks", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("tasks.checklist")
def add(plan_id: int):
    plan = load_plan(plan_id, current_user, edit=True)
    form = TaskForm()
    if not form.validate():
        return _checklist_page(plan, form, 400)
    operations.add_task(plan, current_user, form.values())
    flash(_("The task is added."), "success")
    return redirect(url_for("tasks.checklist", plan_id=plan.id))


@bp.route("/plans/<int:plan_id>/tasks/from-template", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("tasks.checklist")
def from_template(plan_id: int):
    plan = load_plan(plan_id, current_user, edit=True)
    tasks = operations.create_checklist(plan, current_user)
    flash(_("The checklist has %(count)s tasks from the template.", count=len(tasks)), "success")
    return redirect(url_for("tasks.checklist", plan_id=plan.id))


def _task(plan_id: int, task_id: int, *, edit: bool = True) -> Task:
    task = operations.load_task(task_id, current_user, edit=edit)
    if task.plan_id != plan_id:
        raise NotFound()
    return task


@bp.route("/plans/<int:plan_id>/tasks/<int:task_id>/edit", methods=["GET", "POST"])
@roles_required("admin", "curator")
@returns_to("tasks.checklist")
def edit(plan_id: int, task_id: int):
    task = _task(plan_id, task_id)
    form = TaskForm()
    if request.method == "GET":
        form.fill(task)
        form.due_on.data = task.due_on if task.pinned else None
    elif form.validate():
        values = form.values()
        values["pinned"] = values.get("due_on") is not None or (task.pinned and request.form.get("keep_pin") == "1")
        operations.update_task(task, current_user, values)
        flash(_("The task is saved."), "success")
        return redirect(url_for("tasks.checklist", plan_id=plan_id) + f"#task-{task.id}")
    return render_template("tasks/edit.html", task=task, form=form), 400 if form.errors else 200


@bp.route("/plans/<int:plan_id>/tasks/<int:task_id>/pin", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("tasks.checklist")
def pin(plan_id: int, task_id: int):
    task = _task(plan_id, task_id)
    operations.update_task(task, current_user, {"pinned": not task.pinned})
    return redirect(url_for("tasks.checklist", plan_id=plan_id) + f"#task-{task.id}")


@bp.route("/plans/<int:plan_id>/tasks/<int:task_id>/done", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("tasks.checklist")
def done(plan_id: int, task_id: int):
    """Done, with the proof file when the task needs one (multipart: `file`)."""
    task = _task(plan_id, task_id)
    upload = request.files.get("file")
    operations.mark_done(task, current_user, upload.stream if upload else None, upload.filename if upload else None)
    flash(_("The task is done."), "success")
    return redirect(url_for("tasks.checklist", plan_id=plan_id) + f"#task-{task.id}")


@bp.route("/plans/<int:plan_id>/tasks/<int:task_id>/state", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("tasks.checklist")
def state(plan_id: int, task_id: int):
    task = _task(plan_id, task_id)
    operations.set_state(task, current_user, request.form.get("state", ""))
    return redirect(url_for("tasks.checklist", plan_id=plan_id) + f"#task-{task.id}")


@bp.route("/plans/<int:plan_id>/tasks/<int:task_id>/delete", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("tasks.checklist")
def delete(plan_id: int, task_id: int):
    operations.remove_task(_task(plan_id, task_id), current_user)
    flash(_("The task is removed."), "success")
    return redirect(url_for("tasks.checklist", plan_id=plan_id))


@bp.route("/plans/<int:plan_id>/tasks/<int:task_id>/proof")
@login_required
def proof(plan_id: int, task_id: int):
    task = _task(plan_id, task_id, edit=False)
    if task.proof_attachment is None:
        abort(404)
    return download(task.proof_attachment)


@bp.route("/plans/<int:plan_id>/tasks.csv")
@login_required
def checklist_csv(plan_id: int):
    """The checklist as CSV (every text cell made inert for spreadsheets: `write_csv`)."""
    plan = load_plan(plan_id, current_user)
    locale = current_locale()
    header = [
        _("Due on"),
        _("Task"),
        _("Counted from"),
        _("Pinned"),
        _("Who does it"),
        _("State"),
        _("Done on"),
        _("Proof"),
    ]
    rows = [
        [
            task.due_on.isoformat() if task.due_on else "",
            pick_text(task.title, locale).text,
            offset_words(task),
            _("yes") if task.pinned else _("no"),
            ResponsibleSide(task.responsible).label,
            TaskState(task.state).label,
            task.done_at.date().isoformat() if task.done_at else "",
            proof_label(task),
        ]
        for task in plan_checklist(plan.id)
    ]
    return Response(
        write_csv(header, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="plan-{plan.id}-tasks.csv"'},
    )


# --- templates (administrators) ------------------------------------------------------------------------


@bp.route("/admin/task-templates")
@roles_required("admin")
def templates():
    rows = db.session.scalars(
        select(TaskTemplate).order_by(TaskTemplate.plan_kind, TaskTemplate.position, TaskTemplate.id)
    ).all()
    grouped: dict[str, list] = {}
    for row in rows:
        grouped.setdefault(row.plan_kind, []).append(row)
    return render_template("tasks/templates.html", grouped=grouped, kinds=ACTIVITY_LABELS)


@bp.route("/admin/task-templates/new", methods=["GET", "POST"], defaults={"template_id": None})
@bp.route("/admin/task-templates/<int:template_id>", methods=["GET", "POST"])
@roles_required("admin")
@returns_to("tasks.templates")
def template(template_id: int | None):
    row = db.session.get(TaskTemplate, template_id) if template_id is not None and 0 < template_id < 2**31 else None
    if template_id is not None and row is None:
        abort(404)
    form = TemplateForm()
    if request.method == "GET" and row is not None:
        form.fill(row)
    elif request.method == "POST" and form.validate():
        saved = operations.save_template(row, current_user, form.values())
        flash(_("The task template is saved."), "success")
        return redirect(url_for("tasks.templates") + f"#template-{saved.id}")
    return render_template("tasks/template.html", row=row, form=form), 400 if form.errors else 200
