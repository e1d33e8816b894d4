"""The simulator's answers to the logistics side (carriers and the supervision site operator).

What they send arrives in ``<exchange>/carrier/`` (``carrier_side`` writes it for the sandbox
carrier); answers go to ``<exchange>/carrier/inbox/``:

* CEB505 waybill: recorded, so each inventory list can be compared with the waybill its
  ``logisticsNo`` names; answered 120 (CEB506);
* CEB507 arrival at the site (运抵): taken when its waybills were declared (CEB508 120),
  refused otherwise (100, naming them);
* CEB509 departure (离境): taken when each parcel arrived at the site and its list was released
  (CEB510 120), refused otherwise (100 with the reason). Once taken, customs closes each
  parcel's list: a CEB604 899 (结关) to the platform.

A file that is not XML or not schema-valid is set aside in ``read/`` as ``*.refused``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Final

from lxml import etree

from storefront.customs.exchange.folders import write_atomically
from storefront.customs.exchange.simulator_memory import (
    SimulatorMemory,
    head_values,
    keys_of,
    pre_no,
    receipt_file_name,
)
from storefront.customs.messages.exceptions import CustomsError
from storefront.customs.messages.message_xml import message_type_of, parse_message
from storefront.customs.messages.receipt_builders import ReceiptEntry, build_receipt
from storefront.customs.messages.schema import SchemaValidator

log = logging.getLogger(__name__)

INVENTORY_RECEIPT: Final = "CEB604Message"
WAYBILL_RECEIPT: Final = "CEB506Message"
ARRIVAL_RECEIPT: Final = "CEB508Message"
DEPARTURE_RECEIPT: Final = "CEB510Message"
CLOSED: Final = 899


class SimulatedLogisticsDesk:
    def __init__(
        self,
        folder: Path,
        memory: SimulatorMemory,
        validator: SchemaValidator,
        to_platform: Callable[[ReceiptEntry], None],
    ) -> None:
        self.folder = folder  # <exchange>/carrier
        self.memory = memory
        self.validator = validator
        self.to_platform = to_platform  # writes a receipt into the platform's inbox

    def answer_all(self, now: datetime) -> int:
        """Answer every message waiting in the folder; returns how many were read."""
        if not self.folder.is_dir():
            return 0
        done = self.folder / "read"
        done.mkdir(exist_ok=True)
        read = 0
        for path in sorted(self.folder.glob("*.xml")):
            data = path.read_bytes()
            read += 1
            try:
                self.validator.validate(data)
                root = parse_message(data)
            except (etree.XMLSyntaxError, ValueError, CustomsError) as error:
                log.warning("logistics message %s refused: %s", path.name, error)
                path.replace(done / f"{path.name}.refused")
                continue
            kind = message_type_of(root)
            if kind == "CEB505Message":
                self._waybill(head_values(root), now)
            elif kind == "CEB507Message":
                self._arrival(root, head_values(root), now)
            elif kind == "CEB509Message":
                self._departure(root, head_values(root), now)
            path.replace(done / path.name)
        return read

    def _waybill(self, head: dict[str, str], now: datetime) -> None:
        self.memory.remember(
            "waybills",
            head.get("logisticsNo", ""),
            {k: head.get(k, "") for k in ("logisticsNo", "logisticsCode", "ebcCode")},
        )
        keys = keys_of(head, "logisticsCode", "logisticsNo")
        self._answer(ReceiptEntry(WAYBILL_RECEIPT, 120, "运单新增申报成功", now, keys))

    def _arrival(self, root: etree._Element, head: dict[str, str], now: datetime) -> None:
        numbers = _parcel_numbers(root)
        unknown = [number for number in numbers if not self.memory.recall("waybills", number)]
        keys = (
            *keys_of(head, "operatorCode", "logisticsCode"),
            ("preNo", pre_no("A", now)),
            *keys_of(head, "copNo"),
            ("billNo", head.get("billNo", "")),
            ("msgSeqNo", head.get("msgSeqNo") or "1"),
        )
        if unknown:
            info = f"运单[{','.join(unknown)}]未申报，运抵单退单"
            self._answer(ReceiptEntry(ARRIVAL_RECEIPT, 100, info, now, keys))
            return
        for number in numbers:
            self.memory.remember("arrivals", number, {"copNo": head.get("copNo", "")})
        self._answer(ReceiptEntry(ARRIVAL_RECEIPT, 120, "运抵单新增申报成功", now, keys))

    def _departure(self, root: etree._Element, head: dict[str, str], now: datetime) -> None:
        numbers = _parcel_numbers(root)
        problems = []
        for number in numbers:
            parcel = self.memory.recall("parcels", number)
            if parcel is None or not self.memory.recall("released", parcel["copNo"]):
                problems.append(f"运单[{number}]对应清单未放行，不允许离境")
            elif not self.memory.recall("arrivals", number):
                problems.append(f"运单[{number}]未运抵，不允许离境")
        keys = (
            *keys_of(head, "logisticsCode", "copNo"),
            ("preNo", pre_no("D", now)),
            ("msgSeqNo", head.get("msgSeqNo") or "1"),
        )
        if problems:
            info = "; ".join(problems)[:1000]
            self._answer(ReceiptEntry(DEPARTURE_RECEIPT, 100, info, now, keys))
            return
        self._answer(ReceiptEntry(DEPARTURE_RECEIPT, 120, "离境单新增申报成功", now, keys))
        for number in numbers:  # the parcel left China: customs closes its list (结关)
            parcel = self.memory.recall("parcels", number) or {}
            fields = tuple((name, value) for name, value in json.loads(parcel["keys"]))
            self.to_platform(ReceiptEntry(INVENTORY_RECEIPT, CLOSED, "结关", now, fields))

    def _answer(self, entry: ReceiptEntry) -> None:
        inbox = self.folder / "inbox"
        inbox.mkdir(exist_ok=True)
        tmp = self.memory.tmp
        write_atomically(tmp, inbox / receipt_file_name(entry), build_receipt(entry))


def _parcel_numbers(root: etree._Element) -> list[str]:
    """The waybills an arrival or departure lists (``logisticsNo`` of its list rows)."""
    return [
        str(number).strip()
        for number in root.xpath(
            "//*[local-name()='ArrivalList' or local-name()='DepartureList']"
            "/*[local-name()='logisticsNo']/text()"
        )
    ]
