"""Tokens: each kind opens only its own door, and only its holder can revoke it."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import csrf_token


def test_a_feed_secret_is_not_an_api_token(app, api_world, demo):
    """Without the kind check in planner/accounts/tokens.py a feed secret would open the API."""
    from planner.accounts.models import User
    from planner.accounts.tokens import feed_secret_for
    from planner.unit_of_work import unit_of_work

    with app.test_request_context(), unit_of_work():
        secret = feed_secret_for(demo.session.scalar(select(User).where(User.username == "staff")))
    client = app.test_client()
    refused = client.get("/api/v1/plans", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status_code == 401 and refused.json["error"]["status"] == 401
    assert client.get(f"/feeds/{secret}/my.ics").status_code == 200  # the same secret does open its feed
    api_secret = api_world["tokens"]["staff"]
    assert client.get("/api/v1/plans", headers={"Authorization": f"Bearer {api_secret}"}).status_code == 200
    assert client.get(f"/feeds/{api_secret}/my.ics").status_code == 404


def test_a_user_cannot_revoke_another_users_api_token(as_user, api_world, demo):
    from planner.accounts.models import Token, User

    staff = demo.session.scalar(select(User).where(User.username == "staff"))
    theirs = demo.session.scalar(select(Token).where(Token.user_id == staff.id, Token.kind == "api"))
    client = as_user("curator")
    response = client.post(
        f"/account/api-tokens/{theirs.id}/revoke", data={"csrf_token": csrf_token(client.get("/account").data)}
    )
    assert response.status_code == 404
    demo.session.expire_all()
    assert demo.session.get(Token, theirs.id).revoked_at is None
    assert demo.session.scalar(select(Token).where(Token.id == theirs.id)).revoked_at is None
    mine = demo.session.scalar(
        select(Token).join(User).where(User.username == "curator", Token.kind == "api", Token.revoked_at.is_(None))
    )
    response = client.post(
        f"/account/api-tokens/{mine.id}/revoke", data={"csrf_token": csrf_token(client.get("/account").data)}
    )
    assert response.status_code == 302
    demo.session.expire_all()
    assert demo.session.get(Token, mine.id).revoked_at is not None
