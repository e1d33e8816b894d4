"""1,000 Stripe webhook events, replayed out of order against gunicorn: each order paid once.

``make benchmark-webhooks``: a private PostgreSQL cluster, ``--events / 4`` placed orders
(unpaid, on Stripe), gunicorn (deploy/, 4 workers) with the Stripe provider and a webhook
secret of the run's own. For each order three events as Stripe sends them (the session
completed and paid, the session completed while the payment is still processing, the
asynchronous payment succeeded) and a redelivery of a quarter of all events (Stripe retries
what it thinks failed), all signed, shuffled, and posted by ``--clients`` clients at once. Then
the database: every order paid, one "paid" audit row per order, one set of parcels, two customs
messages per parcel, one confirmation e-mail per order, one stored event per event id.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from production_shape import (  # noqa: E402
    flask,
    fresh_database,
    private_postgres,
    shop_env,
    shop_server,
)

SECRET = "whsec_benchmark_replay_secret"


def place_orders(database: str, count: int) -> list[tuple[int, str, int]]:
    """Unpaid Stripe orders through the real placement service: (id, number, total in fen)."""
    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from catalog.eligibility import blocked_classes
    from catalog.models import Variant
    from catalog.money import to_minor_units
    from storefront import create_app
    from storefront.checkout.placement import BuyerDetails, place_order
    from storefront.config import normalise_database_url
    from storefront.demo.orders import sellable_variants
    from storefront.extensions import db
    from storefront.shipping.addresses import PostalAddress
    from storefront.shipping.models import ShippingMethod

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": normalise_database_url(database), "MAIL_BACKEND": "memory"}
    )
    rng = random.Random(7)
    placed = []
    with app.app_context(), Session(db.engine) as session:
        session.execute(update(Variant).values(stock=100_000))
        session.commit()
        blocked = blocked_classes(session, "SG")
        packs = [v.id for v in sellable_variants(session) if v.product.product_class not in blocked]
        buyer = BuyerDetails(
            email="replay.buyer@example.com",
            recipient_name="Mei Ling Tan",
            phone="+65 6123 4567",
            address=PostalAddress("SG", "10 Bayfront Avenue", postal_code="018956"),
            locale="en",
        )
        for n in range(count):
            chosen = rng.sample(packs, 2)
            order = place_order(
                session, {chosen[0]: 1, chosen[1]: 1}, buyer, ShippingMethod.POSTAL_PARCEL
            )
            order.payment_provider, order.payment_reference = "stripe", f"cs_bench_{n}"
            session.commit()
            placed.append((order.id, order.number, to_minor_units(order.total, order.currency)))
        db.engine.dispose()
    return placed


def events_for(n: int, order: tuple[int, str, int]) -> list[str]:
    order_id, number, amount = order
    session = {
        "id": f"cs_bench_{n}",
        "object": "checkout.session",
        "status": "complete",
        "payment_status": "paid",
        "amount_total": amount,
        "currency": "cny",
        "client_reference_id": number,
        "metadata": {"order_id": str(order_id), "order_number": number},
        "payment_intent": f"pi_bench_{n}",
    }
    kinds = [
        (f"evt_{n}_completed", "checkout.session.completed", session),
        (
            f"evt_{n}_processing",
            "checkout.session.completed",
            {**session, "payment_status": "unpaid"},
        ),
        (f"evt_{n}_succeeded", "checkout.session.async_payment_succeeded", session),
    ]
    return [
        json.dumps(
            {"id": i, "object": "event", "type": t, "data": {"object": o}, "livemode": False}
        )
        for i, t, o in kinds
    ]


def check(database: str, numbers: list[str]) -> dict[str, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(database.replace("postgresql://", "postgresql+psycopg://", 1))
    queries = {
        "orders paid": "SELECT count(*) FROM orders WHERE payment_status = 'paid'",
        "orders not paid": "SELECT count(*) FROM orders WHERE payment_status <> 'paid'",
        "orders with more than one 'paid' audit row": "SELECT count(*) FROM (SELECT order_id "
        "FROM order_events WHERE machine = 'payment' AND to_status = 'paid' GROUP BY order_id "
        "HAVING count(*) > 1) x",
        "parcels split twice (same order and producer)": "SELECT count(*) FROM (SELECT order_id, "
        "producer_id FROM sub_orders GROUP BY order_id, producer_id HAVING count(*) > 1) x",
        "parcels without exactly two customs messages": "SELECT count(*) FROM sub_orders s WHERE "
        "(SELECT count(*) FROM customs_declarations d WHERE d.sub_order_id = s.id) <> 2",
        "confirmation e-mails": "SELECT count(*) FROM mail_outbox WHERE subject LIKE '%confirmed'",
        "stored webhook events": "SELECT count(*) FROM processed_webhook_events",
        "refunds asked for": "SELECT count(*) FROM orders WHERE refund_reference IS NOT NULL",
    }
    with engine.connect() as conn:
        found = {name: conn.execute(text(sql)).scalar() for name, sql in queries.items()}
        per_order = conn.execute(
            text(
                "SELECT count(*) FROM orders o WHERE (SELECT count(*) FROM mail_outbox m WHERE "
                "m.subject LIKE '%' || o.number || '%') <> 1"
            )
        ).scalar()
        found["orders without exactly one confirmation"] = per_order
    engine.dispose()
    return found


def main() -> None:
    import stripe

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    orders_count = args.events // 4  # three events each, and a quarter of them again
    with ExitStack() as stack:
        cluster = stack.enter_context(private_postgres())
        database = stack.enter_context(fresh_database(cluster.url, "webhooks"))
        env = shop_env(
            STOREFRONT_DATABASE_URL=database,
            STOREFRONT_PAYMENT_PROVIDER="stripe",
            STOREFRONT_STRIPE_SECRET_KEY="sk_test_benchmark",
            STOREFRONT_STRIPE_WEBHOOK_SECRET=SECRET,
            STOREFRONT_MAIL_DELIVERY="worker",
            STOREFRONT_LOG_LEVEL="WARNING",
        )
        flask(env, "db", "upgrade")
        flask(env, "demo", "load")
        flask(env, "customs", "keys")
        orders = place_orders(database, orders_count)
        payloads = [p for n, order in enumerate(orders) for p in events_for(n, order)]
        rng = random.Random(1000)
        payloads += rng.sample(payloads, args.events - len(payloads))
        rng.shuffle(payloads)
        base, _master = stack.enter_context(shop_server(env, 4))

        def post(payload: str) -> int:
            header = stripe.WebhookSignature.generate_signature_header(payload, SECRET)
            answer = requests.post(
                base + "/payments/stripe/webhook",
                data=payload,
                headers={"Stripe-Signature": header, "Content-Type": "application/json"},
                timeout=30,
            )
            return answer.status_code

        started = time.monotonic()
        with ThreadPoolExecutor(args.clients) as pool:
            statuses = list(pool.map(post, payloads))
        elapsed = time.monotonic() - started
        print(
            f"{len(payloads)} events for {len(orders)} orders posted by {args.clients} clients in "
            f"{elapsed:.1f} s ({len(payloads) / elapsed:.0f}/s); answers: "
            f"{ {code: statuses.count(code) for code in sorted(set(statuses))} }"
        )
        print("check: " + json.dumps(check(database, [number for _i, number, _a in orders])))


if __name__ == "__main__":
    main()
