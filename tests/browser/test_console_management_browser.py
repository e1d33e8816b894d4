"""The console's management pages (producers with their credit record, complaints and negative
list; brands; users and roles; the audit log) in English and Arabic (right to left), on a
desktop and a 390 px phone: no sideways scrolling, axe's WCAG 2.1 AA rules, screenshots. And
the operator's journey: a negative-list entry refused without a reason, made, then undone."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _sign_in(page, live_server, locale):
    page.goto(f"{live_server}/{locale}/account/login")
    page.fill("#email", "admin@demo.test")
    page.fill("#password", "demo-password-2026")
    page.press("#password", "Enter")
    page.wait_for_load_state()


def _check(page, size, name, locale, viewport, screenshot_dir):
    assert (page.locator("html").get_attribute("dir") == "rtl") is (locale == "ar")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"], f"{name} {locale} {viewport}: {width} px wide"
    assert_accessible(page, f"{name} {locale} {viewport}")
    page.screenshot(
        path=str(screenshot_dir / f"console-mgmt-{name}-{locale}-{viewport}.png"), full_page=True
    )


@pytest.mark.parametrize("locale", ["en", "ar"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_management_pages_in_english_and_arabic(
    live_server, browser, screenshot_dir, locale, viewport
):
    size = PHONE if viewport == "phone" else DESKTOP
    context = browser.new_context(viewport=size, device_scale_factor=1, locale=locale)
    page = context.new_page()
    _sign_in(page, live_server, locale)
    page.goto(f"{live_server}/{locale}/admin/")
    for endpoint in ("producers/", "brands/", "users/", "audit/", "customs/"):
        assert page.locator(f'main a[href="/{locale}/admin/{endpoint}"]').count() >= 1, endpoint
    _check(page, size, "home", locale, viewport, screenshot_dir)

    page.goto(f"{live_server}/{locale}/admin/producers/")
    assert page.locator("#producers .credit-cell").count() >= 1
    _check(page, size, "producers", locale, viewport, screenshot_dir)
    page.locator("#producers tbody a").first.click()
    page.wait_for_load_state()
    assert page.locator("#credit-score").inner_text().isdigit()
    _check(page, size, "producer", locale, viewport, screenshot_dir)

    page.goto(f"{live_server}/{locale}/admin/brands/")
    _check(page, size, "brands", locale, viewport, screenshot_dir)
    page.locator("#brands tbody a").first.click()
    page.wait_for_load_state()
    _check(page, size, "brand", locale, viewport, screenshot_dir)
    page.goto(page.url + "/texts/ar")
    assert page.locator("form[dir=rtl]").count() == 1
    _check(page, size, "brand-texts", locale, viewport, screenshot_dir)

    page.goto(f"{live_server}/{locale}/admin/users/")
    _check(page, size, "users", locale, viewport, screenshot_dir)
    page.goto(f"{live_server}/{locale}/admin/audit/?date_from=yesterday")
    assert page.locator("#date_from-error").count() == 1
    _check(page, size, "audit", locale, viewport, screenshot_dir)
    context.close()


def test_the_operator_puts_a_producer_on_the_negative_list_and_takes_it_off(
    live_server, browser, screenshot_dir
):
    context = browser.new_context(viewport=DESKTOP, device_scale_factor=1, locale="en")
    page = context.new_page()
    _sign_in(page, live_server, "en")
    page.goto(f"{live_server}/en/admin/producers/?status=approved")
    page.locator("#producers tbody a").first.click()
    page.wait_for_load_state()
    page.click("#negative-add")  # no reason
    page.wait_for_load_state()
    assert page.locator("#negative-reason-error").inner_text() == "Please give a reason."
    _check(page, DESKTOP, "negative-refused", "en", "desktop", screenshot_dir)
    page.fill("#negative-reason", "Forged inspection certificates")
    page.click("#negative-add")
    page.wait_for_load_state()
    assert "negative list" in page.locator("#negative-status").inner_text()
    _check(page, DESKTOP, "negative-on", "en", "desktop", screenshot_dir)
    page.fill("#negative-reason", "Certificates verified")
    page.click("#negative-remove")
    page.wait_for_load_state()
    assert page.locator("#negative-status").inner_text() == "Not on the negative list."
    assert page.locator("#negative-history li").count() == 1
    context.close()
