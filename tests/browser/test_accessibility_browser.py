"""axe-core on the buyer's pages (WCAG 2.1 AA), desktop and 390 px, in en, ar and zh-hant,
with screenshots of each."""

from __future__ import annotations

import pytest

from catalog import queries
from catalog.models import Product
from catalog.translation import translated_field
from storefront.extensions import db
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _paths(live_app, locale):
    with live_app.app_context():
        products = list(
            db.session.scalars(queries.visible_products().order_by(Product.code)).unique()
        )
        product = next(p for p in products if any(v.stock > 0 for v in p.variants))
        paths = {
            "home": f"/{locale}/?ship_to=GB&currency=GBP",
            "products": f"/{locale}/products/",
            "product": f"/{locale}/products/{translated_field(product, 'slug', locale)}",
            "county": f"/{locale}/counties/{translated_field(product.county, 'slug', locale)}",
            "counties": f"/{locale}/counties/",
            "brands": f"/{locale}/brands/",
            "search": f"/{locale}/search?q=duck",
            "delivery": f"/{locale}/delivery",
            "returns": f"/{locale}/returns",
            "contact": f"/{locale}/contact",
            "login": f"/{locale}/account/login",
            "lookup": f"/{locale}/account/orders/lookup",
            "order-not-found": f"/{locale}/orders/CZ000000-NOPE00",
        }
        db.session.remove()
    return paths


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("locale", ["en", "ar", "zh-hant"])
def test_the_buyers_pages_pass_axe(
    live_app, live_server, browser, screenshot_dir, locale, viewport
):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    for name, path in _paths(live_app, locale).items():
        page.goto(f"{live_server}{path}")
        assert_accessible(page, f"{locale} {viewport} {name}")
        if name in ("home", "product", "delivery"):
            page.screenshot(path=str(screenshot_dir / f"a11y-{name}-{locale}-{viewport}.png"))
        if name == "product":
            page.click("form.add-to-cart button[type=submit]")
            assert_accessible(page, f"{locale} {viewport} cart")
            page.screenshot(path=str(screenshot_dir / f"a11y-cart-{locale}-{viewport}.png"))
            page.goto(f"{live_server}/{locale}/checkout")
            page.click("form.checkout-form button[type=submit]")  # every error at once
            assert_accessible(page, f"{locale} {viewport} checkout with errors")
            page.screenshot(
                path=str(screenshot_dir / f"a11y-checkout-{locale}-{viewport}.png"),
                full_page=True,
            )
    context.close()
