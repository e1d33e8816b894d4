"""The buyer's journey through the test client: cart, checkout, review, sandbox payment, order."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from catalog.base import utcnow
from storefront.orders.models import Order, OrderEvent
from storefront.payments.models import SandboxCheckout
from tests.i18n import translated_html

ADDRESS_SG = {
    "email": "amelie@example.com",
    "recipient_name": "Amélie Laurent",
    "phone": "+65 6123 4567",
    "country": "SG",
    "street_address": "10 Bayfront Avenue",
    "postal_code": "018956",
}


def add(client, variant, quantity=1, locale="en"):
    return client.post(f"/{locale}/cart/add", data={"variant_id": variant.id, "quantity": quantity})


def place(client, locale, method):
    review = client.get(f"/{locale}/checkout/review").get_data(as_text=True)
    key = review.split('name="placement_key" type="hidden" value="')[1].split('"')[0]
    return client.post(
        f"/{locale}/checkout/place", data={"shipping_method": method, "placement_key": key}
    )


def test_a_guest_buys_from_two_cooperatives_and_pays_in_the_sandbox(
    app, client, db_session, two_coops, outbox
):
    tea, duck = two_coops
    add(client, tea.variants[0], 2, "fr")
    add(client, duck.variants[0], 1, "fr")

    cart = client.get("/fr/cart").get_data(as_text=True)
    assert cart.count('class="producer-group"') == 2
    assert "Test Cooperative" in cart

    response = client.post("/fr/checkout", data=ADDRESS_SG)
    assert response.status_code == 302 and response.location.endswith("/fr/checkout/review")
    review = client.get("/fr/checkout/review").get_data(as_text=True)
    # 2 x 58.00 + 68.50 = 184.50 goods; 1 kg parcel by express to SG = 105.00
    assert "289,50" in review  # French formatting of CN¥289.50
    assert "international_express" in review

    response = place(client, "fr", "international_express")
    assert response.status_code == 303
    order = db_session.scalars(select(Order)).one()
    assert response.location.endswith(f"/fr/payments/sandbox/{order.payment_reference}")
    assert order.total == order.goods_total + order.shipping_price
    assert tea.variants[0].stock == 8 and duck.variants[0].stock == 9
    assert client.get("/fr/cart").get_data(as_text=True).count('class="producer-group"') == 0

    sandbox = client.get(response.location).get_data(as_text=True)
    test_payment = translated_html(app, "fr", "TEST PAYMENT: sandbox provider")
    assert test_payment in sandbox and "289,50" in sandbox
    response = client.post(response.location, data={"decision": "pay"})
    assert response.location.endswith(f"/fr/orders/{order.number}")

    db_session.refresh(order)
    assert (order.status.value, order.payment_status.value) == ("confirmed", "paid")
    assert len(order.sub_orders) == 2
    assert sum(sub.goods_value for sub in order.sub_orders) == order.goods_total
    assert sum(sub.freight_share for sub in order.sub_orders) == order.shipping_price
    page = client.get(f"/fr/orders/{order.number}").get_data(as_text=True)
    assert page.count('class="sub-order card"') == 2
    assert len(outbox) == 1 and order.number in outbox[0]["Subject"]
    assert outbox[0]["To"] == "amelie@example.com"

    # Paying the same sandbox session again changes nothing and sends nothing.
    client.post(f"/fr/payments/sandbox/{order.payment_reference}", data={"decision": "pay"})
    assert len(outbox) == 1
    machines = [
        (e.machine, e.from_status, e.to_status)
        for e in db_session.scalars(
            select(OrderEvent).where(OrderEvent.order_id == order.id).order_by(OrderEvent.id)
        )
    ]
    assert machines == [
        ("order", None, "placed"),
        ("payment", "pending", "paid"),
        ("order", "placed", "confirmed"),
    ]


def test_a_declined_sandbox_payment_keeps_the_order_payable_while_its_stock_is_held(
    client, db_session, two_coops
):
    tea, _duck = two_coops
    add(client, tea.variants[0], 3)
    client.post("/en/checkout", data=ADDRESS_SG)
    response = place(client, "en", "postal_parcel")
    assert tea.variants[0].stock == 7
    client.post(response.location, data={"decision": "decline"})
    order = db_session.scalars(select(Order)).one()
    assert (order.status.value, order.payment_status.value) == ("placed", "pending")
    db_session.refresh(tea.variants[0])
    assert tea.variants[0].stock == 7  # still held for the buyer
    checkout = db_session.scalars(select(SandboxCheckout)).one()
    assert checkout.status.value == "declined"
    page = client.get(f"/en/orders/{order.number}").get_data(as_text=True)
    assert "Your payment was declined. Nothing was charged." in page
    assert "Try again" in page and "Being prepared" not in page
    assert "Not started (the order is not paid)" in page

    retry = client.post(f"/en/orders/{order.number}/pay", data={"csrf_token": ""})
    assert "/payments/sandbox/" in retry.location
    client.post(retry.location, data={"decision": "pay"})
    db_session.refresh(order)
    assert (order.status.value, order.payment_status.value) == ("confirmed", "paid")


def test_a_declined_payment_after_the_reservation_ran_out_cancels_the_order(
    client, db_session, two_coops
):
    tea, _duck = two_coops
    add(client, tea.variants[0], 3)
    client.post("/en/checkout", data=ADDRESS_SG)
    response = place(client, "en", "postal_parcel")
    order = db_session.scalars(select(Order)).one()
    order.reservation_expires_at = utcnow() - timedelta(minutes=1)
    db_session.commit()
    client.post(response.location, data={"decision": "decline"})
    db_session.refresh(order)
    assert order.status.value in ("cancelled", "expired")
    db_session.refresh(tea.variants[0])
    assert tea.variants[0].stock == 10


def test_cooked_duck_to_the_uk_is_refused_with_the_reason_and_the_form_keeps_the_input(
    client, two_coops
):
    _tea, duck = two_coops
    add(client, duck.variants[0], 1, "zh-hant")
    data = {
        **ADDRESS_SG,
        "country": "GB",
        "street_address": "221B Baker Street",
        "city": "London",
        "postal_code": "NW1 6XE",
    }
    response = client.post("/zh-hant/checkout", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="destination-refused"' in html
    assert "221B Baker Street" in html and "amelie@example.com" in html
    assert client.get("/zh-hant/checkout/review").status_code == 302


def test_an_invalid_address_is_explained_per_field(client, two_coops):
    tea, _duck = two_coops
    add(client, tea.variants[0])
    response = client.post("/en/checkout", data={**ADDRESS_SG, "postal_code": "12"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This postal code is not valid for the destination country." in html
    assert 'value="Amélie Laurent"' in html


def test_submitting_the_review_page_twice_places_one_order(client, db_session, two_coops):
    tea, _duck = two_coops
    add(client, tea.variants[0], 2)
    client.post("/en/checkout", data=ADDRESS_SG)
    review = client.get("/en/checkout/review").get_data(as_text=True)
    key = review.split('name="placement_key" type="hidden" value="')[1].split('"')[0]
    with client.session_transaction() as before:
        stale_cookie_session = dict(before)
    first = client.post(
        "/en/checkout/place", data={"shipping_method": "postal_parcel", "placement_key": key}
    )
    assert first.status_code == 303
    with client.session_transaction() as flask_session:  # the second click carries the old cookie
        flask_session.clear()
        flask_session.update(stale_cookie_session)
    second = client.post(
        "/en/checkout/place", data={"shipping_method": "postal_parcel", "placement_key": key}
    )
    order = db_session.scalars(select(Order)).one()
    assert second.status_code == 302 and second.location.endswith(f"/en/orders/{order.number}")
    assert client.get(second.location).status_code == 200
    db_session.refresh(tea.variants[0])
    assert tea.variants[0].stock == 8
    assert client.get("/en/cart").get_data(as_text=True).count('class="producer-group"') == 0


def test_a_mail_outage_does_not_hide_a_successful_payment(app, client, db_session, two_coops):
    class BrokenMailer:
        def send(self, message):
            raise ConnectionRefusedError("smtp down")

    tea, _duck = two_coops
    add(client, tea.variants[0])
    client.post("/en/checkout", data=ADDRESS_SG)
    sandbox = place(client, "en", "postal_parcel")
    original = app.extensions["mailer"]
    app.extensions["mailer"] = BrokenMailer()
    try:
        paid = client.post(sandbox.location, data={"decision": "pay"})
    finally:
        app.extensions["mailer"] = original
    order = db_session.scalars(select(Order)).one()
    assert paid.status_code == 302 and paid.location.endswith(f"/en/orders/{order.number}")
    db_session.refresh(order)
    assert order.payment_status.value == "paid"


def test_fields_another_country_does_not_use_keep_what_was_typed(app, client, two_coops):
    tea, _duck = two_coops
    add(client, tea.variants[0], 1, "ar")
    data = {
        **ADDRESS_SG,
        "country": "AE",
        "street_address": "Sheikh Zayed Road 1",
        "city": "Dubai",
        "postal_code": "",
    }
    html = client.post("/ar/checkout", data=data).get_data(as_text=True)
    assert 'value="Dubai"' in html  # the Emirates use no city line, but nothing typed is lost
    # the emirate is required
    assert translated_html(app, "ar", "Please fill in this field.") in html
    assert 'autocomplete="tel" dir="ltr" id="phone"' in html  # phone numbers read left to right


def test_stock_sold_while_reviewing_sends_the_buyer_back_to_the_cart_with_a_reason(
    client, db_session, two_coops
):
    tea, _duck = two_coops
    add(client, tea.variants[0], 3)
    client.post("/en/checkout", data=ADDRESS_SG)
    tea.variants[0].stock = 2  # someone else bought most of it meanwhile
    db_session.commit()
    response = place(client, "en", "postal_parcel")
    assert response.status_code == 302 and response.location.endswith("/en/cart")
    assert "ran out or changed" in client.get("/en/cart").get_data(as_text=True)
    assert db_session.scalars(select(Order)).all() == []


def test_paying_an_order_cancelled_meanwhile_gives_the_money_back(client, db_session, two_coops):
    tea, _duck = two_coops
    add(client, tea.variants[0], 2)
    client.post("/en/checkout", data=ADDRESS_SG)
    sandbox_page = place(client, "en", "postal_parcel").location
    order = db_session.scalars(select(Order)).one()
    assert client.post(f"/en/orders/{order.number}/cancel").status_code == 302
    db_session.refresh(tea.variants[0])
    assert tea.variants[0].stock == 10
    client.post(sandbox_page, data={"decision": "pay"})  # the provider page was still open
    db_session.refresh(order)
    assert order.status.value == "cancelled"
    assert "refunded" in order.events[-1].note
    db_session.refresh(tea.variants[0])
    assert tea.variants[0].stock == 10
