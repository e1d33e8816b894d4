"""The sandbox carrier's side towards customs: waybill, arrival at the site, departure.

``AnnouncingCarrier`` wraps the sandbox carrier and sends what the logistics side sends in a
9610 export (customs-messages.md §2; ceb-export-202205.xsd), into ``<exchange>/carrier/``, the
folder the simulator reads as "what carriers and site operators sent"; customs' answers come
back in ``<exchange>/carrier/inbox/``:

* booking a parcel: the carrier's CEB505 waybill (answered by CEB506);
* hand-over: the CEB507 arrival at the export supervision site (运抵, answered by CEB508). The
  site operator sends it; for postal parcels that is the postal operator (the XSD:
  "邮路运输用邮政物流企业"), otherwise the zone's site operator (``CUSTOMS_SITE_OPERATOR_*``);
* when the parcel is due to leave: the carrier's CEB509 departure (离境, answered by CEB510).
  The parcel departs (its tracking shows "departed") only once customs took that departure;
  customs then closes the parcel's list (899, 结关) towards the platform.

None of these is the platform's message: the platform neither sends nor receives them. The
sandbox signs nothing (it holds no carrier certificate); the simulator checks their schema.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Final

from lxml import etree

from storefront.customs.exchange.folders import ExchangeFolders, write_atomically
from storefront.customs.messages.codes import TransportMode
from storefront.customs.messages.documents import Enterprise, Sender
from storefront.customs.messages.logistics_builders import (
    ArrivalDocument,
    DepartureDocument,
    LogisticsDocument,
    build_arrival,
    build_departure,
    build_logistics,
)
from storefront.customs.messages.message_xml import message_type_of, parse_message
from storefront.customs.messages.wire_format import new_guid
from storefront.customs.settings import CarrierRoute
from storefront.shipping.carriers.port import Booking, ShipmentRequest, TrackingEvent
from storefront.shipping.carriers.sandbox import SandboxCarrier

log = logging.getLogger(__name__)

CARRIER_FOLDER: Final = "carrier"
# The carrier's DXP account (the id the official samples use).
SANDBOX_CARRIER_DXP_ID: Final = "DXPLGS0000000001"
SANDBOX_TRUCK: Final = "湘L00001"  # the vehicle that brings parcels to the site (domesticTrafNo)
# A CEB508/510 with these says customs took the message (entered, concluded).
TAKEN_STATUSES: Final = frozenset({"120", "399"})
ARRIVAL_PREFIX: Final = "ARR"
DEPARTURE_PREFIX: Final = "DEP"


def carrier_folder(folders: ExchangeFolders) -> Path:
    return folders.root / CARRIER_FOLDER


def carrier_inbox(folders: ExchangeFolders) -> Path:
    return carrier_folder(folders) / "inbox"


def carrier_state(folders: ExchangeFolders) -> Path:
    """Where the sandbox carrier keeps its own memory of the parcels it carries."""
    return carrier_folder(folders) / "state"


@dataclass(frozen=True, slots=True)
class CustomsAnswer:
    """One CEB506/508/510 the carrier side received."""

    message_type: str
    cop_no: str
    logistics_no: str
    return_status: str
    return_info: str

    @property
    def taken(self) -> bool:
        return self.return_status in TAKEN_STATUSES


class AnnouncingCarrier:
    def __init__(
        self,
        inner: SandboxCarrier,
        folders: Callable[[], ExchangeFolders],
        routes: Mapping[str, CarrierRoute],
        dxp_id: str,
        *,
        customs_code: str,
        site_operator: Enterprise,
    ) -> None:
        self.inner = inner
        self.folders = folders  # the adapter's current exchange folders
        self.routes = routes  # shipping method -> trafMode and the carrier enterprise
        self.dxp_id = dxp_id
        self.customs_code = customs_code  # the customs office of the export site
        self.site_operator = site_operator  # for parcels not carried by the postal operator

    def book(self, request: ShipmentRequest) -> Booking:
        booking = self.inner.book(request)
        carrier = self.routes[request.method].carrier
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
            self._sender(carrier),
        )
        self._send(f"CEB505_{guid}.xml", message)
        return booking

    def hand_over(self, waybill_no: str, at: datetime) -> None:
        """The parcel is at the carrier: the site operator declares its arrival (CEB507)."""
        self.inner.hand_over(waybill_no, at)
        route = self._route(waybill_no)
        operator = (
            route.carrier if route.transport_mode is TransportMode.POST else self.site_operator
        )
        cop_no = f"{ARRIVAL_PREFIX}{waybill_no}"
        if self._sent(cop_no):
            return
        message = build_arrival(
            ArrivalDocument(
                guid=new_guid(),
                customs_code=self.customs_code,
                cop_no=cop_no,
                operator=operator,
                logistics=route.carrier,
                transport_mode=route.transport_mode,
                domestic_transport=SANDBOX_TRUCK,
                logistics_nos=(waybill_no,),
            ),
            self._sender(operator),
            app_time=at,
        )
        self._send(f"CEB507_{cop_no}.xml", message)

    def tracking(self, waybill_no: str) -> list[TrackingEvent]:
        """The carrier's events; before that, declare a due departure and depart once taken."""
        parcel = self.inner.parcel(waybill_no)
        if parcel is not None and parcel.handed_over_at and parcel.departed_at is None:
            self._depart_when_cleared(waybill_no)
        return self.inner.tracking(waybill_no)

    def answers(self, cop_or_waybill: str) -> list[CustomsAnswer]:
        """Customs' answers received for a copNo or waybill, in the order they came."""
        found = []
        inbox = carrier_inbox(self.folders())
        for path in sorted(inbox.glob("*.xml")) if inbox.is_dir() else ():
            answer = _read_answer(path)
            if answer and cop_or_waybill in (answer.cop_no, answer.logistics_no):
                found.append(answer)
        return found

    def _depart_when_cleared(self, waybill_no: str) -> None:
        due = self.inner.departure_due(waybill_no)
        if due is None or self.inner.clock() < due:
            return
        cop_no = f"{DEPARTURE_PREFIX}{waybill_no}"
        if not self._sent(cop_no):
            route = self._route(waybill_no)
            message = build_departure(
                DepartureDocument(
                    guid=new_guid(),
                    customs_code=self.customs_code,
                    cop_no=cop_no,
                    logistics=route.carrier,
                    transport_mode=route.transport_mode,
                    leave_time=due,
                    logistics_nos=(waybill_no,),
                ),
                self._sender(route.carrier),
                app_time=due,
            )
            self._send(f"CEB509_{cop_no}.xml", message)
            return
        answers = [answer for answer in self.answers(cop_no) if answer.message_type == "CEB510"]
        if any(answer.taken for answer in answers):
            self.inner.confirm_departure(waybill_no, due)
        elif answers:
            log.warning("departure of %s refused: %s", waybill_no, answers[-1].return_info)

    def _route(self, waybill_no: str) -> CarrierRoute:
        parcel = self.inner.parcel(waybill_no)
        assert parcel is not None  # hand_over/tracking of an unknown waybill raised before
        return self.routes[parcel.method]

    def _sender(self, enterprise: Enterprise) -> Sender:
        return Sender(enterprise.code, enterprise.name, self.dxp_id)

    def _sent(self, cop_no: str) -> bool:
        folder = carrier_folder(self.folders())
        return any(folder.glob(f"CEB5??_{cop_no}.xml")) or any(
            (folder / "read").glob(f"CEB5??_{cop_no}.xml*")
        )

    def _send(self, file_name: str, message: bytes) -> None:
        folders = self.folders().create()
        folder = carrier_folder(folders)
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(folders.tmp, folder / file_name, message)


def _read_answer(path: Path) -> CustomsAnswer | None:
    try:
        root = parse_message(path.read_bytes())
    except (etree.XMLSyntaxError, ValueError):
        log.warning("unreadable customs answer %s", path.name)
        return None
    entry = root[0] if len(root) else root
    values = {
        etree.QName(child).localname: (child.text or "").strip()
        for child in entry
        if isinstance(child.tag, str)
    }
    return CustomsAnswer(
        message_type=message_type_of(root).removesuffix("Message"),
        cop_no=values.get("copNo", ""),
        logistics_no=values.get("logisticsNo", ""),
        return_status=values.get("returnStatus", ""),
        return_info=values.get("returnInfo", ""),
    )
