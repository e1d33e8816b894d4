"""Stock held for orders: one reservation row per order and variant."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.base import Base, enum_type
from catalog.models import Variant


class ReservationStatus(StrEnum):
    HELD = "held"  # stock taken off the shelf, waiting for payment
    COMMITTED = "committed"  # paid: the goods are sold
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
