"""A cooperative's parcel, step by step in the portal: pack, book the carrier (the waybill goes
into the export list), hand over once customs released it; or cancel it (refund through the
gateway). The buyer's order page follows each step."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree
from sqlalchemy import select

from storefront.accounts.models import UserRole
from storefront.checkout.placement import place_order
from storefront.customs import customs_adapter
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)
from storefront.inventory.models import ReservationStatus, StockReservation
from storefront.orders.access import allow_guest_order
from storefront.orders.actors import Actor
from storefront.orders.models import OrderEvent
from storefront.orders.services import mark_order_paid
from storefront.orders.states import FulfilmentStatus, OrderStatus, PaymentStatus
from storefront.shipping.carriers.booking import waybill_of
from storefront.shipping.models import ShippingMethod
from tests.factories import make_user, sign_in
from tests.storefront.conftest import buyer
from tests.storefront.fulfilment.test_parcels import release_everything

NS = {"ceb": "http://www.chinaport.gov.cn/ceb"}
PORTAL = "/en/coop"


def lists_of(db_session, parcel_id):
    return db_session.scalars(
        select(CustomsDeclaration).where(
            CustomsDeclaration.sub_order_id == parcel_id,
            CustomsDeclaration.message_type == MessageType.INVENTORY,
        )
    ).all()


def buyer_page(client, order):
    with client.session_transaction() as session:
        allow_guest_order(session, order.number)
    return client.get(f"/en/orders/{order.number}").get_data(as_text=True)


def test_pack_book_release_and_hand_over(client, db_session, place_paid_order, folders):
    order = place_paid_order(book=False)
    parcel = order.sub_orders[0]
    make_user(db_session, "owner@tea.test", UserRole.COOP_MEMBER, parcel.producer)
    sign_in(client, "owner@tea.test")
    detail = f"{PORTAL}/parcels/{parcel.id}"

    # Paid: the electronic order is declared, the list waits for the waybill.
    assert lists_of(db_session, parcel.id) == []
    page = client.get(detail).get_data(as_text=True)
    assert 'id="pack"' in page and 'id="book"' not in page
    assert "The cooperative is packing your parcel" in buyer_page(client, order)
    sign_in(client, "owner@tea.test")

    # Booking before packing is refused, with a reason.
    client.post(f"{detail}/book")
    assert waybill_of(db_session, parcel.id) is None

    assert client.post(f"{detail}/pack").status_code == 303
    assert parcel.packed_at is not None
    assert 'id="book"' in client.get(detail).get_data(as_text=True)

    response = client.post(f"{detail}/book", follow_redirects=True)
    waybill = waybill_of(db_session, parcel.id).waybill_no
    assert waybill in response.get_data(as_text=True)
    (inventory,) = lists_of(db_session, parcel.id)
    assert inventory.status is DeclarationStatus.PENDING
    assert f"<ceb:logisticsNo>{waybill}</ceb:logisticsNo>" in inventory.payload

    # Not released yet: nothing to hand over.
    assert 'id="hand-over"' not in client.get(detail).get_data(as_text=True)
    release_everything(db_session, folders)
    assert inventory.status is DeclarationStatus.RELEASED
    page = client.get(detail).get_data(as_text=True)
    assert 'id="hand-over"' in page

    client.post(f"{detail}/hand-over")
    assert parcel.fulfilment_status is FulfilmentStatus.SHIPPED
    assert parcel.tracking_number == waybill and parcel.shipped_at is not None
    steps = [
        event.to_status
        for event in db_session.scalars(
            select(OrderEvent).where(OrderEvent.sub_order_id == parcel.id).order_by(OrderEvent.id)
        )
        if event.machine == "fulfilment"
    ]
    assert steps == ["packed", "booked", "shipped"]
    # The sold units left the shelf: no longer held by an open order.
    reservation = db_session.scalars(
        select(StockReservation).where(
            StockReservation.order_id == order.id,
            StockReservation.variant_id == parcel.lines[0].variant_id,
        )
    ).one()
    assert reservation.status is ReservationStatus.SHIPPED
    assert waybill in buyer_page(client, order)


def test_the_parcel_list_filters_by_stage(client, db_session, place_paid_order):
    order = place_paid_order(book=False)
    parcel = order.sub_orders[0]
    make_user(db_session, "owner@tea.test", UserRole.COOP_MEMBER, parcel.producer)
    sign_in(client, "owner@tea.test")
    assert parcel.number in client.get(f"{PORTAL}/parcels/?stage=to_pack").get_data(as_text=True)
    assert parcel.number not in client.get(f"{PORTAL}/parcels/?stage=to_book").get_data(
        as_text=True
    )
    home = client.get(f"{PORTAL}/").get_data(as_text=True)
    assert 'id="todo-to-pack">1<' in home


def test_cancelling_one_parcel_refunds_its_share_and_the_rest_goes_on(
    client, db_session, place_paid_order
):
    order = place_paid_order(book=False)
    first, second = order.sub_orders
    make_user(db_session, "owner@tea.test", UserRole.COOP_MEMBER, first.producer)
    sign_in(client, "owner@tea.test")
    client.post(f"{PORTAL}/parcels/{first.id}/cancel", data={"reason": "   "})
    assert first.fulfilment_status is FulfilmentStatus.UNFULFILLED  # a reason is needed

    client.post(f"{PORTAL}/parcels/{first.id}/cancel", data={"reason": "Frost damaged the fruit"})
    assert first.fulfilment_status is FulfilmentStatus.CANCELLED
    assert second.fulfilment_status is FulfilmentStatus.UNFULFILLED
    assert order.status is OrderStatus.CONFIRMED and order.payment_status is PaymentStatus.PAID
    refund_notes = [e.note for e in order.events if e.machine == "payment" and "refunded" in e.note]
    share = first.goods_value + first.freight_share
    assert refund_notes and f"{share}" in refund_notes[-1]
    released = db_session.scalars(
        select(StockReservation).where(
            StockReservation.order_id == order.id,
            StockReservation.variant_id == first.lines[0].variant_id,
        )
    ).one()
    assert released.status is ReservationStatus.RELEASED  # its stock is back
    # Its electronic order never reached customs: cancelled here.
    statuses = {
        row.status
        for row in db_session.scalars(
            select(CustomsDeclaration).where(CustomsDeclaration.sub_order_id == first.id)
        )
    }
    assert statuses == {DeclarationStatus.CANCELLED}
    page = buyer_page(client, order)
    assert 'id="parcel-status-1">Cancelled' in page
    assert 'id="parcel-steps-2"' in page  # the other parcel goes on


def test_the_last_parcel_cancelled_cancels_the_order_and_refunds_the_rest(
    client, db_session, place_paid_order
):
    order = place_paid_order(book=False)
    first, second = order.sub_orders
    make_user(db_session, "one@tea.test", UserRole.COOP_MEMBER, first.producer)
    make_user(db_session, "two@duck.test", UserRole.COOP_MEMBER, second.producer)
    sign_in(client, "one@tea.test")
    client.post(f"{PORTAL}/parcels/{first.id}/cancel", data={"reason": "No stock after all"})
    sign_in(client, "two@duck.test")
    client.post(f"{PORTAL}/parcels/{second.id}/cancel", data={"reason": "Same here"})
    assert order.status is OrderStatus.CANCELLED
    assert order.fulfilment_status is FulfilmentStatus.CANCELLED
    assert order.payment_status is PaymentStatus.REFUNDED  # the sandbox refunds at once
    refunded = [e.note for e in order.events if "refunded" in e.note]
    assert len(refunded) == 2
    total = sum((s.goods_value + s.freight_share for s in order.sub_orders), Decimal(0))
    assert total == order.total


def test_a_single_parcel_order_is_cancelled_whole(client, db_session, two_coops, shipping_rates):
    tea, _duck = two_coops
    order = place_order(
        db_session, {tea.variants[0].id: 1}, buyer(), ShippingMethod.INTERNATIONAL_EXPRESS
    )
    mark_order_paid(
        db_session, order, actor=Actor("test"), declarations=customs_adapter(client.application)
    )
    db_session.commit()
    make_user(db_session, "owner@tea.test", UserRole.COOP_MEMBER, tea.producer)
    sign_in(client, "owner@tea.test")
    client.post(f"{PORTAL}/parcels/{order.sub_orders[0].id}/cancel", data={"reason": "Sorry"})
    assert order.status is OrderStatus.CANCELLED
    assert order.payment_status is PaymentStatus.REFUNDED


def test_the_declared_waybill_is_the_booked_one(db_session, place_paid_order):
    order = place_paid_order()  # packed and booked by the cooperatives
    for parcel in order.sub_orders:
        (inventory,) = lists_of(db_session, parcel.id)
        number = etree.fromstring(inventory.payload.encode()).findtext(
            ".//ceb:logisticsNo", namespaces=NS
        )
        assert number == waybill_of(db_session, parcel.id).waybill_no
