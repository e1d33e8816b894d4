"""Showrooms that hand over bonded goods, their opening hours and their pickup slots.

Bonded goods leave a special customs supervision area only once released, and "online bonded
purchase + pickup" outside such an area is banned in principle (Shangcaifa [2018] No.486;
Notice 2021/39): a showroom must name the special area it stands in, and a showroom "outside"
cannot be stored at all (the model refuses it, and a CHECK constraint backs that up).

Slots are generated from the opening hours (China time) and hold a capacity; booking one is a
conditional ``UPDATE ... SET booked = booked + 1 WHERE booked < capacity`` (the row lock decides
between two buyers, PostgreSQL re-checks the condition after waiting), so a full slot is refused
whatever the timing, and ``booked <= capacity`` is a CHECK as the last guard.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    String,
    Time,
    UniqueConstraint,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, validates
from sqlalchemy.orm.util import identity_key

from catalog.base import Base, TimestampMixin, as_utc, enum_type

CHINA: Final = ZoneInfo("Asia/Shanghai")
ALL_DAYS: Final = 0b1111111  # Monday is bit 0


class SupervisionArea(StrEnum):
    """Where the showroom stands. Only special customs supervision areas may hand over 1210."""

    COMPREHENSIVE_BONDED_ZONE = "comprehensive_bonded_zone"  # 综合保税区 (Chenzhou's)
    BONDED_PORT_AREA = "bonded_port_area"  # 保税港区
    BONDED_LOGISTICS_CENTRE_B = "bonded_logistics_centre_b"  # B型保税物流中心
    OUTSIDE = "outside"  # any other place: refused


PICKUP_AREAS: Final = frozenset(
    area for area in SupervisionArea if area is not SupervisionArea.OUTSIDE
)


class ShowroomOutsideZone(ValueError):
    """A pickup point outside a special customs supervision area was configured."""


class SlotFull(Exception):
    """Every place of the slot is taken (or the slot is not bookable for this order)."""


class Showroom(TimestampMixin, Base):
    __tablename__ = "showrooms"
    __table_args__ = (
        CheckConstraint("supervision_area != 'outside'", name="inside_supervision_area"),
        CheckConstraint("slot_minutes >= 10 AND slot_capacity >= 1", name="slots_sensible"),
        CheckConstraint(
            "preparation_minutes >= 0 AND pickup_window_days >= 1", name="times_sensible"
        ),
        CheckConstraint("open_days > 0 AND open_days <= 127", name="open_days_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    supervision_area: Mapped[SupervisionArea] = mapped_column(
        enum_type(SupervisionArea, "supervision_area")
    )
    zone_name_zh: Mapped[str] = mapped_column(String(100))  # e.g. 郴州综合保税区
    address_zh: Mapped[str] = mapped_column(String(200))  # consigneeAddress of the messages
    warehouse_code: Mapped[str] = mapped_column(String(18))  # CEB621 areaCode: zone warehouse
    warehouse_name: Mapped[str] = mapped_column(String(100))
    opens_at: Mapped[time] = mapped_column(Time)
    closes_at: Mapped[time] = mapped_column(Time)
    open_days: Mapped[int] = mapped_column(default=ALL_DAYS)
    slot_minutes: Mapped[int] = mapped_column(default=60)
    slot_capacity: Mapped[int] = mapped_column(default=8)
    preparation_minutes: Mapped[int] = mapped_column(default=120)
    pickup_window_days: Mapped[int] = mapped_column(default=7)
    is_active: Mapped[bool] = mapped_column(default=True)

    translations: Mapped[list[ShowroomTranslation]] = relationship(
        back_populates="showroom", cascade="all, delete-orphan", lazy="selectin"
    )

    @validates("supervision_area")
    def _inside_a_zone(self, _key: str, value: SupervisionArea | str) -> SupervisionArea:
        area = SupervisionArea(value)
        if area not in PICKUP_AREAS:
            raise ShowroomOutsideZone(
                "bonded goods (1210) may only be handed over inside a special customs "
                "supervision area (Shangcaifa [2018] No.486)"
            )
        return area

    def is_open_on(self, day: date) -> bool:
        return bool(self.open_days & (1 << day.weekday()))

    def slot_starts_on(self, day: date) -> list[datetime]:
        """The slot start times of one China day, as aware UTC datetimes."""
        if not self.is_open_on(day):
            return []
        start = datetime.combine(day, self.opens_at, tzinfo=CHINA)
        close = datetime.combine(day, self.closes_at, tzinfo=CHINA)
        step = timedelta(minutes=self.slot_minutes)
        starts = []
        while start + step <= close:
            starts.append(start.astimezone(ZoneInfo("UTC")))
            start += step
        return starts

    def __repr__(self) -> str:
        return f"<Showroom {self.code}>"


class ShowroomTranslation(Base):
    __tablename__ = "showroom_translations"
    __table_args__ = (UniqueConstraint("showroom_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    showroom_id: Mapped[int] = mapped_column(
        ForeignKey("showrooms.id", ondelete="CASCADE"), index=True
    )
    locale: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    directions: Mapped[str] = mapped_column(String(500), default="")

    showroom: Mapped[Showroom] = relationship(back_populates="translations")


class PickupSlot(Base):
    __tablename__ = "pickup_slots"
    __table_args__ = (
        UniqueConstraint("showroom_id", "starts_at"),
        CheckConstraint("booked >= 0 AND booked <= capacity", name="within_capacity"),
        CheckConstraint("capacity >= 1 AND ends_at > starts_at", name="slot_sensible"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    showroom_id: Mapped[int] = mapped_column(ForeignKey("showrooms.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    capacity: Mapped[int]
    booked: Mapped[int] = mapped_column(default=0)

    showroom: Mapped[Showroom] = relationship()

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.booked)


def ensure_slots(session: Session, showroom: Showroom, first_day: date, days: int) -> int:
    """Create the showroom's missing slots for ``days`` China days from ``first_day``."""
    starts = [
        start
        for offset in range(days)
        for start in showroom.slot_starts_on(first_day + timedelta(days=offset))
    ]
    if not starts:
        return 0
    existing = {
        as_utc(moment)
        for moment in session.scalars(
            select(PickupSlot.starts_at).where(
                PickupSlot.showroom_id == showroom.id,
                PickupSlot.starts_at >= starts[0],
                PickupSlot.starts_at <= starts[-1],
            )
        )
    }
    step = timedelta(minutes=showroom.slot_minutes)
    created = 0
    for start in starts:
        if start in existing:
            continue
        session.add(
            PickupSlot(
                showroom_id=showroom.id,
                starts_at=start,
                ends_at=start + step,
                capacity=showroom.slot_capacity,
                booked=0,
            )
        )
        created += 1
    session.flush()
    return created


def bookable_slots(
    session: Session, showroom: Showroom, earliest: datetime, deadline: datetime
) -> Sequence[PickupSlot]:
    """Slots starting between ``earliest`` and ending by ``deadline``, in time order."""
    return session.scalars(
        select(PickupSlot)
        .where(
            PickupSlot.showroom_id == showroom.id,
            PickupSlot.starts_at >= earliest,
            PickupSlot.ends_at <= deadline,
        )
        .order_by(PickupSlot.starts_at)
    ).all()


def take_place(session: Session, slot_id: int) -> None:
    """Book one place in the slot, or ``SlotFull``: one conditional UPDATE (no read-then-write)."""
    result = session.execute(
        update(PickupSlot)
        .where(PickupSlot.id == slot_id, PickupSlot.booked < PickupSlot.capacity)
        .values(booked=PickupSlot.booked + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise SlotFull(slot_id)
    _expire_slot(session, slot_id)


def give_back_place(session: Session, slot_id: int) -> None:
    session.execute(
        update(PickupSlot)
        .where(PickupSlot.id == slot_id, PickupSlot.booked > 0)
        .values(booked=PickupSlot.booked - 1)
        .execution_options(synchronize_session=False)
    )
    _expire_slot(session, slot_id)


def _expire_slot(session: Session, slot_id: int) -> None:
    slot = session.identity_map.get(identity_key(PickupSlot, slot_id))
    if slot is not None:
        session.expire(slot, ["booked"])


def pickup_deadline(ready_at: datetime, showroom: Showroom) -> datetime:
    """The end of the pickup window: closing time, ``pickup_window_days`` after the goods are
    ready (China days), so the deadline is a time the counter is open."""
    last_day = as_utc(ready_at).astimezone(CHINA).date() + timedelta(
        days=showroom.pickup_window_days
    )
    closing = datetime.combine(last_day, showroom.closes_at, tzinfo=CHINA)
    return closing.astimezone(ZoneInfo("UTC"))


def earliest_pickup(ready_at: datetime, showroom: Showroom) -> datetime:
    """The goods are at the counter ``preparation_minutes`` after customs released them."""
    return as_utc(ready_at) + timedelta(minutes=showroom.preparation_minutes)
