"""Log-in, log-out, the language switcher and the user's own page (language, zone, tokens)."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from planner.accounts import administration, devices, operations, throttling
from planner.accounts.forms import ApiTokenForm, InvitationForm, LoginForm, PasswordChangeForm, ProfileForm
from planner.accounts.models import Token, User
from planner.accounts.tokens import feed_secret_for
from planner.errors import Invalid
from planner.extensions import db, login_manager
from planner.i18n import LANGUAGE_COOKIE, LANGUAGES

bp = Blueprint("accounts", __name__)


SESSION_GENERATION = "generation"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The user of the page session, while the session's generation is the user's current one
    (log-out raises it, so a copied cookie dies with the session); the API takes only its
    bearer tokens (planner.api.auth)."""
    if request.path.startswith("/api/") or not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or session.get(SESSION_GENERATION) != user.session_generation:
        return None
    return user


def start_session(user: User) -> None:
    """Log `user` in on this browser, in the user's current session generation."""
    login_user(user)
    session[SESSION_GENERATION] = user.session_generation


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
        username = form.username.data.strip()
        attempt = throttling.Attempt(username, request.remote_addr or "", devices.device_for(username))
        wait = attempt.wait()
        if wait:
            return _slowed_down(form, wait)
        user = db.session.scalar(select(User).where(User.username == username))
        if password_matches(user, form.password.data):
            attempt.succeeded()
            start_session(user)
            return devices.remember(redirect(safe_next(request.args.get("next"), url_for("dashboard.index"))), username)
        attempt.failed()
        flash(_("Unknown username or wrong password."), "error")
    return render_template(
        "accounts/login.html", form=form
    ), 200 if request.method == "GET" else 401 if form.errors == {} and request.method == "POST" else 400


def _slowed_down(form: LoginForm, wait: int):
    """The answer while this username or address must rest (planner.accounts.throttling)."""
    flash(_("Too many log-in attempts: try again in %(seconds)d seconds.", seconds=wait), "error")
    response = make_response(render_template("accounts/login.html", form=form), 429)
    response.headers["Retry-After"] = str(wait)
    return response


@lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    """A hash to check against when the username is unknown, so both answers take as long."""
    from werkzeug.security import generate_password_hash

    return generate_password_hash("not-a-password", method=method)


def password_matches(user: User | None, password: str) -> bool:
    """Whether `password` is the user's; the same work is done for an unknown username, so the
    answer time does not tell which usernames exist. No account is ever locked: attempts are
    slowed down per device, username and address (planner.accounts.throttling)."""
    from werkzeug.security import check_password_hash

    if user is None or not user.active:  # the same work either way: the time tells nothing
        check_password_hash(_dummy_hash(current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")), password)
        return False
    return user.check_password(password)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Log out: the session ends on the server too (every session of the user, since one
    generation covers them all)."""
    operations.end_every_session(current_user)
    logout_user()
    return redirect(url_for("accounts.login"))


@bp.route("/account/logout-everywhere", methods=["POST"])
@login_required
def logout_everywhere():
    """End every session of the user, on every browser and device, this one included."""
    operations.end_every_session(current_user)
    logout_user()
    flash(_("You are logged out everywhere."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """A new password ends every other session; this browser stays logged in."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            operations.change_password(current_user, form.current_password.data, form.new_password.data)
        except Invalid as refusal:
            form.current_password.errors.append(refusal.message)
        else:
            session[SESSION_GENERATION] = current_user.session_generation
            flash(_("Your password is changed; your other sessions are ended."), "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/password.html", form=form), 400 if request.method == "POST" else 200


@bp.route("/invitation/<secret>", methods=["GET", "POST"])
def invitation(secret: str):
    """The invitation's link: the holder chooses a password (once); a used, replaced or
    expired link says so in the reader's language, and an expired one offers a new link."""
    found = administration.find_invitation(secret)
    state = administration.invitation_state(found)
    if state != "open":
        return _invitation_gone(state, secret)
    form = InvitationForm()
    if form.validate_on_submit():
        try:
            user = administration.accept_invitation(found, form.new_password.data)
        except administration.AccountError as refusal:
            form.new_password.errors.append(str(refusal))
        else:
            flash(_("Your password is set. Log in with your user name %(name)s.", name=user.username), "success")
            return redirect(url_for("accounts.login"), 303)
    response = make_response(
        render_template("accounts/invitation.html", form=form, account=found.user),
        400 if form.errors else 200,
    )
    response.headers["Referrer-Policy"] = "no-referrer"  # the link's secret stays on this page (HTML: no-store)
    return response


def _invitation_gone(state: str, secret: str):
    status = 404 if state == "unknown" else 410
    response = make_response(render_template("accounts/invitation_gone.html", state=state, secret=secret), status)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/invitation/<secret>/renew", methods=["POST"])
def renew_invitation(secret: str):
    """A new link for an expired invitation, to the account's own address."""
    found = administration.find_invitation(secret)
    try:
        administration.renew_invitation(found)
    except administration.AccountError:
        return _invitation_gone(administration.invitation_state(found), secret)
    flash(_("A new invitation is on its way to your e-mail address; its link works for 72 hours."), "success")
    return redirect(url_for("accounts.login"), 303)


@bp.route("/language", methods=["POST"])
def set_language():
    """The switcher: saved in the profile of a signed-in user, in a cookie for everyone."""
    language = request.form.get("lang")
    if language not in LANGUAGES:
        flash(_("Unknown language."), "error")
        return redirect(url_for("dashboard.index"))
    if current_user.is_authenticated:
        operations.set_language(current_user, language)
    response = redirect(safe_next(request.form.get("next"), url_for("dashboard.index")))
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        operations.save_profile(current_user, language=form.language.data, timezone=form.timezone.data)
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("accounts.account"))
    return _account_page(form, 400 if form.errors else 200)


def _account_page(
    form: ProfileForm, status: int, new_api_secret: str | None = None, token_form: ApiTokenForm | None = None
):
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
        token_form=token_form or ApiTokenForm(formdata=None),
        new_api_secret=new_api_secret,
    ), status


@bp.route("/account/api-tokens", methods=["POST"])
@login_required
def create_api_token():
    """A new API token for the user's own systems; its secret is shown on this answer only."""
    form = ApiTokenForm()
    if not form.validate_on_submit():
        return _account_page(ProfileForm(obj=current_user, formdata=None), 400, token_form=form)
    _token, secret = operations.create_api_token(current_user, form.label.data)
    return _account_page(ProfileForm(obj=current_user, formdata=None), 201, new_api_secret=secret)


@bp.route("/account/api-tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_api_token(token_id: int):
    operations.revoke_api_token(current_user, token_id)
    flash(_("The API token is revoked: systems using it can no longer connect."), "success")
    return redirect(url_for("accounts.account") + "#api-tokens")


@bp.route("/account/feeds")
@login_required
def feeds():
    """Every calendar the user may subscribe to (theirs, each agreement, plan and institution),
    with its whole address, a copy button and a webcal link."""
    from planner.schedule.feeds import subscriptions_for

    return render_template("accounts/feeds.html", subscriptions=subscriptions_for(current_user))


@bp.route("/account/feed-token", methods=["POST"])
@login_required
def regenerate_feed_token():
    """Revoke the user's feed token and issue a new one (old subscriptions stop working)."""
    operations.renew_feed_token(current_user)
    flash(_("A new feed address was made; the old one no longer works."), "success")
    return redirect(url_for("accounts.account"))
