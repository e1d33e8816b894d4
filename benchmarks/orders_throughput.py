"""Orders placed and paid per second with N concurrent buyers, and a zero-oversell check.

Usage:
    .venv/bin/python benchmarks/orders_throughput.py [--database-url URL] [--buyers 8]
        [--orders-per-buyer 50]

Without --database-url a fresh SQLite file in a temporary folder is used; a PostgreSQL URL must
name an empty database of its own (the script migrates it and loads the demo catalog).

Each buyer is a thread with its own database connection and runs the real services end to end:
place_order (stock reserved by a conditional UPDATE), the sandbox provider paying, then
apply_checkout_result (order confirmed, split into sub-orders per producer). Two runs:

Placing and paying are two transactions, as on the web (place, commit, pay on the provider's
page, commit).

* throughput: plenty of stock, so every attempt can succeed;
* contention: every pack has only 3 units, so buyers run out; afterwards the sold quantities
  must equal what left the shelf, and no stock may be negative (zero oversell).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select, update  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from catalog.demo.loader import load_demo_catalog  # noqa: E402
from catalog.models import Variant  # noqa: E402
from storefront import create_app  # noqa: E402
from storefront.checkout.rates import seed_shipping_rates  # noqa: E402
from storefront.customs import customs_adapter  # noqa: E402
from storefront.database import begin_writing  # noqa: E402
from storefront.exceptions import StorefrontError  # noqa: E402
from storefront.extensions import db  # noqa: E402
from storefront.orders.demo_orders import (  # noqa: E402
    pay_demo_order,
    place_demo_order,
    sellable_variants,
)
from storefront.orders.models import Order, OrderLine  # noqa: E402
from storefront.orders.states import PaymentStatus  # noqa: E402


def run(engine, buyers: int, orders_per_buyer: int, declarations) -> dict[str, float]:
    start = threading.Barrier(buyers + 1)
    paid, refused, latencies = [0] * buyers, [0] * buyers, [[] for _ in range(buyers)]

    def buyer(index: int) -> None:
        rng = random.Random(index)
        with Session(engine) as session:  # the buyer's view of the catalog; place_order re-checks
            catalog = sellable_variants(session)
        start.wait()
        for _ in range(orders_per_buyer):
            began = time.perf_counter()
            with Session(engine) as session:
                begin_writing(session)
                try:
                    order = place_demo_order(session, rng, catalog)
                except StorefrontError:
                    order = None
                if order is None:
                    session.rollback()
                    refused[index] += 1
                else:
                    session.commit()
                    begin_writing(session)
                    pay_demo_order(session, order, declarations)
                    session.commit()
                    paid[index] += 1
            latencies[index].append(time.perf_counter() - began)

    threads = [threading.Thread(target=buyer, args=(i,)) for i in range(buyers)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    flat = sorted(x for per_buyer in latencies for x in per_buyer)
    return {
        "paid": sum(paid),
        "refused": sum(refused),
        "seconds": elapsed,
        "paid_per_second": sum(paid) / elapsed,
        "median_ms": statistics.median(flat) * 1000,
        "p95_ms": flat[int(len(flat) * 0.95) - 1] * 1000,
    }


def sold_units(session: Session) -> dict[int, int]:
    stmt = (
        select(OrderLine.variant_id, func.sum(OrderLine.quantity))
        .join(Order)
        .where(Order.payment_status == PaymentStatus.PAID)
        .group_by(OrderLine.variant_id)
    )
    return dict(session.execute(stmt).all())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--buyers", type=int, default=8)
    parser.add_argument("--orders-per-buyer", type=int, default=50)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    from storefront.config import normalise_database_url

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": normalise_database_url(url),
            "MAIL_BACKEND": "memory",
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": args.buyers + 2},
        }
    )
    with app.app_context():
        upgrade()
        load_demo_catalog(db.session)
        seed_shipping_rates(db.session)
        db.session.execute(update(Variant).values(stock=100_000))
        db.session.commit()
        engine = db.engine
        print(f"database: {engine.dialect.name}, buyers: {args.buyers}")

        throughput = run(engine, args.buyers, args.orders_per_buyer, customs_adapter(app))
        print("throughput run:", {k: round(v, 1) for k, v in throughput.items()})

        with Session(engine) as session:
            before_sold = sold_units(session)
            session.execute(update(Variant).values(stock=3))
            session.commit()
            initial = {v.id: v.stock for v in session.scalars(select(Variant))}
        contention = run(engine, args.buyers, args.orders_per_buyer, customs_adapter(app))
        with Session(engine) as session:
            after_sold = sold_units(session)
            stock = {v.id: v.stock for v in session.scalars(select(Variant))}
        sold_now = {vid: after_sold.get(vid, 0) - before_sold.get(vid, 0) for vid in initial}
        oversold = [vid for vid in initial if sold_now[vid] > initial[vid] or stock[vid] < 0]
        mismatched = [vid for vid in initial if initial[vid] - stock[vid] != sold_now[vid]]
        print("contention run:", {k: round(v, 1) for k, v in contention.items()})
        print(
            f"units on the shelf: {sum(initial.values())}, sold: {sum(sold_now.values())}, "
            f"left: {sum(stock.values())}, oversold packs: {len(oversold)}, "
            f"stock/sales mismatches: {len(mismatched)}"
        )
        if oversold or mismatched:
            raise SystemExit("OVERSELL DETECTED")


if __name__ == "__main__":
    main()
