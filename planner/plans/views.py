"""Plan pages: create a plan from an article, edit it with optimistic locking, its kind-specific
parts, two-party approval, status, deletion and restoration."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from planner import signals
from planner.accounts.permissions import (
    can_edit_agreement,
    editable_agreement_or_403,
    readable_agreement_or_404,
    roles_required,
)
from planner.agreements.models import Institution
from planner.agreements.queries import agreement_with_everything
from planner.audit.models import record
from planner.extensions import db
from planner.i18n import current_locale, pick_text
from planner.maps.models import RouteStop, Site
from planner.models_base import utcnow
from planner.plans import approval
from planner.plans.changes import commit_plan_change
from planner.plans.costs import totals_by_currency, totals_by_payer
from planner.plans.forms import CostItemForm, LoanObjectForm, ParticipantForm, PlanForm, RouteStopForm, VenueForm
from planner.plans.models import CostItem, LoanObject, Participant, Plan, PlanVenue
from planner.plans.queries import plan_with_everything, stays_of_the_same_people
from planner.plans.readable import readable_changes
from planner.plans.terms import CURRENCIES, can_move, exhibition_cost_template, person_days, terms_warnings
from planner.schedule.conflicts import participant_clashes
from planner.schedule.occurrences import first_occurrence
from planner.vocabulary import activity_label, status_label

bp = Blueprint("plans", __name__)


def terms_message(code: str) -> str:
    """The viewer's-language sentence for a code of `terms.terms_warnings`."""
    messages = {
        "project_agreement_missing": _(
            "A compensated plan needs its separate project agreement (reference and date) before it can be approved."
        ),
        "free_plan_with_charges": _("This plan is free of charge but one party pays for another party's part."),
    }
    return messages[code]


def readable_plan_or_404(plan_id: int) -> Plan:
    plan = plan_with_everything(plan_id)
    if plan is None or (plan.deleted_at is not None and not current_user.is_admin):
        abort(404)
    readable_agreement_or_404(plan.agreement)
    return plan


def editable_plan_or_403(plan_id: int) -> Plan:
    plan = readable_plan_or_404(plan_id)
    editable_agreement_or_403(plan.agreement)
    if plan.deleted_at is not None:
        abort(404)
    return plan


def _institution_choices(agreement) -> list[tuple[int, str]]:
    return [(p.institution_id, pick_text(p.institution.name, current_locale()).text) for p in agreement.parties]


def _article_choices(agreement) -> list[tuple[int, str]]:
    return [(a.id, _("Article %(number)s", number=a.number)) for a in agreement.articles]


@bp.route("/plans/<int:plan_id>")
@login_required
def show(plan_id: int):
    plan = readable_plan_or_404(plan_id)
    content = approval.plan_content(plan)
    current = approval.fingerprint(content)
    standing = {a.institution_id: a for a in plan.approvals if a.withdrawn_at is None and a.fingerprint == current}
    institutions = {p.institution_id: p.institution for p in plan.agreement.parties}
    institutions.update(
        {
            i.id: i
            for i in db.session.scalars(
                select(Institution).where(
                    Institution.id.in_({c.payer_institution_id for c in plan.cost_items} - set(institutions))
                )
            )
        }
    )
    days = {
        f"{pick_text(institutions[h].name, current_locale()).text if h in institutions else h} → "
        f"{pick_text(institutions[g].name, current_locale()).text if g in institutions else g}": n
        for (h, g), n in person_days(plan.participants).items()
    }
    return render_template(
        "plans/show.html",
        plan=plan,
        agreement=plan.agreement,
        fingerprint=current,
        payer_totals=totals_by_payer(plan.cost_items),
        currency_totals=totals_by_currency(plan.cost_items),
        institutions_by_id=institutions,
        person_days=days,
        can_edit=can_edit_agreement(current_user, plan.agreement) and plan.deleted_at is None,
        term_warnings=[terms_message(code) for code in terms_warnings(plan)] + _double_bookings(plan),
        approvals_by_institution=standing,
        withdrawn_changes=_changes_since_approval(plan, content),
        can_approve=_can_approve(plan, standing),
        first_occurrence=first_occurrence,
    )


def _double_bookings(plan: Plan) -> list[str]:
    """A person of this plan booked elsewhere at the same time."""
    clashes = participant_clashes(stays_of_the_same_people(plan))
    return [
        _(
            "%(name)s is booked in two places at once: %(first)s – %(last)s.",
            name=a.name,
            first=format_date(b.from_date, "medium"),
            last=format_date(min(a.to_date, b.to_date), "medium"),
        )
        for a, b in clashes
        if plan.id in (a.plan_id, b.plan_id)
    ]


def _changes_since_approval(plan: Plan, content: dict) -> list:
    """What changed since the last approved version, when an approval was withdrawn."""
    withdrawn = [a for a in plan.approvals if a.withdrawn_at is not None]
    if not withdrawn:
        return []
    return readable_changes(withdrawn[-1].snapshot, content)


def _can_approve(plan: Plan, standing: dict) -> bool:
    return (
        current_user.role == "curator"
        and current_user.institution_id in plan.agreement.institution_ids
        and current_user.institution_id not in standing
        and plan.status in ("proposed", "approved")
        and plan.deleted_at is None
    )


@bp.route("/agreements/<int:agreement_id>/plans/new", methods=["GET", "POST"])
@roles_required("admin", "curator")
def new(agreement_id: int):
    """A new plan, pre-filled from an article and one of its activities when asked."""
    agreement = editable_agreement_or_403(agreement_with_everything(agreement_id))
    form = PlanForm(parties=_institution_choices(agreement), articles=_article_choices(agreement))
    if request.method == "GET":
        _prefill(form, agreement)
    elif form.validate_on_submit():
        plan = Plan(agreement=agreement)
        _apply_plan_form(form, plan, agreement)
        db.session.add(plan)
        db.session.flush()
        record(current_user.id, "create", "plan", plan.id, after=approval.plan_content(plan))
        signals.plan_proposed.send(plan, actor=current_user)  # TEMP(notifications): the operation sends this
        db.session.commit()
        flash(_("The plan is created."), "success")
        return redirect(url_for("plans.show", plan_id=plan.id))
    return render_template("plans/new.html", form=form, agreement=agreement), 400 if form.errors else 200


def _prefill(form: PlanForm, agreement) -> None:
    article = next((a for a in agreement.articles if a.number == request.args.get("article", type=int)), None)
    kind = request.args.get("kind") if request.args.get("kind") in dict(form.kind.choices) else None
    kind = kind or (article.activities[0] if article and article.activities else "exhibition")
    form.kind.data = kind
    names = " – ".join(p.institution.short_name or pick_text(p.institution.name, "en").text for p in agreement.parties)
    form.title.form.en.data = f"{activity_label(kind)}: {names}"
    form.article_ids.data = [article.id] if article else []
    own = current_user.institution_id if current_user.institution_id in agreement.institution_ids else None
    form.lead_institution_id.data = own or (agreement.parties[0].institution_id if agreement.parties else None)
    form.partner_ids.data = [
        p.institution_id for p in agreement.parties if p.institution_id != form.lead_institution_id.data
    ]
    form.terms.data = "compensated" if agreement.default_terms == "compensated" else "free_of_charge"


def _apply_plan_form(form: PlanForm, plan: Plan, agreement) -> None:
    plan.kind = form.kind.data
    plan.title = form.title.form.to_dict()
    plan.description = form.description.form.to_dict()
    plan.lead_institution_id = form.lead_institution_id.data
    plan.partners = [p.institution for p in agreement.parties if p.institution_id in (form.partner_ids.data or [])]
    plan.articles = [a for a in agreement.articles if a.id in (form.article_ids.data or [])]
    plan.terms = form.terms.data
    plan.project_agreement_ref = (form.project_agreement_ref.data or "").strip()
    plan.project_agreement_date = form.project_agreement_date.data
    plan.online_url = (form.online_url.data or "").strip()


@bp.route("/plans/<int:plan_id>/edit", methods=["GET", "POST"])
@roles_required("admin", "curator")
def edit(plan_id: int):
    plan = editable_plan_or_403(plan_id)
    agreement = plan.agreement
    form = PlanForm(
        parties=_institution_choices(agreement),
        articles=_article_choices(agreement),
        obj=None if request.method == "POST" else plan,
    )
    conflict = None
    if request.method == "GET":
        _fill_plan_form(form, plan)
    elif form.validate_on_submit():
        if form.version_id.data != plan.version_id:
            conflict = _conflict_rows(form, plan)
        else:
            before = approval.plan_content(plan)
            _apply_plan_form(form, plan, agreement)
            if commit_plan_change(plan, before):
                flash(_("The plan is saved."), "success")
                return redirect(url_for("plans.show", plan_id=plan.id))
            conflict = _conflict_rows(form, plan_with_everything(plan_id))
    status = 409 if conflict else 400 if form.errors else 200
    return render_template(
        "plans/edit.html",
        form=form,
        plan=plan,
        agreement=agreement,
        conflict=conflict,
        parts=_part_forms(plan),
        sites=_site_names(),
    ), status


def _fill_plan_form(form: PlanForm, plan: Plan) -> None:
    form.version_id.data = plan.version_id
    form.title.form.fill(plan.title)
    form.description.form.fill(plan.description)
    form.partner_ids.data = [i.id for i in plan.partners]
    form.article_ids.data = [a.id for a in plan.articles]
    form.lead_institution_id.data = plan.lead_institution_id


def _conflict_rows(form: PlanForm, current: Plan) -> list[tuple[str, str, str]]:
    """Both versions side by side: what this user typed and what is saved now."""
    flash(
        _(
            "Someone else saved this plan while you were editing. Nothing was overwritten: compare the two versions, then save again."
        ),
        "error",
    )
    rows = [
        (_("Title"), form.title.form.en.data, current.title.get("en", "")),
        (_("Kind"), activity_label(form.kind.data), activity_label(current.kind)),
        (_("Terms"), status_label(form.terms.data), status_label(current.terms)),
        (
            _("Separate project agreement: reference"),
            form.project_agreement_ref.data or "",
            current.project_agreement_ref,
        ),
    ]
    form.version_id.data = current.version_id
    return rows


@dataclass(frozen=True)
class Part:
    """A kind-specific list on a plan: its model, form and the plan's relationship to it."""

    model: type
    form: type
    relation: str
    label: str


PARTS = {
    "venues": Part(PlanVenue, VenueForm, "venues", "Venues"),
    "costs": Part(CostItem, CostItemForm, "cost_items", "Costs"),
    "loans": Part(LoanObject, LoanObjectForm, "loan_objects", "Loan objects"),
    "participants": Part(Participant, ParticipantForm, "participants", "Participants"),
    "stops": Part(RouteStop, RouteStopForm, "route_stops", "Route"),
}
INSTITUTION_FIELDS = (
    "payer_institution_id",
    "incurred_by_institution_id",
    "lender_institution_id",
    "home_institution_id",
    "host_institution_id",
)


def _site_names() -> list[tuple[int, str]]:
    return [
        (s.id, pick_text(s.name, current_locale()).text) for s in db.session.scalars(select(Site).order_by(Site.id))
    ]


def _configured(part: Part, plan: Plan, sites=None, bound: bool = True):
    """A part's form with its choices; CSRF is checked app-wide by CSRFProtect for every POST."""
    options = {"prefix": part.relation, "meta": {"csrf": False}}
    form = part.form(**options) if bound else part.form(formdata=None, **options)
    parties = _institution_choices(plan.agreement)
    for name in INSTITUTION_FIELDS:
        if name in form:
            form[name].choices = parties
    if "site_id" in form:
        form["site_id"].choices = sites if sites is not None else _site_names()
    return form


def _part_forms(plan: Plan) -> dict:
    sites = _site_names()
    return {key: _configured(part, plan, sites, bound=False) for key, part in PARTS.items()}


def _check_version(plan: Plan) -> bool:
    if request.form.get("version_id", type=int) != plan.version_id:
        flash(
            _(
                "Someone else saved this plan while you were editing. Nothing was overwritten: review it and save again."
            ),
            "error",
        )
        return False
    return True


@bp.route("/plans/<int:plan_id>/<any(venues, costs, loans, participants, stops):part_key>", methods=["POST"])
@roles_required("admin", "curator")
def add_part(plan_id: int, part_key: str):
    plan = editable_plan_or_403(plan_id)
    part = PARTS[part_key]
    form = _configured(part, plan)
    if not _check_version(plan):
        return redirect(url_for("plans.edit", plan_id=plan.id))
    if form.validate_on_submit():
        before = approval.plan_content(plan)
        item = part.model()
        form.populate_obj(item)
        if part_key == "stops" or part_key == "venues":
            item.position = len(getattr(plan, part.relation)) + 1
        getattr(plan, part.relation).append(item)
        if commit_plan_change(plan, before):
            flash(_("Added."), "success")
            return redirect(url_for("plans.edit", plan_id=plan.id) + f"#{part_key}")
    forms = _part_forms(plan)
    forms[part_key] = form
    plan_form = PlanForm(
        parties=_institution_choices(plan.agreement), articles=_article_choices(plan.agreement), obj=plan, formdata=None
    )
    _fill_plan_form(plan_form, plan)
    return render_template(
        "plans/edit.html",
        form=plan_form,
        plan=plan,
        agreement=plan.agreement,
        conflict=None,
        parts=forms,
        sites=_site_names(),
    ), 400


@bp.route(
    "/plans/<int:plan_id>/<any(venues, costs, loans, participants, stops):part_key>/<int:item_id>/delete",
    methods=["POST"],
)
@roles_required("admin", "curator")
def delete_part(plan_id: int, part_key: str, item_id: int):
    plan = editable_plan_or_403(plan_id)
    items = getattr(plan, PARTS[part_key].relation)
    item = next((i for i in items if i.id == item_id), None) or abort(404)
    if _check_version(plan):
        before = approval.plan_content(plan)
        items.remove(item)
        _renumber(items)
        if commit_plan_change(plan, before):
            flash(_("Removed."), "success")
    return redirect(url_for("plans.edit", plan_id=plan.id) + f"#{part_key}")


@bp.route("/plans/<int:plan_id>/stops/<int:item_id>/move", methods=["POST"])
@roles_required("admin", "curator")
def move_stop(plan_id: int, item_id: int):
    """Reorder a heritage route: move one stop up or down."""
    plan = editable_plan_or_403(plan_id)
    stops = list(plan.route_stops)
    index = next((n for n, s in enumerate(stops) if s.id == item_id), None)
    if index is None:
        abort(404)
    target = index - 1 if request.form.get("direction") == "up" else index + 1
    if _check_version(plan) and 0 <= target < len(stops):
        before = approval.plan_content(plan)
        stops[index], stops[target] = stops[target], stops[index]
        _renumber(stops)
        plan.route_stops.sort(key=lambda s: s.position)
        commit_plan_change(plan, before)
    return redirect(url_for("plans.edit", plan_id=plan.id) + "#stops")


def _renumber(items) -> None:
    for position, item in enumerate(items, start=1):
        if hasattr(item, "position"):
            item.position = position


@bp.route("/plans/<int:plan_id>/costs/template", methods=["POST"])
@roles_required("admin", "curator")
def cost_template(plan_id: int):
    """Add the common exhibition split (amounts zero, to edit) between the lender and the host."""
    plan = editable_plan_or_403(plan_id)
    host = next((i.id for i in plan.partners), plan.lead_institution_id)
    currency = request.form.get("currency", "EUR")
    if _check_version(plan) and plan.lead_institution_id:
        before = approval.plan_content(plan)
        for row in exhibition_cost_template(plan.lead_institution_id, host):
            plan.cost_items.append(CostItem(amount=0, currency=currency if currency in CURRENCIES else "EUR", **row))
        commit_plan_change(plan, before)
        flash(_("The usual split is added: set the amounts."), "success")
    return redirect(url_for("plans.edit", plan_id=plan.id) + "#costs")


@bp.route("/plans/<int:plan_id>/approve", methods=["POST"])
@roles_required("curator")
def approve(plan_id: int):
    """A curator of a party approves the exact version they saw (its fingerprint)."""
    plan = readable_plan_or_404(plan_id)
    content = approval.plan_content(plan)
    current = approval.fingerprint(content)
    if current_user.institution_id not in plan.agreement.institution_ids:
        abort(403)
    if request.form.get("fingerprint") != current:
        flash(_("The plan changed since you opened it: review the current version and approve again."), "error")
    elif "project_agreement_missing" in terms_warnings(plan):
        flash(terms_message("project_agreement_missing"), "error")
    elif plan.status not in ("proposed", "approved"):
        flash(_("Only a proposed plan can be approved."), "error")
    else:
        plan.approvals.append(approval_record(plan, content, current))
        if approval.is_approved(plan.agreement.institution_ids, plan.approvals, current):
            plan.status = "approved"
        record(current_user.id, "approve", "plan", plan.id, after={"fingerprint": current})
        _announce_approval(plan)
        db.session.commit()
        flash(_("Your approval is recorded."), "success")
    return redirect(url_for("plans.show", plan_id=plan.id))


def _announce_approval(plan) -> None:  # TEMP(notifications): the operation sends these
    signals.plan_approval_given.send(plan, actor=current_user, institution_id=current_user.institution_id)
    if plan.status == "approved":
        signals.plan_approved.send(plan, actor=current_user)


def approval_record(plan, content, current):
    from planner.plans.models import Approval

    return Approval(
        institution_id=current_user.institution_id, user_id=current_user.id, fingerprint=current, snapshot=content
    )


@bp.route("/plans/<int:plan_id>/status", methods=["POST"])
@roles_required("admin", "curator")
def set_status(plan_id: int):
    plan = editable_plan_or_403(plan_id)
    target = request.form.get("status", "")
    if target == "approved":
        flash(_("A plan is approved only by the curators of every party."), "error")
    elif not can_move(plan.status, target):
        flash(
            _(
                "A plan cannot go from “%(current)s” to “%(target)s”.",
                current=status_label(plan.status),
                target=status_label(target),
            ),
            "error",
        )
    else:
        record(current_user.id, "update", "plan", plan.id, before={"status": plan.status}, after={"status": target})
        signals.plan_status_changed.send(
            plan, actor=current_user, before=plan.status, after=target
        )  # TEMP(notifications): the operation sends this
        plan.status = target
        db.session.commit()
        flash(_("The status is now “%(status)s”.", status=status_label(target)), "success")
    return redirect(url_for("plans.show", plan_id=plan.id))


@bp.route("/plans/<int:plan_id>/delete", methods=["GET", "POST"])
@roles_required("admin", "curator")
def delete(plan_id: int):
    """Deleting asks for confirmation; an admin can restore the plan."""
    plan = editable_plan_or_403(plan_id)
    if request.method == "POST":
        plan.deleted_at = utcnow()
        record(current_user.id, "delete", "plan", plan.id, before=approval.plan_content(plan))
        signals.plan_deleted.send(plan, actor=current_user)  # TEMP(notifications): the operation sends this
        db.session.commit()
        flash(_("The plan is deleted. An administrator can restore it."), "success")
        return redirect(url_for("agreements.show", agreement_id=plan.agreement_id))
    return render_template("plans/delete.html", plan=plan)


@bp.route("/plans/<int:plan_id>/restore", methods=["POST"])
@roles_required("admin")
def restore(plan_id: int):
    plan = readable_plan_or_404(plan_id)
    plan.deleted_at = None
    record(current_user.id, "restore", "plan", plan.id)
    signals.plan_restored.send(plan, actor=current_user)  # TEMP(notifications): the operation sends this
    db.session.commit()
    flash(_("The plan is restored."), "success")
    return redirect(url_for("plans.show", plan_id=plan.id))
