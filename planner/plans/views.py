"""Plan pages: create a plan from an article, edit it with optimistic locking, its kind-specific
parts, two-party approval, status, deletion and restoration."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from planner.accounts.permissions import roles_required
from planner.agreements.access import can_edit_agreement, load_agreement
from planner.agreements.models import Institution
from planner.agreements.queries import agreement_with_everything, agreements_to_plan_under, list_filters
from planner.attachments.serving import accept_upload_body, download
from planner.errors import Conflict, returns_to
from planner.extensions import db
from planner.forms import operation_values
from planner.i18n import current_locale, pick_text
from planner.loans.queries import plan_page_loans
from planner.maps.models import Site
from planner.page_cache import cached_page
from planner.plans import approval, operations, signing
from planner.plans.access import (
    check_may_comment,
    check_may_request_changes,
    load_plan,
    load_plan_alone,
    may_approve,
    may_comment,
    may_request_changes,
)
from planner.plans.conflicts import participant_clashes
from planner.plans.costs import totals_by_currency, totals_by_payer
from planner.plans.forms import (
    ChangeRequestForm,
    CommentForm,
    CostItemForm,
    LoanObjectForm,
    ParticipantForm,
    PlanForm,
    RouteStopForm,
    VenueForm,
)
from planner.plans.models import PLAN_STATUSES, Plan
from planner.plans.occurrences import first_occurrence
from planner.plans.operations import terms_message
from planner.plans.queries import plan_comments, plan_page, planned_article_ids, stays_of_the_same_people
from planner.plans.readable import readable_changes
from planner.plans.terms import person_days, terms_warnings
from planner.shared_parts import reader_parts, shared_body
from planner.vocabulary import ACTIVITY_LABELS, activity_label, status_label

bp = Blueprint("plans", __name__)


def readable_plan(plan_id: int) -> Plan:
    return load_plan(plan_id, current_user)


def editable_plan(plan_id: int) -> Plan:
    return load_plan(plan_id, current_user, edit=True)


def _institution_choices(agreement) -> list[tuple[int, str]]:
    return [(p.institution_id, pick_text(p.institution.name, current_locale()).text) for p in agreement.parties]


def _article_choices(agreement) -> list[tuple[int, str]]:
    return [(a.id, _("Article %(number)s", number=a.number)) for a in agreement.articles]


@bp.route("/plans")
@login_required
def index():
    """Plans the user may read, filtered by partner, status, kind and year (URL only)."""
    filters, bar = list_filters(current_user, request.args, statuses=PLAN_STATUSES, kinds=ACTIVITY_LABELS)
    return render_template("plans/index.html", plans=plan_page(current_user, filters), **bar)


@bp.route("/plans/<int:plan_id>")
@login_required
@cached_page
def show(plan_id: int):
    """The plan page. Its body is the same for every reader of one institution and role who
    reads the same plans, so it is shared (planner.shared_parts) once the right is checked."""
    plan = load_plan_alone(plan_id, current_user)
    body = shared_body("plan", reader_parts(current_user), lambda: _body(readable_plan(plan_id)))
    return render_template("plans/show.html", plan=plan, body=body)


def _show(plan: Plan, *, comment_form=None, change_form=None, status: int = 200):
    """The plan page with a discussion form that did not validate: that form keeps what the
    user typed and the page answers 400 (never shared)."""
    body = Markup(_body(plan, comment_form=comment_form, change_form=change_form))
    return render_template("plans/show.html", plan=plan, body=body), status


def _body(plan: Plan, *, comment_form=None, change_form=None) -> str:
    state = approval.approval_state(plan)
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
    can_edit = can_edit_agreement(current_user, plan.agreement) and plan.deleted_at is None
    return render_template(
        "plans/_body.html",
        plan=plan,
        agreement=plan.agreement,
        fingerprint=state.fingerprint,
        payer_totals=totals_by_payer(plan.cost_items),
        currency_totals=totals_by_currency(plan.cost_items),
        institutions_by_id=institutions,
        person_days=days,
        can_edit=can_edit,
        term_warnings=[terms_message(code) for code in terms_warnings(plan)] + _double_bookings(plan),
        approvals_by_institution=state.standing,
        withdrawn_changes=_changes_since_approval(plan, state.content, state.fingerprint),
        can_approve=_can_approve(plan, state.standing),
        first_occurrence=first_occurrence,
        **_signing(plan, state.fingerprint),
        **_discussion(plan, can_edit, comment_form, change_form),
        **plan_page_loans(plan, current_user),
    )


def _discussion(plan: Plan, can_edit: bool, comment_form, change_form) -> dict:
    """The thread, the change request the plan waits on, and the forms this user may use."""
    comments = plan_comments(plan.id)
    live = plan.deleted_at is None
    return {
        "comments": comments,
        "change_request": next((c for c in reversed(comments) if c.kind == "change_request"), None)
        if plan.status == "changes_requested"
        else None,
        "can_propose": can_edit and plan.status in operations.PROPOSABLE_STATUSES,
        "comment_form": comment_form
        or (CommentForm(formdata=None) if live and may_comment(current_user, plan) else None),
        "change_form": change_form
        or (
            ChangeRequestForm(formdata=None)
            if live and plan.status == operations.APPROVABLE_STATUS and may_request_changes(current_user, plan)
            else None
        ),
    }


def _signing(plan: Plan, current: str) -> dict:
    """The signed copies' part of the page: signed on, and who may upload for which party."""
    parties = plan.agreement.parties
    party_ids = {party.institution_id for party in parties}
    approved = approval.is_approved(party_ids, plan.approvals, current)
    can_sign = approved and plan.deleted_at is None and can_edit_agreement(current_user, plan.agreement)
    return {
        "signed_on": signing.signed_on(party_ids, plan.signed_copies, current) if plan.signed_copies else None,
        "can_sign": can_sign,
        "signing_parties": [
            p for p in parties if current_user.is_admin or p.institution_id == current_user.institution_id
        ],
        "upload_limit_mb": current_app.config["ATTACHMENTS_MAX_BYTES"] // (1024 * 1024),
    }


def _double_bookings(plan: Plan) -> list[str]:
    """A person of this plan booked elsewhere at the same time."""
    clashes = participant_clashes(stays_of_the_same_people(plan, current_user))
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


def _changes_since_approval(plan: Plan, content: dict, current: str) -> list:
    """What changed since the last approved version, when an approval was withdrawn and some
    party has not approved the current version yet (once all have, the news is old)."""
    withdrawn = [a for a in plan.approvals if a.withdrawn_at is not None]
    if not withdrawn or approval.is_approved(plan.agreement.institution_ids, plan.approvals, current):
        return []
    return readable_changes(withdrawn[-1].snapshot, content)


def _can_approve(plan: Plan, standing: dict) -> bool:
    return (
        may_approve(current_user, plan)
        and current_user.institution_id not in standing
        and plan.status == operations.APPROVABLE_STATUS
        and plan.deleted_at is None
    )


@bp.route("/plans/new")
@roles_required("admin", "curator")
def start():
    """Where a plan starts: first the agreement (one the user may change; skipped when there is
    only one), then its articles and their activities, the unplanned articles first. Each
    choice opens the new-plan form filled in for that article and activity."""
    chosen = request.args.get("agreement", type=int)
    if chosen is None:
        agreements = agreements_to_plan_under(current_user)
        if len(agreements) == 1:
            return redirect(url_for("plans.start", agreement=agreements[0].id))
        return render_template("plans/start.html", agreement=None, agreements=agreements)
    agreement = load_agreement(chosen, current_user, edit=True, loader=agreement_with_everything)
    planned = planned_article_ids(agreement.id, current_user)
    articles = sorted(agreement.articles, key=lambda a: (a.id in planned, a.number))
    return render_template("plans/start.html", agreement=agreement, articles=articles, planned=planned)


@bp.route("/agreements/<int:agreement_id>/plans/new", methods=["GET", "POST"])
@roles_required("admin", "curator")
def new(agreement_id: int):
    """A new plan, pre-filled from an article and one of its activities when asked."""
    agreement = load_agreement(agreement_id, current_user, edit=True, loader=agreement_with_everything)
    form = PlanForm(parties=_institution_choices(agreement), articles=_article_choices(agreement))
    if request.method == "GET":
        _prefill(form, agreement)
    elif form.validate_on_submit():
        plan = operations.create_plan(agreement, current_user, _plan_values(form))
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


def _plan_values(form: PlanForm) -> dict:
    """The form's values as the plan operations take them."""
    return {
        "kind": form.kind.data,
        "title": form.title.form.to_dict(),
        "description": form.description.form.to_dict(),
        "lead_institution_id": form.lead_institution_id.data,
        "partner_ids": form.partner_ids.data or [],
        "article_ids": form.article_ids.data or [],
        "terms": form.terms.data,
        "project_agreement_ref": (form.project_agreement_ref.data or "").strip(),
        "project_agreement_date": form.project_agreement_date.data,
        "online_url": (form.online_url.data or "").strip(),
    }


@bp.route("/plans/<int:plan_id>/edit", methods=["GET", "POST"])
@roles_required("admin", "curator")
@returns_to("plans.edit")
def edit(plan_id: int):
    plan = editable_plan(plan_id)
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
        try:
            operations.update_plan(plan, current_user, _plan_values(form), version_id=form.version_id.data)
        except Conflict:
            conflict = _conflict_rows(form, editable_plan(plan_id))
        else:
            flash(_("The plan is saved."), "success")
            return redirect(url_for("plans.show", plan_id=plan.id))
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
class PagePart:
    """A kind-specific list on the plan's edit page: the operations' part and its form."""

    kind: str
    form: type


#: The page's URL words for the parts of a plan (the API says cost-items, loan-objects, route-stops).
PARTS = {
    "venues": PagePart("venues", VenueForm),
    "costs": PagePart("cost_items", CostItemForm),
    "loans": PagePart("loan_objects", LoanObjectForm),
    "participants": PagePart("participants", ParticipantForm),
    "stops": PagePart("route_stops", RouteStopForm),
}


def _site_names() -> list[tuple[int, str]]:
    return [
        (s.id, pick_text(s.name, current_locale()).text) for s in db.session.scalars(select(Site).order_by(Site.id))
    ]


def _configured(part: PagePart, plan: Plan, sites=None, bound: bool = True):
    """A part's form with its choices; CSRF is checked app-wide by CSRFProtect for every POST."""
    options = {"prefix": part.kind, "meta": {"csrf": False}}
    form = part.form(**options) if bound else part.form(formdata=None, **options)
    parties = _institution_choices(plan.agreement)
    for name in operations.INSTITUTION_FIELDS:
        if name in form:
            form[name].choices = parties
    if "site_id" in form:
        form["site_id"].choices = sites if sites is not None else _site_names()
    return form


def _part_forms(plan: Plan) -> dict:
    sites = _site_names()
    return {key: _configured(part, plan, sites, bound=False) for key, part in PARTS.items()}


def _seen_version() -> int:
    """The plan version the form was made from (0, never a version, when it is missing)."""
    return request.form.get("version_id", 0, type=int)


@bp.route("/plans/<int:plan_id>/<any(venues, costs, loans, participants, stops):part_key>", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("plans.edit")
def add_part(plan_id: int, part_key: str):
    plan = editable_plan(plan_id)
    part = PARTS[part_key]
    form = _configured(part, plan)
    operations.require_version(plan, _seen_version())
    if form.validate_on_submit():
        operations.add_part(plan, current_user, part.kind, operation_values(form), version_id=_seen_version())
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
@returns_to("plans.edit")
def delete_part(plan_id: int, part_key: str, item_id: int):
    plan = editable_plan(plan_id)
    operations.remove_part(plan, current_user, PARTS[part_key].kind, item_id, version_id=_seen_version())
    flash(_("Removed."), "success")
    return redirect(url_for("plans.edit", plan_id=plan.id) + f"#{part_key}")


@bp.route("/plans/<int:plan_id>/stops/<int:item_id>/move", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("plans.edit", "#stops")
def move_stop(plan_id: int, item_id: int):
    """Reorder a heritage route: move one stop up or down."""
    plan = editable_plan(plan_id)
    step = -1 if request.form.get("direction") == "up" else 1
    operations.move_part(plan, current_user, "route_stops", item_id, step, version_id=_seen_version())
    return redirect(url_for("plans.edit", plan_id=plan.id) + "#stops")


@bp.route("/plans/<int:plan_id>/costs/template", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("plans.edit", "#costs")
def cost_template(plan_id: int):
    """Add the common exhibition split (amounts zero, to edit) between the lender and the host."""
    plan = editable_plan(plan_id)
    operations.add_cost_template(plan, current_user, request.form.get("currency", "EUR"), version_id=_seen_version())
    flash(_("The usual split is added: set the amounts."), "success")
    return redirect(url_for("plans.edit", plan_id=plan.id) + "#costs")


@bp.route("/plans/<int:plan_id>/approve", methods=["POST"])
@roles_required("curator")
@returns_to("plans.show")
def approve(plan_id: int):
    """A curator of a party approves the exact version they saw (its fingerprint)."""
    operations.approve(plan_id, current_user, request.form.get("fingerprint", ""))
    flash(_("Your approval is recorded."), "success")
    return redirect(url_for("plans.show", plan_id=plan_id))


@bp.url_value_preprocessor
def _room_for_uploads(endpoint, values) -> None:
    """Before the CSRF check reads the form: a signed copy may be larger than other bodies."""
    if endpoint == "plans.upload_signed_copy":
        accept_upload_body()


@bp.route("/plans/<int:plan_id>/signed-copies", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("plans.show", "#signed-copies")
def upload_signed_copy(plan_id: int):
    """A party's scan of its signed copy (multipart: `file`, and `institution_id` for an admin)."""
    plan = readable_plan(plan_id)  # the operation checks the right to sign
    upload = request.files.get("file")
    institution_id = request.form.get("institution_id", type=int)
    operations.add_signed_copy(
        plan,
        current_user,
        upload.stream if upload else None,
        upload.filename if upload else None,
        institution_id=institution_id,
    )
    flash(_("The signed copy is stored."), "success")
    return redirect(url_for("plans.show", plan_id=plan.id) + "#signed-copies")


@bp.route("/plans/<int:plan_id>/signed-copies/<int:copy_id>")
@login_required
def download_signed_copy(plan_id: int, copy_id: int):
    """The file, for whoever may read the plan (the download is audited)."""
    copy = operations.signed_copy_to_download(plan_id, current_user, copy_id)
    return download(copy.attachment)


@bp.route("/plans/<int:plan_id>/proposal", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("plans.show")
def propose(plan_id: int):
    """ "Propose to partners": the draft (or the plan changed as requested) goes before the parties."""
    operations.propose(editable_plan(plan_id), current_user)
    flash(_("The plan is proposed to the partners."), "success")
    return redirect(url_for("plans.show", plan_id=plan_id))


@bp.route("/plans/<int:plan_id>/comments", methods=["POST"])
@login_required
@returns_to("plans.show", "#discussion")
def comment(plan_id: int):
    plan = readable_plan(plan_id)
    check_may_comment(plan, current_user)  # before the form: a refusal is not a form error
    form = CommentForm()
    if not form.validate_on_submit():
        return _show(plan, comment_form=form, status=400)
    operations.add_comment(plan, current_user, form.text.data)
    flash(_("Your comment is posted."), "success")
    return redirect(url_for("plans.show", plan_id=plan_id) + "#discussion")


@bp.route("/plans/<int:plan_id>/change-requests", methods=["POST"])
@roles_required("curator")
@returns_to("plans.show", "#discussion")
def request_changes(plan_id: int):
    """A partner's curator sends the proposed plan back, saying what should change."""
    plan = readable_plan(plan_id)
    check_may_request_changes(plan, current_user)
    form = ChangeRequestForm()
    if not form.validate_on_submit():
        return _show(plan, change_form=form, status=400)
    operations.request_changes(plan, current_user, form.comment.data)
    flash(_("Your request for changes is sent to the lead institution."), "success")
    return redirect(url_for("plans.show", plan_id=plan_id) + "#discussion")


@bp.route("/plans/<int:plan_id>/status", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("plans.show")
def set_status(plan_id: int):
    plan = operations.set_status(editable_plan(plan_id), current_user, request.form.get("status", ""))
    flash(_("The status is now “%(status)s”.", status=status_label(plan.status)), "success")
    return redirect(url_for("plans.show", plan_id=plan.id))


@bp.route("/plans/<int:plan_id>/delete", methods=["GET", "POST"])
@roles_required("admin", "curator")
def delete(plan_id: int):
    """Deleting asks for confirmation; an admin can restore the plan."""
    plan = editable_plan(plan_id)
    if request.method == "POST":
        operations.delete_plan(plan, current_user)
        flash(_("The plan is deleted. An administrator can restore it."), "success")
        return redirect(url_for("agreements.show", agreement_id=plan.agreement_id))
    return render_template("plans/delete.html", plan=plan)


@bp.route("/plans/<int:plan_id>/restore", methods=["POST"])
@roles_required("admin")
def restore(plan_id: int):
    """Restore from the plan's own page or from /admin/deleted (``back=deleted`` returns there)."""
    operations.restore_plan(readable_plan(plan_id), current_user)
    flash(_("The plan is restored."), "success")
    if request.form.get("back") == "deleted":
        return redirect(url_for("admin.deleted"))
    return redirect(url_for("plans.show", plan_id=plan_id))
