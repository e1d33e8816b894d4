"""Accounts: register, sign in and out, cart merge, password reset, order history and look-up."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from storefront.accounts.models import User, UserRole
from storefront.accounts.services import register_buyer
from storefront.accounts.tokens import make_reset_token, user_for_reset_token
from storefront.checkout.cart import DatabaseCartStorage
from storefront.checkout.placement import place_order
from storefront.demo.accounts import DEMO_PASSWORD, load_demo_users
from storefront.shipping.models import ShippingMethod
from tests.i18n import translated, translated_html
from tests.storefront.conftest import buyer

PASSWORD = "correct horse battery"


@pytest.fixture
def member(db_session) -> User:
    user = register_buyer(db_session, email="Mei@Example.com", password=PASSWORD, locale="en")
    db_session.commit()
    return user


def sign_in(client, email="mei@example.com", password=PASSWORD, locale="en"):
    return client.post(f"/{locale}/account/login", data={"email": email, "password": password})


def test_register_answers_the_same_for_a_new_and_a_known_address_and_mails_the_difference(
    app, client, db_session, outbox
):
    data = {
        "full_name": "Mei",
        "email": "new@example.com",
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    first = client.post("/fr/account/register", data=data)
    assert first.status_code == 302 and first.location.endswith("/fr/account/login")
    user = db_session.scalars(select(User).where(User.email == "new@example.com")).one()
    assert user.locale == "fr" and user.role is UserRole.BUYER and user.password_hash != PASSWORD
    first_notice = client.get("/fr/account/login").get_data(as_text=True)
    again = client.post(
        "/fr/account/register",
        data={**data, "password": "another passphrase", "confirm": "another passphrase"},
    )
    assert again.status_code == 302 and again.location == first.location
    again_notice = client.get("/fr/account/login").get_data(as_text=True)
    thanks = translated_html(
        app,
        "fr",
        "Thank you. We have sent a message to %(email)s: it tells you how to sign in.",
        email="new@example.com",
    )
    assert thanks in first_notice and thanks in again_notice
    assert "already exists" not in again_notice
    assert [m["To"] for m in outbox] == ["new@example.com", "new@example.com"]
    assert "already have one" not in outbox[0].get_content()
    already = translated(
        app,
        "fr",
        "Someone tried to create a Chenzhou Specialties account with this e-mail address, but you already have one.",
    )
    assert already in outbox[1].get_content()
    assert db_session.scalars(select(User).where(User.email == "new@example.com")).one() == user
    assert user.check_password(PASSWORD)  # the second attempt changed nothing


def test_a_short_or_mismatched_password_is_refused_and_the_email_kept(client):
    response = client.post(
        "/en/account/register",
        data={"email": "x@example.com", "password": "short", "confirm": "other"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'value="x@example.com"' in html
    assert "The passwords do not match." in html


def test_sign_in_with_a_wrong_password_says_so_without_saying_which_part(client, member):
    response = sign_in(client, password="wrong password")
    assert response.status_code == 200
    assert "do not match an account" in response.get_data(as_text=True)
    assert client.get("/en/account/").status_code == 302  # still signed out


def test_sign_in_and_out(client, member):
    response = sign_in(client, email="  MEI@example.com ")
    assert response.status_code == 302
    assert client.get("/en/account/").status_code == 200
    client.post("/en/account/logout")
    response = client.get("/en/account/")
    assert response.status_code == 302 and "/en/account/login" in response.location


def test_sign_in_does_not_redirect_to_another_site(client, member):
    response = client.post(
        "/en/account/login?next=//evil.example/",
        data={"email": "mei@example.com", "password": PASSWORD},
    )
    assert response.location.endswith("/en/account/")


def test_a_guest_cart_merges_into_the_account_at_sign_in(client, db_session, member, two_coops):
    tea, duck = two_coops
    DatabaseCartStorage(db_session, member.id).set_quantity(tea.variants[0].id, 2)
    db_session.commit()
    client.post("/en/cart/add", data={"variant_id": tea.variants[0].id, "quantity": 9})
    client.post("/en/cart/add", data={"variant_id": duck.variants[0].id, "quantity": 1})
    sign_in(client)
    assert DatabaseCartStorage(db_session, member.id).quantities() == {
        tea.variants[0].id: 10,  # 2 + 9, bounded by the 10 in stock
        duck.variants[0].id: 1,
    }
    html = client.get("/en/cart").get_data(as_text=True)
    assert html.count('class="producer-group"') == 2


def test_password_reset_by_emailed_token_works_once(client, db_session, member, outbox):
    client.post("/fr/account/password-reset", data={"email": "mei@example.com"})
    assert len(outbox) == 1
    body = outbox[0].get_content()
    link = next(line for line in body.splitlines() if "/account/password-reset/" in line).strip()
    path = link.split("shop.test", 1)[1]
    assert path.startswith("/en/account/password-reset/")  # the account's language, not the page's
    new_password = "a brand new passphrase"
    response = client.post(path, data={"password": new_password, "confirm": new_password})
    assert response.status_code == 302 and response.location.endswith("/en/account/login")
    assert sign_in(client, password=new_password).status_code == 302
    client.post("/en/account/logout")
    reused = client.get(path)
    assert reused.status_code == 302 and reused.location.endswith("/en/account/password-reset")


def test_a_reset_request_for_an_unknown_address_looks_the_same_and_sends_nothing(client, outbox):
    response = client.post("/en/account/password-reset", data={"email": "nobody@example.com"})
    assert response.status_code == 302 and outbox == []


def test_reset_tokens_expire(db_session, member):
    token = make_reset_token("secret", member)
    assert user_for_reset_token(db_session, "secret", token) == member
    assert user_for_reset_token(db_session, "other secret", token) is None
    assert user_for_reset_token(db_session, "secret", token, max_age=-1) is None


def test_order_history_shows_only_the_buyers_own_orders(client, db_session, member, two_coops):
    tea, _duck = two_coops
    own = place_order(
        db_session, {tea.variants[0].id: 1}, buyer(user_id=member.id), ShippingMethod.POSTAL_PARCEL
    )
    other = place_order(db_session, {tea.variants[0].id: 1}, buyer(), ShippingMethod.POSTAL_PARCEL)
    db_session.commit()
    sign_in(client)
    html = client.get("/en/account/").get_data(as_text=True)
    assert own.number in html and other.number not in html
    assert client.get(f"/en/orders/{own.number}").status_code == 200
    assert client.get(f"/en/orders/{other.number}").status_code == 404


def test_a_guest_finds_an_order_with_its_number_and_email(client, db_session, two_coops):
    tea, _duck = two_coops
    order = place_order(db_session, {tea.variants[0].id: 1}, buyer(), ShippingMethod.POSTAL_PARCEL)
    db_session.commit()
    assert client.get(f"/en/orders/{order.number}").status_code == 404
    wrong = client.post(
        "/en/account/orders/lookup", data={"number": order.number, "email": "someone@else.com"}
    )
    assert wrong.status_code == 200 and "No order matches" in wrong.get_data(as_text=True)
    right = client.post(
        "/en/account/orders/lookup",
        data={"number": order.number.lower(), "email": "mei.tan@example.com"},
    )
    assert right.status_code == 302
    assert client.get(f"/en/orders/{order.number}").status_code == 200


def test_demo_users_are_created_once_with_their_roles(db_session):
    created = load_demo_users(db_session)
    assert load_demo_users(db_session) == 0
    users = {
        u.email: u for u in db_session.scalars(select(User).where(User.email.like("%@demo.test")))
    }
    assert created == len(users)
    assert users["buyer@demo.test"].check_password(DEMO_PASSWORD)
    assert users["admin@demo.test"].role is UserRole.OPERATOR
    assert users["staff@demo.test"].role is UserRole.SHOWROOM_STAFF
    linwu = users["coop-linwu@demo.test"]
    assert linwu.role is UserRole.COOP_MEMBER and linwu.producer_id is not None


def test_forms_without_a_csrf_token_are_refused(app: Flask, db_session, member):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        response = client.post(
            "/en/account/login", data={"email": "mei@example.com", "password": PASSWORD}
        )
        assert response.status_code == 400
        assert client.post("/en/cart/add", data={"variant_id": 1}).status_code == 400
        assert (
            client.post("/en/checkout/place", data={"shipping_method": "postal_parcel"}).status_code
            == 400
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
