"""Users, their roles, and the feed and API tokens they hold."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import date, datetime, timedelta

from flask_login import UserMixin
from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from planner.extensions import db
from planner.models_base import Timestamped, utcnow

ROLES = ("admin", "curator", "staff", "partner", "observer")
TOKEN_KINDS = ("feed", "api")


class User(UserMixin, Timestamped, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="staff")
    language: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str | None] = mapped_column(String(64))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"), index=True)
    # Every session carries the generation it began in; raising it ends all of them (log-out).
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A deactivated account cannot log in, and its feeds and API tokens stop answering.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # E-mail as it happens (False), or one daily digest of the unread notifications (True);
    # `digest_sent_on` is the day the last digest left, so a second run that day sends none.
    mail_digest: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    digest_sent_on: Mapped[date | None] = mapped_column(Date)

    institution = relationship("Institution")
    tokens = relationship("Token", back_populates="user", cascade="all, delete-orphan")
    observed = relationship("ObserverGrant", cascade="all, delete-orphan", order_by="ObserverGrant.institution_id")

    @property
    def observed_institution_ids(self) -> list[int]:
        """An observer's institutions: it reads their agreements and reports, and nothing else."""
        return [grant.institution_id for grant in self.observed] if self.role == "observer" else []

    def set_password(self, password: str) -> None:
        from flask import current_app

        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def end_sessions(self) -> None:
        """Make every session cookie issued so far worthless (checked by the user loader)."""
        self.session_generation = (self.session_generation or 0) + 1

    @property
    def is_active(self) -> bool:
        """Flask-Login's flag: an inactive user is not authenticated, so open sessions end too."""
        return bool(self.active)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class ObserverGrant(db.Model):
    """An institution whose agreements and reports an observer (a ministry, a governing body)
    may read, granted by an administrator."""

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), primary_key=True, index=True)


class Token(db.Model):
    """A feed or API token: only its SHA-256 is stored; the secret is shown once."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    label: Mapped[str] = mapped_column(String(80), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    nonce: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    user = relationship("User", back_populates="tokens")

    @staticmethod
    def hash_secret(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, kind: str, label: str = "") -> tuple[Token, str]:
        """A new API token (192 bits of randomness) and its secret, shown once, never stored."""
        secret = secrets.token_urlsafe(24)
        return cls(user=user, kind=kind, label=label, token_hash=cls.hash_secret(secret)), secret

    @staticmethod
    def derive_secret(key: str, nonce: str) -> str:
        """A feed secret is recomputable by the server (to show the feed URL again) but not from
        the database alone: it is an HMAC of a stored nonce under the SECRET_KEY."""
        digest = hmac.new(key.encode(), f"feed:{nonce}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:24]).decode()

    def matches(self, secret: str) -> bool:
        return hmac.compare_digest(self.token_hash, self.hash_secret(secret))


INVITATION_VALID = timedelta(hours=72)


class Invitation(db.Model):
    """A one-time link that lets a new account holder choose their password, valid for
    INVITATION_VALID. The link's secret is an HMAC of the stored nonce under the SECRET_KEY (so
    the outbox can write it later) and only its SHA-256 is looked up; `used_at` makes it
    single-use. `sent_at`, `attempts` and `next_attempt_at` are the outbox's, as for notifications."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    nonce: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    last_error: Mapped[str] = mapped_column(String(300), default="")

    user = relationship("User")

    @staticmethod
    def derive_secret(key: str, nonce: str) -> str:
        digest = hmac.new(key.encode(), f"invitation:{nonce}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:24]).decode()

    @classmethod
    def issue(cls, user: User, key: str) -> Invitation:
        nonce = secrets.token_hex(16)
        now = utcnow()
        secret = cls.derive_secret(key, nonce)
        return cls(
            user=user,
            nonce=nonce,
            token_hash=Token.hash_secret(secret),
            created_at=now,
            expires_at=now + INVITATION_VALID,
            next_attempt_at=now,
        )

    def secret(self, key: str) -> str:
        return self.derive_secret(key, self.nonce)
