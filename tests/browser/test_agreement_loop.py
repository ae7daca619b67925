"""The agreement loop in headless Chromium, in each of the four languages: the Ganja curator
drafts a plan and proposes it, the Turkestan curator requests changes with a comment, the plan
is changed and proposed again, both parties approve, the project agreement is downloaded as a
PDF, each party uploads its signed copy, and the plan shows "Signed" with the date.

The words checked on the pages come from the catalogs of the language the users switched to,
never written here in English."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime
from io import BytesIO

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlalchemy import select

from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

TITLE = "Ceramics of Ganja and Turkestan"
CHANGE_REQUEST = "Please add the opening in Turkestan on 1 June 2027."
#: The browser's own request for the PDF, with its session cookie, as the form's button sends it.
FETCH_AS_BASE64 = """
const done = arguments[arguments.length - 1];
const form = document.querySelector(arguments[0]);
const query = new URLSearchParams(new FormData(form)).toString();
fetch(form.action + '?' + query, {credentials: 'same-origin'})
  .then(answer => answer.blob().then(blob => [answer, blob]))
  .then(([answer, blob]) => {
    const reader = new FileReader();
    reader.onload = () => done({status: answer.status, type: answer.headers.get('Content-Type'),
                                body: reader.result.split(',')[1]});
    reader.readAsDataURL(blob);
  })
  .catch(failure => done({status: 0, type: String(failure), body: ''}));
"""


def catalog_words(app, language: str) -> dict[str, str]:
    """The page's words in `language`, as the app's catalogs and formats give them."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    from planner.templating import long_date
    from planner.vocabulary import status_label

    with app.test_request_context("/"), force_locale(language):
        return {
            "draft": status_label("draft"),
            "proposed": status_label("proposed"),
            "changes_requested": status_label("changes_requested"),
            "approved": status_label("approved"),
            "created": _("The plan is created."),
            "added": _("Added."),
            "proposed_flash": _("The plan is proposed to the partners."),
            "requested_flash": _("Your request for changes is sent to the lead institution."),
            "approved_flash": _("Your approval is recorded."),
            "stored_flash": _("The signed copy is stored."),
            "page": _("Page %(page)s of %(pages)s"),
            "signed": _("Signed on %(date)s", date=long_date(datetime.now(UTC).date())),
        }


def squeezed(text: str) -> str:
    """Text without its spaces and line breaks (PDF extraction and the page differ in both)."""
    return re.sub(r"\s+", "", text)


class Journey:
    """The steps of one person after another in the same browser, in one language."""

    def __init__(self, browser, language: str, words: dict[str, str]):
        self.browser, self.language, self.words = browser, language, words

    def log_in_as(self, username: str) -> None:
        """Log out whoever is in, log in, and switch to the journey's language as a user does."""
        if self.browser.find_all("form.logout button"):
            self.browser.click("form.logout button")
        self.browser.log_in(username, DEMO_PASSWORD)
        self.browser.click(f".language-switcher button[value={self.language}]")
        assert self.browser.find("html").get_attribute("lang") == self.language

    def open(self, path: str) -> None:
        self.browser.open(path)
        assert self.browser.find("html").get_attribute("lang") == self.language

    def status(self) -> str:
        """The plan's own status badge (the first badge after the kind chip)."""
        return self.browser.find("main p .chip + .badge").text

    def said(self, key: str) -> None:
        """The flash message of the last step, in the journey's language."""
        assert self.words[key] in self.browser.text(), (key, self.browser.text()[:800])


def test_draft_to_signed_in_each_language(browser, demo, app, tmp_path, monkeypatch, language):
    from planner.agreements.models import Agreement
    from planner.maps.models import Site
    from planner.plans.models import Plan

    monkeypatch.setitem(app.config, "ATTACHMENTS_FOLDER", str(tmp_path / "attachments"))
    monkeypatch.setitem(app.config, "ATTACHMENTS_S3_BUCKET", "")
    words = catalog_words(app, language)
    agreement = next(a for a in demo.session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    turkestan = next(s for s in demo.session.scalars(select(Site)) if "Yasawi" in s.name["en"])
    journey = Journey(browser, language, words)

    # The Ganja curator drafts the plan from Article 5 and gives it a venue.
    journey.log_in_as("curator")
    journey.open(f"/agreements/{agreement.id}/articles/5")
    browser.click("a.button[href*='kind=exhibition']")
    browser.type("#title-en", TITLE)
    browser.click("button.primary")
    journey.said("created")
    assert journey.status() == words["draft"]
    path = browser.driver.current_url.removeprefix(browser.base_url)
    assert browser.driver.title.startswith(TITLE) and "<" not in browser.driver.title
    browser.click("nav.actions a[href$='/edit']")
    Select(browser.find("#venues-site_id")).select_by_value(str(turkestan.id))
    browser.set_value("#venues-opens_on", "2027-06-01")
    browser.set_value("#venues-closes_on", "2027-07-15")
    browser.click("#venues form.part-form button[type=submit]")
    journey.said("added")
    journey.open(path)
    browser.click("form[action$='/proposal'] button")
    journey.said("proposed_flash")
    assert journey.status() == words["proposed"]

    # The Turkestan curator asks for the opening, with a comment.
    journey.log_in_as("curator-turkestan")
    journey.open(path)
    browser.type("#comment", CHANGE_REQUEST)
    browser.click("form[action$='/change-requests'] button")
    journey.said("requested_flash")
    assert journey.status() == words["changes_requested"]
    assert CHANGE_REQUEST in browser.find(".discussion .change-request").text

    # The Ganja curator reads the request, adds the opening and proposes the plan again.
    journey.log_in_as("curator")
    journey.open(path)
    assert journey.status() == words["changes_requested"]
    assert CHANGE_REQUEST in browser.find(".warning blockquote").text
    journey.open(path + "/events/new")
    browser.type("#title-en", "Opening in Turkestan")
    Select(browser.find("#kind")).select_by_value("opening")
    browser.set_value("#starts_local", "2027-06-01T17:00")
    browser.set_value("#ends_local", "2027-06-01T19:00")
    browser.click("button.primary")
    journey.open(path)
    assert "Opening in Turkestan" in browser.find("section[aria-labelledby=events]").text
    browser.click("form[action$='/proposal'] button")
    journey.said("proposed_flash")
    assert journey.status() == words["proposed"]
    assert not browser.find_all("form[action$='/proposal']")  # proposed once, nothing left to propose
    browser.click(".approval button.primary")
    journey.said("approved_flash")

    # The Turkestan curator approves the same version: both parties have.
    journey.log_in_as("curator-turkestan")
    journey.open(path)
    browser.click(".approval button.primary")
    journey.said("approved_flash")
    assert journey.status() == words["approved"]
    assert len(browser.find_all(".approval li .badge.status-approved")) == 2
    assert not browser.find_all(".approval .warning")

    # The project agreement, in the journey's language first, downloaded through the browser.
    pdf_form = "form[action$='/agreement.pdf']"
    first, second = browser.find_all(f"{pdf_form} select[name=languages]")
    Select(first).select_by_value(language)
    if language != "en":
        Select(second).select_by_value("en")
    answer = browser.driver.execute_async_script(FETCH_AS_BASE64, pdf_form)
    assert (answer["status"], answer["type"]) == (200, "application/pdf"), answer["type"]
    assert_the_project_agreement(base64.b64decode(answer["body"]), words["page"])

    # Each party uploads the scan of its signed copy: Turkestan a PNG, Ganja a PDF.
    upload_signed_copy(journey, signed_scan_png(tmp_path))
    assert words["signed"] not in browser.text()  # one party's copy is not yet "Signed"
    journey.log_in_as("curator")
    journey.open(path)
    upload_signed_copy(journey, signed_scan_pdf(tmp_path))
    assert words["signed"] in browser.find("main p .chip").find_element(By.XPATH, "..").text
    assert words["signed"] in browser.find("#signed-copies").text
    assert len(browser.find_all("#signed-copies li a[download]")) == 2

    demo.session.expire_all()
    plan = demo.session.get(Plan, int(path.split("/")[2]))
    assert plan.status == "approved" and len(plan.signed_copies) == 2
    assert {copy.institution_id for copy in plan.signed_copies} == set(agreement.institution_ids)
    assert list((tmp_path / "attachments").rglob("*"))  # the copies are in the test's folder


@pytest.fixture(params=["en", "az", "kk", "ru"])
def language(request) -> str:
    return request.param


def assert_the_project_agreement(body: bytes, page_x_of_y: str) -> None:
    """A real PDF with the plan's title, and "Page 1 of n" in English and in the journey's
    language on its first page."""
    from pypdf import PdfReader

    assert body.startswith(b"%PDF-")
    pages = [squeezed(page.extract_text()) for page in PdfReader(BytesIO(body)).pages]
    assert squeezed(TITLE) in "".join(pages)
    for words in ("Page %(page)s of %(pages)s", page_x_of_y):
        assert squeezed(words % {"page": 1, "pages": len(pages)}) in pages[0], pages[0][-400:]


def upload_signed_copy(journey: Journey, scan) -> None:
    """The file input takes the scan's path, as a person picks the file."""
    browser = journey.browser
    browser.find("#signed-copy-file").send_keys(str(scan))
    browser.click("#signed-copies form button[type=submit]")
    WebDriverWait(browser.driver, 10).until(expected_conditions.url_contains("#signed-copies"))
    journey.said("stored_flash")
    assert scan.name in browser.find("#signed-copies").text


def signed_scan_png(tmp_path):
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(picture).text((20, 90), "Signed: Aziret Sultan", fill="black")
    scan = tmp_path / "signed-turkestan.png"
    picture.save(scan, format="PNG")
    return scan


def signed_scan_pdf(tmp_path):
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text="Signed: Ganja State Historical and Cultural Reserve")
    scan = tmp_path / "signed-ganja.pdf"
    scan.write_bytes(bytes(document.output()))
    return scan
