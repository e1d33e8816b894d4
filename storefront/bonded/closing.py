"""Closing a bonded order early: the buyer cancels, customs refuses, or nobody collects it.

All three go through the order flow's own cancellation (``fulfilment.cancellation``): the
order is cancelled, its declarations withdrawn through the customs adapter (CEB623 before
release, CEB625 after), the money refunded through the payment gateway, and the bonded stock,
the orderer's quota and the pickup slot given back (``inventory.reservations`` releases what the
order holds). The bonded row keeps why (a stable key) and customs' own words, verbatim.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.base import as_utc, utcnow
from storefront.bonded.stages import pickup_stage, record_pickup_step
from storefront.fulfilment.cancellation import cancel_before_shipping
from storefront.orders.actors import SYSTEM, Actor
from storefront.orders.models import Order
from storefront.orders.ports import OrderDeclarations
from storefront.orders.services import lock_order
from storefront.orders.states import OrderStatus
from storefront.payments.port import PaymentGateway
from storefront.pickup.bonded_orders import BondedOrder


class ClosingReason(StrEnum):
    BUYER_CANCELLED = "buyer_cancelled"
    CUSTOMS_REFUSED = "customs_refused"
    NOT_COLLECTED = "not_collected"


def close_bonded_order(
    session: Session,
    order: Order,
    *,
    reason: ClosingReason,
    actor: Actor,
    gateway: PaymentGateway,
    declarations: OrderDeclarations,
    note: str = "",
) -> None:
    """Cancel, withdraw, refund and give back (flushes). ``OrderNotCancellable`` once collected."""
    bonded = order.bonded
    assert bonded is not None, "not a bonded order"
    before = pickup_stage(order)
    bonded.closing_reason = reason.value
    bonded.closing_note = note[:500]
    cancel_before_shipping(session, order, actor=actor, gateway=gateway, declarations=declarations)
    record_pickup_step(order, before, pickup_stage(order), actor, note or reason.value)
    session.flush()


def overdue_pickups(session: Session, now: datetime | None = None) -> list[int]:
    """Ids of released orders nobody collected before their pickup deadline."""
    return list(
        session.scalars(
            select(Order.id)
            .join(BondedOrder, BondedOrder.order_id == Order.id)
            .where(
                Order.status == OrderStatus.CONFIRMED,
                BondedOrder.ready_at.is_not(None),
                BondedOrder.collected_at.is_(None),
                BondedOrder.pickup_deadline < (now or utcnow()),
            )
            .order_by(Order.id)
        )
    )


def return_uncollected(
    session: Session,
    order_id: int,
    *,
    gateway: PaymentGateway,
    declarations: OrderDeclarations,
    now: datetime | None = None,
) -> bool:
    """Return one uncollected order (CEB625), refund it, restore quota and stock (flushes).

    False when it is no longer due (collected meanwhile, already closed).
    """
    order = lock_order(session, order_id)
    bonded = order.bonded
    due = (
        order.status is OrderStatus.CONFIRMED
        and bonded is not None
        and bonded.ready_at is not None
        and bonded.collected_at is None
        and bonded.pickup_deadline is not None
        and as_utc(bonded.pickup_deadline) < (now or utcnow())
    )
    if not due:
        return False
    close_bonded_order(
        session,
        order,
        reason=ClosingReason.NOT_COLLECTED,
        actor=SYSTEM,
        gateway=gateway,
        declarations=declarations,
    )
    return True
