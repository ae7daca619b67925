"""The week view in Chromium, in all four languages: at 1366 px seven day columns with the
exhibition drawn as one bar across them and the webinar in its hour; at 390 px the agenda
instead, and nothing scrolls sideways. The filters travel with the view links; copyable fields
show their whole value."""

from __future__ import annotations

import pytest

from tests.browser.test_phone_layout import sideways
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

WEEK = "/calendar?view=week&day=2026-12-09"
WEBINAR = {
    "en": "Heritage Tuesdays",
    "az": "İrs çərşənbə axşamları",
    "kk": "Мұра сейсенбілері",
    "ru": "Наследие по вторникам",
}


@pytest.mark.parametrize("language", ["en", "az", "kk", "ru"])
def test_the_week_view_at_desktop_and_phone_widths(browser, demo, language):
    browser.log_in("curator", DEMO_PASSWORD)
    browser.click(f".language-switcher button[value={language}]")
    try:
        browser.driver.set_window_size(1366, 900)
        browser.open(WEEK)
        grid = browser.find("table.week")
        assert grid.is_displayed() and not browser.find("ul.agenda.narrow-only").is_displayed()
        columns = browser.find_all("table.week thead th")[1:]
        assert len(columns) == 7
        bar = browser.find("table.week .all-day-row a.cal-bar.span-7")
        left, right = columns[0].rect, columns[-1].rect
        assert abs(bar.rect["x"] - left["x"]) < 12, (bar.rect, left)  # within the cells' padding
        assert abs(bar.rect["x"] + bar.rect["width"] - right["x"] - right["width"]) < 12, (bar.rect, right)
        tuesday = browser.find_all("table.week tbody tr:not(.all-day-row)")
        webinar = [cell for row in tuesday for cell in row.find_elements("css selector", "td:nth-of-type(2) a")]
        assert len(webinar) == 1 and WEBINAR[language] in webinar[0].text
        assert webinar[0].rect["x"] >= columns[1].rect["x"] - 1 and webinar[0].rect["x"] < columns[2].rect["x"]
        assert sideways(browser.driver) == 0
        browser.open("/calendar?month=2026-12")  # the month's bars share the rule: Friday 4 to Sunday 6
        first_row = browser.find_all("table.month tbody tr")[0].find_elements("css selector", "td")
        month_bar = first_row[4].find_element("css selector", "a.cal-bar.span-3")
        end = first_row[6].rect["x"] + first_row[6].rect["width"]
        assert abs(month_bar.rect["x"] + month_bar.rect["width"] - end) < 12, (month_bar.rect, first_row[6].rect)
        browser.driver.set_window_size(390, 900)
        browser.open(WEEK)
        assert not browser.find("table.week").is_displayed()
        assert browser.find("ul.agenda.narrow-only").is_displayed() and WEBINAR[language] in browser.text()
        assert sideways(browser.driver) == 0
        feed = browser.find("#feed-url")  # the whole address, wrapped, no inner scrolling
        assert browser.driver.execute_script(
            "return arguments[0].scrollHeight <= arguments[0].clientHeight + 1"
            " && arguments[0].scrollWidth <= arguments[0].clientWidth;",
            feed,
        )
    finally:
        browser.driver.set_window_size(1280, 1000)


def test_filters_and_views_travel_together(browser, demo):
    browser.log_in("curator", DEMO_PASSWORD)
    browser.open(WEEK)
    browser.select("#plan-filter", "Heritage Tuesdays: a webinar series")
    browser.click(".filters button[type=submit]")
    url = browser.driver.current_url
    assert "view=week" in url and "day=2026-12-09" in url and "plan=" in url
    assert not browser.find_all("table.week a.cal-bar")  # the exhibition is another plan's
    browser.click(".calendar-views a:nth-of-type(1)")  # to the month, same day and plan
    assert "view=month" in browser.driver.current_url and "plan=" in browser.driver.current_url
    assert browser.find("table.month").is_displayed() and not browser.find_all("table.month a.cal-bar")
    assert "plan=" in browser.find("#feed-url").get_attribute("value")
    browser.click("a[rel=next]")
    assert "day=2027-01-01" in browser.driver.current_url and "plan=" in browser.driver.current_url


def test_the_copy_button_copies_the_whole_token_field(browser, demo):
    browser.log_in("partner", DEMO_PASSWORD)
    browser.open("/account")
    browser.type("#label", "Collection system")
    browser.click("#api-tokens button[type=submit]")
    token = browser.find("#new-api-token").get_attribute("value")
    assert len(token) > 20
    browser.find("button[data-copy=new-api-token]").click()
    assert browser.find("button[data-copy=new-api-token]").text == "Copied"
    selected = browser.driver.execute_script(
        "var f = document.getElementById('new-api-token'); return f.value.substring(f.selectionStart, f.selectionEnd);"
    )
    assert selected == token
