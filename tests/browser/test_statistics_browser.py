"""The statistics dashboard, the API tokens page and the public development index in a browser:
with `demo bulk-orders --count 300` data (plus real demo orders of both channels), in English,
Arabic (right to left) and traditional Chinese, on a desktop and a 390 px phone; axe-core's
WCAG 2.1 AA rules pass and screenshots are saved in test-artifacts/."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from catalog.demo.loader import load_demo_catalog
from storefront import create_app
from storefront.demo.accounts import load_demo_users
from storefront.extensions import db
from storefront.inventory.ledger import take_on_stock
from storefront.pickup.demo import load_bonded_demo
from storefront.shipping.rates import seed_shipping_rates
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def statistics_server(tmp_path_factory) -> Iterator[str]:
    """A live server of its own (its orders would change what other browser tests see)."""
    folder = tmp_path_factory.mktemp("statistics-browser")
    app = create_app(
        {
            "SECRET_KEY": "browser-test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'live.sqlite3'}",
            "MAIL_BACKEND": "memory",
            "RATELIMIT_ENABLED": False,
            "CUSTOMS_EXCHANGE_DIR": str(folder / "customs"),
            "CUSTOMS_SIGNING_KEY_PATH": str(folder / "customs-signing-key.pem"),
            "CUSTOMS_SIGNING_CERT_PATH": str(folder / "customs-signing-cert.pem"),
            "PICKUP_ID_KEY_FILE": str(folder / "pickup-id.key"),
            "MEDIA_DIR": str(folder / "media"),
        }
    )
    with app.app_context():
        upgrade()
        load_demo_catalog(db.session)
        load_bonded_demo(db.session)
        take_on_stock(db.session)
        load_demo_users(db.session)
        seed_shipping_rates(db.session)
        db.session.commit()
        db.session.remove()
    runner = app.test_cli_runner()
    for args in (
        ["demo", "bulk-orders", "--count", "300", "--seed", "14"],
        ["demo", "orders", "--count", "6", "--seed", "14"],
        ["demo", "orders", "--channel", "bonded", "--count", "3", "--seed", "14"],
        ["statistics", "rollup"],
    ):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, (args, result.output)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


def _sign_in(page, server, locale):
    page.goto(f"{server}/{locale}/account/login")
    page.fill("#email", "admin@demo.test")
    page.fill("#password", "demo-password-2026")
    page.press("#password", "Enter")
    page.wait_for_load_state()


WIDEST = """() => [...document.querySelectorAll('main *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def _check_layout(page, size, what):
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > size["width"]:
        print(what, page.evaluate(WIDEST))
    assert width <= size["width"], f"{what}: {width} px wide"
    assert_accessible(page, what)


@pytest.mark.parametrize("locale", ["en", "ar", "zh-hant"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_dashboard_with_300_orders(
    statistics_server, browser, screenshot_dir, locale, viewport
):
    size = PHONE if viewport == "phone" else DESKTOP
    context = browser.new_context(viewport=size, device_scale_factor=1, locale=locale)
    page = context.new_page()
    _sign_in(page, statistics_server, locale)
    page.goto(f"{statistics_server}/{locale}/admin/statistics/")
    assert (page.locator("html").get_attribute("dir") == "rtl") is (locale == "ar")
    assert page.locator("svg.bars").count() == 6
    assert page.locator("svg.bars rect.bar").count() > 20
    assert page.locator('nav.console-nav a[aria-current="page"]').count() == 1
    _check_layout(page, size, f"dashboard {locale} {viewport}")
    page.screenshot(
        path=str(screenshot_dir / f"statistics-dashboard-{locale}-{viewport}.png"), full_page=True
    )
    if locale == "en" and viewport == "desktop":
        page.fill("#from", "2025-01-01")
        page.click(".stat-filter button")
        page.wait_for_load_state()
        assert "from=2025-01-01" in page.url
        assert page.locator('table.stat-table th[scope=row]:has-text("2025-01")').count() == 1
        page.goto(f"{statistics_server}/en/admin/statistics/?from=2025-13-01")  # a typed URL
        assert page.locator("#from-error").inner_text() == "Enter a date as YYYY-MM-DD."
        assert_accessible(page, "dashboard with an error")
        with page.expect_download() as download:
            page.click("a.csv-link")
        assert download.value.suggested_filename.startswith("statistics-")
    context.close()


@pytest.mark.parametrize("locale", ["ar", "zh-hant", "en"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_public_development_index(statistics_server, browser, screenshot_dir, locale, viewport):
    size = PHONE if viewport == "phone" else DESKTOP
    context = browser.new_context(viewport=size, device_scale_factor=1, locale=locale)
    page = context.new_page()
    page.goto(f"{statistics_server}/{locale}/")
    page.click(f'footer a[href="/{locale}/development-index/"]')
    page.wait_for_load_state()
    assert page.locator("polyline.line").count() == 1
    assert page.locator("table.stat-table tbody tr").count() >= 1
    _check_layout(page, size, f"index {locale} {viewport}")
    page.screenshot(
        path=str(screenshot_dir / f"development-index-{locale}-{viewport}.png"), full_page=True
    )
    context.close()


def test_the_operator_issues_and_revokes_a_token(statistics_server, browser, screenshot_dir):
    context = browser.new_context(viewport=DESKTOP, device_scale_factor=1, locale="en")
    page = context.new_page()
    _sign_in(page, statistics_server, "en")
    page.goto(f"{statistics_server}/en/admin/")
    page.click('nav.console-nav a:has-text("API tokens")')
    page.fill("#token-name", "Chenzhou Customs data office")
    page.check('input[value="declarations:read"]')
    page.click("text=Issue the token")
    token = page.locator("code.token-value").inner_text()
    assert token.startswith("czp_")
    _check_layout(page, DESKTOP, "api tokens")
    page.screenshot(path=str(screenshot_dir / "api-tokens-en-desktop.png"), full_page=True)
    answer = page.request.get(
        f"{statistics_server}/api/v1/declarations", headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status == 200 and answer.json()["total"] > 0
    page.goto(f"{statistics_server}/en/admin/api-tokens/")
    page.click("form[action$='/revoke'] button")
    assert page.locator(".flash-success").count() == 1
    refused = page.request.get(
        f"{statistics_server}/api/v1/declarations", headers={"Authorization": f"Bearer {token}"}
    )
    assert refused.status == 401
    context.close()
