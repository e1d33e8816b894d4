"""Buyers in a real browser: a French buyer pays for two cooperatives' goods; a Hong Kong
Chinese reader learns why cooked duck cannot go to the United Kingdom."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from catalog import queries
from catalog.eligibility import blocked_classes, eligibility_for
from catalog.models import ProducerKind, Product, ProductClass
from catalog.translation import translated_field
from storefront.checkout.cart import sellable_limit
from storefront.extensions import db
from storefront.orders.models import Order

pytestmark = pytest.mark.browser


def _products(live_app):
    """Two in-stock products of two cooperatives that may go to Singapore, and a cooked duck."""
    with live_app.app_context():
        session = db.session
        blocked = blocked_classes(session, "SG")
        products = list(session.scalars(queries.visible_products().order_by(Product.code)).unique())
        for_singapore, producers = [], set()
        for product in products:
            if product.product_class in blocked or product.producer_id in producers:
                continue
            if product.producer.kind is not ProducerKind.COOPERATIVE:
                continue
            if any(sellable_limit(v) > 0 for v in product.variants):
                for_singapore.append(
                    (
                        translated_field(product, "slug", "fr"),
                        translated_field(product, "name", "fr"),
                    )
                )
                producers.add(product.producer_id)
            if len(for_singapore) == 2:
                break
        duck = next(p for p in products if p.product_class is ProductClass.COOKED_POULTRY)
        duck_slug = translated_field(duck, "slug", "zh-hant")
        reason = eligibility_for(session, ProductClass.COOKED_POULTRY, "GB", "zh-hant").reason
        db.session.remove()
    assert len(for_singapore) == 2
    return for_singapore, duck_slug, reason


def test_a_french_buyer_pays_two_cooperatives_in_the_sandbox(
    live_app, live_server, browser, screenshot_dir
):
    for_singapore, _duck, _reason = _products(live_app)
    page = browser.new_page(locale="fr-FR")
    for slug, _name in for_singapore:
        page.goto(f"{live_server}/fr/products/{slug}")
        page.click("form.add-to-cart button[type=submit]")
        assert page.url.endswith("/fr/cart")
    assert page.locator(".producer-group").count() == 2

    page.click("a.button[href='/fr/checkout']")
    page.fill("#email", "amelie.laurent@example.fr")
    page.fill("#recipient_name", "Amélie Laurent")
    page.fill("#phone", "+65 6123 4567")
    page.select_option("#country", "SG")
    page.fill("#street_address", "10 Bayfront Avenue")
    page.fill("#postal_code", "018956")
    page.click("form.checkout-form button[type=submit]")
    assert page.url.endswith("/fr/checkout/review")
    assert page.locator("input[name=shipping_method]").count() >= 1
    page.check("input[value=international_express]")
    page.screenshot(path=str(screenshot_dir / "checkout-review-fr.png"), full_page=True)
    page.click("#place-order")

    assert "/fr/payments/sandbox/" in page.url
    assert page.locator(".sandbox-banner").is_visible()
    page.click("#sandbox-pay")

    number = page.locator("#order-number").inner_text()
    assert page.url.endswith(f"/fr/orders/{number}")
    assert page.locator(".sub-order").count() == 2
    page.screenshot(path=str(screenshot_dir / "order-paid-fr.png"), full_page=True)
    with live_app.app_context():
        order = db.session.scalars(select(Order).where(Order.number == number)).one()
        assert (order.status.value, order.payment_status.value, order.locale) == (
            "confirmed",
            "paid",
            "fr",
        )
        assert {line.product_name for line in order.lines} == {
            name for _slug, name in for_singapore
        }
        outbox = live_app.extensions["mailer"].outbox  # shared by the session's browser tests
        assert len([mail for mail in outbox if number in mail["Subject"]]) == 1
        db.session.remove()
    page.close()


def test_a_zh_hant_buyer_is_told_why_cooked_duck_cannot_go_to_the_uk(
    live_app, live_server, browser, screenshot_dir
):
    _for_singapore, duck_slug, reason = _products(live_app)
    page = browser.new_page(locale="zh-HK")
    page.goto(f"{live_server}/zh-hant/products/{duck_slug}")
    page.click("form.add-to-cart button[type=submit]")
    page.goto(f"{live_server}/zh-hant/checkout")
    page.fill("#email", "chan@example.hk")
    page.fill("#recipient_name", "陳家豪")
    page.fill("#phone", "+44 20 7946 0000")
    page.select_option("#country", "GB")
    page.fill("#street_address", "221B Baker Street")
    page.fill("#city", "London")
    page.fill("#postal_code", "NW1 6XE")
    page.click("form.checkout-form button[type=submit]")

    refusal = page.locator("#destination-refused")
    assert refusal.is_visible()
    assert reason in refusal.inner_text()
    assert page.input_value("#street_address") == "221B Baker Street"  # nothing typed is lost
    page.screenshot(path=str(screenshot_dir / "checkout-refused-zh-hant.png"), full_page=True)
    page.close()
