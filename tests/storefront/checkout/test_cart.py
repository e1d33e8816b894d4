"""Cart rules: bounded quantities, lines grouped by producer, a constant number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from storefront.checkout.cart import (
    MAX_LINE_QUANTITY,
    SessionCartStorage,
    VariantNotAvailable,
    add_to_cart,
    summarise_cart,
    update_cart_line,
)
from storefront.shipping.quotes import shipping_quotes
from tests.factories import make_producer, make_product


def test_quantities_are_bounded_by_stock_and_the_per_line_maximum(db_session):
    scarce = make_product(db_session, stock=3).variants[0]
    plenty = make_product(db_session, stock=500).variants[0]
    storage = SessionCartStorage({})
    assert add_to_cart(db_session, storage, scarce.id, 2) == 2
    assert add_to_cart(db_session, storage, scarce.id, 2) == 3
    assert add_to_cart(db_session, storage, plenty.id, 999) == MAX_LINE_QUANTITY
    assert update_cart_line(db_session, storage, plenty.id, 5) == 5
    assert update_cart_line(db_session, storage, plenty.id, 0) == 0
    assert storage.quantities() == {scarce.id: 3}


def test_sold_out_and_unpublished_packs_cannot_be_added(db_session):
    sold_out = make_product(db_session, stock=0).variants[0]
    hidden = make_product(db_session, is_published=False).variants[0]
    for variant in (sold_out, hidden):
        with pytest.raises(VariantNotAvailable):
            add_to_cart(db_session, SessionCartStorage({}), variant.id, 1)


def test_a_tampered_session_cart_is_ignored_line_by_line():
    storage = SessionCartStorage({"cart": {"12": 2, "x": 1, "13": -4, "14": "3"}})
    assert storage.quantities() == {12: 2}
    assert SessionCartStorage({"cart": ["not", "a", "dict"]}).quantities() == {}


def test_the_summary_groups_lines_by_producer_and_totals_in_cny(db_session):
    coop_a, coop_b = make_producer(db_session), make_producer(db_session)
    a1 = make_product(db_session, coop_a, price="10.00").variants[0]
    a2 = make_product(db_session, coop_a, price="2.50").variants[0]
    b1 = make_product(db_session, coop_b, price="7.25", stock=1).variants[0]
    summary = summarise_cart(db_session, {a1.id: 1, a2.id: 2, b1.id: 4})
    groups = {group.producer.id: group for group in summary.groups}
    assert [len(groups[coop_a.id].items), len(groups[coop_b.id].items)] == [2, 1]
    reduced = groups[coop_b.id].items[0]
    assert reduced.quantity == 1 and reduced.requested == 4 and reduced.was_reduced
    assert summary.goods_total.amount == Decimal("22.25") and summary.goods_total.currency == "CNY"
    assert summary.weight_g == 4 * 250


def test_the_cart_page_query_count_does_not_grow_with_lines(client, db_session, count_queries):
    coop = make_producer(db_session)
    variant_ids = [make_product(db_session, coop).variants[0].id for _ in range(6)]
    client.post("/en/cart/add", data={"variant_id": variant_ids[0]})
    with count_queries() as few:
        client.get("/en/cart")
    for variant_id in variant_ids[1:]:
        client.post("/en/cart/add", data={"variant_id": variant_id})
    with count_queries() as many:
        html = client.get("/en/cart").get_data(as_text=True)
    assert html.count("<tr>") == 1 + 6
    assert len(many) == len(few)


def test_shipping_quotes_follow_destination_and_weight(db_session, shipping_rates):
    hong_kong = {q.method.value: q.price.amount for q in shipping_quotes(db_session, "HK", 900)}
    assert hong_kong["hk_macau_truck"] == Decimal("18.00")
    assert hong_kong["international_express"] == Decimal("105.00")  # Asian express band
    uk = {q.method.value: q.price.amount for q in shipping_quotes(db_session, "GB", 1_200)}
    assert "hk_macau_truck" not in uk
    assert uk["international_express"] == Decimal("230.00") and uk["postal_parcel"] == Decimal(
        "110.00"
    )
    assert shipping_quotes(db_session, "GB", 40_000) == []


def test_cart_totals_show_the_display_currency_beside_the_cny_amount(client, db_session):
    from catalog.exchange import rate_on
    from storefront.preferences.visitor import shop_today
    from tests.factories import demo_product

    duck = demo_product(db_session, "linwu-braised-duck")
    client.post("/en/cart/add", data={"variant_id": duck.variants[0].id, "quantity": 2})
    html = client.get("/en/cart?currency=JPY").get_data(as_text=True)
    rate = rate_on(db_session, "JPY", shop_today())
    converted = rate.convert(duck.variants[0].price * 2)
    from babel.numbers import format_currency

    assert format_currency(duck.variants[0].price * 2, "CNY", locale="en") in html
    assert format_currency(converted.amount, "JPY", locale="en") in html
    assert "about" in html
