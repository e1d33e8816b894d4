"""What a declaration says, as frozen dataclasses independent of any ORM.

The integrator fills these from orders and shipments; ``checks`` validates them and the builders
turn them into CEB XML. Codes are given in the project's own terms and translated by the builders:
currencies as ISO 4217 (``"CNY"``), countries as ISO 3166-1 alpha-2 (``"SG"``), units as a key of
``codes.UNITS`` (``"kg"``) or a 3-digit customs unit code. Money and weights are ``Decimal``
(weights in kilograms); timestamps are timezone-aware.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from storefront.customs.messages.codes import (
    FeeFlag,
    StatisticsFlag,
    SummaryFlag,
    TradeMode,
    TransportMode,
)
from storefront.customs.messages.wire_format import CHINA_TIME


@dataclass(frozen=True, slots=True)
class Enterprise:
    """A party registered with customs: 10-digit customs code or 18-character USCC, and name."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Sender:
    """``BaseTransfer``: the enterprise whose client/DXP account transmits the message."""

    cop_code: str
    cop_name: str
    dxp_id: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ExportOrderLine:
    """One ``OrderList`` line of a CEB303 export order."""

    gnum: int  # 1-based, the same number as the inventory line it matches
    item_no: str  # SKU
    item_name: str  # Chinese goods name
    unit: str
    qty: Decimal
    price: Decimal
    total_price: Decimal
    item_describe: str | None = None
    bar_code: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ExportOrderDocument:
    """CEB303 export order (``orderType`` E): what the platform sold, per sub-order."""

    guid: str  # enterprise GUID of this declaration (upper case, 36 characters)
    order_no: str  # platform order number, unique per platform
    ebp: Enterprise  # e-commerce platform
    ebc: Enterprise  # e-commerce enterprise (the consignor on the inventory list)
    goods_value: Decimal  # FOB value of the goods, freight excluded: the sum of line totals
    freight: Decimal  # 0 when none
    currency: str  # ISO 4217, used for the head and every line
    lines: tuple[ExportOrderLine, ...]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class InventoryLine:
    """One ``InventoryList`` line of a CEB603 export inventory list."""

    gnum: int  # equals the order line's gnum
    item_no: str  # enterprise item number, at most 20 characters here (30 on the order)
    hs_code: str  # 10-digit HS code (gcode)
    goods_name: str  # gname
    goods_model: str  # gmodel: specification, model, pack size
    qty: Decimal  # declared quantity in ``unit``
    unit: str
    legal_qty: Decimal  # qty1, in the HS code's legal unit
    legal_unit: str  # unit1
    price: Decimal
    total_price: Decimal
    bar_code: str = "无"  # the spec asks for "无" when the goods have no bar code
    item_name: str | None = None  # enterprise goods name, used for the summary
    item_record_no: str | None = None  # required for bonded export only
    second_qty: Decimal | None = None  # qty2
    second_unit: str | None = None  # unit2
    destination_country: str | None = None  # final destination; None means the arrival country
    note: str | None = None


@dataclass(frozen=True, slots=True)
class InventoryDocument:
    """CEB603 export inventory list (清单): the parcel declared for release."""

    guid: str
    customs_code: str  # 4-digit declaring customs
    port_code: str  # 4-digit customs of the exit port
    ebp: Enterprise
    order_no: str
    logistics: Enterprise  # carrier
    logistics_no: str  # waybill number, at most 32 characters
    cop_no: str  # our own unique number for this list
    export_date: date  # ieDate
    agent: Enterprise  # declaring agent
    ebc: Enterprise  # consignor
    owner: Enterprise  # producer / seller that actually ships ("NO" code if unregistered)
    transport_mode: TransportMode
    arrival_country: str  # ISO alpha-2, country of arrival
    destination_port: str  # POD: customs port code, 3-4 characters
    freight: Decimal
    freight_currency: str
    insured_fee: Decimal
    insurance_currency: str
    wrap_type: str  # one-digit package type code
    pack_count: int  # packNo: number of parcels
    gross_weight: Decimal  # kg
    net_weight: Decimal  # kg
    currency: str  # currency of the line prices
    lines: tuple[InventoryLine, ...]
    trade_mode: TradeMode = TradeMode.GENERAL_B2C
    statistics_flag: StatisticsFlag = StatisticsFlag.SIMPLIFIED
    freight_flag: FeeFlag = FeeFlag.TOTAL
    insurance_flag: FeeFlag = FeeFlag.TOTAL
    pre_no: str | None = None  # e-port number, known after the first receipt
    invt_no: str | None = None  # customs list number, known after the first receipt
    iac: Enterprise | None = None  # zone enterprise, required for special-zone export
    ems_no: str | None = None  # account book, special-zone export
    transport_name: str | None = None
    voyage_no: str | None = None
    bill_no: str | None = None
    total_package_no: str | None = None
    loct_no: str | None = None  # supervision site
    license_no: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class InventoryCancelDocument:
    """CEB605 request to cancel (撤销) an export inventory list customs already numbered."""

    guid: str
    customs_code: str
    cop_no: str
    invt_no: str
    reason: str
    agent: Enterprise
    ebc: Enterprise
    pre_no: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class SummaryDocument:
    """CEB701 summary application (汇总申请) for released 9610 lists of one consignor.

    Either name the lists in ``inventory_nos`` or give a period (``period_start`` and
    ``period_end`` together); with a period customs ignores the list numbers.
    """

    guid: str
    customs_code: str
    cop_no: str
    agent: Enterprise
    ebc: Enterprise
    declaration_agent: Enterprise  # broker who files the customs declaration that follows
    summary_flag: SummaryFlag = SummaryFlag.BY_CONSIGNOR
    inventory_nos: tuple[str, ...] = ()
    period_start: datetime | None = None
    period_end: datetime | None = None
    loct_no: str | None = None
    pre_no: str | None = None
    sum_no: str | None = None
    msg_count: int = 1
    msg_seq_no: int = 1
    note: str | None = None


def month_period(year: int, month: int) -> tuple[datetime, datetime]:
    """First and last second of a calendar month in China time, for a monthly summary."""
    last_day = calendar.monthrange(year, month)[1]
    start = datetime.combine(date(year, month, 1), time(0, 0, 0), tzinfo=CHINA_TIME)
    end = datetime.combine(date(year, month, last_day), time(23, 59, 59), tzinfo=CHINA_TIME)
    return start, end
