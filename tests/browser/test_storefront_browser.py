"""Headless Chromium (Debian's, through Playwright) on a real server thread and committed data.

Switches the language on a product page, changes currency and destination with the header form
(CSRF on), searches in Chinese, and saves screenshots of the ``ar`` and ``zh-hant`` product pages
to ``test-artifacts/``. The live server, its database and the browser come from conftest.py.
"""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from sqlalchemy import select

from catalog.models import Product
from catalog.translation import translated_field
from storefront.extensions import db

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def duck_texts(live_app) -> tuple[dict[str, str], dict[str, str]]:
    """The demo duck's slugs and names in the locales the test visits."""
    with live_app.app_context():
        duck = db.session.scalars(select(Product).where(Product.code == "linwu-braised-duck")).one()
        slugs = {code: translated_field(duck, "slug", code) for code in ("en", "zh-hant", "ar")}
        names = {
            code: translated_field(duck, "name", code) for code in ("en", "zh-hans", "zh-hant")
        }
        db.session.remove()
    return slugs, names


def test_language_currency_destination_and_chinese_search(
    live_server, browser, duck_texts, screenshot_dir
):
    base = live_server
    slugs, names = duck_texts
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
        page.screenshot(path=str(screenshot_dir / "product-zh-hant.png"), full_page=True)

        # Arabic: right to left, prices isolated in <bdi>.
        page.goto(f"{base}/ar/products/{slugs['ar']}")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator(".variants td.price bdi").count() >= 1
        page.screenshot(path=str(screenshot_dir / "product-ar.png"), full_page=True)

        # Search in Chinese from the header box: one character finds the duck.
        page.goto(f"{base}/zh-hans/")
        page.fill("#site-search", "鸭")
        page.press("#site-search", "Enter")
        page.wait_for_load_state()
        assert "/zh-hans/search" in page.url
        assert page.get_by_role("heading", name=names["zh-hans"]).first.is_visible()
        page.screenshot(path=str(screenshot_dir / "search-zh-hans.png"), full_page=True)
    finally:
        page.close()
    assert (screenshot_dir / "product-ar.png").stat().st_size > 10_000
    assert (screenshot_dir / "product-zh-hant.png").stat().st_size > 10_000
