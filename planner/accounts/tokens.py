"""Feed and API tokens: issue, find, revoke. Only hashes (and feed nonces) are stored."""

from __future__ import annotations

import secrets

from flask import current_app
from sqlalchemy import select

from planner.accounts.models import Token, User
from planner.extensions import db
from planner.models_base import utcnow


def _active_feed_token(user: User) -> Token | None:
    return db.session.scalar(
        select(Token).where(Token.user_id == user.id, Token.kind == "feed", Token.revoked_at.is_(None))
    )


def issue_feed_token(user: User) -> str:
    """Revoke the user's feed token, if any, and issue a new one; returns its secret."""
    old = _active_feed_token(user)
    if old is not None:
        old.revoked_at = utcnow()
    nonce = secrets.token_hex(16)
    secret = Token.derive_secret(current_app.config["SECRET_KEY"], nonce)
    db.session.add(Token(user=user, kind="feed", nonce=nonce, token_hash=Token.hash_secret(secret)))
    return secret


def feed_secret_for(user: User) -> str:
    """The secret of the user's current feed token, issued on first use."""
    token = _active_feed_token(user)
    if token is None:
        secret = issue_feed_token(user)
        db.session.flush()  # the request's (or command's) unit of work commits it
        return secret
    return Token.derive_secret(current_app.config["SECRET_KEY"], token.nonce or "")


def user_for_secret(secret: str, kind: str) -> User | None:
    """The holder of an active token of that kind, or None (wrong, revoked or malformed)."""
    if not secret or len(secret) > 100:
        return None
    token = db.session.scalar(select(Token).where(Token.token_hash == Token.hash_secret(secret)))
    if token is None or token.kind != kind or token.revoked_at is not None or not token.matches(secret):
        return None
    return token.user if token.user.active else None
