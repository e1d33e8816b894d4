"""The project's own checks of a declaration, run before any message is built.

They hold whether or not an XSD directory is configured: required fields, the schema's lengths,
formats (GUID, HS code, customs codes), known code-table values, amounts (``Decimal``, at most
5 decimals, non-negative) and arithmetic (line total = qty x price, head value = sum of lines).
Each ``check_*`` function returns every problem it finds; an empty list means the document is fine.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Final

from storefront.customs.messages.codes import (
    FeeFlag,
    StatisticsFlag,
    SummaryFlag,
    TradeMode,
    TransportMode,
    customs_country_code,
    customs_currency_code,
    customs_unit_code,
)
from storefront.customs.messages.documents import (
    Enterprise,
    ExportOrderDocument,
    InventoryCancelDocument,
    InventoryDocument,
    InventoryLine,
    Sender,
    SummaryDocument,
)
from storefront.customs.messages.exceptions import UnknownCodeError
from storefront.customs.messages.wire_format import AMOUNT_DECIMAL_PLACES, AMOUNT_LIMIT, is_guid

MAX_LINES: Final = 100  # export Order and Inventory entries carry 1..100 lines
LINE_TOTAL_TOLERANCE: Final = Decimal("0.01")  # |qty x price - total| may differ by one fen
MAX_COUNT: Final = 10**9  # N9 fields (packNo, msgCount, msgSeqNo)
NOTE_LENGTH: Final = 1000

_HS_CODE: Final = re.compile(r"\d{10}")
_CUSTOMS_OFFICE: Final = re.compile(r"\d{4}")
_ONE_DIGIT: Final = re.compile(r"\d")
# Characters XML 1.0 cannot carry at all (C0 controls other than tab/newline/CR, U+FFFE/U+FFFF).
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class DeclarationProblem:
    """One thing wrong with a declaration: the document field (dotted path) and what is wrong."""

    field: str
    message: str


class _Findings:
    """Collects problems while walking a document."""

    def __init__(self) -> None:
        self.problems: list[DeclarationProblem] = []

    def add(self, field: str, message: str) -> None:
        self.problems.append(DeclarationProblem(field, message))

    def text(
        self,
        field: str,
        value: object,
        *,
        max_length: int | None = None,
        length: int | None = None,
        pattern: re.Pattern[str] | None = None,
        pattern_hint: str = "",
        required: bool = True,
    ) -> None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(field, "is required")
            return
        if not isinstance(value, str):
            self.add(field, f"must be text, got {type(value).__name__}")
            return
        if _NOT_XML.search(value):
            self.add(field, "contains control characters XML cannot carry")
        if max_length is not None and len(value) > max_length:
            self.add(field, f"is {len(value)} characters long, at most {max_length} allowed")
        if length is not None and len(value) != length:
            self.add(field, f"must be exactly {length} characters, got {len(value)}")
        if pattern is not None and pattern.fullmatch(value) is None:
            self.add(field, f"must be {pattern_hint}, got {value!r}")

    def note(self, field: str, value: str | None) -> None:
        self.text(field, value, max_length=NOTE_LENGTH, required=False)

    def guid(self, field: str, value: object) -> None:
        if not is_guid(value):
            self.add(field, f"must be a 36-character upper-case GUID, got {value!r}")

    def enterprise(self, field: str, value: Enterprise | None) -> None:
        if value is None:
            self.add(field, "is required")
            return
        self.text(f"{field}.code", value.code, max_length=18)
        self.text(f"{field}.name", value.name, max_length=100)

    def office(self, field: str, value: object) -> None:
        self.text(field, value, pattern=_CUSTOMS_OFFICE, pattern_hint="a 4-digit customs code")

    def amount(self, field: str, value: object, *, positive: bool = False) -> bool:
        """Check an N19,5 amount; return whether it is usable for arithmetic."""
        if isinstance(value, float):
            self.add(field, "must be a Decimal, never a float")
            return False
        if not isinstance(value, Decimal) or not value.is_finite():
            self.add(field, f"must be a finite Decimal, got {value!r}")
            return False
        usable = True
        if value < 0 or (positive and value == 0):
            self.add(field, "must be greater than zero" if positive else "must not be negative")
            usable = False
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -AMOUNT_DECIMAL_PLACES:
            self.add(field, f"has more than {AMOUNT_DECIMAL_PLACES} decimal places: {value}")
        if abs(value) >= AMOUNT_LIMIT:
            self.add(field, f"is too large for the N19,5 format: {value}")
            usable = False
        return usable

    def count(self, field: str, value: object, *, minimum: int = 1) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(field, f"must be a whole number, got {value!r}")
        elif not minimum <= value < MAX_COUNT:
            self.add(field, f"must be between {minimum} and {MAX_COUNT - 1}, got {value}")

    def code(self, field: str, value: str | None, lookup: Callable[[str], str]) -> None:
        if value is None or value == "":
            self.add(field, "is required")
            return
        try:
            lookup(value)
        except UnknownCodeError as error:
            self.add(field, f"is not a known {error.table}: {value!r}")

    def choice(self, field: str, value: object, allowed: type[StrEnum]) -> None:
        if value not in {member.value for member in allowed}:
            self.add(field, f"must be one of {', '.join(m.value for m in allowed)}, got {value!r}")

    def aware(self, field: str, value: object) -> bool:
        if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
            self.add(field, "must be a timezone-aware datetime")
            return False
        return True

    def line_numbers(self, lines: Sequence[object]) -> None:
        if not lines:
            self.add("lines", "at least one line is required")
        elif len(lines) > MAX_LINES:
            self.add("lines", f"has {len(lines)} lines, at most {MAX_LINES} allowed per message")
        numbers = [getattr(line, "gnum", None) for line in lines]
        if numbers != list(range(1, len(lines) + 1)):
            self.add("lines", f"gnum must run 1, 2, 3... in order, got {numbers}")

    def line_total(self, field: str, qty: Decimal, price: Decimal, total: Decimal) -> bool:
        """Check qty, price and total of a line; return whether the total can be summed."""
        qty_usable = self.amount(f"{field}.qty", qty, positive=True)
        price_usable = self.amount(f"{field}.price", price)
        total_usable = self.amount(f"{field}.total_price", total)
        if qty_usable and price_usable and total_usable:
            expected = qty * price
            if abs(expected - total) > LINE_TOTAL_TOLERANCE:
                self.add(f"{field}.total_price", f"is {total}, but qty x price is {expected}")
        return total_usable


def check_choice(field: str, value: object, allowed: type[StrEnum]) -> list[DeclarationProblem]:
    """A problem unless ``value`` is one of the codes of ``allowed`` (e.g. ``AppType``)."""
    found = _Findings()
    found.choice(field, value, allowed)
    return found.problems


def check_sender(sender: Sender) -> list[DeclarationProblem]:
    """Problems with the ``BaseTransfer`` identity."""
    found = _Findings()
    found.text("sender.cop_code", sender.cop_code, max_length=18)
    found.text("sender.cop_name", sender.cop_name, max_length=100)
    found.text("sender.dxp_id", sender.dxp_id, max_length=30)
    found.note("sender.note", sender.note)
    return found.problems


def check_export_order(order: ExportOrderDocument) -> list[DeclarationProblem]:
    """Problems with a CEB303 export order."""
    found = _Findings()
    found.guid("guid", order.guid)
    found.text("order_no", order.order_no, max_length=60)
    found.enterprise("ebp", order.ebp)
    found.enterprise("ebc", order.ebc)
    value_usable = found.amount("goods_value", order.goods_value)
    found.amount("freight", order.freight)
    found.code("currency", order.currency, customs_currency_code)
    found.note("note", order.note)
    found.line_numbers(order.lines)
    lines_usable = True
    for index, line in enumerate(order.lines):
        field = f"lines[{index}]"
        found.text(f"{field}.item_no", line.item_no, max_length=30)
        found.text(f"{field}.item_name", line.item_name, max_length=250)
        found.text(f"{field}.item_describe", line.item_describe, max_length=1000, required=False)
        found.text(f"{field}.bar_code", line.bar_code, max_length=50, required=False)
        found.code(f"{field}.unit", line.unit, customs_unit_code)
        found.note(f"{field}.note", line.note)
        line_usable = found.line_total(field, line.qty, line.price, line.total_price)
        lines_usable = lines_usable and line_usable
    if value_usable and lines_usable and order.lines:
        lines_sum = sum((line.total_price for line in order.lines), Decimal(0))
        if order.goods_value != lines_sum:
            found.add("goods_value", f"is {order.goods_value}, but the lines add up to {lines_sum}")
    return found.problems


def check_inventory(inventory: InventoryDocument) -> list[DeclarationProblem]:
    """Problems with a CEB603 export inventory list."""
    found = _Findings()
    inv = inventory
    found.guid("guid", inv.guid)
    found.office("customs_code", inv.customs_code)
    found.office("port_code", inv.port_code)
    found.enterprise("ebp", inv.ebp)
    found.text("order_no", inv.order_no, max_length=60)
    found.enterprise("logistics", inv.logistics)
    found.text("logistics_no", inv.logistics_no, max_length=32)
    found.text("cop_no", inv.cop_no, max_length=30)
    found.text("pre_no", inv.pre_no, length=18, required=False)
    found.text("invt_no", inv.invt_no, max_length=20, required=False)
    found.enterprise("agent", inv.agent)
    found.enterprise("ebc", inv.ebc)
    found.enterprise("owner", inv.owner)
    found.choice("trade_mode", inv.trade_mode, TradeMode)
    found.choice("statistics_flag", inv.statistics_flag, StatisticsFlag)
    found.choice("transport_mode", inv.transport_mode, TransportMode)
    found.choice("freight_flag", inv.freight_flag, FeeFlag)
    found.choice("insurance_flag", inv.insurance_flag, FeeFlag)
    if inv.iac is not None:
        found.enterprise("iac", inv.iac)
    found.text("ems_no", inv.ems_no, max_length=30, required=False)
    if inv.trade_mode is TradeMode.BONDED_ZONE:
        if inv.iac is None:
            found.add("iac", "is required for special-zone (1210) export")
        if not inv.ems_no:
            found.add("ems_no", "is required for special-zone (1210) export")
    for field, value, limit in (
        ("transport_name", inv.transport_name, 100),
        ("voyage_no", inv.voyage_no, 32),
        ("bill_no", inv.bill_no, 37),
        ("total_package_no", inv.total_package_no, 37),
        ("loct_no", inv.loct_no, 10),
        ("license_no", inv.license_no, 19),
    ):
        found.text(field, value, max_length=limit, required=False)
    found.code("arrival_country", inv.arrival_country, customs_country_code)
    found.text("destination_port", inv.destination_port, max_length=4)
    if isinstance(inv.destination_port, str) and len(inv.destination_port.strip()) < 3:
        found.add("destination_port", "must be 3 or 4 characters")
    found.amount("freight", inv.freight)
    found.code("freight_currency", inv.freight_currency, customs_currency_code)
    found.amount("insured_fee", inv.insured_fee)
    found.code("insurance_currency", inv.insurance_currency, customs_currency_code)
    found.text("wrap_type", inv.wrap_type, pattern=_ONE_DIGIT, pattern_hint="one digit")
    found.count("pack_count", inv.pack_count)
    gross_usable = found.amount("gross_weight", inv.gross_weight, positive=True)
    net_usable = found.amount("net_weight", inv.net_weight, positive=True)
    if gross_usable and net_usable and inv.net_weight > inv.gross_weight:
        found.add(
            "net_weight", f"{inv.net_weight} kg exceeds the gross weight {inv.gross_weight} kg"
        )
    found.code("currency", inv.currency, customs_currency_code)
    found.note("note", inv.note)
    found.line_numbers(inv.lines)
    for index, line in enumerate(inv.lines):
        _check_inventory_line(found, f"lines[{index}]", line, inv.trade_mode)
    return found.problems


def _check_inventory_line(
    found: _Findings, field: str, line: InventoryLine, trade_mode: TradeMode
) -> None:
    found.text(f"{field}.item_no", line.item_no, max_length=20)
    found.text(f"{field}.item_name", line.item_name, max_length=250, required=False)
    if trade_mode is TradeMode.BONDED_ZONE:
        found.text(f"{field}.item_record_no", line.item_record_no, max_length=30)
    else:
        found.text(f"{field}.item_record_no", line.item_record_no, max_length=30, required=False)
    found.text(f"{field}.hs_code", line.hs_code, pattern=_HS_CODE, pattern_hint="10 digits")
    found.text(f"{field}.goods_name", line.goods_name, max_length=250)
    found.text(f"{field}.goods_model", line.goods_model, max_length=250)
    found.text(f"{field}.bar_code", line.bar_code, max_length=50)
    if line.destination_country is not None:
        found.code(f"{field}.destination_country", line.destination_country, customs_country_code)
    found.code(f"{field}.unit", line.unit, customs_unit_code)
    found.amount(f"{field}.legal_qty", line.legal_qty, positive=True)
    found.code(f"{field}.legal_unit", line.legal_unit, customs_unit_code)
    if (line.second_qty is None) != (line.second_unit is None):
        found.add(f"{field}.second_qty", "second_qty and second_unit go together")
    elif line.second_qty is not None:
        found.amount(f"{field}.second_qty", line.second_qty, positive=True)
        found.code(f"{field}.second_unit", line.second_unit, customs_unit_code)
    found.line_total(field, line.qty, line.price, line.total_price)
    found.note(f"{field}.note", line.note)


def check_inventory_cancel(cancel: InventoryCancelDocument) -> list[DeclarationProblem]:
    """Problems with a CEB605 inventory cancel request."""
    found = _Findings()
    found.guid("guid", cancel.guid)
    found.office("customs_code", cancel.customs_code)
    found.text("cop_no", cancel.cop_no, max_length=30)
    found.text("pre_no", cancel.pre_no, length=18, required=False)
    found.text("invt_no", cancel.invt_no, max_length=20)
    found.text("reason", cancel.reason, max_length=1000)
    found.enterprise("agent", cancel.agent)
    found.enterprise("ebc", cancel.ebc)
    found.note("note", cancel.note)
    return found.problems


def check_summary(summary: SummaryDocument) -> list[DeclarationProblem]:
    """Problems with a CEB701 summary application."""
    found = _Findings()
    found.guid("guid", summary.guid)
    found.office("customs_code", summary.customs_code)
    found.text("cop_no", summary.cop_no, max_length=30)
    found.text("pre_no", summary.pre_no, max_length=18, required=False)
    found.text("sum_no", summary.sum_no, max_length=18, required=False)
    found.enterprise("agent", summary.agent)
    found.enterprise("ebc", summary.ebc)
    found.enterprise("declaration_agent", summary.declaration_agent)
    found.choice("summary_flag", summary.summary_flag, SummaryFlag)
    found.text("loct_no", summary.loct_no, max_length=10, required=False)
    start, end = summary.period_start, summary.period_end
    if (start is None) != (end is None):
        found.add("period_start", "period_start and period_end go together")
    elif start is not None and end is not None:
        start_usable = found.aware("period_start", start)
        end_usable = found.aware("period_end", end)
        if start_usable and end_usable and end < start:
            found.add("period_end", "must not be before period_start")
    elif not summary.inventory_nos:
        found.add("inventory_nos", "name at least one inventory list, or give a period")
    for index, invt_no in enumerate(summary.inventory_nos):
        found.text(f"inventory_nos[{index}]", invt_no, max_length=20)
    found.count("msg_count", summary.msg_count)
    found.count("msg_seq_no", summary.msg_seq_no)
    count, seq_no = summary.msg_count, summary.msg_seq_no
    if isinstance(count, int) and isinstance(seq_no, int) and seq_no > count:
        found.add("msg_seq_no", f"{seq_no} exceeds msg_count {count}")
    found.note("note", summary.note)
    return found.problems


def check_order_matches_inventory(
    order: ExportOrderDocument, inventory: InventoryDocument
) -> list[DeclarationProblem]:
    """Problems between a CEB303 order and the CEB603 list declared for it (三单 consistency)."""
    found = _Findings()
    for field in ("order_no", "currency"):
        if getattr(order, field) != getattr(inventory, field):
            found.add(f"inventory.{field}", f"differs from the order's {field}")
    for field in ("ebp", "ebc"):
        if getattr(order, field).code != getattr(inventory, field).code:
            found.add(f"inventory.{field}.code", f"differs from the order's {field} code")
    order_lines = {line.gnum: line for line in order.lines}
    inventory_lines = {line.gnum: line for line in inventory.lines}
    if order_lines.keys() != inventory_lines.keys():
        found.add(
            "inventory.lines",
            f"gnum {sorted(inventory_lines)} do not match the order's {sorted(order_lines)}",
        )
    for gnum in sorted(order_lines.keys() & inventory_lines.keys()):
        if order_lines[gnum].total_price != inventory_lines[gnum].total_price:
            found.add(
                f"inventory.lines[gnum={gnum}].total_price", "differs from the order line total"
            )
    return found.problems
