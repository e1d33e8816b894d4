"""The bonded shop through the test client: browse in six languages, a cart of its own, the
buyer's identity (nothing typed is lost on error), the quote with tax per line, place and pay,
the order page with the pickup code and its QR code, the slot."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from catalog.locales import SUPPORTED_LOCALES
from catalog.translation import translated_field
from storefront.bonded.cli import follow_customs_once
from storefront.orders.models import Order
from storefront.pickup.goods import BondedGood
from tests.i18n import translated, translated_html
from tests.pickup_ids import FOURTH_TOURIST, TOURIST, with_wrong_check_character

IDENTITY = {
    "real_name": "王芳",
    "id_number": TOURIST,
    "phone": "138 0013 8000",
    "email": "wang.fang@example.com",
    "payer_is_buyer": "y",
    "showroom": "czcbz-showroom",
}


def add(client, good: BondedGood, quantity: int = 1, locale: str = "en"):
    return client.post(
        f"/{locale}/bonded/cart/add", data={"good_id": good.id, "quantity": quantity}
    )


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_showroom_lists_the_goods_in_every_language(app, client, goods, locale):
    page = client.get(f"/{locale}/bonded/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for good in goods.values():
        assert str(translated_field(good, "name", locale)).replace("'", "&#39;") in html
    assert translated(app, locale, "Bonded showroom") in html  # Jinja marks it safe
    if locale == "ar":
        assert 'dir="rtl"' in html


def test_a_good_page_shows_its_tax_and_its_picture(client, goods):
    serum = goods["BD-JP-SERUM-30"]
    html = client.get("/en/bonded/goods/BD-JP-SERUM-30").get_data(as_text=True)
    assert "High-end cosmetic" in html
    assert "225.98" in html  # 121.06 + 104.92: consumption tax above 10 CNY per ml (23.06%)
    picture = client.get("/pictures/bonded/BD-JP-SERUM-30.svg")
    assert picture.status_code == 200 and picture.mimetype == "image/svg+xml"
    assert serum.sku not in client.get("/pictures/bonded/BD-DE-PAN-28.svg").get_data(as_text=True)
    assert client.get("/en/bonded/goods/NO-SUCH").status_code == 404


def test_the_bonded_cart_never_mixes_with_the_export_cart(client, goods, db_session):
    from tests.factories import demo_product

    duck = demo_product(db_session, "linwu-braised-duck")
    client.post("/en/cart/add", data={"variant_id": duck.variants[0].id, "quantity": 1})
    add(client, goods["BD-NZ-MILK-3"], 2)
    bonded = client.get("/en/bonded/cart").get_data(as_text=True)
    export = client.get("/en/cart").get_data(as_text=True)
    assert "New Zealand toddler milk formula" in bonded and "Braised" not in bonded
    assert "New Zealand toddler milk formula" not in export
    add(client, goods["BD-NZ-MILK-3"], 5)  # 2 + 5, over the per-good cap of 6: clamped
    assert 'value="6"' in client.get("/en/bonded/cart").get_data(as_text=True)
    refused = add(client, goods["BD-NZ-MILK-3"], 9)  # more than a line may ever hold
    assert "between 0 and 6" in client.get(refused.location).get_data(as_text=True)


def test_identity_errors_keep_everything_typed(client, goods):
    add(client, goods["BD-AU-MACA-500"])
    bad = {**IDENTITY, "id_number": with_wrong_check_character(TOURIST)}
    bad.pop("payer_is_buyer")
    response = client.post("/zh-hans/bonded/checkout", data=bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "王芳" in html and "138 0013 8000" in html and bad["id_number"] in html
    assert "wang.fang@example.com" in html
    assert 'aria-invalid="true"' in html
    assert html.count('role="alert"') >= 3  # summary, ID number, payer statement
    response = client.post("/en/bonded/checkout", data={**IDENTITY, "phone": "+65 6123 4567"})
    assert response.status_code == 422
    assert "mainland China phone number" in response.get_data(as_text=True)


def test_the_quote_shows_tax_per_line_and_the_remaining_allowance(client, goods):
    add(client, goods["BD-FR-BDX-750"], 2)
    add(client, goods["BD-AU-MACA-500"], 1)
    assert client.post("/en/bonded/checkout", data=IDENTITY).status_code == 302
    html = client.get("/en/bonded/checkout/quote").get_data(as_text=True)
    # wine, 536.00: consumption tax 536 / 0.9 x 10% x 70% = 41.69, VAT 536 / 0.9 x 13% x 70%
    for amount in ("41.69", "54.20", "95.89", "7.43", "757.32"):  # nuts: 118 x 6.3% = 7.43
        assert amount in html
    assert TOURIST not in html and TOURIST[:4] + "*" * 13 in html
    assert 'id="place-order"' in html


def test_over_the_order_limit_the_quote_says_by_how_much(client, goods):
    add(client, goods["BD-JP-SERUM-30"], 6)  # 5,880.00
    client.post("/en/bonded/checkout", data=IDENTITY)
    html = client.get("/en/bonded/checkout/quote").get_data(as_text=True)
    assert "over the limit of CN¥5,000.00 per order by CN¥880.00" in html
    assert 'id="place-order"' not in html


def test_place_pay_and_follow_to_the_pickup_code(app, client, goods, db_session, customs_round):
    add(client, goods["BD-NZ-MILK-3"], 1, "zh-hans")
    add(client, goods["BD-FR-ROSE-50"], 2, "zh-hans")
    client.post("/zh-hans/bonded/checkout", data={**IDENTITY, "id_number": FOURTH_TOURIST})
    quote = client.get("/zh-hans/bonded/checkout/quote").get_data(as_text=True)
    key = re.search(r'name="placement_key" type="hidden" value="([^"]+)"', quote).group(1)
    placed = client.post("/zh-hans/bonded/checkout/place", data={"placement_key": key})
    assert placed.status_code == 303 and "/payments/sandbox/" in placed.location
    twice = client.post("/zh-hans/bonded/checkout/place", data={"placement_key": key})
    order = db_session.scalars(select(Order).order_by(Order.id.desc())).first()
    assert twice.location.endswith(f"/bonded/orders/{order.number}")  # one order, not two
    reference = placed.location.rsplit("/", 1)[-1]
    paid = client.post(f"/zh-hans/payments/sandbox/{reference}", data={"decision": "pay"})
    assert paid.status_code == 302
    page = client.get(f"/zh-hans/orders/{order.number}", follow_redirects=True)
    html = page.get_data(as_text=True)
    assert translated_html(app, "zh-hans", "Paid: declared to customs, waiting for release") in html
    assert client.get("/zh-hans/bonded/cart").get_data(as_text=True).count("qty-") == 0
    customs_round()
    customs_round()
    follow_customs_once()
    html = client.get(f"/zh-hans/bonded/orders/{order.number}").get_data(as_text=True)
    assert 'id="pickup-code"' in html and '<svg role="img"' in html
    slot_ids = re.findall(r'name="slot" required type="radio" value="(\d+)"', html)
    chosen = client.post(f"/zh-hans/bonded/orders/{order.number}/slot", data={"slot": slot_ids[0]})
    assert chosen.status_code == 302
    html = client.get(f"/zh-hans/bonded/orders/{order.number}").get_data(as_text=True)
    assert 'id="chosen-slot"' in html
    refused = client.post(f"/zh-hans/bonded/orders/{order.number}/slot", data={"slot": "999999"})
    assert refused.status_code == 302
    expected = translated(app, "zh-hans", "Please choose one of the times offered.")
    assert expected in client.get(refused.location).get_data(as_text=True)


def test_another_visitor_cannot_see_a_bonded_order(app, client, goods, place):
    order = place({"BD-AU-MACA-500": 1})
    other = app.test_client()
    assert other.get(f"/en/bonded/orders/{order.number}").status_code == 404
