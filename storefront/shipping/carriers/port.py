"""The Carrier port: book a shipment for a parcel and get its waybill number; tracking later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True, slots=True)
class ShipmentRequest:
    """What a carrier needs to book one parcel."""

    parcel_reference: str
    method: str  # ShippingMethod value
    gross_weight_kg: Decimal
    goods_description: str  # Chinese goods description (goodsInfo of the carrier's CEB505)
    freight: Decimal
    currency: str
    consignor_code: str  # the e-commerce enterprise (ebcCode)
    consignor_name: str


@dataclass(frozen=True, slots=True)
class Booking:
    waybill_no: str
    carrier_code: str


@dataclass(frozen=True, slots=True)
class TrackingEvent:
    waybill_no: str
    at: datetime
    code: str  # e.g. "accepted", "departed", "delivered"
    description: str


class Carrier(Protocol):
    def book(self, request: ShipmentRequest) -> Booking:
        """Book the parcel; the waybill number is known when this returns."""

    def tracking(self, waybill_no: str) -> list[TrackingEvent]:
        """Events the carrier reported for a waybill, oldest first."""
