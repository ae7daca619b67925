"""Administering user accounts: create, change role and institution, deactivate, reset the password.

Every change is audited in the same transaction. A new account gets an invitation: a one-time
link, valid 72 hours, that the outbox e-mails to it (`flask notify send`) and with which its
holder chooses the password; nobody else ever sees it. A reset password is generated here and
shown once to the administrator, who hands it over; only its hash is stored.
"""

from __future__ import annotations

import secrets
import string

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from planner.accounts.models import Invitation, ObserverGrant, Token, User
from planner.accounts.passwords import password_problems
from planner.audit.models import record
from planner.extensions import db
from planner.models_base import utcnow
from planner.unit_of_work import flush

# No look-alike characters (0/O, 1/l/I), so a password read aloud or copied by hand survives.
PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
PASSWORD_LENGTH = 16


class AccountError(ValueError):
    """A change refused for a reason the administrator can fix (message in their language)."""


def generate_password(length: int = PASSWORD_LENGTH) -> str:
    """A random password from an unambiguous alphabet (about 95 bits at 16 characters)."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _position in range(length))


def account_view(user: User) -> dict:
    """What the audit log keeps of an account (never the password hash)."""
    return {
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "role": user.role,
        "institution": user.institution_id,
        "active": user.active,
    }


def create_user(admin: User, *, username: str, display_name: str, email: str, role: str, institution_id: int | None):
    """A new account and its invitation (to the account's e-mail address, which it needs); its
    password is a random one nobody knows until the invitation's link sets the holder's own.
    Returns (user, invitation)."""
    username = username.strip()
    if not email.strip():
        raise AccountError(_("Give the e-mail address the invitation goes to."))
    if db.session.scalar(select(User.id).where(User.username == username)):
        raise AccountError(_("The user name “%(name)s” is taken.", name=username))
    password = generate_password()
    user = User(
        username=username,
        display_name=display_name.strip(),
        email=email.strip(),
        role=role,
        institution_id=institution_id,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record(admin.id, "create", "user", user.id, after=account_view(user))
    invitation = invite(user)
    flush()
    return user, invitation


def send_invitation(admin: User, user: User) -> Invitation:
    """A new invitation for an account (its holder lost the e-mail, or its address changed):
    earlier links stop working. The account needs an address, and must be active."""
    if not user.email:
        raise AccountError(_("Give the e-mail address the invitation goes to."))
    if not user.active:
        raise AccountError(_("Reactivate the account first: a deactivated account cannot log in."))
    invitation = invite(user)
    record(admin.id, "invite", "user", user.id, after={"email": user.email})
    flush()
    return invitation


def invite(user: User) -> Invitation:
    """A new invitation for the account, which the outbox sends; one still waiting or unused
    stops working (only the newest link opens)."""
    for earlier in db.session.scalars(
        select(Invitation).where(Invitation.user_id == user.id, Invitation.used_at.is_(None))
    ):
        earlier.expires_at = min(earlier.expires_at, utcnow())
    invitation = Invitation.issue(user, current_app.config["SECRET_KEY"])
    db.session.add(invitation)
    return invitation


def find_invitation(secret: str) -> Invitation | None:
    """The invitation a link's secret opens, whatever its state; None for a made-up one."""
    if not secret or len(secret) > 100:
        return None
    return db.session.scalar(select(Invitation).where(Invitation.token_hash == Token.hash_secret(secret)))


def invitation_state(invitation: Invitation | None) -> str:
    """ "open", "used", "replaced" (a newer link was sent), "expired", or "unknown" (no such
    link, or its account is deactivated)."""
    if invitation is None or not invitation.user.active:
        return "unknown"
    if invitation.used_at is not None:
        return "used"
    newer = select(Invitation.id).where(Invitation.user_id == invitation.user_id, Invitation.id > invitation.id)
    if db.session.scalar(newer.limit(1)) is not None:
        return "replaced"
    if invitation.expires_at <= utcnow():
        return "expired"
    return "open"


def accept_invitation(invitation: Invitation, password: str) -> User:
    """The holder's own password, through an open invitation, which is used up by it."""
    if invitation_state(invitation) != "open":
        raise AccountError(_("This link no longer works."))
    user = invitation.user
    problems = password_problems(password, user.username)
    if problems:
        raise AccountError(" ".join(problems))
    user.set_password(password)
    end_trust(user)
    invitation.used_at = utcnow()
    record(user.id, "update", "user", user.id, after={"password": "changed"})
    flush()
    return user


def renew_invitation(invitation: Invitation | None) -> Invitation:
    """A new link for an invitation that expired unused, to the same account's address (asked
    for by whoever holds the old link: it reaches nobody else)."""
    if invitation_state(invitation) != "expired":
        raise AccountError(_("Only an expired invitation can be sent again."))
    renewed = invite(invitation.user)
    flush()
    return renewed


def register_account(
    *, username: str, role: str, institution_id: int | None, password: str, observed: tuple[int, ...] = ()
) -> User:
    """An account made at the console (`flask users create`), with the password its operator
    chose (checked by the command against the same rules)."""
    user = User(username=username, role=role, institution_id=institution_id, display_name=username)
    user.observed = [ObserverGrant(institution_id=i) for i in dict.fromkeys(observed)]
    user.set_password(password)
    db.session.add(user)
    flush()
    record(None, "create", "user", user.id, after=account_view(user))
    return user


def change_user(admin: User, user: User, *, display_name: str, email: str, role: str, institution_id: int | None):
    """Change an account's role, institution and names."""
    if user.id == admin.id and role != "admin":
        raise AccountError(_("You cannot take the administrator role from yourself."))
    before = account_view(user)
    user.display_name, user.email, user.role, user.institution_id = (
        display_name.strip(),
        email.strip(),
        role,
        institution_id,
    )
    record(admin.id, "update", "user", user.id, before=before, after=account_view(user))
    flush()


def set_active(admin: User, user: User, active: bool) -> None:
    """Deactivate (no log-in, no feeds, no API tokens) or reactivate an account."""
    if user.id == admin.id and not active:
        raise AccountError(_("You cannot deactivate your own account."))
    if user.active == active:
        return
    before = account_view(user)
    user.active = active
    if not active:  # reactivating brings back no old session cookie, feed or API address
        end_trust(user)
    record(admin.id, "reactivate" if active else "deactivate", "user", user.id, before=before, after=account_view(user))
    flush()


def reset_password(admin: User, user: User) -> str:
    """A new generated password for the account (shown once); the old one stops working, and so
    does everything it opened: sessions, API tokens and feed addresses."""
    password = generate_password()
    user.set_password(password)
    end_trust(user)
    record(admin.id, "reset_password", "user", user.id)
    flush()
    return password


def end_trust(user: User) -> None:
    """Whoever held the account's password may have held its sessions and tokens too: end every
    session (a new session generation) and revoke every feed and API token (new ones are made)."""
    user.end_sessions()
    revoke_all_tokens(user)


def revoke_all_tokens(user: User) -> None:
    """Revoke every feed and API token of an account."""
    for token in db.session.scalars(select(Token).where(Token.user_id == user.id, Token.revoked_at.is_(None))):
        token.revoked_at = utcnow()


def set_observed(admin: User, user: User, institution_ids: list[int]) -> None:
    """The institutions whose agreements and reports an observer reads (an administrator's grant)."""
    if user.role != "observer":
        raise AccountError(_("Only an observer is granted institutions to read."))
    before = {"observes": user.observed_institution_ids}
    wanted = list(dict.fromkeys(institution_ids))
    user.observed = [grant for grant in user.observed if grant.institution_id in wanted]
    kept = {grant.institution_id for grant in user.observed}
    user.observed.extend(ObserverGrant(institution_id=i) for i in wanted if i not in kept)
    record(admin.id, "update", "user", user.id, before=before, after={"observes": sorted(wanted)})
    flush()
