"""The simulator's bonded-import side: the payments declared, the three-document match and the
orderer's nationwide annual quota.

Customs keeps each orderer's yearly total across every platform; the simulator keeps it in its
own state folder (``<exchange>/simulator/quota/``, by a SHA-256 of the ID number, never the
number), counts a list when it accepts it and gives the amount back when a withdrawal (CEB623)
or a return (CEB625) is approved. ``record_purchases`` plays "bought elsewhere this year", so a
demo or a test can show customs refusing an orderer over the limit although this shop's own
count still had room.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Final

from lxml import etree

from storefront.customs.exchange.folders import write_atomically
from storefront.customs.messages.exceptions import CustomsError
from storefront.customs.messages.import_consistency import (
    bonded_list_problems,
    dutiable_value,
    head_of,
    identity_problems,
    limit_problems,
    payment_problems,
    waybill_problems,
)
from storefront.customs.messages.message_xml import parse_message
from storefront.customs.messages.schema import SchemaValidator
from storefront.customs.messages.wire_format import CHINA_TIME

log = logging.getLogger(__name__)

ORDER_LIMIT: Final = Decimal("5000")
ANNUAL_LIMIT: Final = Decimal("26000")


def person_key(id_number: str) -> str:
    return hashlib.sha256(id_number.strip().upper().encode("utf-8")).hexdigest()


class BondedClearance:
    def __init__(self, state: Path, tmp: Path, payment_folder: Path | None) -> None:
        self.state = state
        self.tmp = tmp
        self.payment_folder = payment_folder

    def _path(self, kind: str, key: str) -> Path:
        folder = self.state / kind
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{key}.json"

    def _load(self, kind: str, key: str) -> dict[str, str] | None:
        path = self._path(kind, key)
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

    def _save(self, kind: str, key: str, value: dict[str, str]) -> None:
        write_atomically(self.tmp, self._path(kind, key), json.dumps(value).encode())

    # -- what the payment companies declared ----------------------------------------------

    def read_payments(self, validator: SchemaValidator) -> None:
        """Record the CEB411s in the payment folder (schema-checked); a bad one is set aside."""
        if self.payment_folder is None or not self.payment_folder.is_dir():
            return
        done = self.payment_folder / "read"
        done.mkdir(exist_ok=True)
        for path in sorted(self.payment_folder.glob("*.xml")):
            data = path.read_bytes()
            try:
                validator.validate(data)
                head = head_of(parse_message(data), "PaymentHead")
            except (etree.XMLSyntaxError, ValueError, CustomsError) as error:
                log.warning("payment declaration %s refused: %s", path.name, error)
                path.replace(done / f"{path.name}.refused")
                continue
            self._save("payments", _safe(head.get("orderNo", "")), head)
            path.replace(done / path.name)

    # -- the three documents and the limits -----------------------------------------------

    def problems(
        self,
        inventory_root: etree._Element,
        order_root: etree._Element,
        waybill: dict[str, str] | None,
        now: datetime,
    ) -> list[str]:
        inventory = head_of(inventory_root, "InventoryHead")
        order = head_of(order_root, "OrderHead")
        payment = self._load("payments", _safe(order.get("orderNo", "")))
        used = self.used(order.get("buyerIdNumber", ""), now)
        return [
            *identity_problems(order, inventory),
            *payment_problems(order, payment),
            *waybill_problems(inventory, waybill),
            *bonded_list_problems(inventory_root, inventory),
            *limit_problems(order_root, order, used, per_order=ORDER_LIMIT, per_year=ANNUAL_LIMIT),
        ]

    def used(self, id_number: str, now: datetime) -> Decimal:
        record = self._load("quota", self._quota_key(id_number, now))
        return Decimal(record["used"]) if record else Decimal(0)

    def record_purchases(self, id_number: str, amount: Decimal, now: datetime) -> None:
        """Count ``amount`` on the orderer's year, as purchases on other platforms would."""
        key = self._quota_key(id_number, now)
        self._save("quota", key, {"used": str(self.used(id_number, now) + amount)})

    def count(self, order_root: etree._Element, cop_no: str, now: datetime) -> None:
        """The list is accepted: its value counts on the orderer's year until withdrawn."""
        order = head_of(order_root, "OrderHead")
        value = dutiable_value(order)
        key = self._quota_key(order.get("buyerIdNumber", ""), now)
        self._save("quota", key, {"used": str(self._used_by_key(key) + value)})
        self._save("counted", _safe(cop_no), {"quota": key, "value": str(value)})

    def uncount(self, cop_no: str) -> None:
        """A withdrawal or return was approved: the list's value leaves the year (once)."""
        counted = self._load("counted", _safe(cop_no))
        if counted is None or counted.get("released"):
            return
        key = counted["quota"]
        remaining = max(Decimal(0), self._used_by_key(key) - Decimal(counted["value"]))
        self._save("quota", key, {"used": str(remaining)})
        self._save("counted", _safe(cop_no), {**counted, "released": "1"})

    def _used_by_key(self, key: str) -> Decimal:
        record = self._load("quota", key)
        return Decimal(record["used"]) if record else Decimal(0)

    @staticmethod
    def _quota_key(id_number: str, now: datetime) -> str:
        return f"{person_key(id_number)}-{now.astimezone(CHINA_TIME).year}"


def _safe(value: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-." else "_" for ch in value)[:80] or "_"
