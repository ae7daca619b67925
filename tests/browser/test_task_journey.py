"""Timelines counted back from the opening (issue #29), in Chromium: the Ganja curator finds this
week's tasks, reads the Silk Road exhibition's timeline, marks the press release done with its
proof; Turkestan moves the opening a month later; the timeline, the to-do list and the inbox
follow. On a phone the timeline gives way to a dated list."""

from __future__ import annotations

import json
import urllib.request

import pytest
from sqlalchemy import select

from tests.attachments import files
from tests.conftest import DEMO_PASSWORD
from tests.tasks.conftest import silk_road

pytestmark = pytest.mark.browser


@pytest.fixture()
def proofs(app, tmp_path, monkeypatch):
    """The proofs' own attachment folder, empty."""
    monkeypatch.setitem(app.config, "ATTACHMENTS_FOLDER", str(tmp_path / "attachments"))
    monkeypatch.setitem(app.config, "ATTACHMENTS_S3_BUCKET", "")


def api_token(session, username: str) -> str:
    from planner.accounts.models import Token, User

    user = session.scalar(select(User).where(User.username == username))
    token, secret = Token.issue(user, "api", "journey")
    session.add(token)
    session.commit()
    return secret


def patch(base_url: str, path: str, secret: str, body: dict) -> int:
    request = urllib.request.Request(
        base_url + path,
        data=json.dumps(body).encode(),
        method="PATCH",
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.status


def test_the_checklist_a_proof_the_opening_moved_and_everything_follows(browser, demo, tmp_path, proofs):
    plan = silk_road(demo.session)
    plan_id, venue_id = plan.id, plan.venues[0].id
    secret = api_token(demo.session, "curator-turkestan")
    browser.log_in("curator", DEMO_PASSWORD)

    mine = browser.find("#my-tasks").find_element("xpath", "..").text
    assert "Publish the press release" in mine and "Share the press coverage and first visitor figures" in mine

    browser.open(f"/plans/{plan_id}")
    svg = browser.find("figure.timeline-figure svg[role='img']")
    assert svg.get_attribute("aria-labelledby") == f"timeline-{plan_id}-title"
    names = [g.get_attribute("aria-label") for g in browser.find_all("svg g[data-kind]")]
    assert any(name.startswith("Venue ") for name in names)
    assert any(name.startswith("Loan from ") for name in names)
    assert "Task Publish the press release: overdue since November 20, 2026" in names
    assert "Task Open the exhibition: overdue since December 4, 2026" in names
    assert not browser.find(".timeline-list").is_displayed()

    browser.click("a[href$='/tasks']")
    proof = tmp_path / "press-release.pdf"
    proof.write_bytes(files.pdf("Ganja: a city on the Silk Road. Press release."))
    row = browser.find_all("tr.task-open")
    release = next(r for r in row if "Publish the press release" in r.text)
    release.find_element("css selector", "input[type='file']").send_keys(str(proof))
    old = browser.find("html")
    release.find_element("css selector", "form[action$='/done'] button").click()
    browser.wait_replaced(old)
    assert "The task is done." in browser.text()
    done = next(r for r in browser.find_all("tr.task-done") if "Publish the press release" in r.text)
    assert done.find_element("css selector", "a[href$='/proof']").text == "Proof file"

    assert patch(browser.base_url, f"/api/v1/plans/{plan_id}/venues/{venue_id}", secret, {"opens_on": "2027-01-04"}) == 200

    browser.open(f"/plans/{plan_id}")
    names = [g.get_attribute("aria-label") for g in browser.find_all("svg g[data-kind]")]
    assert "Task Open the exhibition: due January 4, 2027" in names
    assert "Task Publish the press release: done (due November 20, 2026)" in names  # done: kept
    assert "Task Share the press coverage and first visitor figures: due January 11, 2027" in names

    browser.open("/")
    mine = browser.find("#my-tasks").find_element("xpath", "..").text
    assert "Publish the press release" not in mine  # done
    assert "Share the press coverage" not in mine  # a month away now
    opening = next(li for li in browser.find_all("#my-tasks ~ ul li") if "Open the exhibition" in li.text)
    assert "Overdue" not in opening.text
    browser.click(".inbox-link")
    assert "2 deadlines of the plan “Ganja: a city on the Silk Road” moved 31 days later." in browser.text()

    browser.driver.set_window_size(390, 844)
    try:
        browser.open(f"/plans/{plan_id}")
        assert browser.find(".timeline-list").is_displayed()
        assert not browser.find("figure.timeline-figure").is_displayed()
        assert "January 4, 2027" in browser.find(".timeline-list").text
    finally:
        browser.driver.set_window_size(1280, 1000)
