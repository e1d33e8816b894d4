"""`flask demo bulk-orders` writes sold export orders the statistics count."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from catalog.eligibility import blocked_classes
from catalog.models import Product
from storefront.customs.declarations.models import CustomsDeclaration
from storefront.orders.models import Order, OrderLine, SubOrder


def test_bulk_orders_are_sold_parcelled_and_declared(app, db_session):
    result = app.test_cli_runner().invoke(
        args=["demo", "bulk-orders", "--count", "40", "--months", "6", "--seed", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "Wrote 40 sold export orders over 6 months." in result.output
    orders = db_session.scalars(select(Order)).all()
    assert len(orders) == 40
    for order in orders:
        assert order.paid_at is not None and order.is_paid
        assert order.goods_total == sum((line.line_total for line in order.lines), Decimal(0))
        assert {s.producer_id for s in order.sub_orders} == {
            line.producer_id for line in order.lines
        }
        blocked = blocked_classes(db_session, order.destination_country)
        for line in order.lines:
            assert db_session.get(Product, line.product_id).product_class not in blocked
    parcels = db_session.scalar(select(func.count(SubOrder.id)))
    lists = db_session.scalar(select(func.count(CustomsDeclaration.id)))
    assert parcels == lists > 0
    assert db_session.scalar(select(func.count(OrderLine.id))) >= 40
    months = {o.paid_at.strftime("%Y-%m") for o in orders}
    assert len(months) >= 2  # spread over the months
