"""Place an order from a cart: check it, price it, reserve the stock, all in one transaction."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.base import utcnow
from catalog.money import CHARGE_CURRENCY
from catalog.translation import translated_field
from storefront.checkout.cart import (
    CartSummary,
    ProducerNotTakingOrders,
    barred_variant_ids,
    summarise_cart,
)
from storefront.checkout.destinations import DestinationRefused, check_destination
from storefront.exceptions import StorefrontError
from storefront.inventory.reservations import DEFAULT_RESERVATION_MINUTES, OutOfStock, reserve_stock
from storefront.orders.actors import Actor
from storefront.orders.models import Order, OrderLine, order_address_columns
from storefront.orders.services import record_placed
from storefront.shipping.addresses import PostalAddress, validate_address
from storefront.shipping.models import ShippingMethod
from storefront.shipping.quotes import quote_for

ORDER_NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read over the phone


class EmptyCart(StorefrontError):
    """Nothing to order."""


class ShippingUnavailable(StorefrontError):
    """The chosen method does not go to this destination at this weight."""


@dataclass(frozen=True, slots=True)
class BuyerDetails:
    """Who orders and where the parcel goes, as the checkout form collected it."""

    email: str
    recipient_name: str
    phone: str
    address: PostalAddress
    locale: str
    user_id: int | None = None


def find_order_by_placement_key(session: Session, key: str) -> Order | None:
    return session.scalars(select(Order).where(Order.placement_key == key)).one_or_none()


def new_order_number(now: datetime) -> str:
    """A readable, unguessable order number: CZ, the date, six characters (e.g. CZ261129-7KM4QX)."""
    suffix = "".join(secrets.choice(ORDER_NUMBER_ALPHABET) for _ in range(6))
    return f"CZ{now:%y%m%d}-{suffix}"


def place_order(
    session: Session,
    quantities: Mapping[int, int],
    buyer: BuyerDetails,
    shipping_method: ShippingMethod,
    *,
    now: datetime | None = None,
    reservation_minutes: int = DEFAULT_RESERVATION_MINUTES,
    placement_key: str | None = None,
) -> Order:
    """Create an order for exactly ``quantities`` and hold its stock, or raise.

    Raises EmptyCart, ProducerNotTakingOrders (a producer on the negative list), OutOfStock,
    UnknownDestination, DestinationRefused, InvalidAddress or ShippingUnavailable; the caller
    rolls back on any of them.
    """
    now = now or utcnow()
    wanted = {variant_id: quantity for variant_id, quantity in quantities.items() if quantity > 0}
    if not wanted:
        raise EmptyCart()
    summary = summarise_cart(session, wanted)
    available = summary.quantities()
    short = [v for v in sorted(wanted) if available.get(v, 0) < wanted[v]]
    if short:  # the negative list is asked only then: the cart drops a barred producer's packs
        barred = barred_variant_ids(session, short)
        if barred:
            raise ProducerNotTakingOrders(barred)
        raise OutOfStock(short[0])  # sold out, ran short, or taken off sale meanwhile
    address = validate_address(buyer.address)
    destination = check_destination(session, summary, address.country_code, buyer.locale)
    if not destination.can_ship:
        raise DestinationRefused(destination)
    quote = quote_for(session, shipping_method, address.country_code, summary.weight_g)
    if quote is None:
        raise ShippingUnavailable(shipping_method)

    order = _build_order(summary, buyer, address, quote.method, quote.price.amount, now)
    order.placement_key = placement_key
    order.reservation_expires_at = now + timedelta(minutes=reservation_minutes)
    session.add(order)
    session.flush()
    reserve_stock(session, order.id, summary.quantities(), order.reservation_expires_at)
    record_placed(order, Actor("buyer", buyer.user_id))
    session.flush()
    return order


def _build_order(
    summary: CartSummary, buyer: BuyerDetails, address: PostalAddress, method, shipping_price, now
) -> Order:
    goods_total = summary.goods_total.amount
    order = Order(
        number=new_order_number(now),
        user_id=buyer.user_id,
        email=buyer.email.strip().lower(),
        locale=buyer.locale,
        recipient_name=buyer.recipient_name.strip(),
        phone=buyer.phone.strip(),
        **order_address_columns(address),
        shipping_method=method,
        shipping_price=shipping_price,
        goods_total=goods_total,
        total=goods_total + shipping_price,
        currency=CHARGE_CURRENCY,
        total_weight_g=summary.weight_g,
    )
    for item in summary.items:
        product, variant = item.product, item.variant
        order.lines.append(
            OrderLine(
                variant_id=variant.id,
                product_id=product.id,
                producer_id=product.producer_id,
                sku=variant.sku,
                product_name=translated_field(product, "name", buyer.locale),
                product_name_source=translated_field(product, "name", "zh-hans"),
                hs_code=product.hs_code,
                customs_unit=product.customs_unit,
                barcode=variant.barcode,
                net_weight_g=variant.net_weight_g,
                units_per_pack=variant.units_per_pack,
                unit_price=variant.price,
                quantity=item.quantity,
                line_total=item.line_total.amount,
            )
        )
    return order
