"""Headless Chromium (Debian's, through Playwright) on a real server thread and committed data.

Switches the language on a product page, changes currency and destination with the header form
(CSRF on), searches in Chinese, and saves screenshots of the ``ar`` and ``zh-hant`` product pages
to ``test-artifacts/``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from flask_migrate import upgrade
from sqlalchemy import select
from werkzeug.serving import make_server

from catalog.demo.loader import load_demo_catalog
from catalog.models import Product
from catalog.translation import translated_field
from storefront import create_app
from storefront.extensions import db

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory) -> Iterator[tuple[str, dict[str, str], dict[str, str]]]:
    """Serve a freshly migrated, demo-loaded SQLite shop; yield (base URL, slugs, names)."""
    database = tmp_path_factory.mktemp("browser") / "shop.sqlite3"
    app = create_app(
        {
            "SECRET_KEY": "browser-test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "WTF_CSRF_ENABLED": True,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade()
        load_demo_catalog(db.session)
        db.session.commit()
        duck = db.session.scalars(select(Product).where(Product.code == "linwu-braised-duck")).one()
        slugs = {code: translated_field(duck, "slug", code) for code in ("en", "zh-hant", "ar")}
        names = {
            code: translated_field(duck, "name", code) for code in ("en", "zh-hans", "zh-hant")
        }
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", slugs, names
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def test_language_currency_destination_and_chinese_search(live_server, browser):
    base, slugs, names = live_server
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{base}/en/products/{slugs['en']}")
        assert page.locator("h1").inner_text() == names["en"]

        # Language switcher: same product, Traditional Chinese slug and name.
        page.click('.language-switcher a[hreflang="zh-Hant"]')
        page.wait_for_load_state()
        assert unquote(page.url).endswith(f"/zh-hant/products/{slugs['zh-hant']}")
        assert page.locator("html").get_attribute("lang") == "zh-Hant"
        assert page.locator("h1").inner_text() == names["zh-hant"]

        # Currency and destination through the header form (a real CSRF token is posted).
        page.select_option("#currency", "USD")
        page.select_option("#ship_to", "GB")
        page.click(".preferences button[type=submit]")
        page.wait_for_load_state()
        assert unquote(page.url).endswith(f"/zh-hant/products/{slugs['zh-hant']}")
        assert page.locator("#currency").input_value() == "USD"
        assert page.locator(".variants .approx").first.is_visible()
        assert "US$" in page.locator(".variants .approx").first.inner_text()
        assert page.locator(".rate-note").is_visible()
        assert page.locator("#destination.notice-blocked").is_visible()
        page.screenshot(path=str(ARTIFACTS / "product-zh-hant.png"), full_page=True)

        # Arabic: right to left, prices isolated in <bdi>.
        page.goto(f"{base}/ar/products/{slugs['ar']}")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator(".variants td.price bdi").count() >= 1
        page.screenshot(path=str(ARTIFACTS / "product-ar.png"), full_page=True)

        # Search in Chinese from the header box: one character finds the duck.
        page.goto(f"{base}/zh-hans/")
        page.fill("#site-search", "鸭")
        page.press("#site-search", "Enter")
        page.wait_for_load_state()
        assert "/zh-hans/search" in page.url
        assert page.get_by_role("heading", name=names["zh-hans"]).first.is_visible()
        page.screenshot(path=str(ARTIFACTS / "search-zh-hans.png"), full_page=True)
    finally:
        page.close()
    assert (ARTIFACTS / "product-ar.png").stat().st_size > 10_000
    assert (ARTIFACTS / "product-zh-hant.png").stat().st_size > 10_000
