"""Passwords (#32 item 8): built from the username, repeated characters, sequences and what
zxcvbn scores below 3 are refused, each with its reason in the user's language."""

from __future__ import annotations

import pytest

from tests.accounts.test_sessions_and_passwords import change_password
from tests.conftest import DEMO_PASSWORD, csrf_token


@pytest.mark.parametrize(
    "password, reason",
    [
        ("curatorcurator", "username"),  # the username twice
        ("Curator-2026-curator", "username"),
        ("zzzzzzzzzzzz", "repeated"),  # one character twelve times
        ("xyzxyzxyzxyzxyz", "repeated"),
        ("mnopqrstuvwxyz", "sequence"),
        ("asdfghjkl;'zxcvbnm", "sequence"),
        ("harbourharbour1", "easy to guess"),  # zxcvbn: a repeated dictionary word
    ],
)
def test_weak_passwords_are_refused_with_their_reason(app, password, reason):
    from planner.accounts.passwords import password_problems

    with app.test_request_context():
        problems = password_problems(password, "curator")
    assert problems and any(reason in problem for problem in problems), problems


@pytest.mark.parametrize("password", ["violet-harbour-lantern-42", "Ganja-Reserve-1990x", "correct horse battery"])
def test_strong_passwords_pass(app, password):
    from planner.accounts.passwords import password_problems

    with app.test_request_context():
        assert password_problems(password, "curator") == []


def test_the_page_refuses_the_username_twice_in_the_users_language(as_user):
    client = as_user("curator")
    client.post("/language", data={"lang": "ru", "csrf_token": csrf_token(client.get("/").data)})
    answer = change_password(client, DEMO_PASSWORD, "curatorcurator")
    assert answer.status_code == 400 and "имени пользователя" in answer.get_data(as_text=True)
    repeated = change_password(client, DEMO_PASSWORD, "z" * 12)
    assert repeated.status_code == 400 and "повтор" in repeated.get_data(as_text=True)
