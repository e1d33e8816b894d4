"""A customs simulator on the exchange folder, for development and the demo (``customs simulate``).

It plays the customs client and customs: takes each message from ``outbox/`` (electronic orders
first), moves it to ``sent/``, checks it the way the e-port and customs do, and answers in
``inbox/``:

* not XML, not schema-valid (when an XSD folder is configured) or a bad signature: a CEB900
  format-check receipt with a negative status;
* CEB303: 120 (entered) and the order is remembered;
* CEB603: 100 with customs-style reasons when no electronic order with its ``orderNo`` arrived
  first, when the list disagrees with that order (order number, enterprise codes, lines, goods
  value: ``messages.consistency``) or its quantities do not fit their units; otherwise 120 with
  the e-port and list numbers, then 800 (released) after the configured delay. Every receipt
  carries the fields ceb-export-202205.xsd requires (statisticsFlag, numbers...);
* CEB605: 120, then 800 (cancellation approved) after the delay; CEB701: 100 when it names a
  list declared A (汇总统计) or one it does not know, else 120 with a summary number, then the
  CEB792 summary result.

With a carrier folder (the sandbox carrier's side) it also answers the logistics side: waybills,
arrivals at the site and departures (``simulated_logistics``); a departure customs takes closes
the parcel's list (899).

Its memory (orders seen, numbers given, receipts due: ``simulator_memory``) is plain JSON in
``<exchange>/simulator/``, so it survives restarts. It never touches the database.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from lxml import etree

from catalog.base import utcnow
from storefront.customs.exchange.folders import ExchangeFolders, write_atomically
from storefront.customs.exchange.simulated_logistics import (
    INVENTORY_RECEIPT,
    SimulatedLogisticsDesk,
)
from storefront.customs.exchange.simulator_memory import (
    SimulatorMemory,
    head_values,
    keys_of,
    pre_no,
    receipt_file_name,
)
from storefront.customs.messages.channels import (
    FORMAT_CHECK_RECEIPT,
    MessageRole,
    channel_of,
    message_type_of_root,
)
from storefront.customs.messages.consistency import (
    line_problems,
    order_list_problems,
    summary_problems,
    waybill_problems,
)
from storefront.customs.messages.exceptions import (
    CustomsError,
    SchemaValidationError,
    SignatureInvalid,
)
from storefront.customs.messages.message_xml import message_type_of, parse_message
from storefront.customs.messages.receipt_builders import ReceiptEntry, build_receipt
from storefront.customs.messages.receipt_parser import SUMMARY_RESULT
from storefront.customs.messages.schema import SchemaValidator
from storefront.customs.messages.signing import verify_signature
from storefront.customs.messages.wire_format import CHINA_TIME, format_amount

log = logging.getLogger(__name__)

# Electronic orders first, as customs needs the order before the list that names it.
ROLE_ORDER = (MessageRole.ORDER, MessageRole.INVENTORY, MessageRole.CANCEL, MessageRole.SUMMARY)


@dataclass
class SimulatorReport:
    answered: int = 0
    rejected: int = 0
    released: int = 0


class CustomsSimulator:
    def __init__(
        self,
        folders: ExchangeFolders,
        validator: SchemaValidator,
        release_delay: float,
        clock: Callable[[], datetime] = utcnow,
        waybill_folder: Path | None = None,
    ) -> None:
        self.folders = folders
        self.validator = validator
        self.release_delay = release_delay
        self.clock = clock
        self.state = folders.root / "simulator"
        self.memory = SimulatorMemory(self.state, folders.tmp)
        # Where the logistics side's messages arrive; with one, every list is compared with
        # the waybill its logisticsNo names. None: no carrier channel connected, no comparison.
        self.waybill_folder = waybill_folder
        self.logistics = (
            SimulatedLogisticsDesk(waybill_folder, self.memory, validator, self._write)
            if waybill_folder is not None
            else None
        )

    def run_once(self) -> SimulatorReport:
        self.folders.create()
        self.memory.prepare()
        report = SimulatorReport()
        if self.logistics is not None:
            self.logistics.answer_all(self.clock())
        for path in sorted(self.folders.outbox.glob("*.xml"), key=_processing_key):
            data = path.read_bytes()
            self.folders.move(path, self.folders.sent)
            rejected = self._answer(path.name, data)
            report.answered += 1
            report.rejected += int(rejected)
        report.released += self._send_due_receipts()
        return report

    def _answer(self, file_name: str, data: bytes) -> bool:
        """Answer one message; True when it was refused."""
        now = self.clock()
        message_guid = file_name.rsplit("_", 1)[-1].removesuffix(".xml")
        try:
            root = parse_message(data)
            self.validator.validate(data)
            verify_signature(data)
        except (etree.XMLSyntaxError, ValueError) as error:
            return self._format_error(file_name, message_guid, -1, f"报文解析失败: {error}", now)
        except SchemaValidationError as error:
            return self._format_error(
                file_name, message_guid, -2, f"报文格式校验失败: {error}", now
            )
        except SignatureInvalid as error:
            return self._format_error(file_name, message_guid, -1001, f"签名验证失败: {error}", now)
        except CustomsError as error:
            return self._format_error(file_name, message_guid, -3000, str(error), now)
        kind = message_type_of(root)
        message_type = message_type_of_root(kind)
        if message_type is None:
            return self._format_error(file_name, message_guid, -1, f"未知报文类型 {kind}", now)
        spec = channel_of(message_type)
        role = spec.roles[message_type]
        receipt = spec.receipt_of(message_type)
        head = head_values(root)
        if role is MessageRole.ORDER:
            self.memory.remember("orders", head["orderNo"], {"xml": data.decode("utf-8")})
            keys = keys_of(head, "ebpCode", "ebcCode", "orderNo")
            self._write(ReceiptEntry(receipt, 120, "新增申报成功", now, keys))
            return False
        if role is MessageRole.INVENTORY:
            return self._answer_inventory(receipt, root, head, now)
        if role is MessageRole.CANCEL:
            keys = keys_of(head, "agentCode", "copNo", "preNo", "invtNo")
            self._write(ReceiptEntry(receipt, 120, "撤销申请已入库", now, keys))
            self._schedule(ReceiptEntry(receipt, 800, "撤销申请审核通过", now, keys))
            return False
        return self._answer_summary(receipt, root, head, now)

    def _answer_summary(
        self, receipt: str, root: etree._Element, head: dict[str, str], now: datetime
    ) -> bool:
        flags = {}
        for number in root.xpath("//*[local-name()='SummaryApplyList']/*[local-name()='invtNo']"):
            known_list = self.memory.recall("invts", (number.text or "").strip())
            if known_list:
                flags[(number.text or "").strip()] = known_list.get("statisticsFlag", "")
        problems = summary_problems(root, flags)
        if problems:
            keys = (*keys_of(head, "agentCode", "ebcCode", "copNo"), ("preNo", pre_no("B", now)))
            keys += (("msgSeqNo", head.get("msgSeqNo") or "1"),)
            self._write(ReceiptEntry(receipt, 100, "; ".join(problems)[:1000], now, keys))
            return True
        local = now.astimezone(CHINA_TIME)
        known = self.memory.recall("sums", head.get("copNo", ""))
        serial = self.memory.count("sums") + 1
        sum_no = (known or {}).get("sumNo") or (
            f"{head.get('customsCode', '0000')}{local:%Y%m%d}{serial:06d}"[:18]
        )
        self.memory.remember("sums", head.get("copNo", ""), {"sumNo": sum_no})
        pre_number = pre_no("B", now)
        keys = (
            *keys_of(head, "agentCode", "ebcCode", "copNo"),
            ("preNo", pre_number),
            ("sumNo", sum_no),
            ("msgSeqNo", head.get("msgSeqNo") or "1"),
        )
        self._write(ReceiptEntry(receipt, 120, "汇总申请成功", now, keys))
        self._schedule(self._summary_result(root, head, sum_no, now))
        return False

    def _summary_result(
        self, root: etree._Element, head: dict[str, str], sum_no: str, now: datetime
    ) -> ReceiptEntry:
        """The CEB792 customs sends once it made the export declaration of a summary."""
        local = now.astimezone(CHINA_TIME)
        customs_code = head.get("customsCode", "0000")
        serial = self.memory.count("scheduled") + 1
        lines: list[tuple[str, str]] = []
        gross = net = Decimal(0)
        gseqno = 0
        for invt_no in root.xpath("//*[local-name()='SummaryApplyList']/*[local-name()='invtNo']"):
            number = (invt_no.text or "").strip()
            known = self.memory.recall("invts", number) or {}
            gross += Decimal(known.get("grossWeight") or 0)
            net += Decimal(known.get("netWeight") or 0)
            for line in (known.get("lines") or "").splitlines():
                gnum, gcode = line.split("|")
                gseqno += 1
                lines.append(
                    ("line", f"{number}|{known.get('logisticsNo', '')}|{gseqno}|{gnum}|{gcode}")
                )
        fields = (
            ("customsCode", customs_code),
            ("sumNo", sum_no),
            ("declSeqNo", f"S{local:%Y%m%d}{serial:09d}"),
            ("entryId", f"{customs_code}{local:%Y}1{serial:09d}"),
            # 报关单状态: values are customs' own (XSD); "A" is what both official CEB792 samples
            # (2018 and 202205) carry for a summary whose export declaration was made
            ("decState", "A"),
            *keys_of(head, "agentCode", "agentName", "ebcCode", "ebcName"),
            *keys_of(head, "declAgentCode", "declAgentName"),
            ("grossWeight", format_amount(gross) or "0"),
            ("netWeight", format_amount(net) or "0"),
            ("msgCount", "1"),
            ("msgSeqNo", "1"),
            *lines,
        )
        return ReceiptEntry(SUMMARY_RESULT, 0, "汇总结果", now, fields)

    def _answer_inventory(
        self, receipt: str, root: etree._Element, head: dict[str, str], now: datetime
    ) -> bool:
        order = self.memory.recall("orders", head.get("orderNo", ""))
        numbers = self.memory.recall("lists", head["copNo"]) or self._new_numbers(head, now)
        self.memory.remember("lists", head["copNo"], numbers)
        keys = (
            *keys_of(head, "agentCode", "copNo"),
            ("preNo", numbers["preNo"]),
            ("invtNo", numbers["invtNo"]),
            *keys_of(head, "ebcCode", "ebpCode", "orderNo", "statisticsFlag"),
        )
        problems = line_problems(root)
        if self.waybill_folder is not None:
            waybill = self.memory.recall("waybills", head.get("logisticsNo", ""))
            problems += waybill_problems(root, waybill["logisticsNo"] if waybill else None)
            if waybill and waybill["logisticsCode"] != head.get("logisticsCode"):
                problems.append("清单物流企业代码与运单不一致")
        if order is None:
            problems.insert(0, f"未找到对应的电子订单[{head.get('orderNo')}]")
        else:
            problems += order_list_problems(parse_message(order["xml"].encode()), root)
        if problems:
            self._write(ReceiptEntry(receipt, 100, "; ".join(problems)[:1000], now, keys))
            return True
        self._write(ReceiptEntry(receipt, 120, "清单新增申报成功", now, keys))
        self._schedule(ReceiptEntry(receipt, 800, "放行", now, keys))
        self.memory.remember(
            "parcels",
            head.get("logisticsNo", ""),
            {"copNo": head["copNo"], "keys": json.dumps(keys)},
        )
        lines = [
            f"{_text(line, 'gnum')}|{_text(line, 'gcode')}"
            for line in root.xpath("//*[local-name()='InventoryList']")
        ]
        self.memory.remember(
            "invts",
            numbers["invtNo"],
            {
                "logisticsNo": head.get("logisticsNo", ""),
                "grossWeight": head.get("grossWeight", "0"),
                "netWeight": head.get("netWeight", "0"),
                "statisticsFlag": head.get("statisticsFlag", ""),
                "lines": "\n".join(lines),
            },
        )
        return False

    def _new_numbers(self, head: dict[str, str], now: datetime) -> dict[str, str]:
        serial = self.memory.count("lists") + 1
        local = now.astimezone(CHINA_TIME)
        return {
            "preNo": f"B{local:%Y%m%d}{serial:09d}",
            "invtNo": f"{head.get('customsCode', '0000')}{local:%Y}E{serial:09d}",
        }

    def _format_error(
        self, file_name: str, guid: str, status: int, info: str, now: datetime
    ) -> bool:
        kind = file_name.split("_", 1)[0]
        fields = (
            ("oriCopMsgId", guid),
            ("oriMessageType", f"{kind}Message"[:15] if kind.startswith("CEB") else "Unknown"),
        )
        self._write(ReceiptEntry(FORMAT_CHECK_RECEIPT, status, info[:1000], now, fields))
        return True

    def _write(self, entry: ReceiptEntry) -> None:
        self.folders.write_inbox(receipt_file_name(entry), build_receipt(entry))

    def _schedule(self, entry: ReceiptEntry) -> None:
        due = entry.return_time + timedelta(seconds=self.release_delay)
        record = {
            "due": due.isoformat(),
            "message_type": entry.message_type,
            "return_status": entry.return_status,
            "return_info": entry.return_info,
            "fields": list(entry.fields),
        }
        name = f"{due:%Y%m%d%H%M%S%f}_{receipt_file_name(entry).removesuffix('.xml')}.json"
        write_atomically(
            self.folders.tmp, self.state / "scheduled" / name, json.dumps(record).encode()
        )

    def _send_due_receipts(self) -> int:
        now = self.clock()
        sent = 0
        for path in sorted((self.state / "scheduled").glob("*.json")):
            record = json.loads(path.read_text(encoding="utf-8"))
            if datetime.fromisoformat(record["due"]) > now:
                continue
            fields = tuple(tuple(pair) for pair in record["fields"])
            if record["message_type"] == INVENTORY_RECEIPT and record["return_status"] == 800:
                self.memory.remember(
                    "released", dict(fields).get("copNo", ""), {"at": now.isoformat()}
                )
            self._write(
                ReceiptEntry(
                    record["message_type"],
                    record["return_status"],
                    record["return_info"],
                    now,
                    fields,  # type: ignore[arg-type]
                )
            )
            path.unlink()
            sent += 1
        return sent


def run_simulator(
    simulator: CustomsSimulator,
    *,
    loop: bool = False,
    interval: float = 2.0,
    should_stop: Callable[[], bool] = lambda: False,
) -> SimulatorReport:
    total = SimulatorReport()
    while not should_stop():
        try:
            report = simulator.run_once()
        except Exception:
            log.exception("customs simulator pass failed; retrying")
            if not loop:
                raise
            time.sleep(interval)
            continue
        total.answered += report.answered
        total.rejected += report.rejected
        total.released += report.released
        if not loop:
            break
        if not report.answered:
            time.sleep(interval)
    return total


def _processing_key(path: Path) -> tuple[int, float, str]:
    message_type = message_type_of_root(path.name.split("_", 1)[0] + "Message")
    rank = (
        9
        if message_type is None
        else ROLE_ORDER.index(channel_of(message_type).roles[message_type])
    )
    return (rank, path.stat().st_mtime, path.name)


def _text(element: etree._Element, name: str) -> str:
    found = element.xpath(f"./*[local-name()='{name}']/text()")
    return str(found[0]).strip() if found else ""
