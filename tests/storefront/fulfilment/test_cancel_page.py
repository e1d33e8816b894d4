"""Cancelling from the order page: a confirmation step first, then each parcel's customs line
follows the withdrawal instead of still saying "released"."""

from __future__ import annotations

from datetime import timedelta

from storefront.customs.exchange.dispatcher import DispatchPolicy, dispatch_batch
from storefront.customs.exchange.receiver import receive_inbox
from storefront.customs.exchange.simulator import CustomsSimulator
from storefront.customs.messages.schema import SchemaValidator
from tests.conftest import CUSTOMS_XSD_DIR
from tests.i18n import translated_html
from tests.storefront.customs.exchange.test_receive import Clock


def test_a_released_parcel_reads_withdrawal_sent_after_a_confirmed_cancellation(
    app, client, db_session, place_paid_order, folders
):
    order = place_paid_order()
    clock = Clock()
    simulator = CustomsSimulator(
        folders, SchemaValidator(CUSTOMS_XSD_DIR), release_delay=60, clock=clock
    )
    with client.session_transaction() as flask_session:
        flask_session["guest_orders"] = [order.number]
    dispatch_batch(db_session, folders, DispatchPolicy())
    simulator.run_once()
    receive_inbox(db_session, folders)
    clock.now += timedelta(seconds=61)
    simulator.run_once()
    receive_inbox(db_session, folders)
    db_session.commit()
    released = translated_html(app, "en", "Export declaration: released by China Customs.")
    page = client.get(f"/en/orders/{order.number}").get_data(as_text=True)
    assert page.count(released) == 2
    assert f'href="/en/orders/{order.number}/cancel"' in page  # a link to the confirmation

    confirm = client.get(f"/en/orders/{order.number}/cancel").get_data(as_text=True)
    assert "Yes, cancel the order" in confirm and "No, keep the order" in confirm
    db_session.refresh(order)
    assert order.status.value == "confirmed"  # opening the confirmation changes nothing

    client.post(f"/en/orders/{order.number}/cancel", data={})
    db_session.refresh(order)
    assert order.status.value == "cancelled"
    page = client.get(f"/en/orders/{order.number}").get_data(as_text=True)
    sent = translated_html(app, "en", "Export declaration: withdrawal sent to China Customs.")
    assert released not in page and page.count(sent) == 2
