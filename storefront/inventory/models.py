"""Stock held for orders: one reservation row per order and variant."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.base import Base, enum_type, utcnow
from catalog.models import Variant


class ReservationStatus(StrEnum):
    HELD = "held"  # stock taken off the shelf, waiting for payment
    COMMITTED = "committed"  # paid: the goods are sold, still on the producer's shelf
    SHIPPED = "shipped"  # the parcel left: the goods are off the shelf
    RELEASED = "released"  # given back: expired, payment failed, or cancelled


class StockReservation(Base):
    """Units of one variant held for one order until ``expires_at``."""

    __tablename__ = "stock_reservations"
    __table_args__ = (
        UniqueConstraint("order_id", "variant_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    variant_id: Mapped[int] = mapped_column(ForeignKey("variants.id"))
    quantity: Mapped[int]
    status: Mapped[ReservationStatus] = mapped_column(
        enum_type(ReservationStatus, "reservation_status"), default=ReservationStatus.HELD
    )
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    variant: Mapped[Variant] = relationship()


class MovementReason(StrEnum):
    """Why a pack's stock changed: each change of ``variants.stock`` is one movement."""

    OPENING = "opening"  # stock recorded before the ledger existed (or loaded as demo data)
    RECEIVED = "received"  # goods came in
    SOLD = "sold"  # an order took them (reserved at placement, kept when paid)
    RELEASED = "released"  # an order gave them back (expired, cancelled, payment failed)
    DAMAGED = "damaged"  # broken, spoiled, lost
    CORRECTION = "correction"  # a count found a different figure


class StockMovement(Base):
    """One change of a pack's available stock, with its reason and author.

    ``variants.stock`` (the available figure the atomic reservation updates) always equals the
    sum of its movements: every change of the column writes its movement in the same
    transaction (``inventory.ledger``, ``inventory.reservations``).
    """

    __tablename__ = "stock_movements"
    __table_args__ = (
        CheckConstraint("delta <> 0", name="delta_not_zero"),
        Index("ix_stock_movements_variant_id_id", "variant_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    variant_id: Mapped[int] = mapped_column(ForeignKey("variants.id", ondelete="CASCADE"))
    delta: Mapped[int]
    reason: Mapped[MovementReason] = mapped_column(enum_type(MovementReason, "movement_reason"))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="SET NULL"))
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
