"""Booking a parcel with its carrier: the waybill exists before the inventory list is declared."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storefront.shipping.carriers.models import ParcelWaybill
from storefront.shipping.carriers.port import Carrier, ShipmentRequest
from storefront.shipping.carriers.waybill_formats import is_valid_waybill


class InvalidWaybill(ValueError):
    """The carrier returned a number that is not in its waybill format (or fails its check)."""

    def __init__(self, method: str, number: str) -> None:
        super().__init__(f"{method}: {number!r} is not a valid waybill number")
        self.method = method
        self.number = number


def waybill_of(session: Session, sub_order_id: int) -> ParcelWaybill | None:
    return session.scalars(
        select(ParcelWaybill).where(ParcelWaybill.sub_order_id == sub_order_id)
    ).one_or_none()


def waybills_of(session: Session, sub_order_ids: list[int]) -> dict[int, str]:
    """The waybill number of each booked parcel among ``sub_order_ids`` (one query)."""
    if not sub_order_ids:
        return {}
    rows = session.execute(
        select(ParcelWaybill.sub_order_id, ParcelWaybill.waybill_no).where(
            ParcelWaybill.sub_order_id.in_(sub_order_ids)
        )
    )
    return dict(rows.all())


def book_parcel(
    session: Session, carrier: Carrier, sub_order_id: int, request: ShipmentRequest
) -> ParcelWaybill:
    """The parcel's waybill, booked now if it has none (idempotent). Flushes, never commits."""
    existing = waybill_of(session, sub_order_id)
    if existing is not None:
        return existing
    booking = carrier.book(request)
    if not is_valid_waybill(request.method, booking.waybill_no):
        raise InvalidWaybill(request.method, booking.waybill_no)
    row = ParcelWaybill(
        sub_order_id=sub_order_id,
        method=request.method,
        carrier_code=booking.carrier_code,
        waybill_no=booking.waybill_no,
    )
    session.add(row)
    session.flush()
    return row
