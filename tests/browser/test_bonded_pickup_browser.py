"""Bonded pickup (1210) in a real browser: a tourist in zh-hans buys two goods, the simulator
releases them, the showroom counter hands them over; a second tourist (zh-hant) is refused for
the annual limit. axe-core on every page, desktop and 390 px phone; screenshots in zh-hans,
zh-hant and ar (right to left)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storefront.bonded import vault_of
from storefront.bonded.cli import follow_customs_once
from storefront.bonded.quotes import quota_year
from storefront.customs.exchange.dispatcher import run_dispatcher
from storefront.customs.exchange.receiver import run_receiver
from storefront.customs.exchange.simulator import run_simulator
from storefront.extensions import db
from storefront.orders.models import Order
from storefront.pickup.holds import quota_account
from tests.browser.conftest import assert_accessible
from tests.i18n import translated
from tests.pickup_ids import resident_id_number

pytestmark = pytest.mark.browser

FIRST_TOURIST = resident_id_number("43102120000202002")
SECOND_TOURIST = resident_id_number("43010219920909009")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def checked(page, screenshot_dir, name: str) -> None:
    """axe-core at desktop and phone width, with a full-page screenshot of each."""
    for label, size in (("desktop", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(size)
        assert_accessible(page, f"{name} ({label})")
        page.screenshot(path=str(screenshot_dir / f"bonded-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def customs_rounds(live_app) -> None:
    """What `flask customs work` and `flask pickup work` do: two rounds (120, then 800)."""
    with live_app.app_context():
        adapter = live_app.extensions["customs"]
        for _ in range(2):
            run_dispatcher(db.session, adapter.folders, adapter.dispatch_policy())
            run_simulator(adapter.simulator())
            run_receiver(db.session, adapter.folders)
        follow_customs_once()
        db.session.remove()


def fill_identity(page, name: str, id_number: str) -> None:
    page.fill("#real_name", name)
    page.fill("#id_number", id_number)
    page.fill("#phone", "13907351234")
    page.fill("#email", "tourist@example.com")


def test_a_tourist_buys_customs_releases_and_the_counter_hands_over(
    live_app, live_server, browser, screenshot_dir
):
    page = browser.new_page(locale="zh-CN", viewport=DESKTOP)
    page.goto(f"{live_server}/zh-hans/bonded/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    checked(page, screenshot_dir, "shop-zh-hans")
    page.click("#category-milk_powder ~ .grid .good-card:first-child button")
    page.goto(f"{live_server}/zh-hans/bonded/goods/BD-AU-MACA-500")
    checked(page, screenshot_dir, "good-zh-hans")
    page.fill("#quantity", "2")
    page.click(".add-to-cart button")
    assert page.locator(".cart-lines tbody tr").count() == 2
    checked(page, screenshot_dir, "cart-zh-hans")

    page.click("a.button[href$='/bonded/checkout']")
    fill_identity(page, "王芳", FIRST_TOURIST[:-1] + ("0" if FIRST_TOURIST[-1] != "0" else "1"))
    page.click("form.identity-form button[type=submit]")  # a wrong check character, no statement
    assert page.locator("#id_number-error").is_visible()
    assert page.locator("#payer_is_buyer-error").is_visible()
    assert page.input_value("#real_name") == "王芳"  # nothing typed is lost
    checked(page, screenshot_dir, "identity-errors-zh-hans")
    page.fill("#id_number", FIRST_TOURIST)
    page.check("#payer_is_buyer")
    page.click("form.identity-form button[type=submit]")
    assert page.locator("#quote-lines tbody tr").count() == 2
    assert FIRST_TOURIST not in page.content()
    checked(page, screenshot_dir, "quote-zh-hans")

    page.click("#place-order")
    page.wait_for_url("**/payments/sandbox/**")
    checked(page, screenshot_dir, "sandbox-zh-hans")
    page.click("#sandbox-pay")
    page.wait_for_url("**/bonded/orders/**")
    number = page.url.rsplit("/", 1)[-1]
    checked(page, screenshot_dir, "order-awaiting-customs-zh-hans")

    customs_rounds(live_app)
    page.reload()
    code = page.locator("#pickup-code").inner_text().strip()
    assert len(code.replace("-", "")) == 10
    assert page.locator(".pickup-code svg[role=img]").count() == 1
    page.check("input[name=slot] >> nth=0")
    page.click("form[action$='/slot'] button[type=submit]")
    assert page.locator("#chosen-slot").is_visible()
    checked(page, screenshot_dir, "order-ready-zh-hans")

    staff = browser.new_page(locale="zh-CN", viewport=DESKTOP)
    staff.goto(f"{live_server}/zh-hans/account/login")
    staff.fill("#email", "staff@demo.test")
    staff.fill("#password", "demo-password-2026")
    staff.press("#password", "Enter")
    staff.wait_for_load_state()
    staff.goto(f"{live_server}/zh-hans/showroom/")
    checked(staff, screenshot_dir, "counter-zh-hans")
    staff.fill("#code", code.lower())
    staff.click("#look-up")
    assert staff.locator("#counter-buyer").inner_text() == "王芳"
    assert staff.locator("#counter-masked-id").inner_text().startswith(FIRST_TOURIST[:4] + "*")
    checked(staff, screenshot_dir, "counter-order-zh-hans")
    staff.fill("#last_six", "000000")
    staff.click("#hand-over")
    assert staff.locator("#last_six-error").is_visible()
    staff.fill("#last_six", FIRST_TOURIST[-6:])
    staff.click("#hand-over")
    assert staff.locator("#handed-over").is_visible()
    checked(staff, screenshot_dir, "counter-handed-over-zh-hans")

    with live_app.app_context():
        order = db.session.scalars(select(Order).where(Order.number == number)).one()
        assert order.status.value == "completed" and order.bonded.collected_at is not None
        db.session.remove()
    page.reload()
    expected = translated(live_app, "zh-hans", "Collected")
    assert page.locator("#pickup-stage").inner_text().strip() == expected
    staff.close()
    page.close()


def test_a_second_tourist_is_refused_for_the_annual_limit(
    live_app, live_server, browser, screenshot_dir
):
    with live_app.app_context():  # 25,500 CNY already bought this year
        key = vault_of(live_app).lookup_hash(SECOND_TOURIST)
        quota_account(db.session, key, quota_year()).used_fen = 25_500_00
        db.session.commit()
        db.session.remove()
    page = browser.new_page(locale="zh-TW", viewport=DESKTOP)
    page.goto(f"{live_server}/zh-hant/bonded/goods/BD-JP-SERUM-30")
    page.click(".add-to-cart button")
    page.click("a.button[href$='/bonded/checkout']")
    fill_identity(page, "陳小姐", SECOND_TOURIST)
    page.check("#payer_is_buyer")
    page.click("form.identity-form button[type=submit]")
    refusal = page.locator(".violations[role=alert]").inner_text()
    assert "480.00" in refusal  # 25,500 + 980 is 480 over 26,000
    assert page.locator("#place-order").count() == 0
    checked(page, screenshot_dir, "quote-annual-limit-zh-hant")
    page.close()


def test_the_bonded_pages_read_right_to_left_in_arabic(
    live_app, live_server, browser, screenshot_dir
):
    page = browser.new_page(locale="ar", viewport=DESKTOP)
    page.goto(f"{live_server}/ar/bonded/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    checked(page, screenshot_dir, "shop-ar")
    page.goto(f"{live_server}/ar/bonded/goods/BD-DE-KNIFE-7")
    checked(page, screenshot_dir, "good-full-duty-ar")
    page.click(".add-to-cart button")
    checked(page, screenshot_dir, "cart-ar")
    page.close()
