"""Where a bonded order stands for its buyer and the counter, derived from the order itself.

The order's status (placed, confirmed, completed, cancelled, expired) and the bonded row's
timestamps (ready, collected) say it all; nothing is stored twice, so the stage can never
disagree with the order. Every step leaves an ``order_events`` row on machine "pickup".
"""

from __future__ import annotations

from typing import Final

from storefront.orders.actors import Actor
from storefront.orders.models import Order, OrderEvent
from storefront.orders.states import OrderStatus
from storefront.pickup.bonded_orders import PickupStage

PICKUP_MACHINE: Final = "pickup"


def pickup_stage(order: Order) -> PickupStage:
    bonded = order.bonded
    ready = bonded is not None and bonded.ready_at is not None
    if order.status is OrderStatus.PLACED:
        return PickupStage.AWAITING_PAYMENT
    if order.status is OrderStatus.COMPLETED:
        return PickupStage.COLLECTED
    if order.status in (OrderStatus.CANCELLED, OrderStatus.EXPIRED):
        return PickupStage.RETURNED if ready else PickupStage.CANCELLED
    return PickupStage.READY if ready else PickupStage.AWAITING_CUSTOMS


def record_pickup_step(
    order: Order, before: PickupStage | None, after: PickupStage, actor: Actor, note: str = ""
) -> None:
    """One audit row for a pickup step (ready, slot chosen, handed over, returned...)."""
    order.events.append(
        OrderEvent(
            actor=actor.label[:60],
            actor_user_id=actor.user_id,
            machine=PICKUP_MACHINE,
            from_status=before.value if before is not None else None,
            to_status=after.value,
            note=note[:500],
        )
    )
