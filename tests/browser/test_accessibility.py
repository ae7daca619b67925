"""Deque's axe-core checks the main pages in Chromium, in all four languages, at desktop width
and (a few key pages) at phone width: no violation of impact serious or critical.

axe-core comes from the npm registry, pinned in tests/browser/axe/package.json and installed by
`make dev-deps`; it is injected into the page by the test only, the app never serves it. One
browser session per language walks every page (about 30 s a language on a quiet machine)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.browser.conftest import browser_required
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SEED = Path(__file__).resolve().parent.parent / "fixtures" / "004_e74de14cd5f9c810.txt"
LANGUAGES = ("en", "az", "kk", "ru")
DESKTOP, PHONE = 1366, 390
BLOCKING = ("serious", "critical")
# Moderate rules this suite once failed and that were fixed, kept fixed: a card heading that skips
# a level, two unnamed search landmarks, and folium's viewport tag that forbade pinch-zoom.
KEPT_FIXED = ("heading-order", "landmark-unique", "meta-viewport")

# axe.run resolves a promise; the WebDriver's callback is the last argument of an async script.
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']})
  .then(result => done(result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map(node => node.target.join(' ')),
  }))))
  .catch(error => done([{id: 'axe-error', impact: 'critical', help: String(error), targets: []}]));
"""


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The axe engine's source; without it the check is skipped locally but fails in CI."""
    if not AXE.exists():
        message = "axe-core missing: `make dev-deps` installs it from the npm registry"
        if browser_required():
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def demo_records(session) -> dict[str, int]:
    """The demo records that fill the pages: Ganja's agreement, its exhibition, the heritage
    route (a map with numbered stops), the first event, Ganja's site, a curator."""
    from planner.accounts.models import User
    from planner.agreements.models import Agreement
    from planner.loans.models import Loan
    from planner.maps.models import Site
    from planner.plans.events import Event
    from planner.plans.models import Plan

    agreement = next(a for a in session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    return {
        "agreement": agreement.id,
        "institution": agreement.parties[0].institution_id,
        "plan": next(p for p in agreement.plans if p.kind == "exhibition").id,
        "route": next(p for p in session.scalars(select(Plan)) if p.kind == "heritage_route").id,
        "event": session.scalars(select(Event).order_by(Event.id)).first().id,
        "site": session.scalar(select(Site).where(Site.city == "Ganja")).id,
        "user": session.scalar(select(User).where(User.username == "curator")).id,
        "loan": session.scalar(select(Loan.id).order_by(Loan.id)),
    }


DESKTOP_PAGES = (
    "/",
    "/agreements",
    "/agreements/{agreement}",
    "/agreements/{agreement}/articles/4",
    "/agreements/{agreement}/report",
    "/agreements/{agreement}/edit",
    "/agreements/{agreement}/plans/new",
    "/institutions/{institution}",
    "/plans",
    "/plans/{plan}",
    "/plans/{plan}/edit",
    "/plans/{plan}/events/new",
    "/events/{event}",
    "/events/{event}/edit",
    "/calendar?month=2026-12",
    "/calendar?month=2026-12&view=agenda",
    "/calendar?view=week&day=2026-12-08",
    "/map",
    "/agreements/{agreement}/map",
    "/plans/{route}/map",
    "/sites/{site}",
    "/search?q=ganja",
    "/account",
    "/account/feeds",
    "/notifications",
    "/admin/users",
    "/admin/users/new",
    "/admin/users/{user}",
    "/admin/deleted",
    "/audit",
    "/institutions/{institution}/objects",
    "/loans/{loan}/objects",
    "/loans/{loan}/import",
    "/plans/{plan}/loan-objects/import",
    "/no-such-page",
)
# The pages most used on a phone: the header as a menu, a plan, the calendar as agenda, forms.
PHONE_PAGES = ("/", "/plans/{plan}", "/plans/{plan}/edit", "/events/{event}/edit", "/calendar?month=2026-12")


def give_admin_notifications(session) -> None:
    """An inbox with something in it: a proposal from the Ganja curator."""
    from planner.accounts.models import User
    from planner.notifications.raising import notify
    from planner.plans.models import Plan

    admin = session.scalar(select(User).where(User.username == "admin"))
    curator = session.scalar(select(User).where(User.username == "curator"))
    plan = session.scalars(select(Plan).order_by(Plan.id)).first()
    notify([admin], "plan_proposed", "plan", plan.id, actor=curator)
    session.commit()


def violations(browser, axe_source: str, language: str, where: str) -> list[tuple[str, str]]:
    """The serious and critical violations on the open page (and those of KEPT_FIXED), as
    (what: rule, impact, help and the first few elements; where: page, language, width). The
    page must also say it is in `language` (axe checks that <html lang> is valid, not which)."""
    driver = browser.driver
    where = f"{where} [{language}, {driver.get_window_size()['width']} px]"
    lang = driver.execute_script("return document.documentElement.lang;")
    wrong_lang = [(f"html-lang (critical): the page says lang={lang!r}", where)] if lang != language else []
    if not driver.execute_script("return typeof window.axe === 'object';"):
        driver.execute_script(axe_source)
    found = driver.execute_async_script(RUN_AXE)
    return wrong_lang + [
        (f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(v['targets'][:6])}", where)
        for v in found
        if v["impact"] in BLOCKING or v["id"] in KEPT_FIXED
    ]


def readable(found: list[tuple[str, str]]) -> str:
    """One paragraph per violation, followed by every page where it occurs."""
    places: dict[str, list[str]] = {}
    for what, where in found:
        places.setdefault(what, []).append(where)
    return "".join(f"\n{what}\n    on " + "\n       ".join(wheres) for what, wheres in places.items())


def check_pages(browser, axe_source: str, pages: list[str], language: str, width: int) -> list:
    browser.driver.set_window_size(width, 900)
    found = []
    for path in pages:
        browser.open(path)
        found += violations(browser, axe_source, language, path)
    return found


def check_mou_preview(browser, axe_source: str, language: str) -> list:
    """The memorandum reader's preview appears only after a text is submitted."""
    browser.driver.set_window_size(DESKTOP, 900)
    browser.open("/agreements/new")
    found = violations(browser, axe_source, language, "/agreements/new")
    textarea = browser.find("#text")
    browser.driver.execute_script("arguments[0].value = arguments[1];", textarea, SEED.read_text(encoding="utf-8"))
    browser.click("button[value=preview]")
    browser.find(".side-by-side-table")
    return found + violations(browser, axe_source, language, "/agreements/new, the preview")


def check_states_after_a_step(browser, axe_source: str, records: dict, language: str) -> list:
    """What a page shows only after a step: a form answered with its errors, a success notice,
    the header menu unfolded on a phone."""
    browser.driver.set_window_size(DESKTOP, 900)
    browser.open(f"/sites/{records['site']}/edit")
    browser.type("#latitude", "123")
    browser.click("button.primary")
    browser.find("#latitude-error")
    found = violations(browser, axe_source, language, f"/sites/{records['site']}/edit, with errors")
    browser.open("/notifications")
    browser.click("form[action='/notifications/read'] button")
    browser.find(".flash-success")
    found += violations(browser, axe_source, language, "/notifications, marked read")
    browser.driver.set_window_size(PHONE, 900)
    browser.open("/")
    browser.find("label.menu-button").click()
    browser.find("header nav a")
    return found + violations(browser, axe_source, language, "/, the menu unfolded")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_serious_or_critical_accessibility_violation_on_the_main_pages(axe_source, browser, demo, language):
    records = demo_records(demo.session)
    give_admin_notifications(demo.session)
    browser.driver.set_window_size(DESKTOP, 900)
    try:
        browser.open("/login")
        browser.click(f".language-switcher button[value={language}]")
        found = violations(browser, axe_source, language, "/login")
        browser.log_in("admin", DEMO_PASSWORD)
        browser.click(f".language-switcher button[value={language}]")
        found += check_pages(browser, axe_source, [page.format(**records) for page in DESKTOP_PAGES], language, DESKTOP)
        found += check_mou_preview(browser, axe_source, language)
        found += check_states_after_a_step(browser, axe_source, records, language)
        found += check_pages(browser, axe_source, [page.format(**records) for page in PHONE_PAGES], language, PHONE)
    finally:
        browser.driver.set_window_size(1280, 1000)
    assert found == [], readable(found)
