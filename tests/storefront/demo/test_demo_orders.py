"""`flask demo orders` places paid orders through the real services."""

from __future__ import annotations

from sqlalchemy import select

from catalog.eligibility import blocked_classes
from catalog.models import Product
from storefront.orders.models import Order


def test_demo_orders_are_paid_split_and_shippable(app, db_session, shipping_rates):
    result = app.test_cli_runner().invoke(args=["demo", "orders", "--count", "6", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "Placed 6 paid export orders" in result.output
    orders = db_session.scalars(select(Order)).all()
    assert len(orders) == 6
    for order in orders:
        assert (order.status.value, order.payment_status.value) == ("confirmed", "paid")
        assert {sub.producer_id for sub in order.sub_orders} == {
            line.producer_id for line in order.lines
        }
        blocked = blocked_classes(db_session, order.destination_country)
        for line in order.lines:
            assert line.sub_order is not None and line.sub_order.order_id == order.id
            assert db_session.get(Product, line.product_id).product_class not in blocked


def test_if_none_looks_at_the_orders_of_its_own_channel(app, db_session):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "orders", "--count", "1", "--seed", "3"])
    result = runner.invoke(
        args=["demo", "orders", "--count", "1", "--channel", "bonded", "--seed", "3", "--if-none"]
    )
    assert result.exit_code == 0 and "Placed 1 paid bonded orders" in result.output
    again = runner.invoke(args=["demo", "orders", "--channel", "bonded", "--if-none"])
    assert "already has bonded orders" in again.output


def test_demo_data_is_refused_in_production(app):
    app.config["ENV"] = "production"
    try:
        runner = app.test_cli_runner()
        assert runner.invoke(args=["demo", "orders"]).exit_code != 0
        assert runner.invoke(args=["demo", "load"]).exit_code != 0
    finally:
        app.config["ENV"] = "development"


def test_the_demo_buyer_signs_in_to_a_populated_order_history(
    app, client, db_session, shipping_rates
):
    from storefront.demo.accounts import DEMO_PASSWORD, load_demo_users
    from tests.factories import sign_in

    load_demo_users(db_session)
    db_session.commit()
    result = app.test_cli_runner().invoke(args=["demo", "orders", "--count", "6", "--seed", "7"])
    assert result.exit_code == 0, result.output
    owned = db_session.scalars(
        select(Order).where(Order.email == "buyer@demo.test", Order.user_id.is_not(None))
    ).all()
    assert len(owned) == 2
    sign_in(client, "buyer@demo.test", DEMO_PASSWORD)
    history = client.get("/en/account/").get_data(as_text=True)
    assert all(order.number in history for order in owned)
