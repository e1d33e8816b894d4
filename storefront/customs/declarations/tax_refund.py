"""Export tax-refund data: the released lists of one producer in one month, line by line.

Caishui [2018] No.103 (无票免税, goods without purchase invoices exported from a comprehensive
pilot zone) asks that the zone's online platform record each export's date, goods name, unit,
quantity, unit price and amount; with invoices the normal refund (退税) refers to the export
declaration, whose number (entryId) the summary's CEB792 brought. The rows come from what was
declared (the signed CEB603 payloads), so the file says exactly what customs released.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC
from decimal import Decimal

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from storefront.customs.declarations.models import CustomsDeclaration, DeclarationStatus
from storefront.customs.messages.channels import INVENTORY_MESSAGES
from storefront.customs.messages.codes import customs_unit
from storefront.customs.messages.documents import month_period
from storefront.customs.messages.exceptions import UnknownCodeError
from storefront.customs.messages.wire_format import CHINA_TIME

HEADER = (
    "日期 date",
    "清单编号 invtNo",
    "订单编号 orderNo",
    "运单编号 logisticsNo",
    "商品名称 name",
    "商品编码 HS",
    "计量单位 unit",
    "数量 quantity",
    "单价 unit price",
    "金额 amount",
    "币制 currency",
    "法定数量 legal qty",
    "法定单位 legal unit",
    "申报业务类型 statisticsFlag",
    "汇总编号 sumNo",
    "报关单号 entryId",
)
RELEASED = (DeclarationStatus.RELEASED, DeclarationStatus.CLOSED)


@dataclass(frozen=True, slots=True)
class RefundLine:
    values: tuple[str, ...]


def _text(element: etree._Element, name: str) -> str:
    found = element.xpath(f"./*[local-name()='{name}']/text()")
    return str(found[0]).strip() if found else ""


def _unit_name(code: str) -> str:
    try:
        return f"{customs_unit(code).name_zh} ({code})"
    except UnknownCodeError:
        return code


def tax_refund_lines(session: Session, producer_id: int, year: int, month: int) -> list[RefundLine]:
    start, end = month_period(year, month)
    lists = session.scalars(
        select(CustomsDeclaration)
        .where(
            CustomsDeclaration.producer_id == producer_id,
            CustomsDeclaration.message_type.in_(INVENTORY_MESSAGES),
            CustomsDeclaration.status.in_(RELEASED),
            CustomsDeclaration.released_at >= start.astimezone(UTC),
            CustomsDeclaration.released_at <= end.astimezone(UTC),
        )
        .order_by(CustomsDeclaration.released_at, CustomsDeclaration.id)
    ).all()
    summaries = {
        row.id: row
        for row in session.scalars(
            select(CustomsDeclaration).where(
                CustomsDeclaration.id.in_({r.summarised_by_id for r in lists if r.summarised_by_id})
            )
        )
    }
    lines: list[RefundLine] = []
    for inventory in lists:
        if not inventory.payload or inventory.released_at is None:
            continue
        root = etree.fromstring(inventory.payload.encode("utf-8"))
        head = root.xpath("//*[local-name()='InventoryHead']")[0]
        summary = summaries.get(inventory.summarised_by_id or 0)
        released = inventory.released_at.astimezone(CHINA_TIME).date().isoformat()
        for line in root.xpath("//*[local-name()='InventoryList']"):
            lines.append(
                RefundLine(
                    (
                        released,
                        inventory.invt_no or "",
                        _text(head, "orderNo"),
                        _text(head, "logisticsNo"),
                        _text(line, "gname"),
                        _text(line, "gcode"),
                        _unit_name(_text(line, "unit")),
                        _text(line, "qty"),
                        _text(line, "price"),
                        _text(line, "totalPrice"),
                        _text(line, "currency"),
                        _text(line, "qty1"),
                        _unit_name(_text(line, "unit1")),
                        _text(head, "statisticsFlag"),
                        (summary.sum_no or "") if summary else "",
                        (summary.entry_id or "") if summary else "",
                    )
                )
            )
    return lines


def tax_refund_csv(lines: list[RefundLine]) -> str:
    """UTF-8 CSV (with BOM, so spreadsheet programs read the Chinese headers)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for line in lines:
        writer.writerow(line.values)
    return "\ufeff" + buffer.getvalue()


def total_amount(lines: list[RefundLine]) -> Decimal:
    return sum((Decimal(line.values[9] or 0) for line in lines), Decimal(0))
