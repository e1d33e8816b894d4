"""CSRF on every form of the portal and of the producers' console pages (a test with CSRF on),
and list pages whose query count does not grow with the number of products or parcels."""

from __future__ import annotations

import re

import pytest
from flask import g

from catalog.models import Product
from storefront.accounts.models import UserRole
from tests.factories import make_product, make_user
from tests.storefront.coop.test_isolation import path_for, portal_rules, row_counts


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_every_post_without_its_token_is_refused_and_writes_nothing(
    app, client, db_session, coops, csrf_on
):
    a, _b = coops
    sign_in_with_token(client, a.owner_email)
    values = {**a.ids, "text_locale": "fr", "token": "x"}
    checked = 0
    for blueprint in ("coop", "coop_joining"):
        for rule, method in portal_rules(app, blueprint):
            if method != "POST":
                continue
            before = row_counts(db_session)
            response = client.post(path_for(rule, values), data={"reason": "x", "quantity": "1"})
            assert response.status_code == 400, rule.rule
            assert row_counts(db_session) == before, rule.rule
            checked += 1
    assert checked >= 25


def sign_in_with_token(client, email):
    page = client.get("/en/account/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    g.pop("csrf_token", None)
    client.post(
        "/en/account/login",
        data={"email": email, "password": "back office passphrase", "csrf_token": token.group(1)},
    )


def test_the_operators_producer_actions_need_their_token(app, client, db_session, coops, csrf_on):
    make_user(db_session, "operator@zone.test", UserRole.OPERATOR)
    sign_in_with_token(client, "operator@zone.test")
    producer_id = coops[0].producer.id
    for rule, method in portal_rules(app, "admin_producers"):
        if method == "POST":
            before = row_counts(db_session)
            path = path_for(
                rule, {"producer_id": producer_id, "request_id": coops[0].ids["request_id"]}
            )
            assert client.post(path, data={"reason": "x"}).status_code == 400, rule.rule
            assert row_counts(db_session) == before


def test_a_form_with_its_token_goes_through(app, client, db_session, member_a, csrf_on):
    sign_in_with_token(client, member_a.owner_email)
    g.pop("csrf_token", None)  # the tests share one app context: forget the signed-out token
    page = client.get(f"/en/coop/parcels/{member_a.ids['parcel_id']}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        f"/en/coop/parcels/{member_a.ids['parcel_id']}/pack", data={"csrf_token": token}
    )
    assert response.status_code == 303


LIST_PAGES = (
    "/en/coop/products/",
    "/en/coop/texts/",
    "/en/coop/stock/",
    "/en/coop/parcels/",
    "/en/coop/",
    "/en/coop/parcels/?stage=to_pack",
)


def queries_of(client, count_queries, path) -> int:
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(statements)


def test_list_pages_run_the_same_queries_for_more_products_and_parcels(
    client, db_session, member_a, count_queries, place_paid_order, order_declarations
):
    before = {path: queries_of(client, count_queries, path) for path in LIST_PAGES}
    producer = member_a.producer
    for _ in range(12):
        make_product(db_session, producer, locales=("en", "zh-hans", "fr"))
    from storefront.checkout.placement import place_order
    from storefront.orders.actors import Actor
    from storefront.orders.services import mark_order_paid
    from storefront.shipping.models import ShippingMethod
    from tests.storefront.conftest import buyer

    products = db_session.query(Product).filter(Product.producer_id == producer.id).all()
    for product in products[:8]:
        order = place_order(
            db_session, {product.variants[0].id: 1}, buyer(), ShippingMethod.POSTAL_PARCEL
        )
        mark_order_paid(db_session, order, actor=Actor("test"), declarations=order_declarations)
    db_session.commit()
    after = {path: queries_of(client, count_queries, path) for path in LIST_PAGES}
    assert after == before
