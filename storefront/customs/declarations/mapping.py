"""From a paid sub-order to the two documents customs needs: CEB303 order and CEB603 list.

This is the ONE place where order data becomes customs data. What the order does not hold is
derived, and the choices are deliberate:

* order number: the sub-order number (one parcel = one declaration); the inventory's own number
  (``copNo``) is the same sub-order number, so a resubmission keeps both numbers.
* waybill (``logisticsNo``): the number the carrier allocated when the parcel was booked
  (``shipping.carriers``); until it exists the list waits (``awaiting_waybill``). The same number
  is the parcel's tracking number when it ships (``fulfilment.parcels.ship_parcel``).
* transport (``trafMode``) and carrier (``logisticsCode/Name``): from the order's shipping method
  (``settings.routes``): postal parcel 6 with the postal operator, air express 5, road 4.
* net weight: the lines' ``net_weight_g`` x quantity; gross weight: net x
  ``CUSTOMS_PACKAGING_FACTOR``; one parcel (``packNo`` 1).
* declared quantity and unit (``qty``/``unit``): what is sold, in the product's pack unit
  (袋, 盒, 瓶, 箱...): quantity x items per pack; ``price`` is per declared unit, so
  qty x price = totalPrice. A weight or volume is never the declared unit.
* legal quantities (``qty1``/``unit1``, ``qty2``/``unit2``): the HS code's legal units from
  ``catalog.legal_units`` (data with sources) and the pack's net content: kilograms from the net
  weight, pieces (件) from the count.
* destination port (``POD``): customs' port parameter code of the arrival country
  (``destination_ports``: the built-in table and the operator's rows); a country without one
  blocks the declaration until the operator records it.
* ``statisticsFlag``: the producer's setting (B: summarised into export declarations, for the
  VAT refund or licensed goods; A: the pilot zone's simplified statistics).
* export date (``ieDate``): the day the declaration is built, in China time.

Anything customs requires that is missing (the producer's customs code or Chinese name, a line's
HS code or unit, a SKU too long) raises ``MissingCustomsData`` with every reason: nothing is sent
half-filled.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from catalog.exceptions import InvalidCatalogData
from catalog.legal_units import MEASURE_UNITS, PACK_UNITS, LegalUnits, legal_units_of
from storefront.customs.messages.channels import Channel
from storefront.customs.messages.checks import check_order_matches_inventory
from storefront.customs.messages.codes import (
    StatisticsFlag,
    customs_country_code,
    customs_unit,
)
from storefront.customs.messages.documents import (
    Enterprise,
    ExportOrderDocument,
    ExportOrderLine,
    InventoryDocument,
    InventoryLine,
)
from storefront.customs.messages.exceptions import CustomsError, UnknownCodeError
from storefront.customs.messages.wire_format import CHINA_TIME

if TYPE_CHECKING:
    from catalog.models import Producer
    from storefront.customs.settings import CustomsSettings
    from storefront.orders.models import OrderLine, SubOrder

INVENTORY_ITEM_NO_MAX: Final = 20
CHINESE_LOCALES: Final = ("zh-hans", "zh-hant")
GRAMS_PER_KG: Final = Decimal(1000)
NO_BAR_CODE: Final = "无"
KILOGRAM: Final = "035"
GRAM: Final = "036"
PRICE_PLACES: Final = Decimal("0.00001")  # N19,5
AWAITING_WAYBILL: Final = "awaiting_waybill"


@dataclass(frozen=True, slots=True)
class MissingItem:
    """One reason a declaration cannot be built: a stable ``code`` and what it is about."""

    code: str  # e.g. "producer_customs_code", "line_hs_code"
    subject: str  # the producer code, the SKU, the country...

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "subject": self.subject}


class MissingCustomsData(CustomsError):
    """Customs needs data the order, its producer or its products do not have."""

    def __init__(self, missing: tuple[MissingItem, ...]) -> None:
        listed = ", ".join(f"{item.code} ({item.subject})" for item in missing)
        super().__init__(f"customs data missing: {listed}")
        self.missing = missing


class WaybillPending(MissingCustomsData):
    """Everything is there but the carrier's waybill: ``order`` can be declared already."""

    def __init__(self, order: ExportOrderDocument, missing: tuple[MissingItem, ...]) -> None:
        super().__init__(missing)
        self.order = order


@dataclass(frozen=True, slots=True)
class SubOrderDocuments:
    order: ExportOrderDocument
    inventory: InventoryDocument


def documents_for_sub_order(
    sub_order: SubOrder,
    settings: CustomsSettings,
    *,
    order_guid: str,
    inventory_guid: str,
    ports: Mapping[str, str],
    waybill_no: str | None,
    today: date | None = None,
) -> SubOrderDocuments:
    """The CEB303 and CEB603 documents of one sub-order, or ``MissingCustomsData``."""
    missing: list[MissingItem] = []
    ebc = _consignor(sub_order.producer, missing)
    order = sub_order.order
    country = order.destination_country
    destination_port = ports.get(country)
    try:
        customs_country_code(country)
    except UnknownCodeError:
        missing.append(MissingItem("destination_country", country))
    else:
        if destination_port is None:
            missing.append(MissingItem("destination_port", country))
    route = settings.routes.get(str(order.shipping_method))
    if route is None:
        missing.append(MissingItem("shipping_method", str(order.shipping_method)))
    if not waybill_no:
        missing.append(MissingItem(AWAITING_WAYBILL, sub_order.number))
    lines = list(sub_order.lines)
    legal: dict[int, LegalUnits] = {}
    for line in lines:
        found = _check_line(line, missing)
        if found is not None:
            legal[line.id] = found
    if not lines:
        missing.append(MissingItem("lines", sub_order.number))
    waiting = [item for item in missing if item.code == AWAITING_WAYBILL]
    if len(waiting) != len(missing):
        raise MissingCustomsData(tuple(missing))
    assert ebc is not None and destination_port is not None and route is not None

    order_lines: list[ExportOrderLine] = []
    inventory_lines: list[InventoryLine] = []
    for gnum, line in enumerate(lines, start=1):
        unit = customs_unit(line.customs_unit or "").code
        qty = declared_quantity(line)
        price = declared_price(line)
        units = legal[line.id]
        order_lines.append(
            ExportOrderLine(
                gnum=gnum,
                item_no=line.sku,
                item_name=line.product_name_source,
                unit=unit,
                qty=qty,
                price=price,
                total_price=line.line_total,
                bar_code=line.barcode or None,
            )
        )
        inventory_lines.append(
            InventoryLine(
                gnum=gnum,
                item_no=line.sku,
                hs_code=line.hs_code or "",
                goods_name=line.product_name_source,
                goods_model=goods_model(line),
                qty=qty,
                unit=unit,
                legal_qty=legal_quantity(line, units.unit1),
                legal_unit=units.unit1,
                second_qty=legal_quantity(line, units.unit2) if units.unit2 else None,
                second_unit=units.unit2,
                price=price,
                total_price=line.line_total,
                bar_code=line.barcode or NO_BAR_CODE,
                item_name=line.product_name_source,
            )
        )
    goods_value = sum((line.line_total for line in lines), Decimal(0))
    net_weight = sum((_line_net_kg(line) for line in lines), Decimal(0))
    order_document = ExportOrderDocument(
        guid=order_guid,
        order_no=sub_order.number,
        ebp=settings.platform,
        ebc=ebc,
        goods_value=goods_value,
        freight=sub_order.freight_share,
        currency=sub_order.currency,
        lines=tuple(order_lines),
    )
    if waybill_no is None:  # only the waybill is missing: the order goes, the list waits
        raise WaybillPending(order_document, tuple(waiting))
    inventory_document = InventoryDocument(
        guid=inventory_guid,
        customs_code=settings.customs_code,
        port_code=settings.exit_port,
        ebp=settings.platform,
        order_no=sub_order.number,
        logistics=route.carrier,
        logistics_no=waybill_no,
        cop_no=sub_order.number,
        export_date=today or datetime.now(CHINA_TIME).date(),
        agent=settings.agent,
        ebc=ebc,
        owner=ebc,
        transport_mode=route.transport_mode,
        arrival_country=country,
        destination_port=destination_port,
        freight=sub_order.freight_share,
        freight_currency=sub_order.currency,
        insured_fee=Decimal(0),
        insurance_currency=sub_order.currency,
        wrap_type=settings.wrap_type,
        pack_count=1,
        gross_weight=(net_weight * settings.packaging_factor).quantize(Decimal("0.001")),
        net_weight=net_weight,
        currency=sub_order.currency,
        lines=tuple(inventory_lines),
        statistics_flag=statistics_flag_of(sub_order.producer),
    )
    mismatches = check_order_matches_inventory(order_document, inventory_document)
    if mismatches:  # a bug in this module, not missing data: fail loudly
        raise AssertionError(f"order and inventory disagree: {mismatches}")
    return SubOrderDocuments(order_document, inventory_document)


def statistics_flag_of(producer: Producer) -> StatisticsFlag:
    flag = producer.customs_statistics_flag
    return StatisticsFlag(str(flag)) if flag else StatisticsFlag.SIMPLIFIED


def declared_quantity(line: OrderLine) -> Decimal:
    """Items sold, in the product's pack unit: packs x items per pack."""
    return Decimal(line.quantity * line.units_per_pack)


def declared_price(line: OrderLine) -> Decimal:
    """Price per declared unit (N19,5): the pack price over its items."""
    return (line.unit_price / line.units_per_pack).quantize(PRICE_PLACES)


def legal_quantity(line: OrderLine, unit: str | None) -> Decimal:
    """Quantity of the line in a legal unit: kilograms or grams of net content, else the count."""
    if unit == KILOGRAM:
        return _line_net_kg(line)
    if unit == GRAM:
        return Decimal(line.net_weight_g * line.quantity)
    return Decimal(line.quantity * line.units_per_pack)


def goods_model(line: OrderLine) -> str:
    """Specification as customs reads it: net content per declared unit (``300克/袋``,
    ``500克/盒``), or the count and weight of a multipack (``6×250克``)."""
    if line.units_per_pack > 1:
        per_unit = Decimal(line.net_weight_g) / line.units_per_pack
        return f"{line.units_per_pack}×{per_unit.normalize():f}克"
    return f"{line.net_weight_g}克/{PACK_UNITS.get(line.customs_unit or '', '件')}"


def chinese_name(producer: Producer) -> str | None:
    names = {row.locale: row.name for row in producer.translations if row.name.strip()}
    for locale in CHINESE_LOCALES:
        if locale in names:
            return names[locale]
    return None


def _consignor(producer: Producer, missing: list[MissingItem]) -> Enterprise | None:
    name = chinese_name(producer)
    if not producer.customs_code:
        missing.append(MissingItem("producer_customs_code", producer.code))
    if name is None:
        missing.append(MissingItem("producer_chinese_name", producer.code))
    if not producer.customs_code or name is None:
        return None
    return Enterprise(producer.customs_code, name)


def _check_line(line: OrderLine, missing: list[MissingItem]) -> LegalUnits | None:
    units: LegalUnits | None = None
    if not line.hs_code:
        missing.append(MissingItem("line_hs_code", line.sku))
    else:
        try:
            units = legal_units_of(line.hs_code)
        except InvalidCatalogData:
            missing.append(MissingItem("line_legal_units", line.sku))
        else:
            if any(u not in (KILOGRAM, GRAM) and u in MEASURE_UNITS for u in _units(units)):
                missing.append(MissingItem("line_legal_units", line.sku))
    if not line.customs_unit:
        missing.append(MissingItem("line_customs_unit", line.sku))
    elif line.customs_unit in MEASURE_UNITS:
        missing.append(MissingItem("line_declared_unit_is_a_measure", line.sku))
    else:
        try:
            customs_unit(line.customs_unit)
        except UnknownCodeError:
            missing.append(MissingItem("line_customs_unit", line.sku))
    if len(line.sku) > INVENTORY_ITEM_NO_MAX:
        missing.append(MissingItem("line_sku_too_long", line.sku))
    if not line.product_name_source.strip():
        missing.append(MissingItem("line_chinese_name", line.sku))
    if line.net_weight_g <= 0:
        missing.append(MissingItem("line_net_weight", line.sku))
    return units


def _units(units: LegalUnits) -> tuple[str, ...]:
    return (units.unit1,) if units.unit2 is None else (units.unit1, units.unit2)


def _line_net_kg(line: OrderLine) -> Decimal:
    return Decimal(line.net_weight_g * line.quantity) / GRAMS_PER_KG


# The mapping from a paid sub-order to the documents of each channel (bonded import: later).
DOCUMENT_MAPPERS: Final = {Channel.EXPORT_9610: documents_for_sub_order}
