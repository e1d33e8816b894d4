"""20 buyers race for the last 5 units over real, separate database connections.

The data is committed (the per-test rollback cannot be used: each buyer has its own connection)
and deleted again at the end. Runs on SQLite and on PostgreSQL, whichever the suite targets.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, delete, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from catalog.models import County, Producer, Product, Variant
from catalog.money import to_minor_units
from storefront.checkout.models import ShippingMethod, ShippingRate, StockReservation
from storefront.checkout.placement import place_order
from storefront.checkout.rates import seed_shipping_rates
from storefront.checkout.stock import OutOfStock
from storefront.customs import customs_adapter
from storefront.database import begin_writing, configure_sqlite
from storefront.extensions import db
from storefront.orders.actors import Actor
from storefront.orders.models import Order, OrderEvent, OrderLine, SubOrder
from storefront.payments.fulfilment import apply_checkout_result
from storefront.payments.port import CheckoutResult, CheckoutState
from tests.factories import make_product
from tests.storefront.conftest import buyer

BUYERS = 20
UNITS = 5


@pytest.fixture
def race_engine(app):
    with app.app_context():
        url = db.engine.url
    engine = create_engine(url, poolclass=NullPool)
    if engine.dialect.name == "sqlite":
        configure_sqlite(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def scarce_variant(race_engine):
    """A committed product with 5 units, removed (with its orders) after the test."""
    with Session(race_engine) as session:
        created_rates = seed_shipping_rates(session) > 0
        product = make_product(session, stock=UNITS)
        session.commit()
        ids = (product.variants[0].id, product.id, product.producer_id, product.county_id)
    yield ids[0]
    variant_id, product_id, producer_id, county_id = ids
    with Session(race_engine) as session:
        order_ids = session.scalars(
            select(OrderLine.order_id).where(OrderLine.variant_id == variant_id).distinct()
        ).all()
        for model in (StockReservation, OrderEvent, OrderLine, SubOrder):
            session.execute(delete(model).where(model.order_id.in_(order_ids)))
        session.execute(delete(Order).where(Order.id.in_(order_ids)))
        session.delete(session.get(Product, product_id))
        session.flush()
        session.delete(session.get(Producer, producer_id))
        session.flush()
        session.delete(session.get(County, county_id))
        if created_rates:
            session.execute(delete(ShippingRate))
        session.commit()


def test_twenty_buyers_race_for_five_units(race_engine, scarce_variant):
    start = threading.Barrier(BUYERS)

    def buy(n: int) -> bool:
        with Session(race_engine) as session:
            start.wait()
            begin_writing(session)
            try:
                place_order(session, {scarce_variant: 1}, buyer(), ShippingMethod.POSTAL_PARCEL)
                session.commit()
                return True
            except OutOfStock:
                session.rollback()
                return False

    with ThreadPoolExecutor(max_workers=BUYERS) as pool:
        outcomes = list(pool.map(buy, range(BUYERS)))

    assert outcomes.count(True) == UNITS
    assert outcomes.count(False) == BUYERS - UNITS
    with Session(race_engine) as session:
        assert session.get(Variant, scarce_variant).stock == 0
        held = session.scalars(
            select(StockReservation.quantity).where(StockReservation.variant_id == scarce_variant)
        ).all()
        assert held == [1] * UNITS
        orders = session.scalars(
            select(Order).join(OrderLine).where(OrderLine.variant_id == scarce_variant)
        ).all()
        assert len(orders) == UNITS


def test_the_webhook_and_the_return_page_racing_confirm_the_order_once(
    app, race_engine, scarce_variant
):
    with Session(race_engine) as session:
        order = place_order(session, {scarce_variant: 2}, buyer(), ShippingMethod.POSTAL_PARCEL)
        session.commit()
        result = CheckoutResult(
            reference="cs_race",
            order_number=order.number,
            state=CheckoutState.PAID,
            amount_minor=to_minor_units(order.total, "CNY"),
            intent_reference="pi_race",
        )
        order_id = order.id
    callers = 4
    start = threading.Barrier(callers)

    def confirm(n: int) -> bool:
        with Session(race_engine) as session:
            start.wait()
            begin_writing(session)
            report = apply_checkout_result(
                session, result, Actor(f"caller {n}"), customs_adapter(app)
            )
            session.commit()
            return report.newly_paid

    with ThreadPoolExecutor(max_workers=callers) as pool:
        outcomes = list(pool.map(confirm, range(callers)))

    assert outcomes.count(True) == 1
    with Session(race_engine) as session:
        order = session.get(Order, order_id)
        assert order.payment_status.value == "paid"
        assert len(order.sub_orders) == 1
        paid_events = [e for e in order.events if e.machine == "payment"]
        assert [(e.from_status, e.to_status) for e in paid_events] == [("pending", "paid")]
