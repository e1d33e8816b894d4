"""The Carrier port: book a parcel (waybill number), hand it over, then follow its tracking events.

A carrier adapter implements three calls: ``book`` when the parcel is paid (the waybill number is
known before customs is told about the parcel), ``hand_over`` when the producer gave the parcel to
the carrier (the shipment manifest / close-out real carriers take), and ``tracking``, polled
afterwards, which returns the carrier's scan events for a waybill, oldest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
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
    destination_country: str = ""  # ISO 3166 alpha-2


@dataclass(frozen=True, slots=True)
class Booking:
    waybill_no: str
    carrier_code: str


class TrackingCode(StrEnum):
    """The steps of an export parcel's journey that the shop shows (carriers map their scans)."""

    ACCEPTED = "accepted"  # the carrier has the parcel
    DEPARTED = "departed"  # left China; customs took the carrier's departure (离境)
    ARRIVED = "arrived"  # in the destination country
    DELIVERED = "delivered"  # handed to the recipient


@dataclass(frozen=True, slots=True)
class TrackingEvent:
    waybill_no: str
    at: datetime  # timezone-aware
    code: TrackingCode
    description: str  # the carrier's own words
    country: str = ""  # ISO 3166 alpha-2 of where it happened


class CarrierError(Exception):
    """The carrier could not answer for a parcel (unknown waybill, service unavailable)."""


class Carrier(Protocol):
    def book(self, request: ShipmentRequest) -> Booking:
        """Book the parcel; the waybill number is known when this returns."""

    def hand_over(self, waybill_no: str, at: datetime) -> None:
        """The shipper handed the parcel to the carrier at ``at`` (idempotent)."""

    def tracking(self, waybill_no: str) -> list[TrackingEvent]:
        """Events the carrier reported for a waybill, oldest first."""
