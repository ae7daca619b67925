"""Phones (#33 item 4): at 390 px, in four languages, over every main page: no word is broken
inside (a word whose letters run over two lines without a hyphen), nothing overflows the screen
outside a frame that scrolls (tables scroll inside their own frame, first column fixed), and the
unread count shows without opening the folded menu. The memorandum preview shows one language
version at a time behind tabs.

One browser for the whole run; each page is measured by one script in the page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.browser.test_phone_layout import main_pages
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

PHONE = 390

#: Hyphenation is a matter of the browser's dictionaries (absent in a headless Chromium without
#: component updates): measured without it, a page that holds here holds with it too.
NO_AUTO_HYPHENS = """
const sheet = [...document.styleSheets].find(s => s.href && s.href.includes('planner.css'));
sheet.insertRule('* { hyphens: manual !important; -webkit-hyphens: manual !important; }', sheet.cssRules.length);
"""

#: Every word (a run of non-space characters) of every rendered text node whose letters are on
#: more than one line, where the break is not after a hyphen, dash or slash; long tokens (web
#: and mail addresses, 30 characters and more) may break anywhere.
BROKEN_WORDS = (
    NO_AUTO_HYPHENS
    + """
const found = [];
const skip = new Set(['SCRIPT', 'STYLE', 'TEXTAREA', 'OPTION', 'SELECT', 'NOSCRIPT']);
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const range = document.createRange();
const lineOf = (node, i) => { range.setStart(node, i); range.setEnd(node, i + 1);
  const r = range.getClientRects(); return r.length ? r[0] : null; };
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  if (!node.parentElement || skip.has(node.parentElement.tagName)) continue;
  const text = node.data;
  for (const match of text.matchAll(/\\S{2,}/g)) {
    const word = match[0];
    if (word.length >= 30 || /:\\/\\/|@/.test(word)) continue;
    range.setStart(node, match.index); range.setEnd(node, match.index + word.length);
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    if (rects.length < 2) continue;
    const first = lineOf(node, match.index);
    for (let i = 1; i < word.length; i++) {
      const here = lineOf(node, match.index + i);
      if (!here || !first || here.top < first.bottom - 1) continue;
      if (!/[-\\u2010-\\u2015\\/\\u00ad_]/.test(word[i - 1])) {
        const where = node.parentElement;
        found.push(word.slice(0, i) + '|' + word.slice(i) + ' in ' + where.tagName.toLowerCase()
          + (where.className ? '.' + where.className : '') + ' (' + Math.round(where.getBoundingClientRect().width) + ' px)');
      }
      break;
    }
  }
}
return found;
"""
)

#: Elements reaching past the right edge of the screen with no ancestor frame that scrolls or
#: clips them within the screen (the off-screen skip link is left of it, not counted).
OVERFLOWING = """
const width = document.documentElement.clientWidth;
const found = [];
const clipped = (element) => {
  for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
    const overflow = getComputedStyle(up).overflowX;
    if (overflow !== 'visible') return up.getBoundingClientRect().right <= width + 1;
  }
  return false;
};
for (const element of document.body.querySelectorAll('*')) {
  const box = element.getBoundingClientRect();
  if (box.width === 0 || box.height === 0 || box.right <= width + 1 || box.right <= 0) continue;
  if (!clipped(element)) found.push(element.tagName.toLowerCase() + (element.className ? '.' + element.className : '')
    + ': ' + (element.textContent || '').trim().slice(0, 40));
}
return found.slice(0, 5).concat([document.documentElement.scrollWidth > width ? 'page ' + document.documentElement.scrollWidth : []].flat());
"""

BADGE_SHOWN = """
const badge = [...document.querySelectorAll('.unread-count')].find(b => b.getClientRects().length);
if (!badge) return false;
const box = badge.getBoundingClientRect();
return box.left >= 0 && box.right <= document.documentElement.clientWidth && box.top >= 0 && box.bottom <= window.innerHeight;
"""


def give_unread_notification(session, username: str) -> None:
    """A copy of a notification the seed raised, for a user the seed told nothing."""
    from planner.accounts.models import User
    from planner.notifications.models import Notification

    user = session.scalar(select(User).where(User.username == username))
    model = session.scalars(select(Notification).order_by(Notification.id)).first()
    session.add(
        Notification(
            user_id=user.id,
            kind=model.kind,
            subject_type=model.subject_type,
            subject_id=model.subject_id,
            actor_id=model.actor_id,
            data=dict(model.data or {}),
        )
    )
    session.commit()


def every_page(session) -> list[str]:
    """The main pages of the layout test and the others a person reaches from the menu."""
    from planner.agreements.models import Agreement, Institution
    from planner.maps.models import Site

    agreement = session.scalars(select(Agreement).order_by(Agreement.id)).first()
    institution = session.scalars(select(Institution).order_by(Institution.id)).first()
    site = session.scalars(select(Site).order_by(Site.id)).first()
    return main_pages(session) + [
        "/notifications",
        "/plans/new",
        f"/plans/new?agreement={agreement.id}",
        f"/agreements/{agreement.id}/plans/new",
        "/agreements/new",
        f"/institutions/{institution.id}",
        f"/sites/{site.id}",
        "/account/password",
        "/admin/users/new",
        "/api-reference",
    ]


def measure(browser, paths: list[str]) -> dict[str, dict]:
    """Per page, what is wrong with it at phone width (nothing: left out)."""
    wrong = {}
    for path in paths:
        browser.open(path)
        found = {
            "broken words": browser.driver.execute_script(BROKEN_WORDS),
            "overflowing": browser.driver.execute_script(OVERFLOWING),
            "badge hidden": not browser.driver.execute_script(BADGE_SHOWN),
        }
        found = {what: value for what, value in found.items() if value}
        if found:
            wrong[path] = found
    return wrong


@pytest.mark.parametrize("language", ["en", "az", "kk", "ru"])
def test_every_main_page_fits_a_phone_in_each_language(browser, demo, language):
    give_unread_notification(demo.session, "admin")
    paths = every_page(demo.session)
    browser.log_in("admin", DEMO_PASSWORD)
    browser.click(f".language-switcher button[value={language}]")
    browser.driver.set_window_size(PHONE, 900)
    try:
        wrong = measure(browser, paths)
    finally:
        browser.driver.set_window_size(1280, 1000)
    assert wrong == {}


def test_the_memorandum_preview_shows_one_language_at_a_time_on_a_phone(browser, demo):
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "planner" / "demo" / "ganja_aziret_sultan_mou.txt").read_text()
    browser.log_in("curator", DEMO_PASSWORD)
    browser.click(".language-switcher button[value=ru]")
    browser.driver.set_window_size(PHONE, 900)
    try:
        browser.open("/agreements/new")
        browser.driver.execute_script("document.getElementById('text').value = arguments[0];", text)
        browser.click("button[value=preview]")
        shown = lambda: {  # noqa: E731
            cell.get_attribute("lang")
            for cell in browser.find_all(".side-by-side-table tbody td")
            if cell.is_displayed()
        }
        assert shown() == {"ru"}
        tabs = [label for label in browser.find_all(".tab-labels label") if label.is_displayed()]
        assert len(tabs) >= 3
        browser.find(".tab-labels label[lang=kk]").click()
        assert shown() == {"kk"}
        assert measure(browser, []) == {}
        assert browser.driver.execute_script(BROKEN_WORDS) == []
        assert browser.driver.execute_script(OVERFLOWING) == []
    finally:
        browser.driver.set_window_size(1280, 1000)
    browser.driver.set_window_size(1280, 1000)
    assert (
        len(
            {
                cell.get_attribute("lang")
                for cell in browser.find_all(".side-by-side-table tbody td")
                if cell.is_displayed()
            }
        )
        >= 3
    )


def test_a_wide_table_scrolls_in_its_frame_with_its_first_column_fixed(browser, demo):
    from planner.plans.models import Plan

    plan = demo.session.scalar(select(Plan).where(Plan.title["en"].as_string() == "Ganja: a city on the Silk Road"))
    browser.log_in("curator", DEMO_PASSWORD)
    browser.driver.set_window_size(PHONE, 900)
    try:
        browser.open(f"/plans/{plan.id}")
        moved = browser.driver.execute_script(
            """
            const frame = document.querySelector('#objects ~ .table-scroll');
            const first = frame.querySelector('tbody td:first-child'), second = frame.querySelector('tbody td:nth-child(2)');
            const before = [first.getBoundingClientRect().left, second.getBoundingClientRect().left];
            const wider = frame.scrollWidth > frame.clientWidth;
            frame.scrollLeft = 150;
            return [wider, first.getBoundingClientRect().left - before[0], second.getBoundingClientRect().left - before[1]];
            """
        )
    finally:
        browser.driver.set_window_size(1280, 1000)
    wider, first_moved, second_moved = moved
    assert wider and abs(first_moved) < 1 and second_moved < -100


def test_a_table_no_template_wrapped_is_its_own_scroll_frame(browser, demo):
    """A page added later with a bare <table> still keeps the screen's width on a phone."""
    browser.log_in("staff", DEMO_PASSWORD)
    browser.driver.set_window_size(PHONE, 900)
    try:
        browser.open("/")
        browser.driver.execute_script(
            """
            const table = document.createElement('table');
            const row = table.insertRow();
            for (let i = 0; i < 12; i++) row.insertCell().textContent = 'Экспонаттар' + i;
            document.querySelector('main').appendChild(table);
            """
        )
        assert browser.driver.execute_script(OVERFLOWING) == []
    finally:
        browser.driver.set_window_size(1280, 1000)
