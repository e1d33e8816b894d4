"""Following shipped parcels: tell the carrier about the hand-over, record its tracking events.

``parcels_in_transit`` lists the shipped parcels not delivered yet; ``track_parcel`` handles one:
the first time it reports the hand-over to the carrier (``Carrier.hand_over``, the manifest),
then it records the events the carrier reports (``shipping.carriers.tracking``). A "delivered"
event moves the parcel to delivered, and the order to delivered and completed once every parcel
is. ``flask shipping track`` runs it (``make run`` starts it beside the customs worker).
Flushes, never commits: the command commits after each parcel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.base import as_utc, utcnow
from storefront.orders.actors import Actor
from storefront.orders.models import SubOrder
from storefront.orders.services import (
    lock_order,
    set_fulfilment_status,
    set_order_status,
    set_sub_order_status,
)
from storefront.orders.states import FulfilmentStatus, OrderStatus
from storefront.shipping.carriers.models import ParcelTrackingEvent, ParcelWaybill
from storefront.shipping.carriers.port import Carrier, TrackingCode
from storefront.shipping.carriers.tracking import record_tracking_events

CARRIER: Final = Actor("carrier")


@dataclass
class TrackingReport:
    parcels: int = 0
    events: int = 0
    delivered: int = 0
    failed: list[str] = field(default_factory=list)  # waybills the carrier could not answer for


def parcels_in_transit(session: Session) -> list[int]:
    """Sub-orders handed to the carrier under their declared waybill and not delivered yet."""
    return list(
        session.scalars(
            select(SubOrder.id)
            .join(ParcelWaybill, ParcelWaybill.sub_order_id == SubOrder.id)
            .where(
                SubOrder.fulfilment_status == FulfilmentStatus.SHIPPED,
                SubOrder.tracking_number == ParcelWaybill.waybill_no,
            )
            .order_by(SubOrder.id)
        )
    )


def track_parcel(
    session: Session,
    carrier: Carrier,
    sub_order_id: int,
    *,
    actor: Actor = CARRIER,
    now: datetime | None = None,
) -> list[ParcelTrackingEvent]:
    """Report the hand-over if not done yet, record new events, deliver on "delivered".

    The parcel's row is locked first and skipped when another tracker holds it (``SKIP
    LOCKED`` on PostgreSQL; SQLite's write transactions take turns), so several tracking
    workers never report one hand-over twice.
    """
    sub_order = session.scalars(
        select(SubOrder)
        .where(SubOrder.id == sub_order_id)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    ).one_or_none()
    if sub_order is None or sub_order.fulfilment_status is not FulfilmentStatus.SHIPPED:
        return []
    waybill = session.scalars(
        select(ParcelWaybill).where(ParcelWaybill.sub_order_id == sub_order_id)
    ).one()
    if waybill.handed_over_at is None:
        shipped = sub_order.shipped_at
        handed_over = as_utc(shipped) if shipped else now or utcnow()
        carrier.hand_over(waybill.waybill_no, handed_over)
        waybill.handed_over_at = handed_over
    added = record_tracking_events(session, sub_order.id, carrier.tracking(waybill.waybill_no))
    delivered = next((event for event in added if event.code is TrackingCode.DELIVERED), None)
    if delivered is not None:
        _deliver(session, sub_order, actor, f"{waybill.waybill_no}: {delivered.description}")
    return added


def _deliver(session: Session, sub_order: SubOrder, actor: Actor, note: str) -> None:
    order = lock_order(session, sub_order.order_id)
    set_sub_order_status(sub_order, FulfilmentStatus.DELIVERED, actor, note)
    parcels = order.sub_orders
    if order.fulfilment_status is FulfilmentStatus.SHIPPED and all(
        parcel.fulfilment_status is FulfilmentStatus.DELIVERED for parcel in parcels
    ):
        set_fulfilment_status(order, FulfilmentStatus.DELIVERED, actor)
        if order.status is OrderStatus.CONFIRMED:
            set_order_status(order, OrderStatus.COMPLETED, actor, "every parcel delivered")
    session.flush()
