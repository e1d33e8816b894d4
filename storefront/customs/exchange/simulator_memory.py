"""The customs simulator's memory and the small XML helpers its parts share.

The memory is plain JSON, one file per key in ``<exchange>/simulator/<kind>/``, written
atomically, so the simulator survives restarts without touching the database.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from lxml import etree

from storefront.customs.exchange.folders import write_atomically
from storefront.customs.messages.receipt_builders import ReceiptEntry
from storefront.customs.messages.wire_format import CHINA_TIME

KINDS = (
    "orders",  # electronic orders seen, by orderNo
    "lists",  # numbers given to inventory lists, by copNo
    "scheduled",  # receipts due later
    "waybills",  # waybills carriers declared (CEB505), by logisticsNo
    "invts",  # released lists' weights and lines, by invtNo (for CEB792)
    "sums",  # summary numbers, by copNo
    "parcels",  # the list that declared a waybill, by logisticsNo
    "arrivals",  # parcels arrived at the site (CEB507), by logisticsNo
    "released",  # lists whose 800 was sent, by copNo
)


class SimulatorMemory:
    def __init__(self, root: Path, tmp: Path) -> None:
        self.root = root
        self.tmp = tmp  # the exchange folder's tmp/ (same file system: atomic renames)

    def prepare(self) -> None:
        for kind in KINDS:
            (self.root / kind).mkdir(parents=True, exist_ok=True)

    def remember(self, kind: str, key: str, value: dict[str, str]) -> None:
        write_atomically(self.tmp, self.path(kind, key), json.dumps(value).encode())

    def recall(self, kind: str, key: str) -> dict[str, str] | None:
        path = self.path(kind, key)
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

    def count(self, kind: str) -> int:
        return len(list((self.root / kind).glob("*.json")))

    def path(self, kind: str, key: str) -> Path:
        return self.root / kind / f"{safe_name(key)}.json"


def head_values(root: etree._Element) -> dict[str, str]:
    """The first occurrence of each element in the message's business entry head."""
    values: dict[str, str] = {}
    entry = root[0] if len(root) else root
    head = entry[0] if len(entry) and len(entry[0]) else entry
    for child in head:
        if isinstance(child.tag, str):
            values.setdefault(etree.QName(child).localname, (child.text or "").strip())
    return values


def keys_of(head: dict[str, str], *names: str) -> tuple[tuple[str, str], ...]:
    """The named head values that are present, as receipt fields."""
    return tuple((name, head[name]) for name in names if head.get(name))


def receipt_file_name(entry: ReceiptEntry) -> str:
    """``<type>_<China time>_<status>_<reference>.xml``: sorts by time, names its business key."""
    stamp = entry.return_time.astimezone(CHINA_TIME).strftime("%Y%m%d%H%M%S%f")
    fields = dict(entry.fields)
    reference = safe_name(
        fields.get("copNo")
        or fields.get("orderNo")
        or fields.get("oriCopMsgId")
        or fields.get("sumNo")
        or fields.get("logisticsNo")
        or "x"
    )
    return f"{entry.message_type[:6]}_{stamp}_{entry.return_status}_{reference}.xml"


def pre_no(kind: str, now: datetime) -> str:
    """An 18-character e-port number (预录入编号) from the time."""
    local = now.astimezone(CHINA_TIME)
    return f"{kind}{local:%Y%m%d%H%M%S}{local.microsecond // 1000:03d}"[:18]


def safe_name(value: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-." else "_" for ch in value)[:80] or "_"
