"""Sessions: sign-out empties them and ends copied cookies; sign-in renews; new passwords end others."""

from __future__ import annotations

import pytest

from storefront.accounts.services import register_buyer
from storefront.checkout.session_state import CHECKOUT_KEY
from storefront.orders.access import GUEST_ORDERS_KEY

PASSWORD = "correct horse battery"


@pytest.fixture
def member(db_session):
    user = register_buyer(db_session, email="mei@example.com", password=PASSWORD, locale="en")
    db_session.commit()
    return user


def sign_in(client, password=PASSWORD):
    return client.post("/en/account/login", data={"email": "mei@example.com", "password": password})


def session_cookie(client) -> str:
    return client.get_cookie("session", domain="shop.test").value


def test_sign_out_leaves_nothing_personal_for_the_next_person(client, member):
    with client.session_transaction() as session:
        session[GUEST_ORDERS_KEY] = ["CZ20261201-0001"]
        session[CHECKOUT_KEY] = {"email": "mei@example.com", "recipient_name": "Mei Ling Tan"}
        session["display_currency"] = "EUR"
    sign_in(client)
    client.post("/en/account/logout")
    with client.session_transaction() as session:
        assert GUEST_ORDERS_KEY not in session and CHECKOUT_KEY not in session
        assert "_user_id" not in session
        assert session["display_currency"] == "EUR"  # a display choice, nothing personal
    checkout = client.get("/en/checkout", follow_redirects=True).get_data(as_text=True)
    assert "mei@example.com" not in checkout and "Mei Ling Tan" not in checkout


def test_sign_in_starts_a_new_session_keeping_only_guest_proofs_and_choices(client, member):
    with client.session_transaction() as session:
        session["planted_by_someone_else"] = "x"
        session[GUEST_ORDERS_KEY] = ["CZ20261201-0001"]
    sign_in(client)
    with client.session_transaction() as session:
        assert "planted_by_someone_else" not in session
        assert session[GUEST_ORDERS_KEY] == ["CZ20261201-0001"]


def test_a_cookie_copied_before_sign_out_no_longer_works(app, client, member):
    sign_in(client)
    copied = session_cookie(client)
    client.post("/en/account/logout")
    thief = app.test_client()
    thief.set_cookie("session", copied, domain="shop.test")
    with app.app_context():  # a fresh ``g``: Flask-Login keeps the user there per request
        response = thief.get("/en/account/")
    assert response.status_code == 302 and "/account/login" in response.location


def test_a_password_reset_ends_the_accounts_other_sessions(app, client, db_session, member, outbox):
    other_browser = app.test_client()
    sign_in(other_browser)
    assert other_browser.get("/en/account/").status_code == 200
    client.post("/en/account/password-reset", data={"email": "mei@example.com"})
    link = next(line for line in outbox[0].get_content().splitlines() if "password-reset/" in line)
    path = link.strip().split("shop.test", 1)[1]
    new = "a brand new passphrase"
    assert client.post(path, data={"password": new, "confirm": new}).status_code == 302
    with app.app_context():  # a fresh ``g``: Flask-Login keeps the user there per request
        assert other_browser.get("/en/account/").status_code == 302  # signed out there now
    with app.app_context():
        assert sign_in(client, new).status_code == 302
    with app.app_context():
        assert client.get("/en/account/").status_code == 200


@pytest.mark.parametrize("value", ["7", "7:x", "x:0", ":", "1:2:3", "99999999999999999999999:1"])
def test_a_malformed_session_user_id_is_simply_signed_out(client, member, value):
    with client.session_transaction() as session:
        session["_user_id"] = value
    assert client.get("/en/account/").status_code == 302


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(app, client, member):
    other_browser = app.test_client()
    with app.app_context():
        sign_in(other_browser)
    with app.app_context():
        sign_in(client)
    with app.app_context():
        wrong = client.post(
            "/en/account/password",
            data={"current": "not it at all", "password": "x" * 12, "confirm": "x" * 12},
        )
    assert wrong.status_code == 200 and "This is not your current password." in wrong.get_data(
        as_text=True
    )
    new = "a brand new passphrase"
    with app.app_context():
        changed = client.post(
            "/en/account/password", data={"current": PASSWORD, "password": new, "confirm": new}
        )
    assert changed.status_code == 302 and changed.location.endswith("/en/account/")
    with app.app_context():
        page = client.get("/en/account/")  # this browser stays signed in
    assert page.status_code == 200
    assert "Your password has been changed. Other devices are signed out." in page.get_data(
        as_text=True
    )
    with app.app_context():
        assert other_browser.get("/en/account/").status_code == 302  # the other one is out


def test_signing_in_with_an_unknown_address_costs_a_password_hash_too(
    db_session, member, monkeypatch
):
    from storefront.accounts import models, services

    calls = []
    for module in (models, services):
        real = module.check_password_hash
        monkeypatch.setattr(
            module,
            "check_password_hash",
            lambda hashed, password, real=real: calls.append(hashed[:6]) or real(hashed, password),
        )
    assert services.authenticate(db_session, "nobody@example.com", "whatever") is None
    assert services.authenticate(db_session, "mei@example.com", "wrong password") is None
    assert len(calls) == 2 and calls[0][:6] == calls[1][:6]  # the same kind of hash, once each
