"""The audit log, for administrators: every change, filterable by date range, kind, action and user."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from planner.accounts.models import User
from planner.accounts.permissions import roles_required
from planner.audit.models import AuditEntry
from planner.audit_history import history, zone_label
from planner.days import day_in_range
from planner.extensions import db
from planner.i18n import current_locale
from planner.pagination import page_number
from planner.timezones import viewer_zone
from planner.vocabulary import AUDIT_ACTIONS, RECORD_KINDS

bp = Blueprint("audit", __name__)


def _day(name: str, problems: list[str]) -> date | None:
    """A date filter from the URL; a malformed one is reported, not guessed."""
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return day_in_range(raw)
    except ValueError:
        problems.append(_("“%(value)s” is not a date (YYYY-MM-DD) between 1900 and 2199.", value=raw))
        return None


def _filtered(query, filters: dict):
    if filters["entity"]:
        query = query.where(AuditEntry.entity == filters["entity"])
    if filters["action"]:
        query = query.where(AuditEntry.action == filters["action"])
    if filters["user"]:
        query = query.where(AuditEntry.user_id.in_(select(User.id).where(User.username == filters["user"])))
    if filters["since"]:
        query = query.where(AuditEntry.at >= datetime.combine(filters["since"], time()))
    if filters["until"]:
        query = query.where(AuditEntry.at < datetime.combine(filters["until"] + timedelta(days=1), time()))
    return query


@bp.route("/audit")
@roles_required("admin")
def index():
    problems: list[str] = []
    filters = {k: request.args.get(k) or None for k in ("entity", "action", "user")}
    filters["since"], filters["until"] = _day("from", problems), _day("to", problems)
    query = _filtered(select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()), filters)
    page = db.paginate(query, page=page_number(), per_page=50, error_out=False)
    users = {u.id: u.username for u in db.session.scalars(select(User).order_by(User.username))}
    return render_template(
        "audit/index.html",
        page=page,
        lines=history(page.items),
        zone=zone_label(viewer_zone(), current_locale()),
        users=users,
        filters=filters,
        problems=problems,
        actions=AUDIT_ACTIONS,
        kinds=RECORD_KINDS,
        args={k: v for k, v in request.args.items() if k != "page"},
    )
