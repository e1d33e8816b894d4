"""Many sold export orders at once, for the statistics' benchmark and screenshots
(``flask demo bulk-orders --count 100000``).

Unlike ``flask demo orders`` (every order through checkout, payment and the portal), this writes
rows with bulk inserts: orders paid over the last ``months`` (more in recent months), 1-3 lines
of visible packs that may be sent to the destination, one parcel per producer, and each parcel's
inventory list (CEB603) at customs: most released after 2 to 48 hours, some still waiting, a few
refused. Stock is not touched: these orders exist for the figures, not for the warehouse.
"""

from __future__ import annotations

import random
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from catalog import queries
from catalog.base import utcnow
from catalog.eligibility import blocked_classes
from catalog.models import Product, ProductChannel, ProductClass, Variant
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)
from storefront.demo.orders import DEMO_ADDRESSES
from storefront.orders.models import Order, OrderLine, SubOrder
from storefront.orders.states import FulfilmentStatus, OrderStatus, PaymentStatus
from storefront.shipping.models import ShippingMethod

CHUNK = 1000
BUYERS = 2000  # distinct demo buyers the orders are spread over


@dataclass(frozen=True, slots=True)
class _Pack:
    variant_id: int
    product_id: int
    producer_id: int
    sku: str
    price: Decimal
    net_weight_g: int
    units_per_pack: int
    product_class: ProductClass
    hs_code: str | None
    customs_unit: str | None


def _packs(session: Session) -> list[_Pack]:
    visible = queries.visible_products().with_only_columns(Product.id)
    rows = session.execute(
        select(Variant, Product)
        .join(Product, Product.id == Variant.product_id)
        .where(Variant.product_id.in_(visible), Variant.is_active.is_(True))
        .order_by(Variant.id)
    ).all()
    return [
        _Pack(
            v.id,
            p.id,
            p.producer_id,
            v.sku,
            v.price,
            v.net_weight_g,
            v.units_per_pack,
            p.product_class,
            p.hs_code,
            p.customs_unit,
        )
        for v, p in rows
        if p.channel is ProductChannel.EXPORT
    ]


def _paid_at(rng: random.Random, now: datetime, months: int) -> datetime:
    # more orders in recent months: the age in days follows a triangular law leaning to 0
    age_days = rng.triangular(0, months * 30.4, 0)
    return now - timedelta(days=age_days, seconds=rng.randint(0, 86_399))


def _insert(session: Session, model, rows: list[dict]) -> list[int]:
    ids: list[int] = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        ids.extend(
            session.scalars(
                insert(model).returning(model.id, sort_by_parameter_order=True), chunk
            ).all()
        )
    return ids


def generate_bulk_orders(
    session: Session, count: int, *, months: int = 12, seed: int | None = None
) -> int:
    """Write ``count`` sold export orders with parcels, lines and inventory lists; flush only."""
    rng = random.Random(seed)
    packs = _packs(session)
    if not packs:
        return 0
    allowed = {
        country: [p for p in packs if p.product_class not in blocked_classes(session, country)]
        for country in sorted(DEMO_ADDRESSES)
    }
    countries = [c for c in sorted(allowed) if allowed[c]]
    now, run = utcnow(), secrets.token_hex(3).upper()
    written = 0
    for start in range(0, count, CHUNK * 5):
        batch = range(start, min(count, start + CHUNK * 5))
        orders, plans = [], []
        for index in batch:
            country = rng.choice(countries)
            chosen = rng.sample(allowed[country], k=min(len(allowed[country]), rng.randint(1, 3)))
            lines = [(pack, rng.randint(1, 2)) for pack in chosen]
            goods = sum((pack.price * qty for pack, qty in lines), Decimal(0))
            shipping = Decimal(rng.choice(("38.00", "58.00", "88.00")))
            paid_at = _paid_at(rng, now, months)
            old = now - paid_at > timedelta(days=30)
            address = DEMO_ADDRESSES[country]
            orders.append(
                {
                    "number": f"BK{run}{index:09d}",
                    "email": f"buyer{rng.randrange(BUYERS)}@bulk.demo.test",
                    "locale": "en",
                    "channel": ProductChannel.EXPORT,
                    "status": OrderStatus.COMPLETED if old else OrderStatus.CONFIRMED,
                    "payment_status": PaymentStatus.PAID,
                    "fulfilment_status": (
                        FulfilmentStatus.DELIVERED if old else FulfilmentStatus.UNFULFILLED
                    ),
                    "recipient_name": "Demo Buyer",
                    "phone": "+65 6123 4567",
                    "destination_country": country,
                    "city": address.city,
                    "street_address": address.street_address,
                    "postal_code": address.postal_code,
                    "shipping_method": ShippingMethod.INTERNATIONAL_EXPRESS,
                    "shipping_price": shipping,
                    "goods_total": goods,
                    "tax_total": Decimal(0),
                    "total": goods + shipping,
                    "total_weight_g": sum(p.net_weight_g * q for p, q in lines),
                    "reservation_expires_at": paid_at,
                    "paid_at": paid_at,
                    "payment_provider": "sandbox",
                    "created_at": paid_at,
                    "updated_at": now,
                }
            )
            plans.append((lines, paid_at, old))
        order_ids = _insert(session, Order, orders)
        parcels, parcel_plans = [], []
        for order_id, order, (lines, paid_at, old) in zip(order_ids, orders, plans, strict=True):
            by_producer: dict[int, list] = {}
            for pack, qty in lines:
                by_producer.setdefault(pack.producer_id, []).append((pack, qty))
            for position, (producer_id, own) in enumerate(sorted(by_producer.items()), 1):
                parcels.append(
                    {
                        "order_id": order_id,
                        "producer_id": producer_id,
                        "position": position,
                        "number": f"{order['number']}-{position}",
                        "parcel_reference": f"{order['number']}P{position}",
                        "goods_value": sum((p.price * q for p, q in own), Decimal(0)),
                        "freight_share": Decimal(0),
                        "fulfilment_status": (
                            FulfilmentStatus.DELIVERED if old else FulfilmentStatus.UNFULFILLED
                        ),
                        "created_at": paid_at,
                        "updated_at": paid_at,
                    }
                )
                parcel_plans.append((order_id, order["number"], own, paid_at))
        parcel_ids = _insert(session, SubOrder, parcels)
        line_rows, declarations = [], []
        for parcel_id, (order_id, number, own, paid_at) in zip(
            parcel_ids, parcel_plans, strict=True
        ):
            for pack, qty in own:
                line_rows.append(
                    {
                        "order_id": order_id,
                        "sub_order_id": parcel_id,
                        "variant_id": pack.variant_id,
                        "product_id": pack.product_id,
                        "producer_id": pack.producer_id,
                        "sku": pack.sku,
                        "product_name": pack.sku,
                        "product_name_source": pack.sku,
                        "hs_code": pack.hs_code,
                        "customs_unit": pack.customs_unit,
                        "net_weight_g": pack.net_weight_g,
                        "units_per_pack": pack.units_per_pack,
                        "unit_price": pack.price,
                        "quantity": qty,
                        "line_total": pack.price * qty,
                    }
                )
            declarations.append(_inventory_list(rng, parcel_id, number, own[0][0], paid_at, now))
        _insert(session, OrderLine, line_rows)
        _insert(session, CustomsDeclaration, declarations)
        written += len(order_ids)
    session.flush()
    return written


def _inventory_list(
    rng: random.Random, parcel_id: int, number: str, pack: _Pack, paid_at: datetime, now
) -> dict:
    sent_at = paid_at + timedelta(minutes=rng.randint(5, 180))
    outcome = rng.random()
    released_at = None
    if outcome < 0.9:
        released_at = sent_at + timedelta(hours=rng.uniform(2, 48))
        status = DeclarationStatus.RELEASED
    elif outcome < 0.96:
        status = DeclarationStatus.SENT
    else:
        status = DeclarationStatus.REJECTED
    if released_at is not None and released_at > now:
        released_at, status = None, DeclarationStatus.SENT
    return {
        "message_type": MessageType.INVENTORY,
        "guid": str(uuid.uuid4()).upper(),
        "business_no": number,
        "order_no": number,
        "sub_order_id": parcel_id,
        "producer_id": pack.producer_id,
        "status": status,
        "sent_at": min(sent_at, now),
        "released_at": released_at,
        "created_at": paid_at,
        "updated_at": now,
    }
