"""Shipping methods and the rate table the operator edits."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from catalog.base import Base, TimestampMixin, enum_type


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
