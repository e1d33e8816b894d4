"""The operator's showroom and slot edits, as rules: hours that make sense, capacity never
below the places booked (one conditional UPDATE)."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select

from storefront.pickup.showroom_admin import (
    InvalidShowroom,
    save_showroom_times,
    set_slot_capacity,
)
from storefront.pickup.showrooms import PickupSlot, Showroom, take_place

GOOD = {
    "opens_at": time(9),
    "closes_at": time(18),
    "slot_minutes": 30,
    "slot_capacity": 4,
    "preparation_minutes": 60,
    "pickup_window_days": 5,
    "is_active": True,
}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"closes_at": time(9)}, "closes_at"),
        ({"slot_minutes": 5}, "slot_minutes"),
        ({"opens_at": time(17, 45), "slot_minutes": 60}, "slot_minutes"),
        ({"slot_capacity": 0}, "slot_capacity"),
        ({"preparation_minutes": -1}, "preparation_minutes"),
        ({"pickup_window_days": 0}, "pickup_window_days"),
    ],
)
def test_hours_that_make_no_sense_name_their_field(db_session, changes, field):
    showroom = db_session.scalars(select(Showroom)).first()
    with pytest.raises(InvalidShowroom) as refused:
        save_showroom_times(db_session, showroom, **{**GOOD, **changes})
    assert refused.value.field == field


def test_new_hours_shape_the_slots_of_a_day(db_session):
    showroom = db_session.scalars(select(Showroom)).first()
    save_showroom_times(db_session, showroom, **GOOD)
    starts = showroom.slot_starts_on(date(2031, 3, 3))  # a Monday
    assert len(starts) == 18  # 09:00 to 18:00 in 30-minute slots


def test_a_slot_capacity_never_goes_below_the_places_booked(db_session):
    slot = db_session.scalars(select(PickupSlot)).first()
    take_place(db_session, slot.id)
    take_place(db_session, slot.id)
    with pytest.raises(InvalidShowroom):
        set_slot_capacity(db_session, slot, 1)
    set_slot_capacity(db_session, slot, 2)
    assert slot.capacity == 2 and slot.places_left == 0
