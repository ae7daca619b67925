"""A live server on 127.0.0.1 and a headless Chromium from Debian's packages (never downloaded).

Without /usr/bin/chromium the browser tests are skipped with a message, except when
REQUIRE_BROWSER=1 or CI=true: then a missing browser fails the run."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER") == "1" or os.environ.get("CI") == "true"


@pytest.fixture(scope="session")
def chromium():
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        message = "Chromium not found: apt-get install -y chromium chromium-driver"
        if browser_required():
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1000",
        "--lang=en-US",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture()
def live_server(app, demo):
    """The app served on a free port of 127.0.0.1 in a thread, over the test database."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture()
def browser(chromium, live_server):
    """The browser, cleaned between tests; each test ends checking the console and the assets."""
    chromium.get(live_server + "/healthz")  # cookies are per host, not per port: clear this host's
    chromium.delete_all_cookies()
    chromium.get_log("browser")
    chromium.get_log("performance")
    yield Browser(chromium, live_server)
    assert_no_console_errors(chromium)


def assert_no_console_errors(driver) -> None:
    """Fail on any JavaScript error, CSP violation or failed request for a page asset."""
    import json

    errors = [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE" and not _expected_page_status(entry["message"])
    ]
    failed = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.loadingFailed" and message["params"].get("type") in (
            "Script",
            "Stylesheet",
            "Image",
            "Font",
        ):
            failed.append(message["params"].get("errorText"))
    assert errors == [], errors
    assert failed == [], failed


def _expected_page_status(message: str) -> bool:
    """A form answered with 400 (errors next to the fields) or a 404 page is the page itself
    speaking, not a broken asset; assets live under /static/ and are checked separately."""
    return (
        "Failed to load resource" in message
        and "/static/" not in message
        and ("status of 400" in message or "status of 404" in message)
    ) or "favicon.ico" in message


class Browser:
    """A thin helper over the WebDriver: the steps a person takes."""

    def __init__(self, driver, base_url: str):
        self.driver, self.base_url = driver, base_url

    def open(self, path: str):
        self.driver.get(self.base_url + path)
        return self

    def find(self, css: str):
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str):
        from selenium.webdriver.common.by import By

        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def type(self, css: str, text: str):
        field = self.find(css)
        field.clear()
        field.send_keys(text)

    def click(self, css: str):
        """Click, and when the click loads a new page, wait until it has."""
        old_page = self.find("html")
        self.find(css).click()
        with contextlib.suppress(Exception):  # the click did not navigate (e.g. it opened a popup): carry on
            self.wait_replaced(old_page)

    def wait_replaced(self, old_page, seconds: int = 10) -> None:
        """Until the page whose root element is `old_page` has been left for the next one.
        Chromium may answer a question about a node of the page being left with an inspector
        error ("Node with given id does not belong to the document") rather than a stale
        reference (Selenium's `staleness_of` lets that through): both mean the page is gone."""
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.support.ui import WebDriverWait

        def replaced(_driver) -> bool:
            try:
                old_page.is_enabled()
            except WebDriverException:  # StaleElementReferenceException is one
                return True
            return False

        WebDriverWait(self.driver, seconds).until(replaced)

    def set_value(self, css: str, value: str):
        """Date and time inputs take their value in ISO form whatever the browser's locale."""
        self.driver.execute_script("arguments[0].value = arguments[1];", self.find(css), value)

    def select(self, css: str, visible_text: str):
        from selenium.webdriver.support.ui import Select

        Select(self.find(css)).select_by_visible_text(visible_text)

    def text(self) -> str:
        return self.find("body").text

    def log_in(self, username: str, password: str):
        self.open("/login")
        self.type("#username", username)
        self.type("#password", password)
        self.click("button.primary")
        assert "/login" not in self.driver.current_url, self.text()[:500]
        return self

    def wait_for(self, css: str, timeout: float = 10):
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, timeout).until(
            expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
        )
