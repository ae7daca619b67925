"""Log-in, log-out, the language switcher and the user's own page (language, zone, tokens)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from planner.accounts.forms import ApiTokenForm, LoginForm, ProfileForm
from planner.accounts.models import Token, User
from planner.accounts.tokens import feed_secret_for, issue_feed_token
from planner.audit.models import record
from planner.extensions import db, login_manager
from planner.i18n import LANGUAGE_COOKIE, LANGUAGES
from planner.models_base import utcnow

bp = Blueprint("accounts", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The user of the page session; the API takes only its bearer tokens (planner.api.auth)."""
    if request.path.startswith("/api/"):
        return None
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def safe_next(target: str | None, default: str) -> str:
    """Only same-site relative paths, so a crafted link cannot send the user elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return default


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.username == form.username.data.strip()))
        if _login_allowed(user, form.password.data):
            login_user(user)
            return redirect(safe_next(request.args.get("next"), url_for("dashboard.index")))
        flash(_("Unknown username or wrong password, or too many attempts: try again later."), "error")
    return render_template(
        "accounts/login.html", form=form
    ), 200 if request.method == "GET" else 401 if form.errors == {} and request.method == "POST" else 400


def _login_allowed(user: User | None, password: str) -> bool:
    """Check the password; lock the account for a while after repeated failures."""
    from flask import current_app

    now = utcnow()
    if user is None or not user.active:
        return False
    if user.locked_until and user.locked_until > now:
        return False
    if user.check_password(password):
        user.failed_logins, user.locked_until = 0, None
        db.session.commit()
        return True
    user.failed_logins += 1
    if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
        user.locked_until = now + timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
        user.failed_logins = 0
    db.session.commit()
    return False


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    return redirect(url_for("accounts.login"))


@bp.route("/language", methods=["POST"])
def set_language():
    """The switcher: saved in the profile of a signed-in user, in a cookie for everyone."""
    language = request.form.get("lang")
    if language not in LANGUAGES:
        flash(_("Unknown language."), "error")
        return redirect(url_for("dashboard.index"))
    if current_user.is_authenticated:
        current_user.language = language
        db.session.commit()
    response = redirect(safe_next(request.form.get("next"), url_for("dashboard.index")))
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        current_user.language = form.language.data
        current_user.timezone = form.timezone.data or None
        db.session.commit()
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("accounts.account"))
    return _account_page(form, 400 if form.errors else 200)


def _account_page(form: ProfileForm, status: int, new_api_secret: str | None = None):
    api_tokens = db.session.scalars(
        select(Token)
        .where(Token.user_id == current_user.id, Token.kind == "api", Token.revoked_at.is_(None))
        .order_by(Token.id)
    ).all()
    return render_template(
        "accounts/account.html",
        form=form,
        feed_secret=feed_secret_for(current_user),
        api_tokens=api_tokens,
        token_form=ApiTokenForm(),
        new_api_secret=new_api_secret,
    ), status


@bp.route("/account/api-tokens", methods=["POST"])
@login_required
def create_api_token():
    """A new API token for the user's own systems; its secret is shown on this answer only."""
    form = ApiTokenForm()
    if not form.validate_on_submit():
        return _account_page(ProfileForm(obj=current_user, formdata=None), 400)
    token, secret = Token.issue(current_user, "api", form.label.data.strip())
    db.session.add(token)
    db.session.flush()
    record(current_user.id, "create", "token", token.id, after={"kind": "api", "label": token.label})
    db.session.commit()
    return _account_page(ProfileForm(obj=current_user, formdata=None), 201, new_api_secret=secret)


@bp.route("/account/api-tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_api_token(token_id: int):
    token = db.session.get(Token, token_id)
    if token is None or token.user_id != current_user.id or token.kind != "api":
        abort(404)
    token.revoked_at = token.revoked_at or utcnow()
    record(current_user.id, "revoke", "token", token.id, after={"kind": "api", "label": token.label})
    db.session.commit()
    flash(_("The API token is revoked: systems using it can no longer connect."), "success")
    return redirect(url_for("accounts.account") + "#api-tokens")


@bp.route("/account/feed-token", methods=["POST"])
@login_required
def regenerate_feed_token():
    """Revoke the user's feed token and issue a new one (old subscriptions stop working)."""
    issue_feed_token(current_user)
    db.session.commit()
    flash(_("A new feed address was made; the old one no longer works."), "success")
    return redirect(url_for("accounts.account"))
