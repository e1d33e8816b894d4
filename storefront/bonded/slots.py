"""The buyer chooses (or changes) the time they collect a released order.

Offered: the showroom's slots that start once the goods are at the counter (release +
preparation time) and not in the past, and end before the pickup deadline, with a place left.
Choosing takes a place with one conditional UPDATE (``pickup.showrooms.take_place``), so a
full slot is refused under the row lock whatever the timing; changing gives the old place back
in the same transaction. Flushes, never commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from catalog.base import as_utc, utcnow
from storefront.bonded.stages import pickup_stage, record_pickup_step
from storefront.exceptions import StorefrontError
from storefront.orders.actors import Actor
from storefront.orders.models import Order
from storefront.pickup.bonded_orders import PickupStage
from storefront.pickup.showrooms import (
    PickupSlot,
    SlotFull,
    bookable_slots,
    earliest_pickup,
    give_back_place,
    take_place,
)

__all__ = ["SlotFull", "SlotNotOffered", "choose_slot", "offered_slots"]


class SlotNotOffered(StorefrontError):
    """Not a slot this order can take (other showroom, too early, past the deadline, gone)."""


def offered_slots(
    session: Session, order: Order, now: datetime | None = None
) -> Sequence[PickupSlot]:
    bonded = order.bonded
    if bonded is None or pickup_stage(order) is not PickupStage.READY:
        return ()
    assert bonded.ready_at is not None and bonded.pickup_deadline is not None
    earliest = max(earliest_pickup(bonded.ready_at, bonded.showroom), now or utcnow())
    return bookable_slots(session, bonded.showroom, earliest, as_utc(bonded.pickup_deadline))


def choose_slot(
    session: Session, order: Order, slot_id: int, *, actor: Actor, now: datetime | None = None
) -> PickupSlot:
    """Book ``slot_id`` for the order (``SlotFull``, ``SlotNotOffered``)."""
    bonded = order.bonded
    if bonded is None:
        raise SlotNotOffered(slot_id)
    slot = next((s for s in offered_slots(session, order, now) if s.id == slot_id), None)
    if slot is None:
        raise SlotNotOffered(slot_id)
    if bonded.slot_id == slot.id:
        return slot
    take_place(session, slot.id)  # raises SlotFull: nothing has changed then
    if bonded.slot_id is not None:
        give_back_place(session, bonded.slot_id)
    changed = bonded.slot_id is not None
    bonded.slot_id = slot.id
    record_pickup_step(
        order,
        PickupStage.READY,
        PickupStage.READY,
        actor,
        f"slot {'changed to' if changed else 'chosen:'} {as_utc(slot.starts_at):%Y-%m-%dT%H:%MZ}",
    )
    session.flush()
    return slot
