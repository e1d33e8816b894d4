"""Checkout state kept in the database: signed-in carts, shipping rates, stock reservations."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.base import Base, TimestampMixin, enum_type
from catalog.models import Variant


class Cart(TimestampMixin, Base):
    """The cart of a signed-in buyer (guests keep theirs in the session cookie)."""

    __tablename__ = "carts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    lines: Mapped[list[CartLine]] = relationship(
        back_populates="cart", cascade="all, delete-orphan", order_by="CartLine.id"
    )


class CartLine(Base):
    __tablename__ = "cart_lines"
    __table_args__ = (
        UniqueConstraint("cart_id", "variant_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[int] = mapped_column(ForeignKey("carts.id", ondelete="CASCADE"))
    variant_id: Mapped[int] = mapped_column(ForeignKey("variants.id", ondelete="CASCADE"))
    quantity: Mapped[int]

    cart: Mapped[Cart] = relationship(back_populates="lines")


class ShippingMethod(StrEnum):
    HK_MACAU_TRUCK = "hk_macau_truck"
    INTERNATIONAL_EXPRESS = "international_express"
    POSTAL_PARCEL = "postal_parcel"


ANY_COUNTRY = "*"


class ShippingRate(TimestampMixin, Base):
    """The price of one method to one destination up to a weight; the operator edits these.

    ``country_code`` is an ISO 3166-1 alpha-2 code, or ``*`` for every destination that has
    no rate of its own for that method.
    """

    __tablename__ = "shipping_rates"
    __table_args__ = (
        UniqueConstraint("method", "country_code", "max_weight_g"),
        CheckConstraint("max_weight_g > 0", name="max_weight_positive"),
        CheckConstraint("price >= 0", name="price_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    method: Mapped[ShippingMethod] = mapped_column(enum_type(ShippingMethod, "shipping_method"))
    country_code: Mapped[str] = mapped_column(String(2))
    max_weight_g: Mapped[int]
    price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    delivery_days_min: Mapped[int] = mapped_column(default=2)
    delivery_days_max: Mapped[int] = mapped_column(default=7)


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
