"""Bearer API tokens: the API knows its caller by token only, never by the page session, so a
logged-in browser cannot be made to call the (CSRF-exempt) API by another site."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import abort

from planner.accounts.tokens import user_for_secret
from planner.routing import is_api_request


def user_from_bearer_token(incoming) -> object | None:
    """Flask-Login's request loader: the holder of the API token in the Authorization header."""
    if not is_api_request():
        return None
    scheme, _, secret = (incoming.headers.get("Authorization") or "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return user_for_secret(secret.strip(), "api")


def require_token() -> None:
    """Every API endpoint but the description needs a valid token."""
    if not current_user.is_authenticated:
        abort(401)
