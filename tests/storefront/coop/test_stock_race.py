"""Buyers and a cooperative change one pack's stock at the same moment, over real, separate
connections: the atomic reservation still never oversells, every change is a movement, and the
column equals the ledger's sum at the end (SQLite and PostgreSQL, whichever the suite runs)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.listings.problems import ListingRefused
from catalog.models import Product, Variant
from storefront.checkout.placement import place_order
from storefront.database import begin_writing
from storefront.inventory.ledger import adjust_stock
from storefront.inventory.models import MovementReason, StockMovement
from storefront.inventory.reservations import OutOfStock
from storefront.shipping.models import ShippingMethod
from tests.storefront.checkout.test_concurrency import race_engine, scarce_variant  # noqa: F401
from tests.storefront.conftest import buyer

BUYERS, RECEIPTS, DAMAGES = 12, 4, 3


def test_sales_receipts_and_damage_at_once_keep_the_ledger_exact(race_engine, scarce_variant):  # noqa: F811
    with Session(race_engine) as session:
        variant = session.get(Variant, scarce_variant)
        producer_id = session.get(Product, variant.product_id).producer_id
        start_stock = variant.stock  # the factory recorded it as the opening movement
    tasks = ["buy"] * BUYERS + ["receive"] * RECEIPTS + ["damage"] * DAMAGES
    start = threading.Barrier(len(tasks))

    def act(task: str) -> str:
        with Session(race_engine) as session:
            start.wait()
            begin_writing(session)
            try:
                if task == "buy":
                    place_order(session, {scarce_variant: 1}, buyer(), ShippingMethod.POSTAL_PARCEL)
                else:
                    adjust_stock(
                        session,
                        producer_id,
                        scarce_variant,
                        reason=MovementReason.RECEIVED
                        if task == "receive"
                        else MovementReason.DAMAGED,
                        quantity=1,
                        author_user_id=None,
                    )
                session.commit()
                return task
            except (OutOfStock, ListingRefused):
                session.rollback()
                return f"{task} refused"

    with ThreadPoolExecutor(max_workers=len(tasks)) as pool:
        outcomes = list(pool.map(act, tasks))

    sold, damaged = outcomes.count("buy"), outcomes.count("damage")
    assert outcomes.count("receive") == RECEIPTS  # receipts are never refused
    with Session(race_engine) as session:
        stock = session.get(Variant, scarce_variant).stock
        ledger = session.scalar(
            select(func.sum(StockMovement.delta)).where(StockMovement.variant_id == scarce_variant)
        )
        reasons = session.execute(
            select(StockMovement.reason, func.count())
            .where(StockMovement.variant_id == scarce_variant)
            .group_by(StockMovement.reason)
        ).all()
        session.execute(
            StockMovement.__table__.delete().where(StockMovement.variant_id == scarce_variant)
        )
        session.commit()
    assert stock >= 0
    assert stock == start_stock + RECEIPTS - sold - damaged
    assert ledger == stock
    counts = dict(reasons)
    assert counts.get(MovementReason.SOLD, 0) == sold
    assert counts.get(MovementReason.DAMAGED, 0) == damaged
