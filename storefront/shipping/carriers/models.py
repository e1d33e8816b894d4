"""A parcel's waybill (one per sub-order) and the tracking events its carrier reported."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from catalog.base import Base, enum_type, utcnow
from storefront.shipping.carriers.port import TrackingCode


class ParcelWaybill(Base):
    """The waybill number of one parcel: declared as logisticsNo, tracked when shipped."""

    __tablename__ = "parcel_waybills"

    id: Mapped[int] = mapped_column(primary_key=True)
    sub_order_id: Mapped[int] = mapped_column(
        ForeignKey("sub_orders.id", ondelete="CASCADE"), unique=True
    )
    method: Mapped[str] = mapped_column(String(40))
    carrier_code: Mapped[str] = mapped_column(String(18))
    waybill_no: Mapped[str] = mapped_column(String(32), unique=True)
    booked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # When the carrier was told the parcel was handed over (its manifest); None: not yet.
    handed_over_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ParcelTrackingEvent(Base):
    """One step of a parcel's journey as its carrier reported it (recorded once)."""

    __tablename__ = "parcel_tracking_events"
    __table_args__ = (UniqueConstraint("sub_order_id", "code"),)  # one row per step

    id: Mapped[int] = mapped_column(primary_key=True)
    sub_order_id: Mapped[int] = mapped_column(
        ForeignKey("sub_orders.id", ondelete="CASCADE"), index=True
    )
    waybill_no: Mapped[str] = mapped_column(String(32))
    code: Mapped[TrackingCode] = mapped_column(enum_type(TrackingCode, "tracking_code"))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    country: Mapped[str] = mapped_column(String(2), default="")
    description: Mapped[str] = mapped_column(String(200), default="")  # the carrier's words
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
