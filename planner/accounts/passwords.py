"""The password policy, one pure function every path calls (`users create`, the password change
page, the admin screens): long enough, not a well-known password, not the username."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask_babel import gettext as _

MIN_LENGTH = 12
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of passwords attackers try first (lower case, one a line)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problems(password: str, username: str) -> list[str]:
    """What is wrong with `password` for the user `username`, in the user's language; empty if
    it may be used."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(_("Use at least %(count)d characters.", count=MIN_LENGTH))
    folded = password.strip().lower()
    if folded in common_passwords():
        problems.append(_("This password is on the list of passwords attackers try first: choose another."))
    if username and folded == username.strip().lower():
        problems.append(_("The password must not be the username."))
    return problems
