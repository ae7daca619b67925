"""Password rules (minimal stand-in: the hardening work replaces this module with the full rules,
keeping this signature)."""

from __future__ import annotations

from flask_babel import gettext as _

MIN_LENGTH = 12


def password_problems(password: str, username: str) -> list[str]:
    """What is wrong with a new password, in the user's language; empty when it is acceptable."""
    problems = []
    if len(password or "") < MIN_LENGTH:
        problems.append(_("A password needs at least %(num)d characters.", num=MIN_LENGTH))
    if username and (password or "").strip().casefold() == username.strip().casefold():
        problems.append(_("A password must not be the user name."))
    return problems
