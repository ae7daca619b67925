"""A user's changes to their own account, once, for the pages and the API: language, zone,
password, sessions, feed and API tokens. Each is audited where the administrators need to see
it (passwords, API tokens); operations flush, the request's unit of work commits
(planner/unit_of_work.py). Administrators' changes to other accounts are in administration.py."""

from __future__ import annotations

from flask_babel import gettext as _

from planner.accounts.models import Token, User
from planner.accounts.tokens import issue_feed_token
from planner.audit.models import record
from planner.errors import Invalid, NotFound
from planner.extensions import db
from planner.i18n import LANGUAGES
from planner.models_base import utcnow
from planner.unit_of_work import flush


def end_every_session(user: User) -> None:
    """End every session of `user` on the server: cookies copied before stop working."""
    user.end_sessions()
    flush()


def save_profile(user: User, *, language: str, timezone: str | None) -> None:
    """The user's language and time zone (None: the institution's)."""
    set_language(user, language)
    user.timezone = timezone or None
    flush()


def set_language(user: User, language: str) -> None:
    if language not in LANGUAGES:
        raise Invalid("language", _("Unknown language."))
    user.language = language
    flush()


def change_password(user: User, current: str, new: str) -> None:
    """A new password, given the current one; it ends every session of the user (the caller
    keeps its own browser logged in with the new generation)."""
    if not user.check_password(current):
        raise Invalid("current_password", _("This is not your current password."))
    user.set_password(new)
    record(user.id, "update", "user", user.id, after={"password": "changed"})
    end_every_session(user)


def renew_feed_token(user: User) -> str:
    """Revoke the user's feed token and issue a new one (old subscriptions stop working)."""
    secret = issue_feed_token(user)
    flush()
    return secret


def create_api_token(user: User, label: str) -> tuple[Token, str]:
    """A new API token for the user's own systems: (token, secret); the secret is shown once."""
    token, secret = Token.issue(user, "api", label.strip())
    db.session.add(token)
    flush()
    record(user.id, "create", "token", token.id, after={"kind": "api", "label": token.label})
    return token, secret


def revoke_api_token(user: User, token_id: int) -> Token:
    """Revoke one of the user's own API tokens (another user's does not exist for them)."""
    token = db.session.get(Token, token_id)
    if token is None or token.user_id != user.id or token.kind != "api":
        raise NotFound()
    token.revoked_at = token.revoked_at or utcnow()
    record(user.id, "revoke", "token", token.id, after={"kind": "api", "label": token.label})
    flush()
    return token
