"""Starting payment after the order is committed: retried when the database is busy, else the
order page offers "Pay now"; racing placements on separate connections all reach a pay page."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from storefront.checkout.placement import place_order
from storefront.database import begin_writing
from storefront.orders.models import Order
from storefront.payments import opening
from storefront.payments.opening import start_payment
from storefront.payments.port import CheckoutRedirect
from storefront.shipping.models import ShippingMethod
from tests.storefront.checkout.test_concurrency import (  # noqa: F401  (fixtures)
    UNITS,
    race_engine,
    scarce_variant,
)
from tests.storefront.checkout.test_flow import ADDRESS_SG, add, place
from tests.storefront.conftest import buyer

URLS = {"success_url": "http://shop.test/en/checkout/return", "cancel_url": "http://shop.test/"}


class Gateway:
    name = "sandbox"

    def __init__(self, fail_times: int = 0) -> None:
        self.fail_times = fail_times
        self.calls = 0

    def start_checkout(self, request):
        self.calls += 1
        if self.calls <= self.fail_times:
            raise OperationalError("UPDATE orders", {}, Exception("database is locked"))
        return CheckoutRedirect(f"sbx_{request.order_number}_{request.attempt}", "/pay/here")


def locked_once(monkeypatch, times):
    real = opening.open_checkout
    state = {"left": times}

    def open_checkout(*args, **kwargs):
        if state["left"] > 0:
            state["left"] -= 1
            raise OperationalError("UPDATE orders", {}, Exception("database is locked"))
        return real(*args, **kwargs)

    monkeypatch.setattr(opening, "open_checkout", open_checkout)


def test_a_busy_database_is_retried_and_the_buyer_reaches_the_pay_page(
    client, db_session, two_coops, monkeypatch
):
    tea, _duck = two_coops
    add(client, tea.variants[0], 1)
    client.post("/en/checkout", data=ADDRESS_SG)
    locked_once(monkeypatch, 2)
    response = place(client, "en", "postal_parcel")
    order = db_session.scalars(select(Order)).one()
    assert response.status_code == 303
    assert response.location.endswith(f"/en/payments/sandbox/{order.payment_reference}")


def test_when_payment_cannot_start_the_order_page_offers_pay_now(
    client, db_session, two_coops, monkeypatch
):
    tea, _duck = two_coops
    add(client, tea.variants[0], 1)
    client.post("/en/checkout", data=ADDRESS_SG)
    locked_once(monkeypatch, 99)
    response = place(client, "en", "postal_parcel")
    order = db_session.scalars(select(Order)).one()
    assert response.status_code == 302 and response.location.endswith(f"/en/orders/{order.number}")
    page = client.get(response.location).get_data(as_text=True)
    assert "The payment page could not be opened. Your order is kept" in page
    assert "Pay now" in page
    monkeypatch.undo()
    paid = client.post(f"/en/orders/{order.number}/pay")
    assert paid.status_code == 303 and "/payments/sandbox/" in paid.location


def test_racing_placements_all_reach_a_pay_page(app, race_engine, scarce_variant):  # noqa: F811
    start = threading.Barrier(UNITS)
    gateway = Gateway()

    def buy(n: int) -> str:
        with app.app_context(), Session(race_engine) as session:
            start.wait()
            begin_writing(session)
            order = place_order(session, {scarce_variant: 1}, buyer(), ShippingMethod.POSTAL_PARCEL)
            order_id = order.id
            session.commit()
            return start_payment(session, gateway, order_id, urls=URLS)

    with ThreadPoolExecutor(max_workers=UNITS) as pool:
        urls = list(pool.map(buy, range(UNITS)))
    assert urls == ["/pay/here"] * UNITS
    with Session(race_engine) as session:
        references = session.scalars(
            select(Order.payment_reference).where(Order.payment_reference.is_not(None))
        ).all()
        assert len([r for r in references if r.startswith("sbx_")]) >= UNITS
