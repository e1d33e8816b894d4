"""Consistency of what the shop declares, read back from the finished XML, as customs compares it.

Customs' 三单比对 compares the electronic order (CEB303), the carrier's waybill (CEB505) and the
inventory list (CEB603): the same order number, e-commerce enterprise, goods value and logistics
number. Within a list, quantities must fit their units: a declared unit equal to the legal unit
means the same quantity; qty x price = totalPrice. A monthly summary (CEB701) names only lists
declared with statisticsFlag B (汇总申报); a list declared A (汇总统计) is never summarised.
The functions return customs-style refusal texts (Chinese, as customs writes them); the simulator
refuses with them, and the test suite runs the checker over every message the shop makes.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Final

from lxml import etree

LINE_TOLERANCE: Final = Decimal("0.01")
MEASURE_UNITS: Final = frozenset({"030", "032", "035", "036", "070", "095", "096"})


def _text(element: etree._Element, name: str) -> str:
    found = element.xpath(f"./*[local-name()='{name}']/text()")
    return str(found[0]).strip() if found else ""


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def _one(root: etree._Element, name: str) -> etree._Element | None:
    found = root.xpath(f"//*[local-name()='{name}']")
    return found[0] if found else None


def _all(root: etree._Element, name: str) -> list[etree._Element]:
    return list(root.xpath(f"//*[local-name()='{name}']"))


def line_problems(root: etree._Element) -> list[str]:
    """Quantities against units, and arithmetic, of every order or inventory line."""
    problems: list[str] = []
    for line in _all(root, "OrderList") + _all(root, "InventoryList"):
        gnum = _text(line, "gnum")
        qty, price, total = (_decimal(_text(line, n)) for n in ("qty", "price", "totalPrice"))
        unit, unit1 = _text(line, "unit"), _text(line, "unit1")
        if unit in MEASURE_UNITS:
            problems.append(f"第{gnum}项申报计量单位[{unit}]应为销售单位, 不能为重量或体积")
        if unit1 and unit == unit1 and _text(line, "qty") != _text(line, "qty1"):
            problems.append(f"第{gnum}项申报单位与法定单位相同, 申报数量应等于法定数量")
        usable = qty is not None and price is not None and total is not None
        if usable and abs(qty * price - total) > LINE_TOLERANCE:  # type: ignore[operator]
            problems.append(f"第{gnum}项数量乘单价与总价不符")
        unit2, qty2 = _text(line, "unit2"), _text(line, "qty2")
        if bool(unit2) != bool(qty2):
            problems.append(f"第{gnum}项第二法定数量与第二法定单位应同时填写")
    return problems


def order_list_problems(order: etree._Element, inventory: etree._Element) -> list[str]:
    """Where a CEB603 list disagrees with its CEB303 order (customs' comparison)."""
    problems: list[str] = []
    order_head, list_head = _one(order, "OrderHead"), _one(inventory, "InventoryHead")
    if order_head is None or list_head is None:
        return ["电子订单或清单表头缺失"]
    for name, label in (
        ("orderNo", "订单编号"),
        ("ebcCode", "电商企业代码"),
        ("ebpCode", "电商平台代码"),
    ):
        if _text(order_head, name) != _text(list_head, name):
            problems.append(f"清单{label}与电子订单不一致")
    order_lines = {_text(line, "gnum"): line for line in _all(order, "OrderList")}
    list_lines = {_text(line, "gnum"): line for line in _all(inventory, "InventoryList")}
    if set(order_lines) != set(list_lines):
        problems.append("清单商品项与电子订单不一致")
    for gnum in sorted(set(order_lines) & set(list_lines)):
        for name in ("unit", "qty", "totalPrice"):
            ours, theirs = _text(order_lines[gnum], name), _text(list_lines[gnum], name)
            if _decimal(ours) != _decimal(theirs) and ours != theirs:
                problems.append(f"第{gnum}项清单{name}与电子订单不一致")
    goods_value = _decimal(_text(order_head, "goodsValue"))
    list_total = sum(
        (_decimal(_text(line, "totalPrice")) or Decimal(0) for line in list_lines.values()),
        Decimal(0),
    )
    if goods_value is None or abs(goods_value - list_total) > LINE_TOLERANCE:
        problems.append("清单商品总价与电子订单不一致")
    return problems


def waybill_problems(inventory: etree._Element, logistics_no: str | None) -> list[str]:
    """The list's logisticsNo against the waybill the carrier declared (CEB505)."""
    head = _one(inventory, "InventoryHead")
    if head is None:
        return ["清单表头缺失"]
    if logistics_no is None:
        return [f"未找到对应的运单[{_text(head, 'logisticsNo')}]"]
    if _text(head, "logisticsNo") != logistics_no:
        return ["清单物流运单编号与运单不一致"]
    return []


SUMMARISED_FLAG: Final = "B"


def summary_problems(summary: etree._Element, declared_flags: dict[str, str]) -> list[str]:
    """The lists a CEB701 names against the statisticsFlag each was declared with (by invtNo)."""
    problems = []
    for row in _all(summary, "SummaryApplyList"):
        invt_no = _text(row, "invtNo")
        flag = declared_flags.get(invt_no)
        if flag is None:
            problems.append(f"清单[{invt_no}]不存在")
        elif flag != SUMMARISED_FLAG:
            problems.append(f"清单[{invt_no}]为汇总统计清单(statisticsFlag {flag})，不能汇总申报")
    return problems
