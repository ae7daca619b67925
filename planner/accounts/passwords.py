"""The password policy, one pure function every path calls (`users create`, the password change
page, the admin screens): long enough, not a well-known password, not built from the username,
from one character or a short piece repeated, or from a sequence (abcdef, 123456, qwerty), and
not easy to guess by zxcvbn's estimate (score 3 of 4 at least). The reason is in the user's
language: zxcvbn's own feedback is English only, so it gives the score and the app the words."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from flask_babel import gettext as _

MIN_LENGTH = 12
MIN_SCORE = 3  # zxcvbn: 0 too guessable … 4 very unguessable
MIN_DISTINCT = 5  # different characters
ESTIMATED_LENGTH = 100  # zxcvbn's time grows with the length: the first 100 characters decide
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")
KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "йцукенгшщзх", "фывапролджэ", "ячсмитьбю")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of passwords attackers try first (lower case, one a line)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def built_from_username(folded: str, username: str) -> bool:
    """The username (three characters or more) with little else: `curatorcurator`, `Curator-2026!`."""
    name = username.strip().lower()
    if len(name) < 3 or name not in folded:
        return False
    rest = re.sub(r"[\W_]", "", folded.replace(name, ""))
    return len(rest) < MIN_LENGTH // 2


def repeated(folded: str) -> bool:
    """One character, or a piece of up to four, repeated; or hardly any different characters."""
    return len(set(folded)) < MIN_DISTINCT or re.fullmatch(r"(.{1,4})\1+", folded, re.DOTALL) is not None


def _follows(first: str, second: str) -> bool:
    if abs(ord(second) - ord(first)) == 1:
        return True
    return any(first + second in row or second + first in row for row in KEYBOARD_ROWS)


def sequential(folded: str) -> bool:
    """Half the password or more in runs of three or more neighbours (abc, 321, qwe)."""
    covered, run = 0, 1
    for position in range(1, len(folded) + 1):
        if position < len(folded) and _follows(folded[position - 1], folded[position]):
            run += 1
            continue
        covered += run if run >= 3 else 0
        run = 1
    return covered * 2 >= len(folded)


def guessable(password: str, username: str) -> bool:
    """zxcvbn's estimate (the username counts as a word the attacker knows) below MIN_SCORE."""
    from zxcvbn import zxcvbn

    return zxcvbn(password[:ESTIMATED_LENGTH], user_inputs=[username] if username else [])["score"] < MIN_SCORE


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
    elif username and built_from_username(folded, username):
        problems.append(_("The password must not be built from the username."))
    if repeated(folded):
        problems.append(_("The password must not be one character or a short piece repeated."))
    elif sequential(folded):
        problems.append(_("The password must not be a sequence such as abcdef, 123456 or qwerty."))
    if not problems and guessable(password, username):
        problems.append(_("This password is easy to guess: use several unrelated words, or more varied characters."))
    return problems
