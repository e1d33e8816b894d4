"""The waybill a carrier allocated for a parcel (one per sub-order)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from catalog.base import Base, utcnow


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
