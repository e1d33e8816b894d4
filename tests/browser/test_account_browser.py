"""An Arabic-speaking buyer registers, reads the same notice an existing address would get,
signs in, changes the password (right to left) and signs out, leaving nothing behind."""

from __future__ import annotations

import pytest
from flask_babel import force_locale, gettext

pytestmark = pytest.mark.browser


def _ar(live_app, msgid: str, **variables) -> str:
    with live_app.test_request_context("/ar/"), force_locale("ar"):
        return gettext(msgid, **variables)


def test_register_sign_in_change_password_and_sign_out_in_arabic(
    live_app, live_server, browser, screenshot_dir
):
    live_app.extensions["mailer"].outbox.clear()
    page = browser.new_page(locale="ar")
    page.goto(f"{live_server}/ar/account/register")
    page.fill("input[name=full_name]", "ليلى")
    page.fill("input[name=email]", "layla@example.com")
    page.fill("input[name=password]", "correct horse battery")
    page.fill("input[name=confirm]", "correct horse battery")
    page.click("form:has(input[name=password]) button[type=submit]")
    assert page.url.endswith("/ar/account/login")
    thanks = _ar(
        live_app,
        "Thank you. We have sent a message to %(email)s: it tells you how to sign in.",
        email="layla@example.com",
    )
    assert thanks in page.inner_text("body")
    page.screenshot(path=str(screenshot_dir / "account-registered-ar.png"), full_page=True)

    page.goto(f"{live_server}/ar/account/register")  # the same address again: it has an account
    page.fill("input[name=email]", "layla@example.com")
    page.fill("input[name=password]", "another passphrase")
    page.fill("input[name=confirm]", "another passphrase")
    page.click("form:has(input[name=password]) button[type=submit]")
    assert page.url.endswith("/ar/account/login")
    assert _ar(
        live_app,
        "Thank you. We have sent a message to %(email)s: it tells you how to sign in.",
        email="layla@example.com",
    ) in page.inner_text("body")

    page.fill("input[name=email]", "layla@example.com")
    page.fill("input[name=password]", "correct horse battery")
    page.click("form:has(input[name=password]) button[type=submit]")
    page.click(f"text={_ar(live_app, 'Change your password')}")
    assert page.get_attribute("html", "dir") == "rtl"
    page.fill("input[name=current]", "correct horse battery")
    page.fill("input[name=password]", "a brand new passphrase")
    page.fill("input[name=confirm]", "a brand new passphrase")
    page.screenshot(path=str(screenshot_dir / "account-password-change-ar.png"), full_page=True)
    page.click("form:has(input[name=current]) button[type=submit]")
    assert page.url.endswith("/ar/account/")
    changed = _ar(live_app, "Your password has been changed. Other devices are signed out.")
    assert changed in page.inner_text("body")

    page.click("form[action$='/logout'] button")
    page.goto(f"{live_server}/ar/account/")
    assert "/ar/account/login" in page.url
    mails = live_app.extensions["mailer"].outbox
    assert [m["To"] for m in mails] == ["layla@example.com", "layla@example.com"]
    mails.clear()  # the live app is shared: later tests count their own e-mails
    page.close()
