"""From a paid sub-order to the two documents customs needs: CEB303 order and CEB603 list.

This is the ONE place where order data becomes customs data. What the order does not hold is
derived, and the choices are deliberate:

* order number: the sub-order number (one parcel = one declaration); the inventory's own number
  (``copNo``) is the same sub-order number, so a resubmission keeps both numbers.
* waybill (``logisticsNo``): the carrier's format, ``CUSTOMS_WAYBILL_PREFIX`` + the sub-order's
  ``parcel_reference`` (unique per parcel, at most 32 characters).
* net weight: the lines' ``net_weight_g`` x quantity; gross weight: net x
  ``CUSTOMS_PACKAGING_FACTOR``; one parcel (``packNo`` 1).
* legal unit (``unit1``) and quantity: ``legal_unit_of(hs_code)``. Kilograms with the line's net
  weight for the county specialties (food and tea, HS chapters 02-24) and the other goods of the
  catalog (chapters 39, 71, 96); pieces (件) with the number of pieces for garments (chapters 61
  and 62), whose first legal unit is the piece. A full HS-code table is not in the project:
  add a chapter here before listing goods of another kind.
* destination port (``POD``): the main airport of the arrival country (parcels fly), from
  ``DESTINATION_PORTS``; a country missing there blocks the declaration.
* export date (``ieDate``): the day the declaration is built, in China time.

Anything customs requires that is missing (the producer's customs code or Chinese name, a line's
HS code or unit, a SKU too long) raises ``MissingCustomsData`` with every reason: nothing is sent
half-filled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from storefront.customs.messages.channels import Channel
from storefront.customs.messages.checks import check_order_matches_inventory
from storefront.customs.messages.codes import customs_country_code, customs_unit
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
# HS chapters whose first legal unit is the piece (件): garments, knitted or not.
PIECE_CHAPTERS: Final = {"61": "article", "62": "article"}

# Main international airport (IATA code) per arrival country: the POD of an air parcel.
DESTINATION_PORTS: Final = {
    "AU": "SYD",
    "BE": "BRU",
    "CA": "YYZ",
    "CH": "ZRH",
    "DE": "FRA",
    "ES": "MAD",
    "FR": "CDG",
    "GB": "LHR",
    "HK": "HKG",
    "ID": "CGK",
    "IT": "MXP",
    "JP": "NRT",
    "KR": "ICN",
    "MO": "MFM",
    "MY": "KUL",
    "NL": "AMS",
    "NZ": "AKL",
    "PH": "MNL",
    "SE": "ARN",
    "SG": "SIN",
    "TH": "BKK",
    "US": "JFK",
    "VN": "SGN",
}


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
    today: date | None = None,
) -> SubOrderDocuments:
    """The CEB303 and CEB603 documents of one sub-order, or ``MissingCustomsData``."""
    missing: list[MissingItem] = []
    ebc = _consignor(sub_order.producer, missing)
    country = sub_order.order.destination_country
    destination_port = DESTINATION_PORTS.get(country)
    try:
        customs_country_code(country)
    except UnknownCodeError:
        missing.append(MissingItem("destination_country", country))
        destination_port = None
    if destination_port is None and not any(m.code == "destination_country" for m in missing):
        missing.append(MissingItem("destination_port", country))
    lines = list(sub_order.lines)
    for line in lines:
        _check_line(line, missing)
    if not lines:
        missing.append(MissingItem("lines", sub_order.number))
    if missing:
        raise MissingCustomsData(tuple(missing))
    assert ebc is not None and destination_port is not None

    order_lines: list[ExportOrderLine] = []
    inventory_lines: list[InventoryLine] = []
    for gnum, line in enumerate(lines, start=1):
        unit = customs_unit(line.customs_unit or "").code
        net_kg = _line_net_kg(line)
        quantity = Decimal(line.quantity)
        order_lines.append(
            ExportOrderLine(
                gnum=gnum,
                item_no=line.sku,
                item_name=line.product_name_source,
                unit=unit,
                qty=quantity,
                price=line.unit_price,
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
                qty=quantity,
                unit=unit,
                legal_qty=legal_quantity(line, net_kg),
                legal_unit=legal_unit_of(line.hs_code or ""),
                price=line.unit_price,
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
    inventory_document = InventoryDocument(
        guid=inventory_guid,
        customs_code=settings.customs_code,
        port_code=settings.exit_port,
        ebp=settings.platform,
        order_no=sub_order.number,
        logistics=settings.carrier,
        logistics_no=waybill_number(sub_order, settings),
        cop_no=sub_order.number,
        export_date=today or datetime.now(CHINA_TIME).date(),
        agent=settings.agent,
        ebc=ebc,
        owner=ebc,
        transport_mode=settings.transport_mode,
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
    )
    mismatches = check_order_matches_inventory(order_document, inventory_document)
    if mismatches:  # a bug in this module, not missing data: fail loudly
        raise AssertionError(f"order and inventory disagree: {mismatches}")
    return SubOrderDocuments(order_document, inventory_document)


def legal_unit_of(hs_code: str) -> str:
    """First legal unit (法定第一计量单位) of an HS code, for the chapters the catalog sells."""
    return PIECE_CHAPTERS.get(hs_code[:2], "kg")


def legal_quantity(line: OrderLine, net_kg: Decimal) -> Decimal:
    if legal_unit_of(line.hs_code or "") == "kg":
        return net_kg
    return Decimal(line.quantity * line.units_per_pack)


def waybill_number(sub_order: SubOrder, settings: CustomsSettings) -> str:
    return f"{settings.waybill_prefix}{sub_order.parcel_reference}"[:32]


def goods_model(line: OrderLine) -> str:
    """Specification as customs reads it: pack weight and count (``500克/件``, ``6×250克``)."""
    if line.units_per_pack > 1:
        per_unit = Decimal(line.net_weight_g) / line.units_per_pack
        return f"{line.units_per_pack}×{per_unit.normalize():f}克"
    return f"{line.net_weight_g}克/件"


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


def _check_line(line: OrderLine, missing: list[MissingItem]) -> None:
    if not line.hs_code:
        missing.append(MissingItem("line_hs_code", line.sku))
    if not line.customs_unit:
        missing.append(MissingItem("line_customs_unit", line.sku))
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


def _line_net_kg(line: OrderLine) -> Decimal:
    return Decimal(line.net_weight_g * line.quantity) / GRAMS_PER_KG


# The mapping from a paid sub-order to the documents of each channel (bonded import: later).
DOCUMENT_MAPPERS: Final = {Channel.EXPORT_9610: documents_for_sub_order}
