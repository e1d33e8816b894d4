"""Customs release (800) is what lets a producer hand a parcel to the carrier."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from storefront.customs.exchange.dispatcher import DispatchPolicy, dispatch_batch
from storefront.customs.exchange.receiver import receive_inbox
from storefront.customs.exchange.simulator import CustomsSimulator
from storefront.customs.messages.schema import SchemaValidator
from storefront.fulfilment.parcels import ParcelNotShippable, ship_parcel
from storefront.orders.actors import Actor
from storefront.orders.models import OrderEvent
from storefront.orders.services import can_cancel
from storefront.orders.states import FulfilmentStatus
from tests.conftest import CUSTOMS_XSD_DIR
from tests.storefront.customs.exchange.test_receive import Clock

PRODUCER = Actor("coop member")


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


def test_released_parcels_ship_and_the_order_ships_with_the_last(
    db_session, place_paid_order, folders
):
    order = place_paid_order()
    release_everything(db_session, folders)
    first, second = order.sub_orders

    ship_parcel(db_session, first, tracking_number="SF1234567890", actor=PRODUCER)
    assert first.fulfilment_status is FulfilmentStatus.SHIPPED
    assert first.tracking_number == "SF1234567890"
    assert order.fulfilment_status is FulfilmentStatus.UNFULFILLED
    assert not can_cancel(order)  # something left: no more cancelling
    with pytest.raises(ParcelNotShippable) as again:
        ship_parcel(db_session, first, tracking_number="SF9999999999", actor=PRODUCER)
    assert again.value.reason == "already_handled"

    ship_parcel(db_session, second, tracking_number="EMS-CN-0042", actor=PRODUCER)
    assert order.fulfilment_status is FulfilmentStatus.SHIPPED
    notes = db_session.scalars(
        select(OrderEvent.note).where(
            OrderEvent.order_id == order.id, OrderEvent.machine == "fulfilment"
        )
    ).all()
    assert "tracking SF1234567890" in notes and "tracking EMS-CN-0042" in notes


@pytest.mark.parametrize("tracking", ["", "  ", "SF1", "-SF123456", "SF 123 456", "x" * 41])
def test_a_tracking_number_is_required_and_checked(db_session, place_paid_order, folders, tracking):
    order = place_paid_order()
    release_everything(db_session, folders)
    with pytest.raises(ParcelNotShippable) as refused:
        ship_parcel(db_session, order.sub_orders[0], tracking_number=tracking, actor=PRODUCER)
    assert refused.value.reason == "tracking_number"
