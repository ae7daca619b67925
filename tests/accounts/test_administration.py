"""Administering accounts from the pages: create with a password shown once, change role and
institution, deactivate (no log-in, no session, no feed, no API token), reset the password;
deleted plans listed and restored. Every change is in the audit log."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.conftest import csrf_token, log_in


def account(session, username):
    from planner.accounts.models import User

    session.expire_all()
    return session.scalar(select(User).where(User.username == username))


def audit_actions(session, user_id):
    from planner.audit.models import AuditEntry

    return [
        e.action
        for e in session.scalars(select(AuditEntry).where(AuditEntry.entity == "user", AuditEntry.entity_id == user_id))
    ]


def shown_password(page: str) -> str:
    return re.search(r'id="new-password"[^>]*value="([^"]+)"', page).group(1)


def test_create_an_account_redirects_and_shows_no_password(app, as_user, demo):
    """POST-redirect-GET: the new account's page, with where its invitation goes; no password
    on any page (the holder chooses one through the invitation: tests/accounts/test_invitation.py)."""
    admin = as_user("admin")
    form = admin.get("/admin/users/new")
    answer = admin.post(
        "/admin/users/new",
        data={
            "csrf_token": csrf_token(form.data),
            "username": "aigerim",
            "display_name": "Aigerim",
            "email": "aigerim@example.org",
            "role": "staff",
            "institution_id": 0,
        },
    )
    created = account(demo.session, "aigerim")
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f"/admin/users/{created.id}")
    page = admin.get(answer.headers["Location"]).get_data(as_text=True)
    assert "aigerim" in page and "No e-mail server is configured" in page and 'id="new-password"' not in page
    assert created.role == "staff" and audit_actions(demo.session, created.id) == ["create"]
    assert "aigerim" in admin.get("/admin/users").get_data(as_text=True)


def test_a_new_account_needs_an_address_for_its_invitation(as_user, demo):
    admin = as_user("admin")
    token = csrf_token(admin.get("/admin/users/new").data)
    answer = admin.post(
        "/admin/users/new", data={"csrf_token": token, "username": "aigerim", "role": "staff", "institution_id": 0}
    )
    assert answer.status_code == 400 and "the invitation goes to" in answer.get_data(as_text=True)
    assert account(demo.session, "aigerim") is None


def test_a_taken_name_or_a_curator_without_institution_is_refused(as_user, demo):
    admin = as_user("admin")
    token = csrf_token(admin.get("/admin/users/new").data)
    taken = admin.post(
        "/admin/users/new",
        data={
            "csrf_token": token,
            "username": "curator",
            "email": "c@example.org",
            "role": "staff",
            "institution_id": 0,
        },
    )
    assert taken.status_code == 400 and "is taken" in taken.get_data(as_text=True)
    homeless = admin.post(
        "/admin/users/new",
        data={
            "csrf_token": token,
            "username": "nobody",
            "email": "n@example.org",
            "role": "curator",
            "institution_id": 0,
        },
    )
    assert homeless.status_code == 400 and account(demo.session, "nobody") is None


def test_change_role_and_institution(as_user, demo):
    from planner.agreements.models import Institution

    staff = account(demo.session, "staff")
    other = demo.session.scalars(select(Institution).where(Institution.id != staff.institution_id)).first()
    admin = as_user("admin")
    form = admin.get(f"/admin/users/{staff.id}")
    admin.post(
        f"/admin/users/{staff.id}",
        data={"csrf_token": csrf_token(form.data), "role": "curator", "institution_id": other.id},
    )
    changed = account(demo.session, "staff")
    assert (changed.role, changed.institution_id) == ("curator", other.id)
    assert audit_actions(demo.session, staff.id) == ["update"]


def test_an_administrator_cannot_demote_or_deactivate_themselves(as_user, demo):
    me = account(demo.session, "admin")
    admin = as_user("admin")
    token = csrf_token(admin.get(f"/admin/users/{me.id}").data)
    assert (
        admin.post(
            f"/admin/users/{me.id}", data={"csrf_token": token, "role": "staff", "institution_id": 0}
        ).status_code
        == 400
    )
    admin.post(f"/admin/users/{me.id}/deactivate", data={"csrf_token": token})
    assert account(demo.session, "admin").role == "admin" and account(demo.session, "admin").active


def test_a_deactivated_user_loses_log_in_session_feeds_and_api(app, as_user, demo):
    from planner.accounts.models import Token

    partner = app.test_client()
    log_in(partner, "partner")
    feed = app.test_cli_runner().invoke(args=["feeds", "urls", "--user", "partner"]).output.split()[0]
    user = account(demo.session, "partner")
    token, secret = Token.issue(user, "api", "collection system")
    demo.session.add(token)
    demo.session.commit()
    assert partner.get(feed).status_code == 200
    assert partner.get("/api/v1/agreements", headers={"Authorization": f"Bearer {secret}"}).status_code == 200

    admin = as_user("admin")
    admin.post(
        f"/admin/users/{user.id}/deactivate", data={"csrf_token": csrf_token(admin.get(f"/admin/users/{user.id}").data)}
    )
    assert account(demo.session, "partner").active is False
    assert partner.get("/").status_code == 302  # the open session ends
    assert app.test_client().get(feed).status_code == 404
    assert app.test_client().get("/api/v1/agreements", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert log_in(app.test_client(), "partner").status_code == 401
    assert audit_actions(demo.session, user.id) == ["deactivate"]
    admin.post(
        f"/admin/users/{user.id}/reactivate", data={"csrf_token": csrf_token(admin.get(f"/admin/users/{user.id}").data)}
    )
    assert log_in(app.test_client(), "partner").status_code == 200
    assert app.test_client().get(feed).status_code == 404  # old addresses stay revoked


@pytest.mark.parametrize("kind", ["feed", "api"])
def test_tokens_of_an_inactive_account_do_not_answer_even_unrevoked(app, demo, kind):
    """The check in user_for_secret itself (an account switched off without the page, e.g. in SQL)."""
    from planner.accounts.models import Token
    from planner.accounts.tokens import user_for_secret

    user = account(demo.session, "staff")
    token, secret = Token.issue(user, kind)
    demo.session.add(token)
    user.active = False
    demo.session.commit()
    with app.test_request_context("/"):
        assert user_for_secret(secret, kind) is None


def test_reset_password(app, as_user, demo):
    user = account(demo.session, "staff")
    admin = as_user("admin")
    answer = admin.post(
        f"/admin/users/{user.id}/password", data={"csrf_token": csrf_token(admin.get(f"/admin/users/{user.id}").data)}
    )
    password = shown_password(answer.get_data(as_text=True))
    assert log_in(app.test_client(), "staff").status_code == 401  # the old password stops
    assert log_in(app.test_client(), "staff", password).status_code == 200
    assert audit_actions(demo.session, user.id) == ["reset_password"]


def test_deleted_plans_are_listed_and_restored_from_the_pages(as_user, demo):
    from planner.plans.models import Plan

    plan = demo.session.scalars(select(Plan).order_by(Plan.id)).first()  # PostgreSQL has no row order without one
    curator = as_user("curator")
    curator.post(
        f"/plans/{plan.id}/delete", data={"csrf_token": csrf_token(curator.get(f"/plans/{plan.id}/delete").data)}
    )
    demo.session.expire_all()
    assert demo.session.get(Plan, plan.id).deleted_at is not None
    log_in(curator, "admin")
    listing = curator.get("/admin/deleted").get_data(as_text=True)
    assert f'action="/plans/{plan.id}/restore"' in listing
    assert f'action="/plans/{plan.id}/restore"' in curator.get(f"/plans/{plan.id}").get_data(as_text=True)
    answer = curator.post(f"/plans/{plan.id}/restore", data={"csrf_token": csrf_token(listing), "back": "deleted"})
    assert answer.headers["Location"].endswith("/admin/deleted")
    demo.session.expire_all()
    assert demo.session.get(Plan, plan.id).deleted_at is None
    assert f"/plans/{plan.id}/restore" not in curator.get("/admin/deleted").get_data(as_text=True)


def test_generated_passwords_pass_the_password_rules(app):
    from planner.accounts.administration import PASSWORD_ALPHABET, generate_password
    from planner.accounts.passwords import password_problems

    with app.test_request_context("/"):
        passwords = {generate_password() for _ in range(50)}
        assert len(passwords) == 50 and all(password_problems(p, "someone") == [] for p in passwords)
        assert not set("0O1lI") & set(PASSWORD_ALPHABET)
        assert password_problems("short", "x") and password_problems("someone-long-name", "someone-long-name")
