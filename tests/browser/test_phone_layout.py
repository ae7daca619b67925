"""At 390 px (a phone) no main page scrolls sideways and the header folds into a menu; at
1366 px nothing scrolls sideways either and the header stays one row. In all four languages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

WIDTHS = (390, 1366)


def main_pages(session) -> list[str]:
    from planner.agreements.models import Agreement
    from planner.plans.events import Event

    agreement = next(a for a in session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    plan = next(p for p in agreement.plans if p.kind == "exhibition")
    event = session.scalars(select(Event).order_by(Event.id)).first()
    return [
        "/",
        "/agreements",
        f"/agreements/{agreement.id}",
        f"/agreements/{agreement.id}/articles/4",
        f"/agreements/{agreement.id}/report",
        "/plans",
        f"/plans/{plan.id}",
        f"/plans/{plan.id}/edit",
        "/calendar?month=2026-12",
        "/calendar?month=2026-12&view=agenda",
        "/calendar?view=week&day=2026-12-09",
        f"/plans/{plan.id}/calendar?view=week&day=2026-12-09",
        f"/events/{event.id}",
        f"/events/{event.id}/edit",
        "/map",
        f"/plans/{plan.id}/map",
        "/search?q=ganja",
        "/account",
        "/account/feeds",
        "/audit",
        "/admin/users",
        "/admin/deleted",
    ]


def sideways(driver) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    return driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")


@pytest.mark.parametrize("language", ["en", "az", "kk", "ru"])
def test_no_page_scrolls_sideways_at_phone_and_desktop_widths(browser, demo, language):
    browser.log_in("admin", DEMO_PASSWORD)
    browser.click(f".language-switcher button[value={language}]")
    too_wide = {}
    for width in WIDTHS:
        browser.driver.set_window_size(width, 900)
        for path in main_pages(demo.session):
            browser.open(path)
            extra = sideways(browser.driver)
            if extra > 0:
                too_wide[(width, path)] = extra
    browser.driver.set_window_size(1280, 1000)
    assert too_wide == {}


def test_the_header_folds_into_a_menu_on_a_phone(browser, demo):
    browser.log_in("admin", DEMO_PASSWORD)
    browser.click(".language-switcher button[value=kk]")
    browser.driver.set_window_size(390, 900)
    try:
        browser.open("/")
        header = browser.find("header.topbar")
        assert header.size["height"] < 120, header.size
        assert not browser.find("header nav").is_displayed()
        browser.find("label.menu-button").click()
        assert browser.find("header nav").is_displayed()
        # the month calendar becomes the agenda
        browser.open("/calendar?month=2026-12")
        assert not browser.find("table.month").is_displayed() and browser.find("ul.agenda").is_displayed()
    finally:
        browser.driver.set_window_size(1280, 1000)


def test_the_admin_header_is_one_row_at_desktop_width_in_every_language(browser, demo):
    browser.log_in("admin", DEMO_PASSWORD)
    browser.driver.set_window_size(1366, 900)
    try:
        heights = {}
        for language in ("en", "az", "kk", "ru"):
            browser.click(f".language-switcher button[value={language}]")
            heights[language] = browser.find("header.topbar").size["height"]
        assert max(heights.values()) < 80, heights
    finally:
        browser.driver.set_window_size(1280, 1000)
