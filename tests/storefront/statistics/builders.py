"""A small fixed data set of sold orders, written row by row (the figures are then computed by
hand in the tests)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from catalog.models import Product, ProductChannel
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)
from storefront.orders.models import Order, OrderLine, SubOrder
from storefront.orders.states import FulfilmentStatus, OrderStatus, PaymentStatus

_numbers = itertools.count(1)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def sold_order(
    session,
    paid_at: datetime,
    lines: list[tuple[Product, int]],
    *,
    destination: str = "SG",
    email: str = "buyer@example.com",
    channel: ProductChannel = ProductChannel.EXPORT,
    status: OrderStatus = OrderStatus.CONFIRMED,
    bonded_goods: str | None = None,
    cancelled_producers: frozenset[int] = frozenset(),
) -> Order:
    n = next(_numbers)
    goods = (
        Decimal(bonded_goods)
        if bonded_goods is not None
        else sum((product.variants[0].price * qty for product, qty in lines), Decimal(0))
    )
    order = Order(
        number=f"ST{n:08d}",
        email=email,
        locale="en",
        channel=channel,
        status=status,
        payment_status=PaymentStatus.PAID,
        recipient_name="Test Buyer",
        phone="+65 6123 4567",
        destination_country=destination,
        street_address="10 Bayfront Avenue",
        shipping_price=Decimal("10.00"),
        goods_total=goods,
        tax_total=Decimal(0),
        total=goods + Decimal("10.00"),
        total_weight_g=500,
        reservation_expires_at=paid_at,
        paid_at=paid_at,
    )
    session.add(order)
    by_producer: dict[int, SubOrder] = {}
    for product, qty in lines:
        variant = product.variants[0]
        sub = by_producer.get(product.producer_id)
        if sub is None:
            sub = SubOrder(
                order=order,
                producer_id=product.producer_id,
                position=len(by_producer) + 1,
                number=f"ST{n:08d}-{len(by_producer) + 1}",
                parcel_reference=f"PR{n:08d}{len(by_producer) + 1}",
                goods_value=Decimal(0),
                freight_share=Decimal(0),
                fulfilment_status=(
                    FulfilmentStatus.CANCELLED
                    if product.producer_id in cancelled_producers
                    else FulfilmentStatus.UNFULFILLED
                ),
            )
            by_producer[product.producer_id] = sub
        sub.goods_value += variant.price * qty
        order.lines.append(
            OrderLine(
                sub_order=sub,
                variant_id=variant.id,
                product_id=product.id,
                producer_id=product.producer_id,
                sku=variant.sku,
                product_name="tea",
                product_name_source="茶",
                net_weight_g=variant.net_weight_g,
                unit_price=variant.price,
                quantity=qty,
                line_total=variant.price * qty,
            )
        )
    session.flush()
    return order


def inventory_list(
    session,
    sent_at: datetime,
    *,
    released_after_hours: float | None = None,
    status: DeclarationStatus | None = None,
    message_type: MessageType = MessageType.INVENTORY,
) -> CustomsDeclaration:
    n = next(_numbers)
    released_at = (
        sent_at + timedelta(hours=released_after_hours)
        if released_after_hours is not None
        else None
    )
    declaration = CustomsDeclaration(
        message_type=message_type,
        guid=f"00000000-0000-4000-8000-{n:012d}",
        business_no=f"BN{n}",
        status=status or (DeclarationStatus.RELEASED if released_at else DeclarationStatus.SENT),
        sent_at=sent_at,
        released_at=released_at,
    )
    session.add(declaration)
    session.flush()
    return declaration
