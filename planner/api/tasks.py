"""/api/v1/tasks and /api/v1/task-templates, through `planner.tasks.operations`.

A task's offset is said as a person says it ({"amount": 3, "unit": "months", "direction":
"before"}); the operations store it signed (negative: before the anchor)."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user
from flask_smorest import abort
from sqlalchemy import select

from planner.api.common import api_blueprint, documents, page_of, require_current, with_etag
from planner.api.schemas import TaskSchema, TaskTemplateFilterSchema, TaskTemplateSchema, page_schema
from planner.extensions import db
from planner.plans.access import load_plan
from planner.tasks import operations
from planner.tasks.models import TaskTemplate
from planner.tasks.queries import checklist

blp = api_blueprint("Tasks", "Tasks: a plan's checklist counted back from its anchors, and the templates.")


def _offset(row) -> dict:
    amount = row.offset_amount or 0
    return {"amount": abs(amount), "unit": row.offset_unit, "direction": "before" if amount < 0 else "after"}


def _proof(row) -> dict | None:
    return {"kind": row.proof_kind, "value": row.proof_value} if row.proof_kind else None


def described(task) -> dict:
    return {
        "id": task.id,
        "plan_id": task.plan_id,
        "title": task.title,
        "description": task.description,
        "anchor": task.anchor,
        "offset": _offset(task),
        "due_on": task.due_on,
        "pinned": task.pinned,
        "responsible": task.responsible,
        "proof": _proof(task),
        "state": task.state,
        "done_at": task.done_at,
        "done_by": task.done_by_id,
        "proof_file": task.proof_attachment_id is not None,
    }


def template_described(row: TaskTemplate) -> dict:
    found = {name: getattr(row, name) for name in ("id", "plan_kind", "position", "title", "description", "anchor")}
    found.update(
        offset=_offset(row),
        responsible=row.responsible,
        proof=_proof(row),
        permit_lead_time=row.permit_lead_time,
        active=row.active,
    )
    return found


def _values(sent: dict) -> dict:
    """The sent fields in the operations' words (offset signed, proof as kind and value)."""
    values = {k: v for k, v in sent.items() if k not in ("offset", "proof", "state")}
    if "offset" in sent:
        offset = sent["offset"]
        values["offset_amount"] = -offset["amount"] if offset["direction"] == "before" else offset["amount"]
        values["offset_unit"] = offset["unit"]
    if "proof" in sent:
        proof = sent["proof"] or {}
        values["proof_kind"], values["proof_value"] = proof.get("kind", ""), proof.get("value", "")
    return values


@blp.route("/plans/<int:plan_id>/tasks", methods=["GET"])
@blp.response(200, TaskSchema(many=True))
@documents(blp, 401, 404)
def plan_tasks(plan_id: int):
    """The plan's checklist, by due date (undated last)."""
    plan = load_plan(plan_id, current_user)
    return [described(task) for task in checklist(plan.id)]


@blp.route("/tasks/<int:task_id>", methods=["GET"])
@blp.response(200, TaskSchema)
@documents(blp, 401, 404)
def show_task(task_id: int):
    task = operations.load_task(task_id, current_user)
    return _answer(task)


def _answer(task, status: int = 200):
    answer = with_etag(task, status)
    if not isinstance(answer, tuple):
        return answer
    _row, code, headers = answer
    return described(task), code, headers


@blp.route("/tasks/<int:task_id>", methods=["PATCH"])
@blp.arguments(TaskSchema(partial=True))
@blp.response(200, TaskSchema)
@documents(blp, 400, 401, 403, 404, 412, 422)
def change_task(values, task_id: int):
    """Change a task (curators of the plan's parties): its texts, anchor, offset, side, proof,
    date (which pins it) or pin; `state` done (a file proof is given on the checklist page),
    not_applicable or open."""
    task = operations.load_task(task_id, current_user, edit=True)
    require_current(task)
    state = values.get("state")
    changes = _values(values)
    if changes:
        operations.update_task(task, current_user, changes)
    if state == "done" and task.state != "done":
        operations.mark_done(task, current_user)
    elif state in ("open", "not_applicable") and state != task.state:
        operations.set_state(task, current_user, state)
    return _answer(task)


@blp.route("/task-templates", methods=["GET"])
@blp.arguments(TaskTemplateFilterSchema, location="query")
@blp.response(200, page_schema(TaskTemplateSchema))
@documents(blp, 401, 422)
def list_templates(arguments):
    """The task templates, by plan kind and place; `plan_kind` narrows to one kind."""
    query = select(TaskTemplate).order_by(TaskTemplate.plan_kind, TaskTemplate.position, TaskTemplate.id)
    if "plan_kind" in arguments:
        query = query.where(TaskTemplate.plan_kind == arguments["plan_kind"])
    found = page_of(query, arguments)
    found["items"] = [template_described(row) for row in found["items"]]
    return found


@blp.route("/task-templates", methods=["POST"])
@blp.arguments(TaskTemplateSchema)
@blp.response(201, TaskTemplateSchema)
@documents(blp, 400, 401, 403, 422)
def create_template(values):
    """A new task template (administrators)."""
    row = operations.save_template(None, current_user, _values(values))
    return template_described(row), 201, {"Location": url_for("Tasks.show_template", template_id=row.id)}


def _template(template_id: int) -> TaskTemplate:
    row = db.session.get(TaskTemplate, template_id) if 0 < template_id < 2**31 else None
    if row is None:
        abort(404)
    return row


@blp.route("/task-templates/<int:template_id>", methods=["GET"])
@blp.response(200, TaskTemplateSchema)
@documents(blp, 401, 404)
def show_template(template_id: int):
    return template_described(_template(template_id))


@blp.route("/task-templates/<int:template_id>", methods=["PATCH"])
@blp.arguments(TaskTemplateSchema(partial=True))
@blp.response(200, TaskTemplateSchema)
@documents(blp, 400, 401, 403, 404, 422)
def change_template(values, template_id: int):
    """Change a task template (administrators): the checklists made afterwards follow it."""
    row = operations.save_template(_template(template_id), current_user, _values(values))
    return template_described(row)
