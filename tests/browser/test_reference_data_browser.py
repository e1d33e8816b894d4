"""The console's reference data in a browser: the operator edits a shipping rate in its row (in
English and Arabic, on a desktop and a 390 px phone), a bad price is refused beside the field
with what was typed kept, the good one is saved; every reference page fits the screen, reads
right to left in Arabic, and passes axe's WCAG 2.1 AA rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from storefront.extensions import db
from storefront.shipping.models import ShippingMethod, ShippingRate
from tests.browser.conftest import assert_accessible
from tests.i18n import translated

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PRICE_MESSAGE = "A price from 0 to 1,000,000 CNY, e.g. 45.00."
REFERENCE_PAGES = (
    "admin/exchange-rates/",
    "admin/destination-rules/",
    "admin/customs/ports",
    "admin/bonded/showrooms",
    "admin/bonded/",
)


def _sign_in(page, live_server, locale):
    page.goto(f"{live_server}/{locale}/account/login")
    page.fill("#email", "admin@demo.test")
    page.fill("#password", "demo-password-2026")
    page.press("#password", "Enter")
    page.wait_for_load_state()


def _postal_rate(live_app) -> tuple[int, Decimal]:
    with live_app.app_context():
        rate = db.session.scalars(
            select(ShippingRate).where(
                ShippingRate.method == ShippingMethod.POSTAL_PARCEL,
                ShippingRate.country_code == "*",
                ShippingRate.max_weight_g == 1000,
            )
        ).one()
        found = rate.id, rate.price
        db.session.remove()
    return found


def _set_price(live_app, rate_id: int, price: Decimal) -> None:
    with live_app.app_context():
        db.session.get(ShippingRate, rate_id).price = price
        db.session.commit()
        db.session.remove()


def _fits(page, size, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"], f"{what}: {width} px wide"


@pytest.mark.parametrize("locale", ["en", "ar"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_operator_edits_a_shipping_rate_in_its_row(
    live_app, live_server, browser, screenshot_dir, locale, viewport
):
    rate_id, original = _postal_rate(live_app)
    size = PHONE if viewport == "phone" else DESKTOP
    context = browser.new_context(viewport=size, device_scale_factor=1, locale=locale)
    page = context.new_page()
    try:
        _sign_in(page, live_server, locale)
        page.goto(f"{live_server}/{locale}/admin/shipping-rates/")
        assert (page.locator("html").get_attribute("dir") == "rtl") is (locale == "ar")
        rows = page.locator("#rates tbody tr[id^='rates-r']").count()
        height = page.evaluate("document.documentElement.scrollHeight")
        page.screenshot(
            path=str(screenshot_dir / f"reference-rates-{locale}-{viewport}.png"), full_page=True
        )
        assert rows > 60
        if viewport == "desktop":  # one table instead of ~70 stacked forms (~10,000 px)
            assert height < 3_600, f"{height} px tall for {rows} rows"
        _fits(page, size, f"rates {locale} {viewport}")
        assert_accessible(page, f"rates {locale} {viewport}")

        page.select_option("#method", "postal_parcel")
        page.click(".filter-bar button[type=submit]")
        page.wait_for_load_state()
        assert page.locator("#rates tbody tr[id^='rates-r']").count() == 6
        row = page.locator(f"#rates-r{rate_id}")
        row.locator("a").first.click()
        page.wait_for_load_state()
        row = page.locator(f"#rates-r{rate_id}")
        assert row.get_attribute("class") == "editing"
        assert "method=postal_parcel" in page.url

        page.fill(f"#r{rate_id}-price", "-5")
        page.fill(f"#r{rate_id}-delivery_days_max", "30")
        row.locator("button[type=submit]").click()
        page.wait_for_load_state()
        error = page.locator(f"#r{rate_id}-price-error")
        message = translated(live_app, locale, PRICE_MESSAGE)
        assert error.inner_text().strip() == message
        assert locale == "en" or message != PRICE_MESSAGE
        assert page.input_value(f"#r{rate_id}-price") == "-5"
        assert page.input_value(f"#r{rate_id}-delivery_days_max") == "30"  # kept
        assert page.get_attribute(f"#r{rate_id}-price", "aria-invalid") == "true"
        _fits(page, size, f"rates error {locale} {viewport}")
        assert_accessible(page, f"rates error {locale} {viewport}")
        page.screenshot(
            path=str(screenshot_dir / f"reference-rate-refused-{locale}-{viewport}.png"),
            full_page=True,
        )

        page.fill(f"#r{rate_id}-price", "77.50")
        page.locator(f"#rates-r{rate_id} button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(".flash-success").count() == 1
        assert "method=postal_parcel" in page.url  # the filters stay
        saved = page.locator(f"#rates-r{rate_id}")
        assert saved.get_attribute("class") is None  # back to a plain row
        assert "77.50" in saved.inner_text()
        page.screenshot(
            path=str(screenshot_dir / f"reference-rate-saved-{locale}-{viewport}.png"),
            full_page=True,
        )
    finally:
        context.close()
        _set_price(live_app, rate_id, original)


@pytest.mark.parametrize("locale", ["ar", "zh-hant"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_reference_page_fits_reads_in_its_direction_and_is_accessible(
    live_server, browser, screenshot_dir, locale, viewport
):
    size = PHONE if viewport == "phone" else DESKTOP
    context = browser.new_context(viewport=size, device_scale_factor=1, locale=locale)
    page = context.new_page()
    _sign_in(page, live_server, locale)
    for path in REFERENCE_PAGES:
        page.goto(f"{live_server}/{locale}/{path}")
        assert (page.locator("html").get_attribute("dir") == "rtl") is (locale == "ar")
        assert page.locator(".console-nav [aria-current=page]").count() == 1, path
        _fits(page, size, f"{path} {locale} {viewport}")
        assert_accessible(page, f"{path} {locale} {viewport}")
        name = path.strip("/").replace("admin/", "").replace("/", "-")
        page.screenshot(
            path=str(screenshot_dir / f"reference-{name}-{locale}-{viewport}.png"), full_page=True
        )
        page.screenshot(  # the first screen, as the operator sees it
            path=str(screenshot_dir / f"reference-{name}-{locale}-{viewport}-screen.png")
        )
    # A row opened for editing: the destination rule's six reasons, Arabic right to left.
    page.goto(f"{live_server}/{locale}/admin/destination-rules/?country=GB")
    page.locator("#rules tbody tr[id^='rules-r'] a").first.click()
    page.wait_for_load_state()
    assert page.locator("tr.editing[id^=rules-r] textarea").count() == 6
    assert page.locator("tr.editing[id^=rules-r] textarea[lang=ar]").get_attribute("dir") == "rtl"
    _fits(page, size, f"rule edit {locale} {viewport}")
    assert_accessible(page, f"rule edit {locale} {viewport}")
    page.screenshot(
        path=str(screenshot_dir / f"reference-rule-edit-{locale}-{viewport}.png"), full_page=True
    )
    context.close()
