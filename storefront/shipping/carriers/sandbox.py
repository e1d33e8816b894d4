"""A sandbox carrier for development and tests: real number formats, a parcel's journey, no network.

Each carrier kind allocates numbers in its format (``waybill_formats``): S10 for the postal
operator, 12 digits with a Luhn check for express, ``HKT`` + 9 digits for the road carrier. The
serial is derived from the parcel reference, so booking the same parcel twice gives the same
number (a retried booking never allocates a second waybill).

After ``hand_over`` the parcel is "accepted"; it is due to leave China after the method's
departure delay, but it only departs when its export departure is confirmed
(``confirm_departure``: the carrier's side towards customs, ``customs.exchange.carrier_side``,
confirms it once customs took the carrier's departure message); it then arrives in the
destination country and is delivered after the method's transit and delivery times. A sandbox
"day" lasts ``day_seconds`` (a real day by default; the demo shortens it). The carrier's memory is
one JSON file per waybill in ``state_dir`` (or a dict, without one), so it survives restarts.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Final

from catalog.base import utcnow
from storefront.shipping.carriers.port import (
    Booking,
    CarrierError,
    ShipmentRequest,
    TrackingCode,
    TrackingEvent,
)
from storefront.shipping.carriers.waybill_formats import express_number, road_number, s10_number

POSTAL_SERVICE_INDICATOR: Final = "CP"  # S10 service indicator of a postal parcel (C*)
ORIGIN_COUNTRY: Final = "CN"
SECONDS_PER_DAY: Final = 86_400.0


@dataclass(frozen=True, slots=True)
class Journey:
    """Days from hand-over to the planned departure, from departure to arrival, then delivery."""

    departure_after: float
    transit: float
    delivery: float


JOURNEYS: Final = {
    "postal_parcel": Journey(departure_after=1.0, transit=6.0, delivery=3.0),
    "international_express": Journey(departure_after=0.5, transit=2.0, delivery=1.0),
    "hk_macau_truck": Journey(departure_after=0.25, transit=0.25, delivery=0.5),
}


class UnknownShippingMethod(ValueError):
    pass


class UnknownWaybill(CarrierError):
    """The sandbox carrier never booked this waybill."""


@dataclass(frozen=True, slots=True)
class SandboxParcel:
    """What the sandbox carrier remembers of one parcel."""

    waybill_no: str
    method: str
    destination_country: str
    handed_over_at: datetime | None = None
    departed_at: datetime | None = None

    def to_json(self) -> str:
        values = asdict(self)
        for name in ("handed_over_at", "departed_at"):
            values[name] = values[name].isoformat() if values[name] else None
        return json.dumps(values)

    @classmethod
    def from_json(cls, text: str) -> SandboxParcel:
        values = json.loads(text)
        for name in ("handed_over_at", "departed_at"):
            values[name] = datetime.fromisoformat(values[name]) if values[name] else None
        return cls(**values)


class SandboxCarrier:
    def __init__(
        self,
        carrier_codes: dict[str, str],
        state_dir: Path | None = None,
        *,
        day_seconds: float = SECONDS_PER_DAY,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.carrier_codes = carrier_codes  # shipping method -> the carrier's customs code
        self.state_dir = state_dir
        self.day_seconds = day_seconds
        self.clock = clock
        self._memory: dict[str, SandboxParcel] = {}

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
        if self.parcel(number) is None:
            self._save(SandboxParcel(number, request.method, request.destination_country))
        return Booking(number, self.carrier_codes.get(request.method, ""))

    def hand_over(self, waybill_no: str, at: datetime) -> None:
        parcel = self._known(waybill_no)
        if parcel.handed_over_at is None:
            self._save(replace(parcel, handed_over_at=at))

    def departure_due(self, waybill_no: str) -> datetime | None:
        """When the handed-over parcel is planned to leave China (None: not handed over)."""
        parcel = self._known(waybill_no)
        if parcel.handed_over_at is None:
            return None
        return parcel.handed_over_at + self._days(JOURNEYS[parcel.method].departure_after)

    def confirm_departure(self, waybill_no: str, at: datetime) -> None:
        """The parcel left China at ``at`` (its export departure was taken by customs)."""
        parcel = self._known(waybill_no)
        if parcel.handed_over_at is not None and parcel.departed_at is None:
            self._save(replace(parcel, departed_at=at))

    def tracking(self, waybill_no: str) -> list[TrackingEvent]:
        parcel = self.parcel(waybill_no)
        if parcel is None or parcel.handed_over_at is None:
            return []
        steps = [(parcel.handed_over_at, TrackingCode.ACCEPTED, ORIGIN_COUNTRY)]
        if parcel.departed_at is not None:
            journey = JOURNEYS[parcel.method]
            arrived = parcel.departed_at + self._days(journey.transit)
            steps += [
                (parcel.departed_at, TrackingCode.DEPARTED, ORIGIN_COUNTRY),
                (arrived, TrackingCode.ARRIVED, parcel.destination_country),
                (
                    arrived + self._days(journey.delivery),
                    TrackingCode.DELIVERED,
                    parcel.destination_country,
                ),
            ]
        now = self.clock()
        return [
            TrackingEvent(waybill_no, at, code, DESCRIPTIONS[code], country)
            for at, code, country in steps
            if at <= now
        ]

    def parcel(self, waybill_no: str) -> SandboxParcel | None:
        if self.state_dir is None:
            return self._memory.get(waybill_no)
        path = self._path(waybill_no)
        return SandboxParcel.from_json(path.read_text("utf-8")) if path.is_file() else None

    def _known(self, waybill_no: str) -> SandboxParcel:
        parcel = self.parcel(waybill_no)
        if parcel is None:
            raise UnknownWaybill(waybill_no)
        return parcel

    def _save(self, parcel: SandboxParcel) -> None:
        if self.state_dir is None:
            self._memory[parcel.waybill_no] = parcel
            return
        self.state_dir.mkdir(parents=True, exist_ok=True)
        path = self._path(parcel.waybill_no)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(parcel.to_json(), "utf-8")
        os.replace(temporary, path)

    def _path(self, waybill_no: str) -> Path:
        assert self.state_dir is not None
        return self.state_dir / f"{''.join(ch for ch in waybill_no if ch.isalnum())}.json"

    def _days(self, days: float) -> timedelta:
        return timedelta(seconds=days * self.day_seconds)


# What the sandbox carrier's scans say (its own words; the shop shows its own labels).
DESCRIPTIONS: Final = {
    TrackingCode.ACCEPTED: "Accepted at Chenzhou",
    TrackingCode.DEPARTED: "Departed China, export departure confirmed by customs",
    TrackingCode.ARRIVED: "Arrived in the destination country",
    TrackingCode.DELIVERED: "Delivered",
}
