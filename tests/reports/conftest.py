"""Report fixtures: callers of the JSON API with a demo user's API token."""

from __future__ import annotations

import pytest
from sqlalchemy import select


@pytest.fixture()
def api_as(app, demo):
    """`api_as("curator").get(path)`: a test client sending that user's bearer token."""
    from planner.accounts.models import Token, User

    def caller(username: str):
        user = demo.session.scalar(select(User).where(User.username == username))
        token, secret = Token.issue(user, "api", "reports")
        demo.session.add(token)
        demo.session.commit()
        client = app.test_client()
        headers = {"Authorization": f"Bearer {secret}"}

        class Caller:
            def __getattr__(self, method):
                return lambda path, **kw: getattr(client, method)(path, headers=headers, **kw)

        return Caller()

    return caller
