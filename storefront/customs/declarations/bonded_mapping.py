"""From a paid bonded order to the two documents customs needs: CEB311 order and CEB621 list.

The ONE place where a bonded (1210) order becomes customs data. The order is one parcel,
declared as a whole (no sub-orders: one seller, one zone warehouse). Deliberate choices:

* orderNo and copNo: the order number (a resubmission keeps both).
* ebc: the cross-border e-commerce enterprise of the bonded shop (``CUSTOMS_BONDED_EBC_*``);
  assureCode: who guarantees the withheld tax (``CUSTOMS_BONDED_ASSURE_CODE``).
* the orderer: real name, resident ID (type 1) and phone as the buyer entered them; the
  consignee is the orderer, at the showroom's address inside the zone (the waybill's address).
* logisticsNo: the in-zone carrier's waybill (warehouse to counter), the number its CEB511
  declares; trafMode: the leg leaving the zone (``CUSTOMS_BONDED_TRAF_MODE``).
* emsNo: the zone warehouse's account book, one per list: goods of two account books in one
  order cannot be declared together (``mixed_account_books``).
* areaCode/areaName: the zone warehouse enterprise of the showroom ("front shop, back warehouse").
* qty/unit: items sold in their declared unit (罐, 瓶, 盒...); qty1/unit1 (and qty2/unit2):
  the HS code's legal units, from the good's legal quantity per item.
* taxTotal: the order's tax (``storefront.pickup.tax``); acturalPaid = goods + freight + tax,
  which is what the buyer paid (the payment company's CEB411 amountPaid).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from storefront.customs.declarations.mapping import MissingCustomsData, MissingItem
from storefront.customs.messages.codes import customs_unit
from storefront.customs.messages.documents import Enterprise
from storefront.customs.messages.exceptions import UnknownCodeError
from storefront.customs.messages.import_documents import (
    ImportInventoryDocument,
    ImportInventoryLine,
    ImportOrderDocument,
    ImportOrderLine,
    Orderer,
)

if TYPE_CHECKING:
    from storefront.customs.settings import CustomsSettings
    from storefront.orders.models import Order
    from storefront.pickup.bonded_orders import BondedOrderLine

CONTENT_UNITS_ZH: Final = {"g": "克", "ml": "毫升", "piece": "件"}
BUYER_REG_NO_MAX: Final = 60


@dataclass(frozen=True, slots=True)
class BondedDocuments:
    order: ImportOrderDocument
    inventory: ImportInventoryDocument


def goods_model(line: BondedOrderLine) -> str:
    """Specification as customs reads it: net content per declared unit (``900克/罐``)."""
    content = f"{line.net_content.normalize():f}{CONTENT_UNITS_ZH.get(line.content_unit, '')}"
    try:
        unit = customs_unit(line.declared_unit).name_zh
    except UnknownCodeError:
        unit = ""
    return f"{content}/{unit}" if unit else content


def buyer_reg_no(order: Order) -> str:
    """The orderer's account on the platform: the account id, else the e-mail they gave."""
    if order.user_id is not None:
        return f"U{order.user_id}"
    return order.email[:BUYER_REG_NO_MAX]


def documents_for_bonded_order(
    order: Order,
    settings: CustomsSettings,
    *,
    orderer: Orderer,
    order_guid: str,
    inventory_guid: str,
    logistics_no: str,
    today: date,
) -> BondedDocuments:
    """The CEB311 and CEB621 documents of one paid bonded order, or ``MissingCustomsData``."""
    bonded = order.bonded
    assert bonded is not None, "not a bonded order"
    bonded_settings = settings.bonded
    lines = list(bonded.lines)
    missing: list[MissingItem] = []
    if not lines:
        missing.append(MissingItem("lines", order.number))
    books = {line.ems_no for line in lines}
    if len(books) > 1:
        missing.append(MissingItem("mixed_account_books", ", ".join(sorted(books))))
    for line in lines:
        if not line.item_record_no:
            missing.append(MissingItem("line_item_record_no", line.sku))
        if not line.name_zh.strip():
            missing.append(MissingItem("line_chinese_name", line.sku))
    if missing:
        raise MissingCustomsData(tuple(missing))
    showroom = bonded.showroom
    goods_value = sum((line.line_total for line in lines), Decimal(0))
    order_document = ImportOrderDocument(
        guid=order_guid,
        order_no=order.number,
        ebp=settings.platform,
        ebc=bonded_settings.seller,
        goods_value=goods_value,
        freight=bonded.freight,
        discount=Decimal(0),
        tax_total=order.tax_total,
        actual_paid=order.total,
        buyer_reg_no=buyer_reg_no(order),
        buyer=orderer,
        consignee=orderer.name,
        consignee_telephone=orderer.telephone,
        consignee_address=showroom.address_zh,
        pay_code=bonded_settings.payment_company.code,
        pay_name=bonded_settings.payment_company.name,
        pay_transaction_id=(order.payment_intent_reference or "")[:60] or None,
        lines=tuple(
            ImportOrderLine(
                gnum=line.gnum,
                item_no=line.sku,
                item_name=line.name_zh,
                goods_model=goods_model(line),
                unit=line.declared_unit,
                qty=Decimal(line.quantity),
                price=line.unit_price,
                total_price=line.line_total,
                origin_country=line.origin_country,
                bar_code=line.barcode or None,
            )
            for line in lines
        ),
    )
    net_weight = sum((line.net_weight_kg * line.quantity for line in lines), Decimal(0))
    gross_weight = sum((line.gross_weight_kg * line.quantity for line in lines), Decimal(0))
    inventory_document = ImportInventoryDocument(
        guid=inventory_guid,
        order_no=order.number,
        ebp=settings.platform,
        ebc=bonded_settings.seller,
        logistics=bonded_settings.zone_carrier,
        logistics_no=logistics_no,
        cop_no=order.number,
        assure_code=bonded_settings.assure_code,
        declared_on=today,
        customs_code=settings.customs_code,
        port_code=bonded_settings.port_code,
        buyer=orderer,
        consignee_address=showroom.address_zh,
        agent=settings.agent,
        transport_mode=bonded_settings.transport_mode,
        freight=bonded.freight,
        insured_fee=bonded.insurance,
        gross_weight=gross_weight,
        net_weight=net_weight,
        ems_no=lines[0].ems_no,
        area=Enterprise(showroom.warehouse_code, showroom.warehouse_name),
        lines=tuple(
            ImportInventoryLine(
                gnum=line.gnum,
                item_record_no=line.item_record_no,
                item_no=line.sku,
                item_name=line.name_zh,
                hs_code=line.hs_code,
                goods_name=line.name_zh,
                goods_model=goods_model(line),
                origin_country=line.origin_country,
                qty=Decimal(line.quantity),
                unit=line.declared_unit,
                legal_qty=line.legal_quantity * line.quantity,
                legal_unit=line.legal_unit,
                second_qty=(
                    line.second_quantity * line.quantity
                    if line.second_quantity is not None
                    else None
                ),
                second_unit=line.second_unit,
                price=line.unit_price,
                total_price=line.line_total,
                bar_code=line.barcode or None,
            )
            for line in lines
        ),
    )
    return BondedDocuments(order_document, inventory_document)


def zone_waybill_number(order: Order) -> str:
    """The sandbox in-zone carrier's waybill for an order (stable: a retry gives the same)."""
    return "ZQ" + order.number.replace("-", "")
