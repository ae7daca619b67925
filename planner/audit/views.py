"""The audit log, for administrators: every change, filterable by entity, user and action."""

from flask import Blueprint, render_template, request
from sqlalchemy import select

from planner.accounts.models import User
from planner.accounts.permissions import roles_required
from planner.audit.models import AuditEntry
from planner.extensions import db
from planner.pagination import page_number

bp = Blueprint("audit", __name__)


@bp.route("/audit")
@roles_required("admin")
def index():
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    entity, action, username = (request.args.get(k) or None for k in ("entity", "action", "user"))
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if action:
        query = query.where(AuditEntry.action == action)
    if username:
        query = query.where(AuditEntry.user_id.in_(select(User.id).where(User.username == username)))
    page = db.paginate(query, page=page_number(), per_page=50, error_out=False)
    users = {
        u.id: u.username
        for u in db.session.scalars(select(User).where(User.id.in_({e.user_id for e in page.items if e.user_id})))
    }
    return render_template("audit/index.html", page=page, users=users, entity=entity, action=action, username=username)
