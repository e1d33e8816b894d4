"""A sandbox carrier for development and tests: real number formats, no network.

Each carrier kind allocates numbers in its format (``waybill_formats``): S10 for the postal
operator, 12 digits with a Luhn check for express, ``HKT`` + 9 digits for the road carrier. The
serial is derived from the parcel reference, so booking the same parcel twice gives the same
number (a retried booking never allocates a second waybill).
"""

from __future__ import annotations

import hashlib
from typing import Final

from storefront.shipping.carriers.port import Booking, ShipmentRequest, TrackingEvent
from storefront.shipping.carriers.waybill_formats import express_number, road_number, s10_number

POSTAL_SERVICE_INDICATOR: Final = "CP"  # S10 service indicator of a postal parcel (C*)


class UnknownShippingMethod(ValueError):
    pass


class SandboxCarrier:
    def __init__(self, carrier_codes: dict[str, str]) -> None:
        self.carrier_codes = carrier_codes  # shipping method -> the carrier's customs code

    def book(self, request: ShipmentRequest) -> Booking:
        serial = int(hashlib.sha256(request.parcel_reference.encode()).hexdigest(), 16)
        if request.method == "postal_parcel":
            number = s10_number(POSTAL_SERVICE_INDICATOR, serial % 10**8)
        elif request.method == "international_express":
            number = express_number(serial % 10**11)
        elif request.method == "hk_macau_truck":
            number = road_number(serial % 10**8)
        else:
            raise UnknownShippingMethod(request.method)
        return Booking(number, self.carrier_codes.get(request.method, ""))

    def tracking(self, waybill_no: str) -> list[TrackingEvent]:
        return []
