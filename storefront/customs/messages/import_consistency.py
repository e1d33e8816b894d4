"""What customs compares before it releases a bonded-import list (三单对碰), read from the XML.

The electronic order (CEB311), the payment company's payment (CEB411) and the carrier's waybill
(CEB511) must agree with the list (CEB621): the same order, the same orderer, who is also the
payer (GACC 2016 No.26), the amount paid equal to the order's acturalPaid, the list's
logisticsNo a waybill the carrier declared for that order; a bonded (1210) list names its
account book, zone warehouse and each line's item record. Then the limits: 5,000 CNY per
transaction unless a single item, 26,000 CNY per orderer and year (nationwide), counted on the
dutiable value (goods + freight + insurance, tax excluded). Each function returns customs-style
refusal texts in Chinese; the simulator refuses with them.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Final

from lxml import etree

ANNUAL_LIMIT_TEXT: Final = "订购人超过年度限额"  # customs' own wording (customs-messages.md §4)


def _texts(element: etree._Element | None) -> dict[str, str]:
    if element is None:
        return {}
    return {
        etree.QName(child).localname: (child.text or "").strip()
        for child in element
        if isinstance(child.tag, str)
    }


def head_of(root: etree._Element, name: str) -> dict[str, str]:
    found = root.xpath(f"//*[local-name()='{name}']")
    return _texts(found[0] if found else None)


def amount(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def identity_problems(order: dict[str, str], inventory: dict[str, str]) -> list[str]:
    problems = []
    if order.get("buyerIdType") != "1" or inventory.get("buyerIdType") != "1":
        problems.append("订购人证件类型应为身份证")
    if order.get("buyerIdNumber") != inventory.get("buyerIdNumber") or order.get(
        "buyerName"
    ) != inventory.get("buyerName"):
        problems.append("清单订购人信息与电子订单不一致")
    return problems


def payment_problems(order: dict[str, str], payment: dict[str, str] | None) -> list[str]:
    if payment is None:
        return [f"未找到对应的支付单[{order.get('orderNo', '')}]"]
    problems = []
    if amount(payment.get("amountPaid")) != amount(order.get("acturalPaid")):
        problems.append("支付单支付金额与电子订单实际支付金额不一致")
    if payment.get("payerIdNumber") != order.get("buyerIdNumber") or payment.get(
        "payerName"
    ) != order.get("buyerName"):
        problems.append("支付人与订购人不一致")
    if order.get("payCode") and payment.get("payCode") != order.get("payCode"):
        problems.append("支付企业与电子订单不一致")
    return problems


def waybill_problems(inventory: dict[str, str], waybill: dict[str, str] | None) -> list[str]:
    if waybill is None:
        return [f"未找到对应的运单[{inventory.get('logisticsNo', '')}]"]
    problems = []
    if waybill.get("orderNo") != inventory.get("orderNo"):
        problems.append("运单订单编号与清单不一致")
    if waybill.get("logisticsCode") != inventory.get("logisticsCode"):
        problems.append("清单物流企业代码与运单不一致")
    return problems


def bonded_list_problems(root: etree._Element, inventory: dict[str, str]) -> list[str]:
    if inventory.get("tradeMode") != "1210":
        return []
    problems = []
    if not inventory.get("emsNo"):
        problems.append("保税进口清单缺少账册编号")
    if not inventory.get("areaCode"):
        problems.append("保税进口清单缺少区内仓储企业")
    for line in root.xpath("//*[local-name()='InventoryList']"):
        values = _texts(line)
        if not values.get("itemRecordNo"):
            problems.append(f"第{values.get('gnum', '?')}项缺少商品备案号")
    return problems


def dutiable_value(order: dict[str, str]) -> Decimal:
    """What the limits count: goods and freight (tax-exclusive), from the CEB311 head."""
    return (amount(order.get("goodsValue")) or Decimal(0)) + (
        amount(order.get("freight")) or Decimal(0)
    )


def limit_problems(
    order_root: etree._Element,
    order: dict[str, str],
    used_this_year: Decimal,
    *,
    per_order: Decimal,
    per_year: Decimal,
) -> list[str]:
    value = dutiable_value(order)
    lines = order_root.xpath("//*[local-name()='OrderList']")
    single = len(lines) == 1 and amount(_texts(lines[0]).get("qty")) == 1
    problems = []
    if value > per_order and not single:
        problems.append("订单商品价格超过单次交易限值")
    if used_this_year + value > per_year:
        problems.append(ANNUAL_LIMIT_TEXT)
    return problems
