"""/api/v1/plans: plans with their terms, cost items, participants, loan objects, venues,
route stops and approvals. Every change is an operation of `planner.plans.operations`, as on
the pages: it withdraws approvals that no longer match, audits, and refuses a stale save (412)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort
from marshmallow import Schema
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from planner.agreements.access import load_agreement
from planner.agreements.models import Agreement
from planner.api.common import (
    api_blueprint,
    documents,
    etag_of,
    expected_version,
    page_of,
    refuse,
    require_current,
    with_etag,
)
from planner.api.schemas import (
    ApprovalSchema,
    ChangeRequestSchema,
    CommentSchema,
    CostItemSchema,
    LoanObjectSchema,
    ParticipantSchema,
    PlanFilterSchema,
    PlanSchema,
    RouteStopSchema,
    SignedCopySchema,
    VenueSchema,
    page_schema,
)
from planner.attachments.checking import JPEG, PDF, PNG
from planner.attachments.serving import accept_upload_body, download
from planner.models_base import naive_utc
from planner.plans import operations
from planner.plans.access import load_plan, readable_plans
from planner.plans.events import Event
from planner.plans.models import Plan, SignedCopy
from planner.plans.queries import plan_comments

blp = api_blueprint("Plans", "Plans under an agreement, their kind-specific parts and two-party approval.")

PLAN_PARTS = (
    selectinload(Plan.partners),
    selectinload(Plan.articles),
    selectinload(Plan.venues),
    selectinload(Plan.cost_items),
    selectinload(Plan.loan_objects),
    selectinload(Plan.participants),
    selectinload(Plan.route_stops),
    selectinload(Plan.events),
    selectinload(Plan.approvals),
    selectinload(Plan.signed_copies).joinedload(SignedCopy.attachment),
)


def readable_plan(plan_id: int) -> Plan:
    return load_plan(plan_id, current_user)


def editable_plan(plan_id: int) -> Plan:
    """The plan, checked for the caller's right to change it and for If-Match (412)."""
    plan = load_plan(plan_id, current_user, edit=True)
    require_current(plan)
    return plan


@blp.route("/plans", methods=["GET"])
@blp.arguments(PlanFilterSchema, location="query")
@blp.response(200, page_schema(PlanSchema))
@documents(blp, 401, 422)
def list_plans(arguments):
    """The plans you may see, by id; `from`/`to`: plans with an event in those days."""
    query = (
        select(Plan)
        .join(Agreement, Plan.agreement_id == Agreement.id)
        .where(Plan.deleted_at.is_(None), readable_plans(current_user))
        .options(*PLAN_PARTS)
        .order_by(Plan.id)
    )
    for name, column in (("agreement", Plan.agreement_id), ("kind", Plan.kind), ("status", Plan.status)):
        if name in arguments:
            query = query.where(column == arguments[name])
    if "institution" in arguments:
        query = query.where(
            or_(Plan.lead_institution_id == arguments["institution"], Plan.partners.any(id=arguments["institution"]))
        )
    if "from_day" in arguments or "to_day" in arguments:
        query = query.where(Plan.events.any(_event_in_days(arguments.get("from_day"), arguments.get("to_day"))))
    return page_of(query, arguments)


def _event_in_days(first, last):
    """Events whose series touches the days from `first` to `last` (either may be open)."""
    from datetime import datetime, time, timedelta

    condition = Event.deleted_at.is_(None)
    if first:
        condition = condition & (Event.range_end > naive_utc(datetime.combine(first, time(), UTC)))
    if last:
        condition = condition & (Event.range_start < naive_utc(datetime.combine(last + timedelta(days=1), time(), UTC)))
    return condition


@blp.route("/plans", methods=["POST"])
@blp.arguments(PlanSchema)
@blp.response(201, PlanSchema)
@documents(blp, 400, 401, 403, 404, 422)
def create_plan(values):
    """Plan a concrete project under an agreement (curators of a party, administrators)."""
    agreement = load_agreement(values.pop("agreement_id"), current_user, edit=True)
    plan = operations.create_plan(agreement, current_user, values)
    return with_etag(plan, 201, url_for("Plans.show_plan", plan_id=plan.id))


@blp.route("/plans/<int:plan_id>", methods=["GET"])
@blp.response(200, PlanSchema)
@documents(blp, 401, 404)
def show_plan(plan_id: int):
    return with_etag(readable_plan(plan_id))


@blp.route("/plans/<int:plan_id>", methods=["PATCH"])
@blp.arguments(PlanSchema(partial=True, exclude=("agreement_id",)))
@blp.response(200, PlanSchema)
@documents(blp, 400, 401, 403, 404, 412, 422)
def change_plan(values, plan_id: int):
    """Change a plan; a change to what was approved withdraws the approvals. Send If-Match to
    be sure you change the version you read."""
    plan = editable_plan(plan_id)
    return with_etag(operations.update_plan(plan, current_user, values, version_id=expected_version(plan)))


@blp.route("/plans/<int:plan_id>", methods=["DELETE"])
@blp.response(204)
@documents(blp, 401, 403, 404, 412)
def delete_plan(plan_id: int):
    """Delete a plan (an administrator can restore it on its page)."""
    plan = editable_plan(plan_id)
    operations.delete_plan(plan, current_user, version_id=expected_version(plan))


@blp.route("/plans/<int:plan_id>/restore", methods=["POST"])
@blp.response(200, PlanSchema)
@documents(blp, 401, 403, 404)
def restore_plan(plan_id: int):
    """Bring back a deleted plan (administrators). Others do not see deleted plans at all."""
    return with_etag(operations.restore_plan(readable_plan(plan_id), current_user))


@blp.route("/plans/<int:plan_id>/approvals", methods=["POST"])
@blp.arguments(ApprovalSchema)
@blp.response(201, ApprovalSchema)
@documents(blp, 400, 401, 403, 404, 409, 412, 422)
def approve(values, plan_id: int):
    """A curator of a party approves the exact content they read, named by its `fingerprint`;
    when every party has approved it, the plan is approved."""
    given = operations.approve(plan_id, current_user, values["fingerprint"])
    return given, 201, {"Location": url_for("Plans.show_plan", plan_id=plan_id)}


# --- signed copies ---------------------------------------------------------------------------

SIGNED_COPY_BODY = {
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary", "description": "PDF, JPEG or PNG, up to 20 MB"},
                    "institution_id": {"type": "integer", "description": "administrators: the party signing"},
                },
                "required": ["file"],
            }
        }
    }
}
FILE_ANSWER = {"content": {kind: {"schema": {"type": "string", "format": "binary"}} for kind in (PDF, JPEG, PNG)}}


@blp.url_value_preprocessor
def _room_for_uploads(endpoint, values) -> None:
    if endpoint == "Plans.add_signed_copy":
        accept_upload_body()


@blp.route("/plans/<int:plan_id>/signed-copies", methods=["POST"])
@blp.doc(requestBody=SIGNED_COPY_BODY)
@blp.response(201, SignedCopySchema)
@documents(blp, 400, 401, 403, 404, 409, 413, 422)
def add_signed_copy(plan_id: int):
    """Once every party has approved the plan's current content (409 before), a party's scan of
    its signed copy (multipart, the file in `file`): PDF, JPEG or PNG, its type checked from its
    content; the same file twice for one party and version is refused (409)."""
    plan = readable_plan(plan_id)  # the operation checks the right to sign
    upload = request.files.get("file")
    institution_id = request.form.get("institution_id")
    if institution_id is not None and not institution_id.isdigit():
        refuse("institution_id", _("Not a valid integer."))
    copy = operations.add_signed_copy(
        plan,
        current_user,
        upload.stream if upload else None,
        upload.filename if upload else None,
        institution_id=int(institution_id) if institution_id else None,
    )
    location = url_for("Plans.download_signed_copy", plan_id=plan_id, copy_id=copy.id)
    return copy, 201, {"Location": location}


@blp.route("/plans/<int:plan_id>/signed-copies/<int:copy_id>", methods=["GET"])
@blp.doc(responses={200: FILE_ANSWER})
@documents(blp, 401, 404)
def download_signed_copy(plan_id: int, copy_id: int):
    """The stored file, for whoever may read the plan, as a download (audited)."""
    return download(operations.signed_copy_to_download(plan_id, current_user, copy_id).attachment)


@blp.route("/plans/<int:plan_id>/proposal", methods=["POST"])
@blp.response(200, PlanSchema)
@documents(blp, 401, 403, 404, 412, 422)
def propose(plan_id: int):
    """ "Propose to partners": a draft (or a plan changed as its partner requested) goes before
    the parties, who are notified once."""
    return with_etag(operations.propose(editable_plan(plan_id), current_user))


@blp.route("/plans/<int:plan_id>/comments", methods=["GET"])
@blp.response(200, CommentSchema(many=True))
@documents(blp, 401, 404)
def list_comments(plan_id: int):
    """The plan's discussion, oldest first; each comment names the plan version it was written on."""
    return plan_comments(readable_plan(plan_id).id)


@blp.route("/plans/<int:plan_id>/comments", methods=["POST"])
@blp.arguments(CommentSchema)
@blp.response(201, CommentSchema)
@documents(blp, 400, 401, 403, 404, 422)
def add_comment(values, plan_id: int):
    """Write in the plan's discussion (plain text); the other parties are notified. A comment
    is not content: the plan's version and fingerprint do not change."""
    comment = operations.add_comment(readable_plan(plan_id), current_user, values["text"])
    return comment, 201, {"Location": url_for("Plans.list_comments", plan_id=plan_id)}


@blp.route("/plans/<int:plan_id>/change-requests", methods=["POST"])
@blp.arguments(ChangeRequestSchema)
@blp.response(201, ChangeRequestSchema)
@documents(blp, 400, 401, 403, 404, 422)
def request_changes(values, plan_id: int):
    """A partner's curator sends a proposed plan back with a required comment; it shows
    "changes requested" until its content changes and it is proposed again."""
    comment = operations.request_changes(readable_plan(plan_id), current_user, values["comment"])
    return comment, 201, {"Location": url_for("Plans.list_comments", plan_id=plan_id)}


# --- the parts of a plan ----------------------------------------------------------------------


@dataclass(frozen=True)
class ApiPart:
    """A list on a plan as the API names it: the operations' part and its schema."""

    kind: str
    schema: type[Schema]
    noun: str


#: The API's URL words for the parts of a plan (the pages say costs, loans, stops).
PARTS = {
    "venues": ApiPart("venues", VenueSchema, "venue"),
    "cost-items": ApiPart("cost_items", CostItemSchema, "cost item"),
    "loan-objects": ApiPart("loan_objects", LoanObjectSchema, "loan object"),
    "participants": ApiPart("participants", ParticipantSchema, "participant"),
    "route-stops": ApiPart("route_stops", RouteStopSchema, "route stop"),
}


def _add(part: ApiPart, values: dict, plan_id: int):
    plan = editable_plan(plan_id)
    item = operations.add_part(plan, current_user, part.kind, values, version_id=expected_version(plan))
    return item, 201, {"Location": url_for("Plans.show_plan", plan_id=plan.id), "ETag": etag_of(plan)}


def _change(part: ApiPart, values: dict, plan_id: int, item_id: int):
    plan = editable_plan(plan_id)
    item = operations.part_item(plan, part.kind, item_id)
    merged = {**part.schema().dump(item), **part.schema().dump(values)}
    merged.pop("id", None)
    errors = part.schema().validate(merged)  # the rules across fields hold for the result
    if errors:
        abort(422, errors={"json": errors})
    item = operations.update_part(plan, current_user, part.kind, item_id, values, version_id=expected_version(plan))
    return item, 200, {"ETag": etag_of(plan)}


def _remove(part: ApiPart, plan_id: int, item_id: int):
    plan = editable_plan(plan_id)
    operations.remove_part(plan, current_user, part.kind, item_id, version_id=expected_version(plan))


def _register(slug: str, part: ApiPart) -> None:
    """POST /plans/{id}/{slug}, PATCH and DELETE /plans/{id}/{slug}/{item_id}."""
    name = part.kind

    def add(values, plan_id: int):
        return _add(part, values, plan_id)

    def change(values, plan_id: int, item_id: int):
        return _change(part, values, plan_id, item_id)

    def remove(plan_id: int, item_id: int):
        _remove(part, plan_id, item_id)

    add.__doc__ = f"Add a {part.noun} to the plan. If-Match takes the plan's ETag."
    change.__doc__ = f"Change a {part.noun} of the plan. If-Match takes the plan's ETag."
    remove.__doc__ = f"Remove a {part.noun} from the plan. If-Match takes the plan's ETag."
    path = f"/plans/<int:plan_id>/{slug}"
    for view, method, route, arguments, status in (
        (add, "POST", path, part.schema(), 201),
        (change, "PATCH", path + "/<int:item_id>", part.schema(partial=True), 200),
        (remove, "DELETE", path + "/<int:item_id>", None, 204),
    ):
        view.__name__ = f"{method.lower()}_{name}"
        decorated = documents(blp, 400, 401, 403, 404, 412, 422)(view)
        decorated = blp.response(status, part.schema if status != 204 else None)(decorated)
        if arguments is not None:
            decorated = blp.arguments(arguments)(decorated)
        blp.route(route, methods=[method], endpoint=view.__name__)(decorated)


for _slug, _part in PARTS.items():
    _register(_slug, _part)
