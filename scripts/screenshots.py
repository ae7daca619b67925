"""`make screenshots`: PNGs of the main pages, in English and Russian, into docs/screenshots/.

Serves the demo data from an in-memory database on 127.0.0.1 and drives Debian's headless
Chromium (never a downloaded browser)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from werkzeug.serving import make_server

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "screenshots-only"


def serve():
    import flask_migrate
    from sqlalchemy import select

    from config import TestConfig
    from planner import create_app
    from planner.demo.seed import seed
    from planner.extensions import db
    from planner.plans.models import Plan

    app = create_app(TestConfig)
    with app.app_context():
        flask_migrate.upgrade()
        seed(PASSWORD)
        plans = db.session.scalars(select(Plan)).all()
        route = next(p for p in plans if p.kind == "heritage_route")
        exhibition = next(p for p in plans if p.kind == "exhibition")
        pages = {
            "dashboard": "/",
            "agreement": f"/agreements/{route.agreement_id}",
            "article-versions": f"/agreements/{route.agreement_id}/articles/4",
            "plan": f"/plans/{exhibition.id}",
            "month-calendar": "/calendar?month=2026-12",
            "heritage-route-map": f"/plans/{route.id}/map",
        }
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}", pages


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        "--hide-scrollbars",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def main() -> None:
    from selenium.webdriver.common.by import By

    server, base, pages = serve()
    driver = browser()
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        driver.get(base + "/login")
        driver.find_element(By.ID, "username").send_keys("curator")
        driver.find_element(By.ID, "password").send_keys(PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "button.primary").click()
        time.sleep(0.5)
        for language in ("en", "ru"):
            driver.find_element(By.CSS_SELECTOR, f".language-switcher button[value={language}]").click()
            time.sleep(0.5)
            for name, path in pages.items():
                driver.get(base + path)
                time.sleep(1.0 if "map" in name else 0.3)
                target = OUT / f"{name}-{language}.png"
                driver.save_screenshot(str(target))
                print(target.relative_to(OUT.parent.parent))
    finally:
        driver.quit()
        server.shutdown()


if __name__ == "__main__":
    main()
