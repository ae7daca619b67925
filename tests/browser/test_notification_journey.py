"""Work comes to the user: Ganja approves a plan, Turkestan finds it in the to-do list and the
inbox, opens it and approves; Ganja is told."""

from __future__ import annotations

import pytest

from tests.browser.test_journeys import plan_exhibition_from_article_5
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser
TITLE = "Ceramics of Ganja and Turkestan"


def log_out(browser):
    browser.click("form[action='/logout'] button")


def test_ganja_approves_turkestan_is_told_approves_and_ganja_is_told(browser, demo):
    browser.log_in("curator", DEMO_PASSWORD)
    path = plan_exhibition_from_article_5(browser, demo).replace(browser.base_url, "")
    browser.open(path)
    browser.click("form[action$='/proposal'] button")  # a new plan is a draft: proposed, the partner is told once
    browser.click(".approval button.primary")
    assert "Your approval is recorded." in browser.text()
    log_out(browser)

    browser.log_in("curator-turkestan", DEMO_PASSWORD)
    todo = browser.find(".todo-list a[href='" + path + "#approval-heading']")
    assert todo.text == f"Awaits your institution’s approval: {TITLE}"
    assert int(browser.find(".inbox-link .unread-count").text) >= 2  # the proposal, Ganja's approval
    browser.click(".inbox-link")
    newest = browser.find(".inbox li.notification.unread a")
    assert f"approved the plan “{TITLE}”" in newest.text
    browser.click(".inbox li.notification.unread a")
    assert browser.driver.current_url.endswith(path)
    browser.click(".approval button.primary")
    assert "Approved" in browser.find(".badge.status-approved").text
    browser.open("/")
    assert not browser.find_all(".todo-list a[href='" + path + "#approval-heading']")
    log_out(browser)

    browser.log_in("curator", DEMO_PASSWORD)
    assert browser.find(".inbox-link .unread-count").text
    browser.click(".inbox-link")
    assert f"The plan “{TITLE}” is approved by every party." in browser.find(".inbox li.notification.unread").text
