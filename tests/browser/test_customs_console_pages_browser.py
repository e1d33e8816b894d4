"""The console pages issue 9 added (destination ports, statisticsFlag per producer) read right to
left in Arabic, in traditional Chinese, and on a 390 px phone, and pass axe's WCAG 2.1 AA rules."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PAGES = ("ports", "producers")


def _sign_in(page, live_server, locale):
    page.goto(f"{live_server}/{locale}/account/login")
    page.fill("#email", "admin@demo.test")
    page.fill("#password", "demo-password-2026")
    page.press("#password", "Enter")
    page.wait_for_load_state()


@pytest.mark.parametrize("locale", ["ar", "zh-hant"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_customs_console_pages_in_rtl_chinese_and_on_a_phone(
    live_server, browser, screenshot_dir, locale, viewport
):
    size = PHONE if viewport == "phone" else DESKTOP
    context = browser.new_context(viewport=size, device_scale_factor=1, locale=locale)
    page = context.new_page()
    _sign_in(page, live_server, locale)
    for name in PAGES:
        page.goto(f"{live_server}/{locale}/admin/customs/{name}")
        assert page.locator("html").get_attribute("lang")
        assert (page.locator("html").get_attribute("dir") == "rtl") is (locale == "ar")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], f"{name} {locale} {viewport}: {width} px wide"
        assert_accessible(page, f"{name} {locale} {viewport}")
        page.screenshot(
            path=str(screenshot_dir / f"console-{name}-{locale}-{viewport}.png"), full_page=True
        )
    context.close()
