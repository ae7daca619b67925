"""Printing on A4 in Chromium (DevTools Page.printToPDF through WebDriver's print): the plan
page and the agreement page print their content without the navigation or the forms."""

from __future__ import annotations

import base64
from io import BytesIO

import pytest
from sqlalchemy import select

from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser
NAVIGATION = ("Skip to content", "Dashboard", "Log out", "Audit log", "Русский", "Қазақша", "Azərbaycanca")


def printed(browser, path: str) -> str:
    from pypdf import PdfReader
    from selenium.webdriver.common.print_page_options import PrintOptions

    browser.open(path)
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7  # A4, in cm
    pdf = base64.b64decode(browser.driver.print_page(options))
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_the_plan_page_and_the_agreement_page_print_without_navigation(browser, demo):
    from planner.plans.models import Plan

    plan = next(p for p in demo.session.scalars(select(Plan)) if p.title["en"] == "Carpets of the Great Steppe")
    browser.log_in("admin", DEMO_PASSWORD)
    assert "Dashboard" in browser.text()  # on screen, the navigation is there
    for path, content in (
        (f"/plans/{plan.id}", "Carpets of the Great Steppe"),
        (f"/agreements/{plan.agreement_id}", "Article 4"),
    ):
        text = printed(browser, path)
        assert content in text, path
        assert [word for word in NAVIGATION if word in text] == [], path
        assert "Project agreement (PDF / Word)" not in text and "Edit" not in text.split(), path
