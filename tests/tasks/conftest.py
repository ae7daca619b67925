"""The demo's Silk Road exhibition and its checklist, its curators, and a folder for proofs."""

from __future__ import annotations

import pytest
from sqlalchemy import select

SILK_ROAD = "Ganja: a city on the Silk Road"


def silk_road(session):
    from planner.plans.models import Plan

    return session.scalar(select(Plan).where(Plan.title["en"].as_string() == SILK_ROAD))


def user(session, username: str):
    from planner.accounts.models import User

    return session.scalar(select(User).where(User.username == username))


def tasks_of(session, plan_id: int) -> dict:
    """The plan's tasks by their template's key (a curator's own by its English title)."""
    from planner.tasks.models import Task

    session.expire_all()
    rows = session.scalars(select(Task).where(Task.plan_id == plan_id)).all()
    return {(row.template.key if row.template else row.title.get("en")): row for row in rows}


@pytest.fixture()
def folder(app, tmp_path, monkeypatch):
    """Each test's own attachment folder, empty."""
    monkeypatch.setitem(app.config, "ATTACHMENTS_FOLDER", str(tmp_path / "attachments"))
    monkeypatch.setitem(app.config, "ATTACHMENTS_S3_BUCKET", "")
    return tmp_path / "attachments"
