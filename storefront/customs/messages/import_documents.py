"""What a bonded-import (1210) declaration says, as frozen dataclasses independent of any ORM.

CEB311 electronic order (with the orderer's identity, taxTotal and acturalPaid), CEB621
inventory list, CEB623 cancellation of a list before release, CEB625 return of released goods;
and what the two other parties of the three-document match declare: the payment company's
CEB411 and the carrier's CEB511 (built only for the sandbox parties). Codes as in
``documents``: ISO currencies and countries, unit keys or 3-digit customs unit codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from storefront.customs.messages.codes import TradeMode, TransportMode
from storefront.customs.messages.documents import Enterprise


@dataclass(frozen=True, slots=True)
class Orderer:
    """The buyer (订购人) as customs identifies them: resident ID card only (type 1)."""

    name: str  # real name, C..60
    id_number: str  # C..60
    telephone: str  # C..30

    def __repr__(self) -> str:  # tracebacks and logs never print the number
        return f"Orderer(id={self.id_number[:4]}…)"


@dataclass(frozen=True, slots=True)
class ImportOrderLine:
    gnum: int
    item_no: str  # SKU
    item_name: str  # Chinese name
    goods_model: str  # gmodel: specification (C..510)
    unit: str
    qty: Decimal
    price: Decimal
    total_price: Decimal
    origin_country: str  # ISO alpha-2
    bar_code: str | None = None
    item_describe: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ImportOrderDocument:
    """CEB311 import order (``orderType`` I)."""

    guid: str
    order_no: str
    ebp: Enterprise
    ebc: Enterprise
    goods_value: Decimal  # sum of the line totals
    freight: Decimal
    discount: Decimal  # non-cash deductions (points, coupons); 0
    tax_total: Decimal  # the tax withheld (代扣税款)
    actual_paid: Decimal  # acturalPaid = goods + freight + tax - discount = the payment
    buyer_reg_no: str  # the buyer's account on the platform
    buyer: Orderer
    consignee: str
    consignee_telephone: str
    consignee_address: str
    lines: tuple[ImportOrderLine, ...]
    currency: str = "CNY"
    pay_code: str | None = None
    pay_name: str | None = None
    pay_transaction_id: str | None = None
    consignee_district: str | None = None  # 6-digit administrative division
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ImportInventoryLine:
    gnum: int  # = the order line's gnum
    item_record_no: str  # bonded: required
    item_no: str  # C..20
    item_name: str
    hs_code: str
    goods_name: str
    goods_model: str
    origin_country: str  # ISO alpha-2
    qty: Decimal
    unit: str
    legal_qty: Decimal
    legal_unit: str
    price: Decimal
    total_price: Decimal
    bar_code: str | None = None
    second_qty: Decimal | None = None
    second_unit: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ImportInventoryDocument:
    """CEB621 import inventory list (清单): what customs releases (tradeMode 1210)."""

    guid: str
    order_no: str
    ebp: Enterprise
    ebc: Enterprise
    logistics: Enterprise
    logistics_no: str  # the carrier's waybill, as in its CEB511
    cop_no: str
    assure_code: str  # the guarantor of the tax (e-commerce enterprise)
    declared_on: date  # declTime
    customs_code: str
    port_code: str
    buyer: Orderer
    consignee_address: str
    agent: Enterprise
    transport_mode: TransportMode  # bonded: the leg leaving the zone
    freight: Decimal
    insured_fee: Decimal
    gross_weight: Decimal  # kg
    net_weight: Decimal  # kg
    lines: tuple[ImportInventoryLine, ...]
    trade_mode: TradeMode = TradeMode.BONDED_ZONE
    ems_no: str | None = None  # bonded: the zone warehouse's account book, required
    area: Enterprise | None = None  # bonded: the zone warehouse enterprise, required
    currency: str = "CNY"
    pack_count: int = 1
    wrap_type: str | None = None
    pre_no: str | None = None
    invt_no: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ListWithdrawalDocument:
    """CEB623 (cancel a list before release) or CEB625 head (return after release)."""

    guid: str
    customs_code: str
    order_no: str
    ebp: Enterprise
    ebc: Enterprise
    logistics: Enterprise
    logistics_no: str
    invt_no: str
    buyer: Orderer
    agent: Enterprise
    reason: str
    cop_no: str | None = None
    pre_no: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ReturnLine:
    """One CEB625 line: the released list's line and how many come back."""

    gnum: int
    hs_code: str
    goods_name: str
    qty: Decimal  # at most the released quantity
    unit: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ReturnDocument:
    """CEB625 return (退货) of released goods: the withdrawal head and its lines."""

    head: ListWithdrawalDocument
    lines: tuple[ReturnLine, ...]


@dataclass(frozen=True, slots=True)
class PaymentDocument:
    """CEB411: what the payment company declares about the payment of an order."""

    guid: str
    pay_company: Enterprise  # payCode / payName
    pay_transaction_id: str
    order_no: str
    ebp: Enterprise
    payer: Orderer
    amount_paid: Decimal
    paid_at: datetime
    currency: str = "CNY"


@dataclass(frozen=True, slots=True)
class ImportWaybillDocument:
    """CEB511: what the carrier declares about the parcel of an order."""

    guid: str
    logistics: Enterprise
    logistics_no: str
    order_no: str
    weight: Decimal  # kg
    consignee: str
    consignee_address: str
    consignee_telephone: str
    goods_info: str | None = None
    freight: Decimal | None = None
    insured_fee: Decimal | None = None
    currency: str = "CNY"
    pack_count: int = 1
