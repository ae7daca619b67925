"""Administration pages: user accounts (/admin/users) and deleted records (/admin/deleted).

Views parse and render; the changes themselves are in planner.accounts.administration.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from planner.accounts import administration
from planner.accounts.forms import NewUserForm, UserForm
from planner.accounts.models import User
from planner.accounts.permissions import roles_required
from planner.agreements.models import Institution
from planner.extensions import db
from planner.i18n import current_locale, pick_text
from planner.plans.models import Plan

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _institution_choices() -> list[tuple[int, str]]:
    institutions = db.session.scalars(select(Institution).order_by(Institution.id))
    return [(i.id, pick_text(i.name, current_locale()).text or i.short_name) for i in institutions]


def _account_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _password_page(user: User, password: str, status: int):
    """The generated password, shown on this answer only and never cached."""
    response = make_response(render_template("admin/password.html", user=user, password=password), status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/users")
@roles_required("admin")
def users():
    accounts = db.session.scalars(select(User).options(selectinload(User.institution)).order_by(User.username)).all()
    return render_template("admin/users.html", accounts=accounts)


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required("admin")
def new_user():
    form = NewUserForm(institutions=_institution_choices())
    if form.validate_on_submit():
        try:
            user, _invitation = administration.create_user(
                current_user, **_account_fields(form), username=form.username.data
            )
        except administration.AccountError as error:
            form.username.errors.append(str(error))
        else:
            _invitation_said(user)
            return redirect(url_for("admin.edit_user", user_id=user.id), 303)
    return render_template("admin/user_form.html", form=form, account=None), 400 if form.errors else 200


def _invitation_said(user: User) -> None:
    """After an invitation: where it goes, or that no mail server can take it."""
    if current_app.config.get("MAIL_SERVER"):
        flash(
            _(
                "An invitation to choose a password goes to %(email)s; its link works for 72 hours.",
                email=user.email,
            ),
            "success",
        )
    else:
        flash(
            _(
                "No e-mail server is configured: the invitation to %(name)s waits until one is. "
                "Meanwhile “Reset the password” gives a password to hand over.",
                name=user.username,
            ),
            "warning",
        )


def _account_fields(form: UserForm) -> dict:
    return {
        "display_name": form.display_name.data or "",
        "email": form.email.data or "",
        "role": form.role.data,
        "institution_id": form.institution_id.data or None,
    }


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required("admin")
def edit_user(user_id: int):
    account = _account_or_404(user_id)
    form = UserForm(obj=account, institutions=_institution_choices())
    if not form.is_submitted():
        form.institution_id.data = account.institution_id or 0
    if form.validate_on_submit():
        try:
            administration.change_user(current_user, account, **_account_fields(form))
        except administration.AccountError as error:
            form.role.errors.append(str(error))
        else:
            flash(_("The account is saved."), "success")
            return redirect(url_for("admin.edit_user", user_id=account.id))
    return render_template(
        "admin/user_form.html", form=form, account=account, institutions=_institution_choices()
    ), 400 if form.errors else 200


@bp.route("/users/<int:user_id>/<any(deactivate, reactivate):change>", methods=["POST"])
@roles_required("admin")
def set_active(user_id: int, change: str):
    account = _account_or_404(user_id)
    try:
        administration.set_active(current_user, account, change == "reactivate")
    except administration.AccountError as error:
        flash(str(error), "error")
    else:
        if change == "reactivate":
            flash(_("The account is active again."), "success")
        else:
            flash(_("The account is deactivated: it cannot log in, and its feeds and API tokens stop."), "success")
    return redirect(url_for("admin.edit_user", user_id=account.id))


@bp.route("/users/<int:user_id>/invitation", methods=["POST"])
@roles_required("admin")
def send_invitation(user_id: int):
    """A new invitation by e-mail; earlier links of the account stop working."""
    account = _account_or_404(user_id)
    try:
        administration.send_invitation(current_user, account)
    except administration.AccountError as error:
        flash(str(error), "error")
    else:
        _invitation_said(account)
    return redirect(url_for("admin.edit_user", user_id=account.id), 303)


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@roles_required("admin")
def reset_password(user_id: int):
    account = _account_or_404(user_id)
    return _password_page(account, administration.reset_password(current_user, account), 200)


@bp.route("/deleted")
@roles_required("admin")
def deleted():
    plans = db.session.scalars(
        select(Plan)
        .where(Plan.deleted_at.is_not(None))
        .options(selectinload(Plan.agreement))
        .order_by(Plan.deleted_at.desc())
    ).all()
    return render_template("admin/deleted.html", plans=plans)


@bp.route("/users/<int:user_id>/observes", methods=["POST"])
@roles_required("admin")
def observes(user_id: int):
    """An observer's institutions: the agreements and reports it reads."""
    account = _account_or_404(user_id)
    known = {i for i, _name in _institution_choices()}
    chosen = [int(value) for value in request.form.getlist("institution_id") if value.isdigit() and int(value) in known]
    try:
        administration.set_observed(current_user, account, chosen)
    except administration.AccountError as error:
        flash(str(error), "error")
    else:
        flash(_("The observer's institutions are saved."), "success")
    return redirect(url_for("admin.edit_user", user_id=account.id))
