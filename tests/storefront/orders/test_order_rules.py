"""Order rules: state machines, the split into sub-orders, cancellation, expiry, audit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from catalog.base import utcnow
from storefront.checkout.placement import place_order
from storefront.inventory.models import ReservationStatus, StockReservation
from storefront.orders.actors import SYSTEM, Actor
from storefront.orders.models import Order
from storefront.orders.services import (
    OrderNotCancellable,
    PaymentOutcome,
    cancel_order,
    expire_overdue_orders,
    mark_order_paid,
    set_sub_order_status,
    split_freight,
)
from storefront.orders.states import (
    FulfilmentStatus,
    OrderStatus,
    PaymentStatus,
    TransitionNotAllowed,
    can_transition,
    check_transition,
)
from storefront.shipping.models import ShippingMethod
from tests.storefront.conftest import buyer

D = Decimal


@pytest.fixture
def order(db_session, two_coops) -> Order:
    tea, duck = two_coops
    placed = place_order(
        db_session,
        {tea.variants[0].id: 2, duck.variants[0].id: 1},
        buyer(locale="fr"),
        ShippingMethod.INTERNATIONAL_EXPRESS,
    )
    db_session.commit()
    return placed


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (OrderStatus.PLACED, OrderStatus.CONFIRMED, True),
        (OrderStatus.CONFIRMED, OrderStatus.PLACED, False),
        (OrderStatus.CANCELLED, OrderStatus.CONFIRMED, False),
        (OrderStatus.EXPIRED, OrderStatus.CONFIRMED, True),  # a late payment, stock taken back
        (PaymentStatus.PAID, PaymentStatus.PENDING, False),
        (PaymentStatus.REFUNDED, PaymentStatus.PAID, False),
        (PaymentStatus.PAID, PaymentStatus.REFUND_PENDING, True),
        (FulfilmentStatus.SHIPPED, FulfilmentStatus.CANCELLED, False),
        (FulfilmentStatus.UNFULFILLED, FulfilmentStatus.SHIPPED, True),
    ],
)
def test_only_listed_transitions_are_allowed(current, target, allowed):
    assert can_transition(current, target) is allowed
    if not allowed:
        with pytest.raises(TransitionNotAllowed):
            check_transition(current, target)


@pytest.mark.parametrize(
    ("freight", "values", "shares"),
    [
        (D("105.00"), [D("116.00"), D("68.50")], [D("66.01"), D("38.99")]),
        (D("10.00"), [D("1"), D("1"), D("1")], [D("3.33"), D("3.33"), D("3.34")]),
        (D("0.00"), [D("5"), D("7")], [D("0.00"), D("0.00")]),
        (D("18.00"), [D("99.99")], [D("18.00")]),
    ],
)
def test_freight_is_shared_in_proportion_and_adds_up_to_the_cent(freight, values, shares):
    assert split_freight(freight, values) == shares
    assert sum(split_freight(freight, values)) == freight


def test_paying_splits_the_order_per_producer_with_what_customs_needs(
    order_declarations, db_session, order
):
    assert (
        mark_order_paid(
            db_session,
            order,
            actor=SYSTEM,
            payment_reference="sbx_1",
            declarations=order_declarations,
        )
        is PaymentOutcome.PAID
    )
    assert (
        mark_order_paid(db_session, order, actor=SYSTEM, declarations=order_declarations)
        is PaymentOutcome.ALREADY_PAID
    )
    assert [sub.number for sub in order.sub_orders] == [f"{order.number}-1", f"{order.number}-2"]
    for sub in order.sub_orders:
        assert sub.producer.customs_code
        assert {line.producer_id for line in sub.lines} == {sub.producer_id}
        assert sub.goods_value == sum(line.line_total for line in sub.lines)
        for line in sub.lines:
            assert (
                line.hs_code
                and line.customs_unit
                and line.product_name_source
                and line.net_weight_g
            )
        assert len(sub.parcel_reference) <= 32
    assert sum(sub.freight_share for sub in order.sub_orders) == order.shipping_price
    held = db_session.scalars(
        select(StockReservation.status).where(StockReservation.order_id == order.id)
    ).all()
    assert set(held) == {ReservationStatus.COMMITTED}
    assert [(e.machine, e.to_status) for e in order.events] == [
        ("order", "placed"),
        ("payment", "paid"),
        ("order", "confirmed"),
    ]


def test_cancelling_a_paid_order_before_shipping_asks_for_a_refund_and_restocks(
    order_declarations, db_session, order, two_coops
):
    tea, _duck = two_coops
    mark_order_paid(db_session, order, actor=SYSTEM, declarations=order_declarations)
    assert (
        cancel_order(db_session, order, actor=Actor("buyer"), declarations=order_declarations)
        is True
    )
    assert order.status is OrderStatus.CANCELLED
    assert order.payment_status is PaymentStatus.REFUND_PENDING
    assert {sub.fulfilment_status for sub in order.sub_orders} == {FulfilmentStatus.CANCELLED}
    db_session.refresh(tea.variants[0])
    assert tea.variants[0].stock == 10


def test_an_order_with_a_shipped_parcel_cannot_be_cancelled(order_declarations, db_session, order):
    mark_order_paid(db_session, order, actor=SYSTEM, declarations=order_declarations)
    set_sub_order_status(order.sub_orders[0], FulfilmentStatus.SHIPPED, Actor("coop"))
    with pytest.raises(OrderNotCancellable):
        cancel_order(db_session, order, actor=Actor("buyer"), declarations=order_declarations)


def test_expired_reservations_are_released_by_the_sweep(db_session, order, two_coops):
    tea, _duck = two_coops
    assert expire_overdue_orders(db_session, now=utcnow()) == 0
    later = utcnow() + timedelta(minutes=16)
    assert expire_overdue_orders(db_session, now=later) == 1
    assert (order.status, order.payment_status) == (OrderStatus.EXPIRED, PaymentStatus.EXPIRED)
    db_session.refresh(tea.variants[0])
    assert tea.variants[0].stock == 10
    assert expire_overdue_orders(db_session, now=later) == 0


def test_the_release_expired_command(app, db_session, order):
    order.reservation_expires_at = utcnow() - timedelta(minutes=1)
    db_session.commit()
    result = app.test_cli_runner().invoke(args=["orders", "release-expired"])
    assert result.exit_code == 0 and "1 expired order" in result.output
    db_session.refresh(order)
    assert order.status is OrderStatus.EXPIRED


def test_an_overdue_order_expires_when_the_buyer_looks_at_it(client, db_session, order):
    order.reservation_expires_at = utcnow() - timedelta(seconds=1)
    db_session.commit()
    with client.session_transaction() as flask_session:
        flask_session["guest_orders"] = [order.number]
    html = client.get(f"/fr/orders/{order.number}").get_data(as_text=True)
    db_session.refresh(order)
    assert order.status is OrderStatus.EXPIRED
    assert "Pay now" not in html


def test_the_buyer_cancels_a_paid_order_from_the_order_page_and_gets_a_sandbox_refund(
    order_declarations, client, db_session, order, outbox
):
    mark_order_paid(
        db_session,
        order,
        actor=SYSTEM,
        payment_reference="sbx_test",
        declarations=order_declarations,
    )
    db_session.commit()
    with client.session_transaction() as flask_session:
        flask_session["guest_orders"] = [order.number]
    response = client.post(f"/fr/orders/{order.number}/cancel")
    assert response.status_code == 302
    db_session.refresh(order)
    assert (order.status, order.payment_status) == (OrderStatus.CANCELLED, PaymentStatus.REFUNDED)
    assert order.refund_reference.startswith("sbx_re_")
    assert len(outbox) == 1 and order.number in outbox[0]["Subject"]
    again = client.post(f"/fr/orders/{order.number}/cancel")
    assert again.status_code == 302 and len(outbox) == 1


def test_the_confirmation_email_is_written_in_the_buyers_language(
    order_declarations, client, db_session, order, outbox
):
    from storefront.orders.notifications import send_order_confirmation

    mark_order_paid(db_session, order, actor=SYSTEM, declarations=order_declarations)
    with client.application.test_request_context("/en/"):
        send_order_confirmation(order)  # queued in the payment's transaction
    assert outbox == []  # nothing leaves before the commit
    db_session.commit()
    body = outbox[0].get_content()
    french_total = f"{order.total:.2f}".replace(".", ",")
    assert french_total in body  # amounts formatted for fr, though the request was in en
    assert order.lines[0].product_name in body
    assert f"/fr/orders/{order.number}" in body


def test_an_abandoned_order_gives_its_stock_to_the_next_buyer(db_session, two_coops):
    tea, duck = two_coops
    duck_id = duck.variants[0].id
    first = place_order(db_session, {tea.variants[0].id: 10}, buyer(), ShippingMethod.POSTAL_PARCEL)
    db_session.commit()
    assert tea.variants[0].stock == 0
    later = utcnow() + timedelta(minutes=20)
    assert expire_overdue_orders(db_session, later, variant_ids=[duck_id]) == 0  # not its packs
    assert expire_overdue_orders(db_session, later, variant_ids=[tea.variants[0].id]) == 1
    second = place_order(
        db_session, {tea.variants[0].id: 4}, buyer(), ShippingMethod.POSTAL_PARCEL, now=later
    )
    assert first.status is OrderStatus.EXPIRED and second.status is OrderStatus.PLACED
    db_session.refresh(tea.variants[0])
    assert tea.variants[0].stock == 6


def test_a_sold_out_pack_held_by_an_abandoned_order_can_be_added_again(
    client, db_session, two_coops
):
    tea, _duck = two_coops
    variant_id = tea.variants[0].id
    held = place_order(db_session, {variant_id: 10}, buyer(), ShippingMethod.POSTAL_PARCEL)
    held.reservation_expires_at = utcnow() - timedelta(minutes=1)
    for reservation in db_session.scalars(
        select(StockReservation).where(StockReservation.order_id == held.id)
    ):
        reservation.expires_at = held.reservation_expires_at
    db_session.commit()
    response = client.post("/en/cart/add", data={"variant_id": variant_id, "quantity": 2})
    assert response.status_code == 302
    html = client.get("/en/cart").get_data(as_text=True)
    assert f'id="qty-{variant_id}" name="quantity" type="number" min="0" max="20" value="2"' in html
    db_session.refresh(held)
    assert held.status is OrderStatus.EXPIRED


def test_emails_are_plain_text_without_markup(
    order_declarations, client, db_session, order, outbox
):
    from storefront.orders.notifications import send_order_cancelled, send_order_confirmation

    mark_order_paid(db_session, order, actor=SYSTEM, declarations=order_declarations)
    with client.application.test_request_context("/en/"):
        send_order_confirmation(order)
        send_order_cancelled(order)
    db_session.commit()
    assert len(outbox) == 2
    for message in outbox:
        assert "<" not in message.get_content()


def test_the_order_page_query_count_does_not_grow_with_parcels(
    client, db_session, shipping_rates, count_queries, order_declarations
):
    from tests.factories import make_product

    def paid_order(product_count: int) -> str:
        products = [make_product(db_session) for _ in range(product_count)]  # one producer each
        placed = place_order(
            db_session,
            {p.variants[0].id: 1 for p in products},
            buyer(),
            ShippingMethod.POSTAL_PARCEL,
        )
        mark_order_paid(db_session, placed, actor=SYSTEM, declarations=order_declarations)
        db_session.commit()
        return placed.number

    small, large = paid_order(1), paid_order(5)
    with client.session_transaction() as flask_session:
        flask_session["guest_orders"] = [small, large]
    counts = []
    for number in (small, large):
        with count_queries() as statements:
            html = client.get(f"/en/orders/{number}").get_data(as_text=True)
        counts.append(len(statements))
        assert number in html
    assert html.count('class="sub-order card"') == 5
    assert counts[0] == counts[1]


def test_the_database_accepts_every_status_value_and_refuses_others(db_session, order):
    # Migrations do not compare CHECK constraints: this catches an enum value added to a
    # model without a revision.
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    columns = {
        "status": OrderStatus,
        "payment_status": PaymentStatus,
        "fulfilment_status": FulfilmentStatus,
    }
    for column, enum in columns.items():
        for value in enum:
            with db_session.begin_nested():
                db_session.execute(
                    text(f"UPDATE orders SET {column} = :v WHERE id = :id"),
                    {"v": value.value, "id": order.id},
                )
        with pytest.raises(IntegrityError), db_session.begin_nested():
            db_session.execute(
                text(f"UPDATE orders SET {column} = 'bogus' WHERE id = :id"), {"id": order.id}
            )


@pytest.mark.parametrize(
    ("ship_to", "zone", "offset"),
    [("SG", "GMT+08:00", timedelta(hours=8)), (None, "GMT", timedelta(0))],
)
def test_order_times_are_shown_in_the_buyers_destination_zone(
    client, db_session, order, ship_to, zone, offset
):
    from babel.dates import format_time

    order.created_at = datetime(2026, 11, 29, 2, 30, tzinfo=UTC)
    db_session.commit()
    with client.session_transaction() as flask_session:
        flask_session["guest_orders"] = [order.number]
        if ship_to:
            flask_session["ship_to"] = ship_to
    html = client.get(f"/en/orders/{order.number}").get_data(as_text=True)
    local = order.created_at + offset
    assert f"{format_time(local.time(), 'medium', locale='en')} {zone}" in html
