"""What a bonded (1210) order adds to the shop's ``Order``: the orderer, taxes, pickup.

A bonded order IS an ``orders.Order`` (``channel`` bonded): number, buyer contact, totals,
statuses, payment and audit trail are the ones every order has, so the payment gateway, the
webhook, refunds and the customs outbox serve it unchanged. ``BondedOrder`` is its companion
row (one per order): the orderer's identity (ID number sealed, keyed hash, masked form), the
showroom, the quota year and the three taxes; ``BondedOrderLine`` are its lines (bonded goods
are not catalog variants). What the buyer reads as the pickup stage is derived from the order's
status and the timestamps here (``pickup_stage``), so it can never disagree with the order.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.base import Base, TimestampMixin, enum_type
from storefront.pickup.goods import BondedGood
from storefront.pickup.showrooms import PickupSlot, Showroom
from storefront.pickup.tax import TaxChannel

MONEY = Numeric(12, 2)


class PickupStage(StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"
    AWAITING_CUSTOMS = "awaiting_customs"  # paid: order, payment and waybill declared
    READY = "ready"  # released (800): the code is valid at the counter
    COLLECTED = "collected"
    CANCELLED = "cancelled"  # before release: refused by customs, withdrawn, not paid
    RETURNED = "returned"  # after release: not collected in time, returned to the warehouse


class BondedOrder(TimestampMixin, Base):
    __tablename__ = "bonded_orders"
    __table_args__ = (
        CheckConstraint("payer_is_buyer", name="payer_is_buyer"),
        CheckConstraint("freight >= 0 AND insurance >= 0", name="costs_not_negative"),
        CheckConstraint(
            "tariff >= 0 AND consumption_tax >= 0 AND vat >= 0", name="taxes_not_negative"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), unique=True)
    showroom_id: Mapped[int] = mapped_column(ForeignKey("showrooms.id"), index=True)
    # The orderer (the name and phone are the order's recipient_name and phone).
    id_number_sealed: Mapped[str | None] = mapped_column(Text)  # None once purged
    id_hash: Mapped[str] = mapped_column(String(64), index=True)  # HMAC: the annual quota
    id_masked: Mapped[str] = mapped_column(String(18))
    payer_is_buyer: Mapped[bool] = mapped_column(default=False)
    quota_year: Mapped[int]
    freight: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    insurance: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    tax_channel: Mapped[TaxChannel] = mapped_column(enum_type(TaxChannel, "bonded_tax_channel"))
    tariff: Mapped[Decimal] = mapped_column(MONEY)
    consumption_tax: Mapped[Decimal] = mapped_column(MONEY)
    vat: Mapped[Decimal] = mapped_column(MONEY)
    logistics_no: Mapped[str | None] = mapped_column(String(60), unique=True)  # in-zone waybill
    pickup_code_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    pickup_code_sealed: Mapped[str | None] = mapped_column(Text)
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("pickup_slots.id"), index=True)
    ready_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    pickup_deadline: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    collected_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    collected_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closing_reason: Mapped[str] = mapped_column(String(40), default="")  # a key: why it closed
    closing_note: Mapped[str] = mapped_column(String(500), default="")  # customs' words, verbatim
    # GACC Announcement 2018 No.179: what customs may ask about the payment, as it was made.
    payment_record: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    personal_data_purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    # "Order" (storefront.orders.models) sits above this package: named, not imported.
    order: Mapped[Order] = relationship(back_populates="bonded")  # noqa: F821
    showroom: Mapped[Showroom] = relationship(lazy="joined")
    slot: Mapped[PickupSlot | None] = relationship()
    lines: Mapped[list[BondedOrderLine]] = relationship(
        back_populates="bonded_order",
        cascade="all, delete-orphan",
        order_by="BondedOrderLine.gnum",
        lazy="selectin",
    )

    @property
    def total_tax(self) -> Decimal:
        return self.tariff + self.consumption_tax + self.vat

    @property
    def dutiable_value(self) -> Decimal:
        """Goods, freight and insurance: what the limits count."""
        goods = sum((line.line_total for line in self.lines), Decimal(0))
        return goods + self.freight + self.insurance

    def __repr__(self) -> str:
        return f"<BondedOrder order={self.order_id} id={self.id_masked}>"


class BondedOrderLine(Base):
    """A snapshot of one bonded good as sold: names, codes, rates and the taxes of the line."""

    __tablename__ = "bonded_order_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        # Within half a fen: SQLite compares NUMERIC columns as floating point.
        CheckConstraint(
            "ABS(line_total - unit_price * quantity) < 0.005", name="line_total_adds_up"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bonded_order_id: Mapped[int] = mapped_column(
        ForeignKey("bonded_orders.id", ondelete="CASCADE"), index=True
    )
    bonded_good_id: Mapped[int] = mapped_column(ForeignKey("bonded_goods.id"), index=True)
    gnum: Mapped[int]
    sku: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))  # in the buyer's language
    name_zh: Mapped[str] = mapped_column(String(200))  # for customs (itemName / gname)
    hs_code: Mapped[str] = mapped_column(String(10))
    origin_country: Mapped[str] = mapped_column(String(2))
    item_record_no: Mapped[str] = mapped_column(String(30))
    ems_no: Mapped[str] = mapped_column(String(30))
    barcode: Mapped[str | None] = mapped_column(String(50))
    declared_unit: Mapped[str] = mapped_column(String(3))
    legal_unit: Mapped[str] = mapped_column(String(3))
    legal_quantity: Mapped[Decimal] = mapped_column(Numeric(12, 5))  # per item
    second_unit: Mapped[str | None] = mapped_column(String(3))
    second_quantity: Mapped[Decimal | None] = mapped_column(Numeric(12, 5))  # per item
    net_content: Mapped[Decimal] = mapped_column(Numeric(10, 3))
    content_unit: Mapped[str] = mapped_column(String(8))
    net_weight_kg: Mapped[Decimal] = mapped_column(Numeric(10, 3))  # per item
    gross_weight_kg: Mapped[Decimal] = mapped_column(Numeric(10, 3))  # per item
    unit_price: Mapped[Decimal] = mapped_column(MONEY)
    quantity: Mapped[int]
    line_total: Mapped[Decimal] = mapped_column(MONEY)
    dutiable_price: Mapped[Decimal] = mapped_column(MONEY)  # with its share of freight/insurance
    vat_rate: Mapped[Decimal] = mapped_column(Numeric(6, 4))
    consumption_tax_rate: Mapped[Decimal] = mapped_column(Numeric(6, 4))  # as applied
    tariff_rate: Mapped[Decimal] = mapped_column(Numeric(6, 4))
    tariff: Mapped[Decimal] = mapped_column(MONEY)
    consumption_tax: Mapped[Decimal] = mapped_column(MONEY)
    vat: Mapped[Decimal] = mapped_column(MONEY)

    bonded_order: Mapped[BondedOrder] = relationship(back_populates="lines")
    good: Mapped[BondedGood] = relationship()

    @property
    def total_tax(self) -> Decimal:
        return self.tariff + self.consumption_tax + self.vat
