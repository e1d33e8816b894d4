"""Customs release (800) is what lets a producer hand a parcel to the carrier."""

from __future__ import annotations

from datetime import timedelta

import pytest
from lxml import etree
from sqlalchemy import select

from storefront.customs.declarations.models import CustomsDeclaration, MessageType
from storefront.customs.exchange.dispatcher import DispatchPolicy, dispatch_batch
from storefront.customs.exchange.receiver import receive_inbox
from storefront.customs.exchange.simulator import CustomsSimulator
from storefront.customs.messages.schema import SchemaValidator
from storefront.fulfilment.parcels import ParcelNotShippable, ship_parcel
from storefront.orders.actors import Actor
from storefront.orders.models import OrderEvent
from storefront.orders.services import can_cancel
from storefront.orders.states import FulfilmentStatus
from storefront.shipping.carriers.booking import waybill_of
from tests.conftest import CUSTOMS_XSD_DIR
from tests.storefront.customs.exchange.test_receive import Clock

PRODUCER = Actor("coop member")
NS = {"ceb": "http://www.chinaport.gov.cn/ceb"}


def release_everything(db_session, folders):
    clock = Clock()
    simulator = CustomsSimulator(
        folders, SchemaValidator(CUSTOMS_XSD_DIR), release_delay=60, clock=clock
    )
    dispatch_batch(db_session, folders, DispatchPolicy())
    simulator.run_once()
    receive_inbox(db_session, folders)
    clock.now += timedelta(seconds=61)
    simulator.run_once()
    receive_inbox(db_session, folders)


def test_a_parcel_waits_for_customs_release(db_session, place_paid_order, folders):
    order = place_paid_order()
    parcel = order.sub_orders[0]
    with pytest.raises(ParcelNotShippable) as refused:
        ship_parcel(db_session, parcel, tracking_number="SF1234567890", actor=PRODUCER)
    assert refused.value.reason == "not_released"
    assert parcel.fulfilment_status is FulfilmentStatus.UNFULFILLED
    assert parcel.tracking_number is None


def declared_waybill(db_session, parcel) -> str:
    """The logisticsNo the parcel's released inventory list declared."""
    payload = db_session.scalars(
        select(CustomsDeclaration.payload).where(
            CustomsDeclaration.sub_order_id == parcel.id,
            CustomsDeclaration.message_type == MessageType.INVENTORY,
        )
    ).one()
    return etree.fromstring(payload.encode()).findtext(".//ceb:logisticsNo", namespaces=NS)


def test_released_parcels_ship_and_the_order_ships_with_the_last(
    db_session, place_paid_order, folders
):
    order = place_paid_order()
    release_everything(db_session, folders)
    first, second = order.sub_orders
    first_waybill, second_waybill = (
        declared_waybill(db_session, first),
        declared_waybill(db_session, second),
    )
    assert first_waybill == waybill_of(db_session, first.id).waybill_no

    ship_parcel(db_session, first, tracking_number=first_waybill, actor=PRODUCER)
    assert first.fulfilment_status is FulfilmentStatus.SHIPPED
    assert first.tracking_number == first_waybill
    assert order.fulfilment_status is FulfilmentStatus.UNFULFILLED
    assert not can_cancel(order)  # something left: no more cancelling
    with pytest.raises(ParcelNotShippable) as again:
        ship_parcel(db_session, first, tracking_number=first_waybill, actor=PRODUCER)
    assert again.value.reason == "already_handled"

    ship_parcel(db_session, second, tracking_number=second_waybill, actor=PRODUCER)
    assert order.fulfilment_status is FulfilmentStatus.SHIPPED
    notes = db_session.scalars(
        select(OrderEvent.note).where(
            OrderEvent.order_id == order.id, OrderEvent.machine == "fulfilment"
        )
    ).all()
    assert f"tracking {first_waybill}" in notes and f"tracking {second_waybill}" in notes


def test_a_tracking_number_other_than_the_declared_waybill_is_refused(
    db_session, place_paid_order, folders
):
    order = place_paid_order()
    release_everything(db_session, folders)
    parcel = order.sub_orders[0]
    other = "SF1234567890"
    assert other != declared_waybill(db_session, parcel)
    with pytest.raises(ParcelNotShippable) as refused:
        ship_parcel(db_session, parcel, tracking_number=other, actor=PRODUCER)
    assert refused.value.reason == "not_the_declared_waybill"
    assert parcel.fulfilment_status is FulfilmentStatus.UNFULFILLED
    assert parcel.tracking_number is None


@pytest.mark.parametrize("tracking", ["", "  ", "SF1", "-SF123456", "SF 123 456", "x" * 41])
def test_a_tracking_number_is_required_and_checked(db_session, place_paid_order, folders, tracking):
    order = place_paid_order()
    release_everything(db_session, folders)
    with pytest.raises(ParcelNotShippable) as refused:
        ship_parcel(db_session, order.sub_orders[0], tracking_number=tracking, actor=PRODUCER)
    assert refused.value.reason == "tracking_number"
