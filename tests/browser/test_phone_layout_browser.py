"""A 390 px phone in en and ar: nothing wider than the screen, the product title on the first
screen, the pack selector's price in order in Arabic."""

from __future__ import annotations

import pytest

from catalog import queries
from catalog.models import Product
from catalog.translation import translated_field
from storefront.extensions import db

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _slug(live_app, locale):
    with live_app.app_context():
        products = list(
            db.session.scalars(queries.visible_products().order_by(Product.code)).unique()
        )
        product = next(p for p in products if any(v.stock > 0 for v in p.variants))
        slug = translated_field(product, "slug", locale)
        db.session.remove()
    return slug


def _assert_fits(page, what):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what}: {width} px wide"


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_a_phone_sees_the_shop_without_sideways_scrolling(
    live_app, live_server, browser, screenshot_dir, locale
):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    slug = _slug(live_app, locale)
    page.goto(f"{live_server}/{locale}/?ship_to=GB&currency=GBP")
    _assert_fits(page, "home")
    page.screenshot(path=str(screenshot_dir / f"phone-home-{locale}.png"))
    page.goto(f"{live_server}/{locale}/products/{slug}")
    _assert_fits(page, "product")
    page.screenshot(path=str(screenshot_dir / f"phone-product-top-{locale}.png"))
    title = page.locator("main h1").bounding_box()
    assert title["y"] + title["height"] < PHONE["height"] * 0.5, "title below the first half"
    assert not page.locator("#site-search").is_visible()  # folded behind "Menu"
    page.click("#header-tools > summary")
    assert page.locator("#site-search").is_visible()
    _assert_fits(page, "menu open")
    page.click("#header-tools > summary")
    page.screenshot(path=str(screenshot_dir / f"phone-product-{locale}.png"))
    option = page.locator("#variant_id option").first.inner_text()
    assert "\u2068" in option and "\u2069" in option  # weight and price isolated (RTL-safe)
    page.click("form.add-to-cart button[type=submit]")
    page.wait_for_url(f"**/{locale}/cart")  # the cart page has loaded before it is measured
    page.wait_for_load_state()
    assert page.url.endswith(f"/{locale}/cart")
    _assert_fits(page, "cart")
    total = page.locator(".cart-total .total").bounding_box()
    assert total["x"] >= 0 and total["x"] + total["width"] <= PHONE["width"]
    page.screenshot(path=str(screenshot_dir / f"phone-cart-{locale}.png"), full_page=True)
    page.goto(f"{live_server}/{locale}/checkout")
    _assert_fits(page, "checkout")
    page.screenshot(path=str(screenshot_dir / f"phone-checkout-{locale}.png"), full_page=True)
    context.close()
