"""The sandbox carrier's side towards customs: after booking, it declares its waybill (CEB505).

``AnnouncingCarrier`` wraps a carrier (the sandbox one): each booking also writes the carrier's
CEB505 into ``<exchange>/carrier/``, the folder the simulator reads as "what carriers declared",
so the simulator can compare an inventory list's logisticsNo with a real waybill declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from storefront.customs.exchange.folders import ExchangeFolders, write_atomically
from storefront.customs.messages.documents import Enterprise, Sender
from storefront.customs.messages.logistics_builders import LogisticsDocument, build_logistics
from storefront.customs.messages.wire_format import new_guid
from storefront.shipping.carriers.port import Booking, Carrier, ShipmentRequest, TrackingEvent

CARRIER_FOLDER = "carrier"
SANDBOX_CARRIER_DXP_ID = "DXPLGS0000000001"  # the carrier's DXP account (sample id of the spec)


def carrier_folder(folders: ExchangeFolders) -> Path:
    return folders.root / CARRIER_FOLDER


class AnnouncingCarrier:
    def __init__(
        self,
        inner: Carrier,
        folders: Callable[[], ExchangeFolders],
        carriers: dict[str, Enterprise],
        dxp_id: str,
    ) -> None:
        self.inner = inner
        self.folders = folders  # the adapter's current exchange folders
        self.carriers = carriers  # shipping method -> the carrier enterprise
        self.dxp_id = dxp_id

    def book(self, request: ShipmentRequest) -> Booking:
        booking = self.inner.book(request)
        carrier = self.carriers[request.method]
        guid = new_guid()
        message = build_logistics(
            LogisticsDocument(
                guid=guid,
                logistics=carrier,
                logistics_no=booking.waybill_no,
                freight=request.freight,
                insured_fee=Decimal(0),
                currency=request.currency,
                gross_weight=request.gross_weight_kg,
                pack_count=1,
                goods_info=request.goods_description or "商品",
                ebc=Enterprise(request.consignor_code, request.consignor_name)
                if request.consignor_code
                else None,
            ),
            Sender(carrier.code, carrier.name, self.dxp_id),
        )
        folders = self.folders().create()
        folder = carrier_folder(folders)
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(folders.tmp, folder / f"CEB505_{guid}.xml", message)
        return booking

    def tracking(self, waybill_no: str) -> list[TrackingEvent]:
        return self.inner.tracking(waybill_no)
