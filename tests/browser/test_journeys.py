"""The main journeys, the way a person takes them, in headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.support.ui import Select
from sqlalchemy import select

from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser
SEED = Path(__file__).resolve().parent.parent / "fixtures" / "004_e74de14cd5f9c810.txt"


def test_curator_creates_an_agreement_from_the_memorandum(browser, demo):
    browser.log_in("curator", DEMO_PASSWORD)
    browser.open("/agreements/new")
    textarea = browser.find("#text")
    browser.driver.execute_script("arguments[0].value = arguments[1];", textarea, SEED.read_text(encoding="utf-8"))
    browser.click("button[value=preview]")
    headers = [th.text for th in browser.find_all(".side-by-side-table thead th")]
    assert headers[1:] == ["Қазақша", "Azərbaycanca", "English", "Русский"]
    assert len(browser.find_all(".side-by-side-table tbody tr")) == 11
    warning = browser.find("#article-4 td.flagged .discrepancy")
    assert warning.get_attribute("data-kind") == "duplicate_text" and "Kazakh" in warning.text
    # the preview shows what will be saved, editable: the short title per version, the term
    assert browser.find("#title-en").get_attribute("value") == (
        "Memorandum between the Ganja State Historical and Cultural Reserve and the Aziret Sultan museum-reserve"
    )
    assert browser.find("#title-kk").get_attribute("value").startswith("Меморандум: Гянджа")
    assert [browser.find(f"#{name}").get_attribute("value") for name in ("term_years", "renewal_years")] == ["5", "5"]
    browser.type("#signed_place", "Ganja")
    browser.driver.execute_script("document.getElementById('signed_on').value = '2026-03-15'")
    browser.click("button[value=save]")
    assert "/edit" in browser.driver.current_url
    # the parties named in the versions are chosen, their signatories filled in
    chosen = [Select(browser.find(f"#parties-{i}-institution_id")).first_selected_option.text for i in (0, 1)]
    assert chosen == [
        "Ganja State Historical and Cultural Reserve",
        "National Historical and Cultural Museum-Reserve “Aziret Sultan”",
    ]
    assert browser.find("#parties-0-signatory_name").get_attribute("value") == "Vusal Alyev"
    browser.click("button.primary")
    assert "The agreement is saved." in browser.text()
    assert "Vusal Alyev" in browser.text() and "Ganja" in browser.text()


def test_bad_input_shows_errors_next_to_fields_and_keeps_what_was_typed(browser, demo):
    from planner.maps.models import Site

    site = demo.session.scalar(select(Site).where(Site.city == "Ganja"))
    browser.log_in("curator", DEMO_PASSWORD)
    browser.open(f"/sites/{site.id}/edit")
    browser.type("#name-en", "Ganja reserve, north gate")
    browser.type("#latitude", "123")
    browser.click("button.primary")
    error = browser.find("#latitude-error")
    assert "between -90 and 90" in error.text
    assert browser.find("#latitude").get_attribute("value") == "123"
    assert browser.find("#name-en").get_attribute("value") == "Ganja reserve, north gate"


def test_partner_in_russian_sees_the_heritage_route_and_not_other_partnerships(browser, demo):
    from planner.agreements.models import Agreement
    from planner.plans.models import Plan

    route = next(p for p in demo.session.scalars(select(Plan)) if p.kind == "heritage_route")
    uzbek = next(a for a in demo.session.scalars(select(Agreement)) if "Uzbekistan" in a.title["en"])
    browser.log_in("partner", DEMO_PASSWORD)
    browser.click(".language-switcher button[value=ru]")
    assert browser.find("html").get_attribute("lang") == "ru"
    browser.open(f"/plans/{route.id}/map")
    browser.wait_for(".leaflet-marker-icon")
    markers = browser.find_all(".leaflet-marker-icon")
    assert len(markers) == 3
    assert [m.text for m in markers] == ["1", "2", "3"]
    assert browser.find_all("path.leaflet-interactive"), "the route line is drawn"
    browser.open(f"/agreements/{uzbek.id}")
    assert browser.find("html").get_attribute("lang") == "ru"
    assert "Uzbekistan" not in browser.text() and "Узбекистана" not in browser.text()


@pytest.mark.parametrize(
    "language, word", [("en", "Agreements"), ("az", "Sazişlər"), ("kk", "Келісімдер"), ("ru", "Соглашения")]
)
def test_language_switcher_on_every_main_page(browser, demo, language, word):
    from planner.plans.models import Plan

    plan = demo.session.scalars(select(Plan).order_by(Plan.id)).first()
    browser.log_in("curator", DEMO_PASSWORD)
    browser.click(f".language-switcher button[value={language}]")
    for path in ("/", f"/agreements/{plan.agreement_id}", f"/plans/{plan.id}", "/calendar", "/map"):
        browser.open(path)
        assert browser.find("html").get_attribute("lang") == language, path
        assert word in browser.find("header").text, path


def test_a_click_on_the_map_sets_the_coordinates(browser, demo):
    browser.log_in("curator", DEMO_PASSWORD)
    browser.open("/sites/new")
    browser.wait_for(".leaflet-container")
    browser.find(".leaflet-container").click()
    latitude = browser.find("#latitude").get_attribute("value")
    longitude = browser.find("#longitude").get_attribute("value")
    assert latitude and longitude
    assert -90 <= float(latitude) <= 90 and -180 <= float(longitude) <= 180
    browser.type("#name-en", "Picked on the map")
    browser.click("button.primary")
    assert "The site is saved." in browser.text()


def plan_exhibition_from_article_5(browser, demo) -> str:
    """The curator's steps from Article 5 to a plan with venues, objects and an opening."""
    from planner.agreements.models import Agreement

    agreement = next(a for a in demo.session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    browser.open(f"/agreements/{agreement.id}/articles/5")
    browser.click("a.button[href*='kind=exhibition']")
    assert browser.find("#kind").get_attribute("value") == "exhibition"
    browser.type("#title-en", "Ceramics of Ganja and Turkestan")
    browser.click("button.primary")
    assert "The plan is created." in browser.text()
    plan_url = browser.driver.current_url
    browser.click("nav.actions a[href$='/edit']")
    browser.select(
        "#venues-site_id",
        "Azret Sultan National Historical and Cultural Museum-Reserve (Mausoleum of Khoja Ahmed Yasawi)",
    )
    browser.set_value("#venues-opens_on", "2027-06-01")
    browser.set_value("#venues-closes_on", "2027-07-15")
    browser.click("#venues button[type=submit]:last-of-type")
    browser.type("#loan_objects-inventory_number", "GQ-1990-001")
    browser.type("#loan_objects-title-en", "Glazed tile with a bird")
    browser.type("#loan_objects-insurance_value", "15000")
    browser.click("#loans form.part-form button[type=submit]")
    assert "GQ-1990-001" in browser.text() and "Added." in browser.text()
    browser.open(plan_url.replace(browser.base_url, "") + "/events/new")
    browser.type("#title-en", "Opening in Turkestan")
    browser.select("#kind", "Opening")
    browser.set_value("#starts_local", "2027-06-01T17:00")
    browser.set_value("#ends_local", "2027-06-01T19:00")
    browser.click("button.primary")
    assert "The event is saved." in browser.text()
    return plan_url


def test_curator_plans_an_exhibition_and_subscribes_to_it(browser, demo):
    import urllib.request

    import icalendar

    browser.log_in("curator", DEMO_PASSWORD)
    plan_url = plan_exhibition_from_article_5(browser, demo)
    browser.open("/calendar?month=2027-06")
    assert "Opening in Turkestan" in browser.text()
    browser.open(plan_url.replace(browser.base_url, "") + "/calendar?month=2027-06")
    feed_url = browser.find("#feed-url").get_attribute("value")
    with urllib.request.urlopen(feed_url, timeout=10) as response:
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        calendar = icalendar.Calendar.from_ical(response.read())
    assert "Opening in Turkestan" in {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}


def test_the_other_party_approves_and_a_change_of_dates_withdraws_it(browser, demo):
    browser.log_in("curator", DEMO_PASSWORD)
    plan_url = plan_exhibition_from_article_5(browser, demo)
    path = plan_url.replace(browser.base_url, "")
    browser.open(path)
    browser.click("form[action$='/proposal'] button")  # a new plan is a draft: no approval before it is proposed
    browser.click(".approval button.primary")
    assert "Your approval is recorded." in browser.text()
    browser.click("form[action='/logout'] button")
    browser.log_in("curator-turkestan", DEMO_PASSWORD)
    browser.open(path)
    browser.click(".approval button.primary")
    assert "Approved" in browser.find(".badge.status-approved").text
    assert browser.find("p .status-approved").text == "Approved"  # the plan's own status
    event_link = browser.find("section[aria-labelledby=events] a").get_attribute("href")
    browser.driver.get(event_link + "/edit")
    browser.set_value("#starts_local", "2027-06-08T17:00")
    browser.set_value("#ends_local", "2027-06-08T19:00")
    browser.click("button.primary")
    browser.open(path)
    text = browser.text()
    assert "An approval was withdrawn" in text and "June 1, 2027" in text and "June 8, 2027" in text
    assert "Asia/Almaty" not in text.split("An approval was withdrawn", 1)[1]  # the zone by its name: Kazakhstan Time
    assert browser.find("p .badge.status-proposed").text == "Proposed"


UNLABELLED_CONTROLS = """
return Array.from(document.querySelectorAll('input, select, textarea'))
  .filter(el => el.type !== 'hidden' && el.offsetParent !== null)
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
  .map(el => el.outerHTML.slice(0, 120));
"""
IMAGES_WITHOUT_ALT = "return Array.from(document.images).filter(img => !img.hasAttribute('alt')).map(img => img.src);"


def test_accessibility_basics_on_the_main_pages(browser, demo):
    from selenium.webdriver.common.keys import Keys

    from planner.plans.models import Plan

    plan = next(p for p in demo.session.scalars(select(Plan)) if p.kind == "heritage_route")
    browser.log_in("curator", DEMO_PASSWORD)
    for path in (
        "/",
        f"/agreements/{plan.agreement_id}",
        f"/agreements/{plan.agreement_id}/articles/5",
        f"/plans/{plan.id}",
        f"/plans/{plan.id}/edit",
        f"/plans/{plan.id}/events/new",
        "/calendar",
        f"/plans/{plan.id}/map",
        "/sites/new",
        "/agreements/new",
        "/account",
        f"/agreements/{plan.agreement_id}/edit",
    ):
        browser.open(path)
        assert browser.driver.execute_script(UNLABELLED_CONTROLS) == [], path
        assert browser.driver.execute_script(IMAGES_WITHOUT_ALT) == [], path
        browser.find("body").send_keys(Keys.TAB)
        focused = browser.driver.switch_to.active_element
        assert focused.get_attribute("class") == "skip", path  # the keyboard starts at "Skip to content"


def test_partner_makes_an_api_token_for_their_system_and_revokes_it(browser, demo, live_server):
    """A partner's collection system reads the plans through the API with a token made in the browser."""
    import json
    import urllib.error
    import urllib.request

    def plans_seen_by_the_system(secret: str) -> int:
        request = urllib.request.Request(live_server + "/api/v1/plans", headers={"Authorization": f"Bearer {secret}"})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return len(json.load(answer)["items"])
        except urllib.error.HTTPError as refused:
            return -refused.code

    browser.log_in("partner", DEMO_PASSWORD)
    browser.open("/account")
    browser.type("#label", "Collection system")
    browser.click("form[action$='/account/api-tokens'] button")
    secret = browser.find("#new-api-token").get_attribute("value")
    assert "shown only once" in browser.text() and len(secret) >= 32
    assert plans_seen_by_the_system(secret) > 0
    browser.click("#api-tokens a[href='/api-reference']")
    assert browser.find("h1").text.startswith("MoU Planner API")
    assert "POST /api/v1/plans/{plan_id}/approvals" in browser.text()
    browser.open("/account")
    assert "Collection system" in browser.text()
    browser.click("#api-tokens td form button")
    assert "revoked" in browser.text()
    assert plans_seen_by_the_system(secret) == -401


def test_removing_a_plan_part_asks_first(browser, demo):
    """A removed venue withdraws both parties' approvals: the page asks before it removes."""
    from planner.plans.models import Plan, PlanVenue

    plan = next(p for p in demo.session.scalars(select(Plan)) if p.venues)
    venues = len(plan.venues)
    browser.log_in("curator", DEMO_PASSWORD)
    browser.open(f"/plans/{plan.id}/edit")
    remove = "form[data-confirm][action*='/venues/'] button"
    browser.find(remove).click()
    alert = browser.driver.switch_to.alert
    assert alert.text == "Remove this row from the plan?"
    alert.dismiss()
    demo.session.expire_all()
    assert demo.session.query(PlanVenue).filter_by(plan_id=plan.id).count() == venues  # nothing removed
    browser.find(remove).click()
    browser.driver.switch_to.alert.accept()
    assert "Removed." in browser.find("body").text
    demo.session.expire_all()
    assert demo.session.query(PlanVenue).filter_by(plan_id=plan.id).count() == venues - 1


def test_the_map_speaks_russian_and_measures_in_kilometres(browser, demo):
    browser.log_in("partner", DEMO_PASSWORD)
    browser.click(".language-switcher button[value=ru]")
    browser.open("/map")
    assert browser.find(".leaflet-control-zoom-in").get_attribute("title") == "Приблизить"
    assert browser.find(".leaflet-control-zoom-out").get_attribute("title") == "Отдалить"
    scale_lines = browser.find_all(".leaflet-control-scale-line")
    assert len(scale_lines) == 1 and scale_lines[0].text.endswith(("km", " m"))  # no miles or feet beside it


def test_a_click_on_a_numbered_stop_opens_that_stops_popup(browser, demo):
    """The route line passes through every stop: drawn above them, it took the click."""
    from selenium.webdriver.common.action_chains import ActionChains

    from planner.plans.models import Plan

    route = next(p for p in demo.session.scalars(select(Plan)) if p.kind == "heritage_route")
    second = sorted(route.route_stops, key=lambda stop: stop.position)[1]
    browser.log_in("partner", DEMO_PASSWORD)
    browser.open(f"/plans/{route.id}/map")
    browser.wait_for(".leaflet-marker-icon")
    number = next(m for m in browser.find_all(".leaflet-marker-icon") if m.text == "2")
    ActionChains(browser.driver).move_to_element(number).click().perform()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    shown = expected_conditions.text_to_be_present_in_element(
        (By.CSS_SELECTOR, ".leaflet-popup-content"), second.site.name["en"]
    )
    assert WebDriverWait(browser.driver, 10).until(shown)  # the popup fills in after it opens


def test_the_map_stays_inside_its_frame(browser, demo):
    """With the base map unavailable (no tiles here) a notice shares the frame: the map below it
    ends where the frame ends, not over the heading that follows."""
    browser.log_in("partner", DEMO_PASSWORD)
    browser.open("/map")
    browser.wait_for(".leaflet-container")
    overflow = browser.driver.execute_script(
        "const frame = document.querySelector('.map-frame').getBoundingClientRect();"
        "const map = document.querySelector('.map-frame .leaflet-container').getBoundingClientRect();"
        "return map.bottom - frame.bottom;"
    )
    assert overflow <= 1
