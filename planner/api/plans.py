"""/api/v1/plans: plans with their terms, cost items, participants, loan objects, venues,
route stops and approvals. Every change goes through `commit_plan_change`, as on the pages:
it withdraws approvals that no longer match, audits, and refuses a stale save (412)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort
from marshmallow import Schema
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from planner import signals
from planner.accounts.permissions import can_edit_agreement, can_read_agreement, readable_agreements
from planner.agreements.models import Agreement
from planner.api.agreements import editable_agreement
from planner.api.common import api_blueprint, documents, etag_of, page_of, refuse, require_current, with_etag
from planner.api.schemas import (
    MAX_ID,
    ApprovalSchema,
    CostItemSchema,
    LoanObjectSchema,
    ParticipantSchema,
    PlanFilterSchema,
    PlanSchema,
    RouteStopSchema,
    VenueSchema,
    page_schema,
)
from planner.audit.models import record
from planner.extensions import db
from planner.maps.models import RouteStop, Site
from planner.models_base import naive_utc, utcnow
from planner.plans import approval
from planner.plans.changes import commit_plan_change
from planner.plans.models import Approval, CostItem, LoanObject, Participant, Plan, PlanVenue
from planner.plans.queries import plan_with_everything
from planner.plans.terms import can_move, terms_warnings
from planner.plans.views import terms_message
from planner.schedule.models import Event

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
)


def readable_plan(plan_id: int) -> Plan:
    """The plan with all its parts (one read), or 404 (deleted, or not the caller's to see)."""
    plan = plan_with_everything(plan_id) if 0 < plan_id <= MAX_ID else None
    if plan is None or plan.deleted_at is not None or not can_read_agreement(current_user, plan.agreement):
        abort(404)
    return plan


def editable_plan(plan_id: int) -> Plan:
    plan = readable_plan(plan_id)
    if not can_edit_agreement(current_user, plan.agreement):
        abort(403)
    return plan


def save(plan: Plan, before: dict) -> None:
    if not commit_plan_change(plan, before):
        abort(412)


@blp.route("/plans", methods=["GET"])
@blp.arguments(PlanFilterSchema, location="query")
@blp.response(200, page_schema(PlanSchema))
@documents(blp, 401, 422)
def list_plans(arguments):
    """The plans you may see, by id; `from`/`to`: plans with an event in those days."""
    query = (
        select(Plan)
        .join(Agreement, Plan.agreement_id == Agreement.id)
        .where(Plan.deleted_at.is_(None), readable_agreements(current_user))
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
    agreement = editable_agreement(values.pop("agreement_id"))
    if values.get("status", "proposed") != "proposed":
        refuse("status", _("A new plan starts as proposed."))
    plan = Plan(agreement=agreement)
    with db.session.no_autoflush:  # the plan is not complete until `_apply` has run
        _apply(plan, values)
    db.session.add(plan)
    db.session.flush()
    record(current_user.id, "create", "plan", plan.id, after=approval.plan_content(plan))
    signals.plan_proposed.send(plan, actor=current_user)  # TEMP(notifications): the operation sends this
    db.session.commit()
    return with_etag(plan, 201, url_for("Plans.show_plan", plan_id=plan.id))


def _apply(plan: Plan, values: dict) -> None:
    """Copy checked values into the plan: institutions must be parties, articles its own."""
    agreement = plan.agreement
    parties = {party.institution_id: party.institution for party in agreement.parties}
    if values.get("lead_institution_id") not in (None, *parties):
        refuse("lead_institution_id", _("Choose one of the agreement's parties."))
    if set(values.get("partner_ids") or ()) - set(parties):
        refuse("partner_ids", _("Choose one of the agreement's parties."))
    articles = {article.number: article for article in agreement.articles}
    if set(values.get("article_numbers") or ()) - set(articles):
        refuse("articles", _("The agreement has no article with this number."))
    if "partner_ids" in values:
        plan.partners = [parties[i] for i in dict.fromkeys(values.pop("partner_ids"))]
    if "article_numbers" in values:
        plan.articles = [articles[n] for n in sorted(set(values.pop("article_numbers")))]
    if "status" in values:
        _move(plan, values.pop("status"))
    for name, value in values.items():
        setattr(plan, name, value)


def _move(plan: Plan, target: str) -> None:
    if target == plan.status:
        return
    if target == "approved":
        refuse("status", _("A plan is approved only by the curators of every party."))
    if not can_move(plan.status, target):
        refuse("status", _("A plan cannot go from “%(current)s” to “%(target)s”.", current=plan.status, target=target))
    if plan.id is not None:  # TEMP(notifications): the operation sends this
        signals.plan_status_changed.send(plan, actor=current_user, before=plan.status, after=target)
    plan.status = target


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
    require_current(plan)
    before = approval.plan_content(plan)
    _apply(plan, values)
    save(plan, before)
    return with_etag(plan)


@blp.route("/plans/<int:plan_id>", methods=["DELETE"])
@blp.response(204)
@documents(blp, 401, 403, 404, 412)
def delete_plan(plan_id: int):
    """Delete a plan (an administrator can restore it on its page)."""
    plan = editable_plan(plan_id)
    require_current(plan)
    plan.deleted_at = utcnow()
    record(current_user.id, "delete", "plan", plan.id, before=approval.plan_content(plan))
    signals.plan_deleted.send(plan, actor=current_user)  # TEMP(notifications): the operation sends this
    db.session.commit()


@blp.route("/plans/<int:plan_id>/restore", methods=["POST"])
@blp.response(200, PlanSchema)
@documents(blp, 401, 403, 404)
def restore_plan(plan_id: int):
    """Bring back a deleted plan (administrators). Others do not see deleted plans at all."""
    found = db.session.get(Plan, plan_id) if 0 < plan_id <= MAX_ID else None
    if (
        found is None
        or not can_read_agreement(current_user, found.agreement)
        or (found.deleted_at is not None and not current_user.is_admin)
    ):
        abort(404)
    if not current_user.is_admin:
        abort(403)
    if found.deleted_at is not None:
        found.deleted_at = None
        record(current_user.id, "restore", "plan", found.id)
        signals.plan_restored.send(found, actor=current_user)  # TEMP(notifications): the operation sends this
        db.session.commit()
    return with_etag(plan_with_everything(plan_id))


@blp.route("/plans/<int:plan_id>/approvals", methods=["POST"])
@blp.arguments(ApprovalSchema)
@blp.response(201, ApprovalSchema)
@documents(blp, 400, 401, 403, 404, 409, 412, 422)
def approve(values, plan_id: int):
    """A curator of a party approves the exact content they read, named by its `fingerprint`;
    when every party has approved it, the plan is approved."""
    plan = readable_plan(plan_id)
    if current_user.role != "curator" or current_user.institution_id not in plan.agreement.institution_ids:
        abort(403)
    current = plan.current_fingerprint
    if values["fingerprint"] != current:
        abort(412, message=_("The plan changed since you opened it: review the current version and approve again."))
    if "project_agreement_missing" in terms_warnings(plan):
        refuse("fingerprint", terms_message("project_agreement_missing"))
    if plan.status not in ("proposed", "approved"):
        refuse("fingerprint", _("Only a proposed plan can be approved."))
    if current_user.institution_id in approval.approving_parties(plan.approvals, current):
        abort(409, message=_("Your institution has already approved this version."))
    given = Approval(
        institution_id=current_user.institution_id,
        user_id=current_user.id,
        fingerprint=current,
        snapshot=approval.plan_content(plan),
    )
    plan.approvals.append(given)
    if approval.is_approved(plan.agreement.institution_ids, plan.approvals, current):
        plan.status = "approved"
    record(current_user.id, "approve", "plan", plan.id, after={"fingerprint": current})
    signals.plan_approval_given.send(
        plan, actor=current_user, institution_id=current_user.institution_id
    )  # TEMP(notifications): the operation sends this
    if plan.status == "approved":  # TEMP(notifications): the operation sends this
        signals.plan_approved.send(plan, actor=current_user)
    db.session.commit()
    return given, 201, {"Location": url_for("Plans.show_plan", plan_id=plan.id)}


# --- the parts of a plan ----------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """A list on a plan: its model, schema and the plan's relationship to it."""

    model: type
    schema: type[Schema]
    relation: str
    noun: str


PARTS = {
    "venues": Part(PlanVenue, VenueSchema, "venues", "venue"),
    "cost-items": Part(CostItem, CostItemSchema, "cost_items", "cost item"),
    "loan-objects": Part(LoanObject, LoanObjectSchema, "loan_objects", "loan object"),
    "participants": Part(Participant, ParticipantSchema, "participants", "participant"),
    "route-stops": Part(RouteStop, RouteStopSchema, "route_stops", "route stop"),
}
INSTITUTION_FIELDS = (
    "payer_institution_id",
    "incurred_by_institution_id",
    "lender_institution_id",
    "home_institution_id",
    "host_institution_id",
)


def _check_part(plan: Plan, values: dict) -> None:
    """Institutions of a part are parties of the agreement; sites exist."""
    parties = plan.agreement.institution_ids
    for name in INSTITUTION_FIELDS:
        if values.get(name) is not None and values[name] not in parties:
            refuse(name, _("Choose one of the agreement's parties."))
    if "site_id" in values and db.session.get(Site, values["site_id"]) is None:
        refuse("site_id", _("No such site."))


def _place(items: list, item, position: int | None) -> None:
    """Put an ordered item (venue, route stop) at a position and number them all again."""
    if not hasattr(item, "position"):
        return
    if item in items:
        items.remove(item)
    items.insert(len(items) if position is None else min(position - 1, len(items)), item)
    for number, each in enumerate(items, start=1):
        each.position = number


def _item_or_404(plan: Plan, part: Part, item_id: int):
    return next((item for item in getattr(plan, part.relation) if item.id == item_id), None) or abort(404)


def _register(slug: str, part: Part) -> None:
    """POST /plans/{id}/{slug}, PATCH and DELETE /plans/{id}/{slug}/{item_id}."""
    name = part.relation

    def add(values, plan_id: int):
        plan = editable_plan(plan_id)
        require_current(plan)
        _check_part(plan, values)
        before = approval.plan_content(plan)
        position = values.pop("position", None)
        item = part.model(**values)
        items = getattr(plan, part.relation)
        items.append(item)
        _place(items, item, position)
        save(plan, before)
        return item, 201, {"Location": url_for("Plans.show_plan", plan_id=plan.id), "ETag": etag_of(plan)}

    def change(values, plan_id: int, item_id: int):
        plan = editable_plan(plan_id)
        require_current(plan)
        item = _item_or_404(plan, part, item_id)
        merged = {**part.schema().dump(item), **part.schema().dump(values)}
        merged.pop("id", None)
        errors = part.schema().validate(merged)  # the rules across fields hold for the result
        if errors:
            abort(422, errors={"json": errors})
        _check_part(plan, values)
        before = approval.plan_content(plan)
        position = values.pop("position", None)
        for field, value in values.items():
            setattr(item, field, value)
        if position is not None:
            _place(getattr(plan, part.relation), item, position)
        save(plan, before)
        return item, 200, {"ETag": etag_of(plan)}

    def remove(plan_id: int, item_id: int):
        plan = editable_plan(plan_id)
        require_current(plan)
        items = getattr(plan, part.relation)
        item = _item_or_404(plan, part, item_id)
        before = approval.plan_content(plan)
        items.remove(item)
        for number, each in enumerate(items, start=1):
            if hasattr(each, "position"):
                each.position = number
        save(plan, before)

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
