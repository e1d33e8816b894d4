"""Orders, their lines, the sub-orders per producer and the audit trail.

An ``Order`` is what the buyer placed and paid in one go. At payment it is split into one
``SubOrder`` per producer: each sub-order is one parcel and one export customs declaration
(CEB303 order + CEB603 inventory list), so it carries what a customs adapter needs:

* the producer (``sub_order.producer``: ``customs_code`` is the ebc code, the name in
  ``producer.translations``),
* its lines (``sub_order.lines``: ``sku``, ``hs_code``, ``customs_unit``, ``product_name_source``
  (the Chinese name), ``quantity``, ``unit_price`` (CNY), ``net_weight_g`` per pack, ``barcode``),
* ``goods_value`` (sum of line totals) and ``freight_share`` (its part of the shipping price),
* the buyer and consignee through ``sub_order.order``: ``recipient_name``, ``phone``, ``email``,
  ``destination_country`` (ISO alpha-2), ``city``, ``street_address`` (lines separated by
  newlines), ``postal_code``, ``country_area``,
* ``parcel_reference``: our logistics reference for the parcel (the waybill number once a
  carrier gives one is ``tracking_number``).

Every status change writes an ``OrderEvent`` row (who, when, which machine, from, to).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.base import Base, TimestampMixin, enum_type, utcnow
from catalog.models import Producer, ProductChannel
from storefront.orders.states import FulfilmentStatus, OrderStatus, PaymentStatus
from storefront.pickup.bonded_orders import BondedOrder
from storefront.shipping.addresses import PostalAddress
from storefront.shipping.models import ShippingMethod

MONEY = Numeric(12, 2)


class Order(TimestampMixin, Base):
    __tablename__ = "orders"
    __table_args__ = (
        # Within half a fen: SQLite compares NUMERIC columns as floating point.
        CheckConstraint(
            "ABS(total - (goods_total + shipping_price + tax_total)) < 0.005", name="total_adds_up"
        ),
        CheckConstraint("goods_total > 0 AND shipping_price >= 0", name="amounts_positive"),
        # The statistics' date ranges; with status and e-mail the distinct buyers are counted
        # from the index alone (storefront/statistics/figures.py).
        Index("ix_orders_paid_at_status_email", "paid_at", "status", "email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    # One per review page shown: a second submit of the same page finds the first order.
    placement_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    locale: Mapped[str] = mapped_column(String(8))
    channel: Mapped[ProductChannel] = mapped_column(
        enum_type(ProductChannel, "order_channel"), default=ProductChannel.EXPORT
    )
    status: Mapped[OrderStatus] = mapped_column(
        enum_type(OrderStatus, "order_status"), default=OrderStatus.PLACED
    )
    payment_status: Mapped[PaymentStatus] = mapped_column(
        enum_type(PaymentStatus, "payment_status"), default=PaymentStatus.PENDING
    )
    fulfilment_status: Mapped[FulfilmentStatus] = mapped_column(
        enum_type(FulfilmentStatus, "fulfilment_status"), default=FulfilmentStatus.UNFULFILLED
    )

    recipient_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40))
    destination_country: Mapped[str] = mapped_column(String(2))
    country_area: Mapped[str] = mapped_column(String(100), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    city_area: Mapped[str] = mapped_column(String(100), default="")
    street_address: Mapped[str] = mapped_column(Text)
    postal_code: Mapped[str] = mapped_column(String(20), default="")

    # None for bonded (1210) orders: collected at the showroom, never shipped.
    shipping_method: Mapped[ShippingMethod | None] = mapped_column(
        enum_type(ShippingMethod, "order_shipping_method")
    )
    shipping_price: Mapped[Decimal] = mapped_column(MONEY)
    goods_total: Mapped[Decimal] = mapped_column(MONEY)
    # Cross-border import tax the buyer pays with the order (bonded orders; 0 for exports).
    tax_total: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0), server_default="0")
    total: Mapped[Decimal] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    total_weight_g: Mapped[int]

    reservation_expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    payment_provider: Mapped[str] = mapped_column(String(20), default="")
    payment_attempts: Mapped[int] = mapped_column(default=0)
    payment_reference: Mapped[str | None] = mapped_column(String(255), unique=True)
    payment_intent_reference: Mapped[str | None] = mapped_column(String(255))
    refund_reference: Mapped[str | None] = mapped_column(String(255))

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.id"
    )
    sub_orders: Mapped[list[SubOrder]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="SubOrder.position"
    )
    events: Mapped[list[OrderEvent]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderEvent.id"
    )
    # A bonded (1210) order's orderer, taxes, lines and pickup (storefront.pickup).
    bonded: Mapped[BondedOrder | None] = relationship(
        back_populates="order", cascade="all, delete-orphan", uselist=False
    )

    @property
    def is_bonded(self) -> bool:
        """A bonded-import (1210) order, collected at the showroom."""
        return self.channel is ProductChannel.BONDED

    @property
    def is_paid(self) -> bool:
        return self.payment_status in (PaymentStatus.PAID, PaymentStatus.REFUND_PENDING)

    @property
    def postal_address(self) -> PostalAddress:
        return PostalAddress(
            country_code=self.destination_country,
            street_address=self.street_address,
            city=self.city,
            city_area=self.city_area,
            country_area=self.country_area,
            postal_code=self.postal_code,
        )

    @property
    def street_lines(self) -> list[str]:
        return [line.strip() for line in self.street_address.splitlines() if line.strip()]

    def __repr__(self) -> str:
        return f"<Order {self.number}>"


def order_address_columns(address: PostalAddress) -> dict[str, str]:
    """The order's address columns for ``address`` (``Order(**order_address_columns(a))``)."""
    columns = address.as_dict()
    columns["destination_country"] = columns.pop("country_code")
    return columns


class SubOrder(TimestampMixin, Base):
    """The part of a paid order that one producer ships: one parcel, one customs declaration."""

    __tablename__ = "sub_orders"
    __table_args__ = (
        UniqueConstraint("order_id", "producer_id"),
        CheckConstraint("goods_value > 0 AND freight_share >= 0", name="amounts_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id"), index=True)
    position: Mapped[int]
    number: Mapped[str] = mapped_column(String(30), unique=True)
    parcel_reference: Mapped[str] = mapped_column(String(32), unique=True)
    goods_value: Mapped[Decimal] = mapped_column(MONEY)
    freight_share: Mapped[Decimal] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    fulfilment_status: Mapped[FulfilmentStatus] = mapped_column(
        enum_type(FulfilmentStatus, "sub_order_fulfilment_status"),
        default=FulfilmentStatus.UNFULFILLED,
    )
    tracking_number: Mapped[str | None] = mapped_column(String(40))
    # The producer packed the parcel (it may then book the carrier); audited as an OrderEvent.
    packed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    shipped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    order: Mapped[Order] = relationship(back_populates="sub_orders")
    producer: Mapped[Producer] = relationship()
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="sub_order", order_by="OrderLine.id"
    )

    @property
    def net_weight_g(self) -> int:
        return sum(line.net_weight_g * line.quantity for line in self.lines)


class OrderLine(Base):
    """A snapshot of what was bought: names, codes and prices as they were at the order."""

    __tablename__ = "order_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("line_total = unit_price * quantity", name="line_total_adds_up"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    sub_order_id: Mapped[int | None] = mapped_column(ForeignKey("sub_orders.id"), index=True)
    variant_id: Mapped[int] = mapped_column(ForeignKey("variants.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id"))
    sku: Mapped[str] = mapped_column(String(40))
    product_name: Mapped[str] = mapped_column(String(200))  # in the buyer's language
    product_name_source: Mapped[str] = mapped_column(String(200))  # Chinese, for customs
    hs_code: Mapped[str | None] = mapped_column(String(10))
    customs_unit: Mapped[str | None] = mapped_column(String(3))
    barcode: Mapped[str | None] = mapped_column(String(14))
    net_weight_g: Mapped[int]
    units_per_pack: Mapped[int] = mapped_column(default=1)
    unit_price: Mapped[Decimal] = mapped_column(MONEY)
    quantity: Mapped[int]
    line_total: Mapped[Decimal] = mapped_column(MONEY)

    order: Mapped[Order] = relationship(back_populates="lines")
    sub_order: Mapped[SubOrder | None] = relationship(back_populates="lines")
    producer: Mapped[Producer] = relationship()


class OrderEvent(Base):
    """Audit row: one status change of an order or sub-order (who, when, what)."""

    __tablename__ = "order_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    sub_order_id: Mapped[int | None] = mapped_column(
        ForeignKey("sub_orders.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(60))  # "buyer", "system", "stripe", "sandbox", ...
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    machine: Mapped[str] = mapped_column(String(20))  # "order", "payment", "fulfilment"
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(String(500), default="")

    order: Mapped[Order] = relationship(back_populates="events")
