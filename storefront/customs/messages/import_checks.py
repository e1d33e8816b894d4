"""The project's own checks of bonded-import (1210) documents, run before any message is built.

Same rules as ``checks`` (lengths of ceb-import-202205.xsd, formats, code tables, amounts,
arithmetic), plus what import adds: at most 99 lines, CNY only (currency 142), the orderer's
identity, ``acturalPaid = goodsValue + freight + taxTotal - discount``, and for tradeMode 1210
the account book (emsNo), the zone warehouse (areaCode) and each line's item record number.
Problems never quote an ID number.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from storefront.customs.messages.checks import (
    _CUSTOMS_OFFICE,
    _HS_CODE,
    _ONE_DIGIT,
    DeclarationProblem,
    _Findings,
)
from storefront.customs.messages.codes import (
    TradeMode,
    TransportMode,
    customs_country_code,
    customs_unit_code,
)
from storefront.customs.messages.import_documents import (
    ImportInventoryDocument,
    ImportOrderDocument,
    ImportWaybillDocument,
    ListWithdrawalDocument,
    Orderer,
    PaymentDocument,
    ReturnDocument,
)

MAX_IMPORT_LINES: Final = 99  # import Order / Inventory / InvtRefund carry 1..99 lines
IMPORT_TRADE_MODES: Final = frozenset({TradeMode.GENERAL_B2C, TradeMode.BONDED_ZONE})
IMPORT_CURRENCY: Final = "CNY"  # currency 142 is fixed for import messages


def _orderer(found: _Findings, field: str, buyer: Orderer) -> None:
    found.text(f"{field}.name", buyer.name, max_length=60)
    found.text(f"{field}.telephone", buyer.telephone, max_length=30)
    number = buyer.id_number
    if not isinstance(number, str) or not number.strip():
        found.add(f"{field}.id_number", "is required")
    elif len(number) > 60:
        found.add(f"{field}.id_number", "is longer than 60 characters")


def _currency(found: _Findings, field: str, value: str) -> None:
    if value != IMPORT_CURRENCY:
        found.add(field, f"import messages are in CNY (142) only, got {value!r}")


def _import_lines(found: _Findings, lines: tuple[object, ...], *, sequential: bool) -> None:
    if not lines:
        found.add("lines", "at least one line is required")
    elif len(lines) > MAX_IMPORT_LINES:
        found.add("lines", f"has {len(lines)} lines, at most {MAX_IMPORT_LINES} allowed")
    numbers = [getattr(line, "gnum", None) for line in lines]
    if sequential and numbers != list(range(1, len(lines) + 1)):
        found.add("lines", f"gnum must run 1, 2, 3... in order, got {numbers}")
    if not sequential and any(not isinstance(n, int) or n < 1 for n in numbers):
        found.add("lines", "gnum must be the released list's line numbers (1 and up)")


def check_import_order(order: ImportOrderDocument) -> list[DeclarationProblem]:
    """Problems with a CEB311 import order."""
    found = _Findings()
    found.guid("guid", order.guid)
    found.text("order_no", order.order_no, max_length=60)
    found.enterprise("ebp", order.ebp)
    found.enterprise("ebc", order.ebc)
    usable = [
        found.amount(name, getattr(order, name))
        for name in ("goods_value", "freight", "discount", "tax_total", "actual_paid")
    ]
    _currency(found, "currency", order.currency)
    found.text("buyer_reg_no", order.buyer_reg_no, max_length=60)
    _orderer(found, "buyer", order.buyer)
    found.text("pay_code", order.pay_code, max_length=18, required=False)
    found.text("pay_name", order.pay_name, max_length=100, required=False)
    found.text("pay_transaction_id", order.pay_transaction_id, max_length=60, required=False)
    found.text("consignee", order.consignee, max_length=100)
    found.text("consignee_telephone", order.consignee_telephone, max_length=50)
    found.text("consignee_address", order.consignee_address, max_length=200)
    found.text("consignee_district", order.consignee_district, length=6, required=False)
    found.note("note", order.note)
    _import_lines(found, order.lines, sequential=True)
    lines_usable = True
    for index, line in enumerate(order.lines):
        field = f"lines[{index}]"
        found.text(f"{field}.item_no", line.item_no, max_length=30)
        found.text(f"{field}.item_name", line.item_name, max_length=250)
        found.text(f"{field}.goods_model", line.goods_model, max_length=510)
        found.text(f"{field}.item_describe", line.item_describe, max_length=1000, required=False)
        found.text(f"{field}.bar_code", line.bar_code, max_length=50, required=False)
        found.code(f"{field}.unit", line.unit, customs_unit_code)
        found.code(f"{field}.origin_country", line.origin_country, customs_country_code)
        found.note(f"{field}.note", line.note)
        lines_usable = found.line_total(field, line.qty, line.price, line.total_price) and (
            lines_usable
        )
    if all(usable) and lines_usable and order.lines:
        lines_sum = sum((line.total_price for line in order.lines), Decimal(0))
        if order.goods_value != lines_sum:
            found.add("goods_value", f"is {order.goods_value}, but the lines add up to {lines_sum}")
        expected = order.goods_value + order.freight + order.tax_total - order.discount
        if order.actual_paid != expected:
            found.add(
                "actual_paid",
                f"is {order.actual_paid}, but goods + freight + tax - discount is {expected}",
            )
    return found.problems


def check_import_inventory(inventory: ImportInventoryDocument) -> list[DeclarationProblem]:
    """Problems with a CEB621 import inventory list."""
    found = _Findings()
    inv = inventory
    found.guid("guid", inv.guid)
    found.text("order_no", inv.order_no, max_length=60)
    found.enterprise("ebp", inv.ebp)
    found.enterprise("ebc", inv.ebc)
    found.enterprise("logistics", inv.logistics)
    found.text("logistics_no", inv.logistics_no, max_length=60)
    found.text("cop_no", inv.cop_no, max_length=20)
    found.text("pre_no", inv.pre_no, max_length=18, required=False)
    found.text("assure_code", inv.assure_code, max_length=30)
    found.text("ems_no", inv.ems_no, max_length=30, required=False)
    found.text("invt_no", inv.invt_no, max_length=18, required=False)
    found.office("customs_code", inv.customs_code)
    found.office("port_code", inv.port_code)
    _orderer(found, "buyer", inv.buyer)
    found.text("consignee_address", inv.consignee_address, max_length=200)
    found.enterprise("agent", inv.agent)
    if inv.area is not None:
        found.enterprise("area", inv.area)
    if inv.trade_mode not in IMPORT_TRADE_MODES:
        found.add("trade_mode", f"an import list is 9610 or 1210, got {inv.trade_mode!r}")
    bonded = inv.trade_mode is TradeMode.BONDED_ZONE
    if bonded and not inv.ems_no:
        found.add("ems_no", "is required for bonded import (1210)")
    if bonded and inv.area is None:
        found.add("area", "is required for bonded import (1210)")
    found.choice("transport_mode", inv.transport_mode, TransportMode)
    found.amount("freight", inv.freight)
    found.amount("insured_fee", inv.insured_fee)
    _currency(found, "currency", inv.currency)
    if inv.wrap_type is not None:
        found.text("wrap_type", inv.wrap_type, pattern=_ONE_DIGIT, pattern_hint="one digit")
    found.count("pack_count", inv.pack_count)
    gross_usable = found.amount("gross_weight", inv.gross_weight, positive=True)
    net_usable = found.amount("net_weight", inv.net_weight, positive=True)
    if gross_usable and net_usable and inv.net_weight > inv.gross_weight:
        found.add("net_weight", f"{inv.net_weight} kg exceeds the gross weight {inv.gross_weight}")
    found.note("note", inv.note)
    _import_lines(found, inv.lines, sequential=True)
    for index, line in enumerate(inv.lines):
        field = f"lines[{index}]"
        found.text(f"{field}.item_record_no", line.item_record_no, max_length=30, required=bonded)
        found.text(f"{field}.item_no", line.item_no, max_length=20)
        found.text(f"{field}.item_name", line.item_name, max_length=250, required=False)
        found.text(f"{field}.hs_code", line.hs_code, pattern=_HS_CODE, pattern_hint="10 digits")
        found.text(f"{field}.goods_name", line.goods_name, max_length=250)
        found.text(f"{field}.goods_model", line.goods_model, max_length=510)
        found.text(f"{field}.bar_code", line.bar_code, max_length=50, required=False)
        found.code(f"{field}.origin_country", line.origin_country, customs_country_code)
        found.code(f"{field}.unit", line.unit, customs_unit_code)
        found.amount(f"{field}.legal_qty", line.legal_qty, positive=True)
        found.code(f"{field}.legal_unit", line.legal_unit, customs_unit_code)
        if (line.second_qty is None) != (line.second_unit is None):
            found.add(f"{field}.second_qty", "second_qty and second_unit go together")
        elif line.second_qty is not None:
            found.amount(f"{field}.second_qty", line.second_qty, positive=True)
            found.code(f"{field}.second_unit", line.second_unit or "", customs_unit_code)
        found.line_total(field, line.qty, line.price, line.total_price)
        found.note(f"{field}.note", line.note)
    return found.problems


def check_withdrawal(document: ListWithdrawalDocument) -> list[DeclarationProblem]:
    """Problems with a CEB623 cancellation or a CEB625 return head."""
    found = _Findings()
    doc = document
    found.guid("guid", doc.guid)
    found.text("customs_code", doc.customs_code, pattern=_CUSTOMS_OFFICE, pattern_hint="4 digits")
    found.text("order_no", doc.order_no, max_length=60)
    found.enterprise("ebp", doc.ebp)
    found.enterprise("ebc", doc.ebc)
    found.enterprise("logistics", doc.logistics)
    found.text("logistics_no", doc.logistics_no, max_length=60)
    found.text("cop_no", doc.cop_no, max_length=20, required=False)
    found.text("pre_no", doc.pre_no, max_length=18, required=False)
    found.text("invt_no", doc.invt_no, max_length=18)
    _orderer(found, "buyer", doc.buyer)
    found.enterprise("agent", doc.agent)
    found.text("reason", doc.reason, max_length=1000)
    found.note("note", doc.note)
    return found.problems


def check_return(document: ReturnDocument) -> list[DeclarationProblem]:
    """Problems with a CEB625 return: its head and the lines coming back."""
    found = _Findings()
    found.problems.extend(check_withdrawal(document.head))
    _import_lines(found, document.lines, sequential=False)
    for index, line in enumerate(document.lines):
        field = f"lines[{index}]"
        found.text(f"{field}.hs_code", line.hs_code, pattern=_HS_CODE, pattern_hint="10 digits")
        found.text(f"{field}.goods_name", line.goods_name, max_length=250)
        found.amount(f"{field}.qty", line.qty, positive=True)
        found.code(f"{field}.unit", line.unit, customs_unit_code)
        found.note(f"{field}.note", line.note)
    return found.problems


def check_payment(payment: PaymentDocument) -> list[DeclarationProblem]:
    """Problems with a CEB411 payment declaration."""
    found = _Findings()
    found.guid("guid", payment.guid)
    found.enterprise("pay_company", payment.pay_company)
    found.text("pay_transaction_id", payment.pay_transaction_id, max_length=60)
    found.text("order_no", payment.order_no, max_length=60)
    found.enterprise("ebp", payment.ebp)
    _orderer(found, "payer", payment.payer)
    found.amount("amount_paid", payment.amount_paid, positive=True)
    found.aware("paid_at", payment.paid_at)
    _currency(found, "currency", payment.currency)
    return found.problems


def check_import_waybill(waybill: ImportWaybillDocument) -> list[DeclarationProblem]:
    """Problems with a CEB511 waybill declaration."""
    found = _Findings()
    found.guid("guid", waybill.guid)
    found.enterprise("logistics", waybill.logistics)
    found.text("logistics_no", waybill.logistics_no, max_length=60)
    found.text("order_no", waybill.order_no, max_length=60)
    found.amount("weight", waybill.weight, positive=True)
    found.count("pack_count", waybill.pack_count)
    found.text("goods_info", waybill.goods_info, max_length=200, required=False)
    found.text("consignee", waybill.consignee, max_length=100)
    found.text("consignee_address", waybill.consignee_address, max_length=200)
    found.text("consignee_telephone", waybill.consignee_telephone, max_length=50)
    _currency(found, "currency", waybill.currency)
    return found.problems
