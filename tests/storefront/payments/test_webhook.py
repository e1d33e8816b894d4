"""The Stripe webhook: signatures on the raw body, each event once, events in any order."""

from __future__ import annotations

import time
from datetime import timedelta

import stripe
from sqlalchemy import func, select

from catalog.base import utcnow
from storefront.inventory.models import ReservationStatus, StockReservation
from storefront.orders.models import SubOrder
from storefront.orders.services import expire_overdue_orders, payment_was_declined
from storefront.payments.models import ProcessedWebhookEvent
from tests.i18n import translated
from tests.storefront.payments.conftest import WEBHOOK_SECRET
from tests.storefront.payments.fake_stripe import checkout_session, event

URL = "/payments/stripe/webhook"


def post_event(client, payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None):
    header = stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=timestamp)
    return client.post(
        URL, data=payload, headers={"Stripe-Signature": header, "Content-Type": "application/json"}
    )


def test_bad_signatures_are_refused_with_400(stripe_app, client, placed_order):
    payload = event("evt_1", "checkout.session.completed", checkout_session(placed_order))
    assert client.post(URL, data=payload).status_code == 400
    assert post_event(client, payload, secret="whsec_wrong").status_code == 400
    assert post_event(client, payload, timestamp=int(time.time()) - 600).status_code == 400
    assert placed_order.payment_status.value == "pending"


def test_a_completed_session_pays_once_even_when_the_event_is_replayed(
    stripe_app, client, db_session, placed_order, outbox
):
    payload = event("evt_1", "checkout.session.completed", checkout_session(placed_order))
    first = post_event(client, payload)
    assert first.status_code == 200
    again = post_event(client, payload)
    assert again.status_code == 200

    db_session.refresh(placed_order)
    assert (placed_order.status.value, placed_order.payment_status.value) == ("confirmed", "paid")
    assert placed_order.payment_intent_reference == "pi_test_1"
    assert (
        db_session.scalar(
            select(func.count()).select_from(SubOrder).where(SubOrder.order_id == placed_order.id)
        )
        == 2
    )
    assert db_session.scalar(select(func.count()).select_from(ProcessedWebhookEvent)) == 1
    assert len(outbox) == 1
    statuses = db_session.scalars(
        select(StockReservation.status).where(StockReservation.order_id == placed_order.id)
    ).all()
    assert set(statuses) == {ReservationStatus.COMMITTED}


def test_the_success_page_and_the_webhook_race_without_paying_twice(
    stripe_app, client, db_session, fake_stripe, placed_order, outbox
):
    fake_stripe.answer("GET", "/v1/checkout/sessions/cs_test_1", checkout_session(placed_order))
    page = client.get("/en/checkout/return?session_id=cs_test_1")
    assert page.status_code == 302 and page.location.endswith(f"/en/orders/{placed_order.number}")
    assert (
        post_event(
            client, event("evt_2", "checkout.session.completed", checkout_session(placed_order))
        ).status_code
        == 200
    )
    db_session.refresh(placed_order)
    assert placed_order.payment_status.value == "paid"
    assert len(placed_order.sub_orders) == 2
    assert len(outbox) == 1
    # The buyer who came back from Stripe may see the order.
    assert client.get(f"/en/orders/{placed_order.number}").status_code == 200


def test_a_failed_async_payment_before_completed_keeps_the_order_payable(
    stripe_app, client, db_session, placed_order, two_coops
):
    tea, _duck = two_coops
    held = tea.variants[0].stock
    unpaid = checkout_session(placed_order, payment_status="unpaid")
    assert (
        post_event(
            client, event("evt_3", "checkout.session.async_payment_failed", unpaid)
        ).status_code
        == 200
    )
    assert (
        post_event(client, event("evt_4", "checkout.session.completed", unpaid)).status_code == 200
    )
    db_session.refresh(placed_order)
    # The stock is still held: the buyer may try again; the late "completed" does not make the
    # declined attempt look as if it were still being processed.
    assert (placed_order.status.value, placed_order.payment_status.value) == ("placed", "pending")
    db_session.refresh(tea.variants[0])
    assert tea.variants[0].stock == held
    assert payment_was_declined(placed_order)


def test_an_expired_session_releases_the_stock_and_a_late_payment_takes_it_back(
    stripe_app, client, db_session, placed_order, two_coops
):
    tea, _duck = two_coops
    expired = checkout_session(placed_order, status="expired", payment_status="unpaid")
    assert (
        post_event(client, event("evt_5", "checkout.session.expired", expired)).status_code == 200
    )
    db_session.refresh(placed_order)
    db_session.refresh(tea.variants[0])
    assert placed_order.status.value == "expired" and tea.variants[0].stock == 10

    paid = checkout_session(placed_order)
    assert (
        post_event(
            client, event("evt_6", "checkout.session.async_payment_succeeded", paid)
        ).status_code
        == 200
    )
    db_session.refresh(placed_order)
    db_session.refresh(tea.variants[0])
    assert (placed_order.status.value, placed_order.payment_status.value) == ("confirmed", "paid")
    assert tea.variants[0].stock == 8


def test_a_payment_of_the_wrong_amount_does_not_confirm_the_order(
    stripe_app, client, db_session, placed_order
):
    wrong = checkout_session(placed_order, amount_total=100)
    assert (
        post_event(client, event("evt_7", "checkout.session.completed", wrong)).status_code == 200
    )
    db_session.refresh(placed_order)
    assert placed_order.payment_status.value == "pending"


def test_a_refund_made_at_stripe_cancels_the_unshipped_order(
    stripe_app, client, db_session, placed_order, two_coops
):
    tea, _duck = two_coops
    post_event(client, event("evt_8", "checkout.session.completed", checkout_session(placed_order)))
    charge = {
        "id": "ch_1",
        "object": "charge",
        "payment_intent": "pi_test_1",
        "refunded": True,
        "amount_refunded": 1,
    }
    assert post_event(client, event("evt_9", "charge.refunded", charge)).status_code == 200
    db_session.refresh(placed_order)
    assert (placed_order.status.value, placed_order.payment_status.value) == (
        "cancelled",
        "refunded",
    )
    db_session.refresh(tea.variants[0])
    assert tea.variants[0].stock == 10


def test_unknown_event_types_are_acknowledged(stripe_app, client):
    response = post_event(
        client, event("evt_10", "customer.created", {"id": "cus_1", "object": "customer"})
    )
    assert response.status_code == 200


def test_the_webhook_is_not_served_when_stripe_is_not_the_provider(client):
    assert client.post(URL, data="{}").status_code == 404


def test_a_late_payment_for_stock_that_is_gone_is_refunded(
    stripe_app, client, db_session, fake_stripe, placed_order, two_coops
):
    tea, _duck = two_coops
    post_event(
        client,
        event(
            "evt_11",
            "checkout.session.expired",
            checkout_session(placed_order, status="expired", payment_status="unpaid"),
        ),
    )
    tea.variants[0].stock = 0  # sold to someone else meanwhile
    db_session.commit()
    fake_stripe.answer(
        "POST", "/v1/refunds", {"id": "re_late", "object": "refund", "status": "succeeded"}
    )
    assert (
        post_event(
            client, event("evt_12", "checkout.session.completed", checkout_session(placed_order))
        ).status_code
        == 200
    )
    db_session.refresh(placed_order)
    assert placed_order.status.value == "expired"
    refund = fake_stripe.requests[-1]
    assert refund.path == "/v1/refunds" and refund.params["payment_intent"] == ["pi_test_1"]
    assert refund.params["amount"] == [str(int(placed_order.total * 100))]
    assert "refunded (re_late)" in placed_order.events[-1].note


def test_the_webhook_needs_no_csrf_token(stripe_app, client, placed_order):
    stripe_app.config["WTF_CSRF_ENABLED"] = True
    try:
        payload = event("evt_13", "checkout.session.completed", checkout_session(placed_order))
        assert post_event(client, payload).status_code == 200
    finally:
        stripe_app.config["WTF_CSRF_ENABLED"] = False


def test_cancelling_a_stripe_order_refunds_it_and_the_refund_event_completes_it(
    stripe_app, client, db_session, fake_stripe, placed_order, outbox
):
    post_event(
        client, event("evt_14", "checkout.session.completed", checkout_session(placed_order))
    )
    fake_stripe.answer(
        "POST", "/v1/refunds", {"id": "re_1", "object": "refund", "status": "pending"}
    )
    with client.session_transaction() as flask_session:
        flask_session["guest_orders"] = [placed_order.number]
    assert client.post(f"/en/orders/{placed_order.number}/cancel").status_code == 302
    refund = fake_stripe.requests[-1]
    assert refund.params["payment_intent"] == ["pi_test_1"]
    assert refund.headers["Idempotency-Key"] == f"refund-{placed_order.number}"
    db_session.refresh(placed_order)
    assert (placed_order.status.value, placed_order.payment_status.value) == (
        "cancelled",
        "refund_pending",
    )
    charge = {"id": "ch_1", "object": "charge", "payment_intent": "pi_test_1", "refunded": True}
    post_event(client, event("evt_15", "charge.refunded", charge))
    db_session.refresh(placed_order)
    assert placed_order.payment_status.value == "refunded"
    subject = translated(
        stripe_app,
        placed_order.locale,
        "Your order %(number)s is cancelled",
        number=placed_order.number,
    )
    assert [message["Subject"] for message in outbox][-1] == subject


def test_a_refund_stripe_refuses_changes_nothing(
    stripe_app, client, db_session, fake_stripe, placed_order
):
    post_event(
        client, event("evt_16", "checkout.session.completed", checkout_session(placed_order))
    )
    fake_stripe.answer(
        "POST", "/v1/refunds", {"error": {"type": "api_error", "message": "down"}}, status=500
    )
    with client.session_transaction() as flask_session:
        flask_session["guest_orders"] = [placed_order.number]
    response = client.post(f"/en/orders/{placed_order.number}/cancel")
    assert response.status_code == 302
    db_session.refresh(placed_order)
    assert (placed_order.status.value, placed_order.payment_status.value) == ("confirmed", "paid")


def test_an_asynchronous_payment_keeps_the_stock_until_it_succeeds(
    stripe_app, client, db_session, placed_order
):
    waiting = checkout_session(placed_order, payment_status="unpaid")
    assert (
        post_event(client, event("evt_17", "checkout.session.completed", waiting)).status_code
        == 200
    )
    db_session.refresh(placed_order)
    assert (placed_order.status.value, placed_order.payment_status.value) == (
        "placed",
        "processing",
    )
    assert expire_overdue_orders(db_session, utcnow() + timedelta(hours=2)) == 0
    with client.session_transaction() as flask_session:
        flask_session["guest_orders"] = [placed_order.number]
    assert "Pay now" not in client.get(f"/en/orders/{placed_order.number}").get_data(as_text=True)
    paid = checkout_session(placed_order)
    post_event(client, event("evt_18", "checkout.session.async_payment_succeeded", paid))
    db_session.refresh(placed_order)
    assert (placed_order.status.value, placed_order.payment_status.value) == ("confirmed", "paid")


def test_many_events_replayed_out_of_order_pay_each_order_once(
    stripe_app, client, db_session, two_coops, outbox
):
    """Eight orders, each with a completed session, a processing-then-succeeded pair and the
    redeliveries Stripe makes, posted in a shuffled order: every order paid once, split once,
    one confirmation each. benchmarks/webhook_replay.py posts 1,000 such events to gunicorn."""
    import random

    from storefront.checkout.placement import place_order
    from storefront.shipping.models import ShippingMethod
    from tests.storefront.conftest import buyer

    tea, duck = two_coops
    orders = []
    for n in range(8):
        order = place_order(
            db_session,
            {tea.variants[0].id: 1, duck.variants[0].id: 1},
            buyer(),
            ShippingMethod.INTERNATIONAL_EXPRESS,
        )
        order.payment_provider, order.payment_reference = "stripe", f"cs_test_{n}"
        orders.append(order)
    db_session.commit()
    posts = []
    for n, order in enumerate(orders):
        paid = checkout_session(order, session_id=f"cs_test_{n}", intent=f"pi_test_{n}")
        waiting = {**paid, "payment_status": "unpaid"}
        posts += [
            event(f"evt_{n}_completed", "checkout.session.completed", paid),
            event(f"evt_{n}_processing", "checkout.session.completed", waiting),
            event(f"evt_{n}_succeeded", "checkout.session.async_payment_succeeded", paid),
        ]
    posts += posts[: len(posts) // 2]  # redeliveries of the same events
    random.Random(15).shuffle(posts)
    assert {post_event(client, payload).status_code for payload in posts} == {200}

    for order in orders:
        db_session.refresh(order)
        assert (order.status.value, order.payment_status.value) == ("confirmed", "paid")
        assert len(order.sub_orders) == 2
    assert db_session.scalar(select(func.count()).select_from(ProcessedWebhookEvent)) == 24
    subjects = sorted(message["Subject"] for message in outbox)
    assert subjects == sorted(f"Your order {order.number} is confirmed" for order in orders)
