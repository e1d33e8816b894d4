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
import logging
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Final

from lxml import etree

from storefront.customs.exchange.simulator_memory import SimulatorMemory
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
    def __init__(self, memory: SimulatorMemory, payment_folder: Path | None) -> None:
        self.memory = memory  # kinds "payments", "quota" and "counted"
        self.payment_folder = payment_folder

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
            self.memory.remember("payments", head.get("orderNo", ""), head)
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
        payment = self.memory.recall("payments", order.get("orderNo", ""))
        used = self.used(order.get("buyerIdNumber", ""), now)
        return [
            *identity_problems(order, inventory),
            *payment_problems(order, payment),
            *waybill_problems(inventory, waybill),
            *bonded_list_problems(inventory_root, inventory),
            *limit_problems(order_root, order, used, per_order=ORDER_LIMIT, per_year=ANNUAL_LIMIT),
        ]

    def used(self, id_number: str, now: datetime) -> Decimal:
        record = self.memory.recall("quota", self._quota_key(id_number, now))
        return Decimal(record["used"]) if record else Decimal(0)

    def record_purchases(self, id_number: str, amount: Decimal, now: datetime) -> None:
        """Count ``amount`` on the orderer's year, as purchases on other platforms would."""
        key = self._quota_key(id_number, now)
        self.memory.remember("quota", key, {"used": str(self.used(id_number, now) + amount)})

    def count(self, order_root: etree._Element, cop_no: str, now: datetime) -> None:
        """The list is accepted: its value counts on the orderer's year until withdrawn."""
        order = head_of(order_root, "OrderHead")
        value = dutiable_value(order)
        key = self._quota_key(order.get("buyerIdNumber", ""), now)
        self.memory.remember("quota", key, {"used": str(self._used_by_key(key) + value)})
        self.memory.remember("counted", cop_no, {"quota": key, "value": str(value)})

    def uncount(self, cop_no: str) -> None:
        """A withdrawal or return was approved: the list's value leaves the year (once)."""
        counted = self.memory.recall("counted", cop_no)
        if counted is None or counted.get("released"):
            return
        key = counted["quota"]
        remaining = max(Decimal(0), self._used_by_key(key) - Decimal(counted["value"]))
        self.memory.remember("quota", key, {"used": str(remaining)})
        self.memory.remember("counted", cop_no, {**counted, "released": "1"})

    def _used_by_key(self, key: str) -> Decimal:
        record = self.memory.recall("quota", key)
        return Decimal(record["used"]) if record else Decimal(0)

    @staticmethod
    def _quota_key(id_number: str, now: datetime) -> str:
        return f"{person_key(id_number)}-{now.astimezone(CHINA_TIME).year}"
