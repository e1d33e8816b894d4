"""Handing parcels to the carrier: only once customs has released their export list.

The tracking number is the waybill the carrier allocated when the parcel was booked, the same
number the inventory list declared as ``logisticsNo`` (customs compares order, waybill and list):
any other number is refused.
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from catalog.base import utcnow
from storefront.customs.declarations.parcels import may_ship
from storefront.exceptions import StorefrontError
from storefront.inventory.reservations import ship_stock
from storefront.orders.actors import Actor
from storefront.orders.models import Order, SubOrder
from storefront.orders.services import (
    lock_order,
    set_fulfilment_status,
    set_sub_order_status,
)
from storefront.orders.states import FulfilmentStatus, OrderStatus
from storefront.shipping.carriers.booking import waybill_of

TRACKING_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{4,39}$")


class ParcelNotShippable(StorefrontError):
    """The parcel cannot be handed to the carrier now; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def ship_parcel(
    session: Session, sub_order: SubOrder, *, tracking_number: str, actor: Actor
) -> None:
    """Record that the producer handed ``sub_order`` to the carrier under ``tracking_number``.

    Customs must have released the parcel's export list (receipt 800) first; the order counts as
    shipped once its last parcel is. Flushes, never commits.
    """
    tracking_number = tracking_number.strip()
    if not TRACKING_NUMBER.match(tracking_number):
        raise ParcelNotShippable("tracking_number")
    order = lock_order(session, sub_order.order_id)
    if order.status is not OrderStatus.CONFIRMED:
        raise ParcelNotShippable("order_not_confirmed")
    if sub_order.fulfilment_status is not FulfilmentStatus.UNFULFILLED:
        raise ParcelNotShippable("already_handled")
    if not may_ship(session, sub_order):
        raise ParcelNotShippable("not_released")
    waybill = waybill_of(session, sub_order.id)
    if waybill is None or tracking_number != waybill.waybill_no:
        raise ParcelNotShippable("not_the_declared_waybill")
    sub_order.tracking_number = tracking_number
    sub_order.shipped_at = utcnow()
    set_sub_order_status(sub_order, FulfilmentStatus.SHIPPED, actor, f"tracking {tracking_number}")
    ship_stock(session, order.id, frozenset(line.variant_id for line in sub_order.lines))
    settle_order_fulfilment(order, actor)
    session.flush()


def settle_order_fulfilment(order: Order, actor: Actor) -> None:
    """The order counts as shipped once every parcel not cancelled has shipped."""
    remaining = [
        s for s in order.sub_orders if s.fulfilment_status is not FulfilmentStatus.CANCELLED
    ]
    if (
        remaining
        and all(s.fulfilment_status is FulfilmentStatus.SHIPPED for s in remaining)
        and order.fulfilment_status is FulfilmentStatus.UNFULFILLED
    ):
        set_fulfilment_status(order, FulfilmentStatus.SHIPPED, actor)
