"""The operator's edits of showrooms (hours, slot length and size, times) and pickup slots.

Plain rules, no Flask: each function takes a Session, refuses a value with ``InvalidShowroom``
(``field`` names it) and flushes. Changed hours shape the slots generated from now on
(``ensure_slots``); slots already generated keep their times, and the operator can change a
slot's capacity, never below the places already booked.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from storefront.pickup.showrooms import CHINA, PickupSlot, Showroom

MAX_SLOT_CAPACITY = 500
MAX_SLOT_MINUTES = 600
MAX_PREPARATION_MINUTES = 10_080  # a week
MAX_WINDOW_DAYS = 60


class InvalidShowroom(ValueError):
    """A showroom or slot value would be wrong: ``field`` names it, ``reason`` says why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


def list_showrooms(session: Session) -> list[Showroom]:
    return list(session.scalars(select(Showroom).order_by(Showroom.code)))


def save_showroom_times(
    session: Session,
    showroom: Showroom,
    *,
    opens_at: time,
    closes_at: time,
    slot_minutes: int,
    slot_capacity: int,
    preparation_minutes: int,
    pickup_window_days: int,
    is_active: bool,
) -> Showroom:
    """Change when a showroom hands goods over and how its slots are cut; flush."""
    if closes_at <= opens_at:
        raise InvalidShowroom("closes_at", "hours")
    if not 10 <= slot_minutes <= MAX_SLOT_MINUTES:
        raise InvalidShowroom("slot_minutes", "slot_minutes")
    day = date(2000, 1, 3)
    open_minutes = (
        datetime.combine(day, closes_at) - datetime.combine(day, opens_at)
    ).total_seconds() // 60
    if slot_minutes > open_minutes:
        raise InvalidShowroom("slot_minutes", "slot_longer_than_day")
    if not 1 <= slot_capacity <= MAX_SLOT_CAPACITY:
        raise InvalidShowroom("slot_capacity", "capacity")
    if not 0 <= preparation_minutes <= MAX_PREPARATION_MINUTES:
        raise InvalidShowroom("preparation_minutes", "preparation")
    if not 1 <= pickup_window_days <= MAX_WINDOW_DAYS:
        raise InvalidShowroom("pickup_window_days", "window")
    showroom.opens_at, showroom.closes_at = opens_at, closes_at
    showroom.slot_minutes, showroom.slot_capacity = slot_minutes, slot_capacity
    showroom.preparation_minutes = preparation_minutes
    showroom.pickup_window_days = pickup_window_days
    showroom.is_active = is_active
    session.flush()
    return showroom


def china_day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=CHINA)
    return start, start + timedelta(days=1)


def list_slots(
    session: Session,
    *,
    showroom_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 300,
) -> Sequence[PickupSlot]:
    """Slots in time order; ``since`` / ``until`` are China days (both included)."""
    stmt = select(PickupSlot).order_by(PickupSlot.starts_at, PickupSlot.showroom_id)
    if showroom_id is not None:
        stmt = stmt.where(PickupSlot.showroom_id == showroom_id)
    if since is not None:
        stmt = stmt.where(PickupSlot.starts_at >= china_day_bounds(since)[0])
    if until is not None:
        stmt = stmt.where(PickupSlot.starts_at < china_day_bounds(until)[1])
    return session.scalars(stmt.limit(limit)).all()


def count_slots(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(PickupSlot)) or 0


def set_slot_capacity(session: Session, slot: PickupSlot, capacity: int) -> PickupSlot:
    """Change how many buyers a slot takes: at least 1 and at least the places booked."""
    if not 1 <= capacity <= MAX_SLOT_CAPACITY:
        raise InvalidShowroom("capacity", "capacity")
    # One conditional UPDATE: a buyer booking the slot meanwhile is counted (no read-then-write).
    changed = session.execute(
        update(PickupSlot)
        .where(PickupSlot.id == slot.id, PickupSlot.booked <= capacity)
        .values(capacity=capacity)
        .execution_options(synchronize_session=False)
    )
    session.expire(slot, ["capacity", "booked"])
    if changed.rowcount != 1:
        raise InvalidShowroom("capacity", "below_booked")
    return slot
