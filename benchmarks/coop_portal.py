"""The cooperative portal's list pages for a big cooperative: p50 and p95 per page.

Usage:
    .venv/bin/python benchmarks/coop_portal.py [--database-url URL] [--products 2000]
        [--parcels 10000] [--rounds 60]

Without --database-url a fresh SQLite file in a temporary folder is used; a PostgreSQL URL must
name an empty database of its own (the script migrates it and loads the demo catalog).

The Linwu duck cooperative gets ``--products`` generated products (texts in the six locales,
two packs each, a photo row for every other one) and ``--parcels`` paid sub-orders in every
stage (to pack, to book, at customs, released, shipped, cancelled), each with its order, a
line, and its CEB303/CEB603 declaration rows, written with bulk inserts. Then the owner signs in
and each list page is requested ``--rounds`` times through the Flask test client (the app's
whole request path: routing, role check, queries, templates), one page after another.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, select, text  # noqa: E402

from catalog.base import utcnow  # noqa: E402
from catalog.demo.loader import load_demo_catalog  # noqa: E402
from catalog.models import (  # noqa: E402
    Category,
    Producer,
    Product,
    ProductClass,
    ProductPhoto,
    ProductTranslation,
    Variant,
)
from catalog.translation_status import source_digest  # noqa: E402
from storefront import create_app  # noqa: E402
from storefront.accounts.models import ProducerRole, User, UserRole  # noqa: E402
from storefront.customs.declarations.models import (  # noqa: E402
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)
from storefront.extensions import db  # noqa: E402
from storefront.inventory.ledger import take_on_stock  # noqa: E402
from storefront.orders.models import Order, OrderLine, SubOrder  # noqa: E402
from storefront.orders.states import (  # noqa: E402
    FulfilmentStatus,
    OrderStatus,
    PaymentStatus,
)
from storefront.shipping.carriers.models import ParcelWaybill  # noqa: E402
from storefront.shipping.models import ShippingMethod  # noqa: E402

PASSWORD = "benchmark passphrase"
PAGES = (
    "/zh-hans/coop/",
    "/zh-hans/coop/products/",
    "/zh-hans/coop/products/?page=20",
    "/zh-hans/coop/texts/",
    "/zh-hans/coop/stock/",
    "/zh-hans/coop/parcels/",
    "/zh-hans/coop/parcels/?page=100",
    "/zh-hans/coop/parcels/?stage=to_pack",
    "/zh-hans/coop/parcels/?stage=at_customs",
)
LOCALES = ("zh-hans", "en", "zh-hant", "fr", "ms", "ar")
CHUNK = 1000


def add_products(producer: Producer, count: int) -> list[tuple[int, int]]:
    """``count`` products with six texts, two packs and (every other one) a photo."""
    now = utcnow()
    base = db.session.scalar(select(Product.id).order_by(Product.id.desc()).limit(1)) or 0
    products, texts, packs, photos = [], [], [], []
    for n in range(1, count + 1):
        product_id = base + n
        products.append(
            dict(
                id=product_id,
                code=f"bench-{n:05d}",
                producer_id=producer.id,
                county_id=producer.county_id,
                category=Category.MEAT_POULTRY,
                product_class=ProductClass.COOKED_POULTRY,
                hs_code="1602399100",
                customs_unit="136",
                shelf_life_days=180,
                certifications=[],
                is_published=n % 5 != 0,
                source_locale="zh-hans",
                created_at=now,
                updated_at=now,
            )
        )
        digest = source_digest(f"临武鸭 {n}", "卤鸭", "<p>卤鸭</p>")
        for locale in LOCALES[: 3 + n % 4]:  # some texts missing, as in life
            texts.append(
                dict(
                    product_id=product_id,
                    locale=locale,
                    name=f"临武鸭 {n}",
                    slug=f"bench-{n:05d}-{locale}",
                    summary="卤鸭",
                    description="<p>卤鸭</p>",
                    source_digest=digest if n % 7 else "stale",
                )
            )
        for size, grams in (("S", 250), ("L", 1000)):
            packs.append(
                dict(
                    product_id=product_id,
                    sku=f"BN-{n:05d}-{size}",
                    net_weight_g=grams,
                    price=Decimal("48.00"),
                    stock=100,
                    created_at=now,
                    updated_at=now,
                )
            )
        if n % 2:
            photos.append(
                dict(
                    product_id=product_id,
                    position=0,
                    storage_key=f"{n:032x}",
                    widths="320 640 1280",
                    width=1600,
                    height=1200,
                    created_at=now,
                )
            )
    for table, rows in (
        (Product, products),
        (ProductTranslation, texts),
        (Variant, packs),
        (ProductPhoto, photos),
    ):
        for start in range(0, len(rows), CHUNK):
            db.session.execute(insert(table), rows[start : start + CHUNK])
    db.session.flush()
    return list(
        db.session.execute(select(Variant.id, Variant.product_id).where(Variant.sku.like("BN-%-S")))
    )


STAGES = ("to_pack", "to_book", "at_customs", "released", "shipped", "cancelled")


def add_parcels(producer: Producer, packs: list[tuple[int, int]], count: int) -> None:
    """``count`` paid orders of one parcel each, spread over every stage of a parcel."""
    now = utcnow()
    base = db.session.scalar(select(Order.id).order_by(Order.id.desc()).limit(1)) or 0
    orders, parcels, lines, waybills, declarations = [], [], [], [], []
    for n in range(1, count + 1):
        order_id, stage = base + n, STAGES[n % len(STAGES)]
        variant_id, product_id = packs[n % len(packs)]
        paid = now - timedelta(days=n % 360)
        number = f"BN{n:08d}"
        cancelled = stage == "cancelled"
        orders.append(
            dict(
                id=order_id,
                number=number,
                email=f"buyer{n}@example.com",
                locale="en",
                status=OrderStatus.CANCELLED if cancelled else OrderStatus.CONFIRMED,
                payment_status=PaymentStatus.REFUNDED if cancelled else PaymentStatus.PAID,
                fulfilment_status=FulfilmentStatus.UNFULFILLED,
                recipient_name="Mei Ling Tan",
                phone="+6561234567",
                destination_country="SG",
                street_address="10 Bayfront",
                shipping_method=ShippingMethod.INTERNATIONAL_EXPRESS,
                shipping_price=Decimal("30.00"),
                goods_total=Decimal("48.00"),
                total=Decimal("78.00"),
                total_weight_g=250,
                reservation_expires_at=paid,
                paid_at=paid,
                created_at=paid,
                updated_at=paid,
            )
        )
        status = {"shipped": FulfilmentStatus.SHIPPED, "cancelled": FulfilmentStatus.CANCELLED}
        parcels.append(
            dict(
                id=order_id,
                order_id=order_id,
                producer_id=producer.id,
                position=1,
                number=f"{number}-1",
                parcel_reference=f"P{number}01",
                goods_value=Decimal("48.00"),
                freight_share=Decimal("30.00"),
                fulfilment_status=status.get(stage, FulfilmentStatus.UNFULFILLED),
                packed_at=None if stage == "to_pack" else paid,
                created_at=paid,
                updated_at=paid,
            )
        )
        lines.append(
            dict(
                order_id=order_id,
                sub_order_id=order_id,
                variant_id=variant_id,
                product_id=product_id,
                producer_id=producer.id,
                sku="BN",
                product_name="Duck",
                product_name_source="临武卤鸭",
                hs_code="1602399100",
                customs_unit="136",
                net_weight_g=250,
                unit_price=Decimal("48.00"),
                quantity=1,
                line_total=Decimal("48.00"),
            )
        )
        declarations.append(
            _declaration(
                MessageType.EXPORT_ORDER,
                order_id,
                number,
                producer,
                DeclarationStatus.ACCEPTED,
                paid,
            )
        )
        if stage in ("at_customs", "released", "shipped"):
            waybills.append(
                dict(
                    sub_order_id=order_id,
                    method="international_express",
                    carrier_code="4310980003",
                    waybill_no=f"{n:012d}",
                    booked_at=paid,
                )
            )
            released = (
                DeclarationStatus.RELEASED if stage != "at_customs" else DeclarationStatus.SENT
            )
            declarations.append(
                _declaration(MessageType.INVENTORY, order_id, number, producer, released, paid)
            )
    for table, rows in (
        (Order, orders),
        (SubOrder, parcels),
        (OrderLine, lines),
        (ParcelWaybill, waybills),
        (CustomsDeclaration, declarations),
    ):
        for start in range(0, len(rows), CHUNK):
            db.session.execute(insert(table), rows[start : start + CHUNK])
    db.session.flush()


def _declaration(kind, sub_order_id, number, producer, status, when) -> dict:
    return dict(
        message_type=kind,
        guid=f"{kind.value}-{sub_order_id:012d}",
        business_no=f"{number}-1",
        order_no=f"{number}-1",
        sub_order_id=sub_order_id,
        producer_id=producer.id,
        status=status,
        app_type=1,
        attempts=0,
        problems=[],
        requested_by="benchmark",
        return_info="",
        created_at=when,
        updated_at=when,
    )


def measure(client, path: str, rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds):
        began = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--parcels", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="coop-bench-"))
    url = args.database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "benchmark-secret",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "MAIL_BACKEND": "memory",
            "MEDIA_DIR": str(folder / "media"),
            "CUSTOMS_EXCHANGE_DIR": str(folder / "customs"),
        }
    )
    with app.app_context():
        upgrade()
        load_demo_catalog(db.session)
        take_on_stock(db.session)
        producer = db.session.scalars(
            select(Producer).where(Producer.code == "linwu-duck-coop")
        ).one()
        began = time.perf_counter()
        packs = add_products(producer, args.products)
        add_parcels(producer, packs, args.parcels)
        take_on_stock(db.session)
        owner = User(
            email="owner@bench.test",
            role=UserRole.COOP_MEMBER,
            producer_id=producer.id,
            producer_role=ProducerRole.OWNER,
        )
        owner.set_password(PASSWORD)
        db.session.add(owner)
        db.session.commit()
        db.session.execute(text("ANALYZE"))  # planner statistics after the bulk insert
        db.session.commit()
        print(
            f"data: {args.products} products, {args.parcels} parcels "
            f"({time.perf_counter() - began:.1f} s to write), {db.engine.dialect.name}"
        )
    client = app.test_client()
    client.post("/zh-hans/account/login", data={"email": "owner@bench.test", "password": PASSWORD})
    print(f"{'page':42} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for path in PAGES:
        measure(client, path, 3)  # warm the templates and the connection pool
        timings = measure(client, path, args.rounds)
        print(
            f"{path:42} {statistics.median(timings):8.1f} {percentile(timings, 0.95):8.1f} "
            f"{max(timings):8.1f}"
        )


if __name__ == "__main__":
    main()
