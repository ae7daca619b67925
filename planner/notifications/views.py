"""The inbox (`/notifications`), the unread count in every page's header, and each user's
choice per kind: inbox only, or inbox and e-mail."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import func, select

from planner.extensions import db
from planner.notifications import operations
from planner.notifications.messages import describe, load_records
from planner.notifications.models import Notification, NotificationPreference
from planner.notifications.raising import KINDS

bp = Blueprint("notifications", __name__)

INBOX_SIZE = 50
KIND_LABELS = {
    "plan_proposed": _l("A plan awaits my institution’s approval"),
    "plan_changed": _l("A plan awaiting my institution’s approval changed"),
    "changes_requested": _l("A partner requested changes of a plan"),
    "plan_comment": _l("Someone commented on a plan"),
    "approval_given": _l("A party approved a plan"),
    "plan_approved": _l("A plan is approved by every party"),
    "signed_copy": _l("A party uploaded its signed copy of a plan"),
    "plan_status": _l("The status of a plan changed"),
    "plan_deleted": _l("A plan was deleted"),
    "plan_restored": _l("A plan was restored"),
    "protocol_added": _l("A protocol was added to an agreement"),
    "notice_recorded": _l("A notice of termination was recorded"),
    "parties_changed": _l("The parties of an agreement changed"),
    "amendment_proposed": _l("A change of the parties of an agreement awaits my institution’s approval"),
    "amendment_approved": _l("A party approved a change of the parties of an agreement"),
    "amendment_rejected": _l("A change of the parties of an agreement was rejected"),
    "notice_deadline": _l("A notice deadline is near"),
    "period_end": _l("The period of an agreement ends soon"),
    "event_soon": _l("An event of my plans begins within a week"),
    "task_due": _l("A task of my institution is due within a week, or today"),
    "tasks_moved": _l("The deadlines of my plans moved with their dates"),
    "loan_status": _l("A loan of my institution moved a step"),
    "loan_damage": _l("An object of a loan arrived in a worse condition than it left"),
    "loan_check": _l("A condition check awaits my institution’s countersignature"),
    "permit_return": _l("Lent objects must be back by their export permit’s return-by date"),
}


@bp.route("/notifications")
@login_required
def inbox():
    """Newest first; the unread ones marked; each line leads to its record."""
    page = db.paginate(
        select(Notification).where(Notification.user_id == current_user.id).order_by(Notification.id.desc()),
        per_page=INBOX_SIZE,
        error_out=False,
    )
    records = load_records(page.items)
    lines = [(n, describe(n, records, current_user)) for n in page.items]
    return render_template("notifications/inbox.html", lines=lines, page=page)


@bp.route("/notifications/<int:notification_id>")
@login_required
def open_one(notification_id: int):
    """Mark one notification read and go to its record (someone else's is not found)."""
    notification = operations.read_notification(notification_id, current_user)
    said = describe(notification, load_records([notification]), current_user, with_changes=False)
    return redirect(said.url or url_for("notifications.inbox"))


@bp.route("/notifications/read", methods=["POST"])
@login_required
def mark_all_read():
    operations.read_all(current_user)
    flash(_("Every notification is marked read."), "success")
    return redirect(url_for("notifications.inbox"))


@bp.route("/account/notifications", methods=["POST"])
@login_required
def save_preferences():
    """Per kind: "inbox" (inbox only) or "email" (inbox and e-mail); anything else saves nothing."""
    chosen = {kind: request.form.get(f"delivery-{kind}", "email") for kind in KINDS}
    rhythm = request.form.get("rhythm", "immediate")
    if set(chosen.values()) - set(operations.DELIVERIES):
        flash(_("Choose “inbox only” or “inbox and e-mail” for each kind."), "error")
        return redirect(url_for("accounts.account") + "#notifications")
    if rhythm not in operations.RHYTHMS:
        flash(_("Choose whether the e-mails come as they happen or once a day."), "error")
        return redirect(url_for("accounts.account") + "#notifications")
    operations.set_deliveries(current_user, chosen, rhythm)
    flash(_("Your notification choices are saved."), "success")
    return redirect(url_for("accounts.account") + "#notifications")


def unread_count() -> int:
    """The header's count: one COUNT on an index, once per request, only when a page asks."""
    if not current_user.is_authenticated:
        return 0
    if "unread_notifications" not in g:
        g.unread_notifications = db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == current_user.id, Notification.read_at.is_(None)
            )
        )
    return g.unread_notifications


def delivery_choices() -> list[tuple[str, str, bool]]:
    """(kind, label, e-mail on) for the account page; e-mail is on unless the user said no."""
    off = set(
        db.session.scalars(
            select(NotificationPreference.kind).where(
                NotificationPreference.user_id == current_user.id, NotificationPreference.email.is_(False)
            )
        )
    )
    return [(kind, str(KIND_LABELS[kind]), kind not in off) for kind in KINDS]


@bp.app_context_processor
def header_helpers() -> dict:
    return {"unread_notifications": unread_count, "notification_delivery_choices": delivery_choices}
