"""Two application instances, as two machines: one shop on one PostgreSQL and one Redis.

``make benchmark-two-instances``: two gunicorn masters (deploy/gunicorn.conf.py, two workers
each) on two ports, sharing a private PostgreSQL cluster and a private Redis, with the same
secret key, then:

1. a visitor's cart made on A is on B (the session is a signed cookie, the cart in it);
2. a buyer signed in on A is signed in on B (the account page, the session generation check);
3. a page rendered on A is served by B from Redis (``X-Page-Cache: shared``);
4. the last pack of a product bought through A (the full checkout over HTTP) shows "Sold out"
   on B's cached product page within ``CATALOG_STAMP_SECONDS``;
5. a product's name changed in the database the way the cooperative portal will change it
   (an ORM edit and commit, from a process of its own) shows on A and B within those seconds.

Each step prints what it saw and how long it took.
"""

from __future__ import annotations

import re
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from production_load import ADDRESS, PLACEMENT_KEY, token  # noqa: E402
from production_shape import (  # noqa: E402
    flask,
    fresh_database,
    private_postgres,
    private_redis,
    shop_env,
    shop_server,
)

STAMP_SECONDS = 2.0


def title(html: str) -> str:
    found = re.search(r"<h1[^>]*>([^<]+)</h1>", html)
    return found.group(1).strip() if found else ""


def wait_until(check, timeout: float = 15.0) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(0.05)
    return None


def prepare(database: str) -> tuple[dict[str, str], str, int, str, int]:
    env = shop_env(
        STOREFRONT_DATABASE_URL=database,
        STOREFRONT_SECRET_KEY="two-machines-one-secret-key-for-the-benchmark-0123",
        STOREFRONT_CATALOG_STAMP_SECONDS=str(STAMP_SECONDS),
        STOREFRONT_MAIL_DELIVERY="worker",
        STOREFRONT_LOG_LEVEL="WARNING",
        # Both machines serve the shop's one address (their own ports are trusted hosts in
        # development): the shared page cache is keyed by it.
        STOREFRONT_PUBLIC_URL="http://shop.example",
    )
    flask(env, "db", "upgrade")
    flask(env, "demo", "load")
    flask(env, "customs", "keys")
    from sqlalchemy.orm import Session

    from catalog.eligibility import blocked_classes
    from storefront import create_app
    from storefront.config import normalise_database_url
    from storefront.demo.orders import sellable_variants
    from storefront.extensions import db

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": normalise_database_url(database), "MAIL_BACKEND": "memory"}
    )
    with app.app_context(), Session(db.engine) as session:
        blocked = blocked_classes(session, "SG")
        sellable = [v for v in sellable_variants(session) if v.product.product_class not in blocked]
        last, other = (
            sellable[0],
            next(v for v in sellable if v.product_id != sellable[0].product_id),
        )
        last.stock = 1  # one pack left: bought through A below
        session.commit()
        slug = next(t.slug for t in last.product.translations if t.locale == "en")
        other_slug = next(t.slug for t in other.product.translations if t.locale == "en")
        found = (slug, last.id, other_slug, other.product_id)
        db.engine.dispose()
    return env, *found


def rename_product(database: str, product_id: int, name: str) -> None:
    """What the cooperative portal will do: an ORM edit, committed (the revision hook)."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from catalog.models import ProductTranslation
    from storefront import create_app
    from storefront.config import normalise_database_url
    from storefront.extensions import db

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": normalise_database_url(database), "MAIL_BACKEND": "memory"}
    )
    with app.app_context(), Session(db.engine) as session:
        text = session.scalars(
            select(ProductTranslation).where(
                ProductTranslation.product_id == product_id, ProductTranslation.locale == "en"
            )
        ).one()
        text.name = name
        session.commit()
        db.engine.dispose()


def buy_last_pack(http: requests.Session, base: str, path: str, variant_id: int) -> bool:
    page = http.get(base + path)
    added = http.post(
        base + "/en/cart/add",
        data={"csrf_token": token(page.text), "variant_id": variant_id, "quantity": 1},
        allow_redirects=False,
    )
    form = http.get(base + "/en/checkout")
    http.post(base + "/en/checkout", data={**ADDRESS, "csrf_token": token(form.text)})
    review = http.get(base + "/en/checkout/review")
    key = PLACEMENT_KEY.search(review.text)
    placed = http.post(
        base + "/en/checkout/place",
        data={
            "csrf_token": token(review.text),
            "shipping_method": "postal_parcel",
            "placement_key": key.group(1) if key else "",
        },
        allow_redirects=False,
    )
    sandbox = placed.headers.get("Location", "")
    payment = http.get(sandbox if sandbox.startswith("http") else base + sandbox)
    paid = http.post(
        payment.url,
        data={"csrf_token": token(payment.text), "decision": "pay"},
        allow_redirects=False,
    )
    return added.status_code == 302 and "/orders/" in paid.headers.get("Location", "")


def main() -> None:
    with ExitStack() as stack:
        cluster = stack.enter_context(private_postgres())
        database = stack.enter_context(fresh_database(cluster.url, "two"))
        redis_url = stack.enter_context(private_redis())
        env, slug, last_variant, other_slug, other_product = prepare(database)
        env["STOREFRONT_REDIS_URL"] = redis_url
        a, _ = stack.enter_context(shop_server(env, 2))
        b, _ = stack.enter_context(shop_server(env, 2))
        print(f"A = {a}, B = {b}, one PostgreSQL (private cluster), one Redis")
        product, other = f"/en/products/{slug}", f"/en/products/{other_slug}"

        visitor = requests.Session()
        page = visitor.get(a + product)
        visitor.post(
            a + "/en/cart/add",
            data={"csrf_token": token(page.text), "variant_id": last_variant, "quantity": 1},
        )
        on_b = visitor.get(b + "/en/cart")
        in_cart = f'id="qty-{last_variant}"' in on_b.text
        print(f"1. cart made on A, seen on B: {in_cart}")

        buyer = requests.Session()
        form = buyer.get(a + "/en/account/login")
        buyer.post(
            a + "/en/account/login",
            data={
                "csrf_token": token(form.text),
                "email": "buyer@demo.test",
                "password": "demo-password-2026",
            },
        )
        account = buyer.get(b + "/en/account/", allow_redirects=False)
        print(
            f"2. signed in on A, account page on B: {account.status_code} "
            f"(signed in: {account.status_code == 200 and 'Sign out' in account.text})"
        )

        first = requests.get(a + other)
        shared = requests.get(b + other)
        print(
            f"3. page rendered on A ({first.headers.get('X-Page-Cache')}), then on B: "
            f"X-Page-Cache {shared.headers.get('X-Page-Cache')}, same title: "
            f"{title(first.text) == title(shared.text)}"
        )

        before = requests.get(b + product).text.count("Sold out")  # cached on B, in stock
        bought = buy_last_pack(requests.Session(), a, product, last_variant)
        sold_out = wait_until(
            lambda: requests.get(b + product).text.count("Sold out") == before + 1
        )
        print(
            f"4. last pack bought through A ({'paid' if bought else 'NOT paid'}): B's page says "
            f"Sold out after {sold_out:.2f} s (CATALOG_STAMP_SECONDS {STAMP_SECONDS})"
            if sold_out is not None
            else "4. B never showed the sale"
        )

        for base in (a, b):
            requests.get(base + other)  # cached on both
        rename_product(database, other_product, "Renamed by its cooperative")
        seen = {
            name: wait_until(
                lambda base=base: (
                    title(requests.get(base + other).text) == "Renamed by its cooperative"
                )
            )
            for name, base in (("A", a), ("B", b))
        }
        print(
            "5. product renamed in the database: fresh on "
            + ", ".join(
                f"{name} after {value:.2f} s" if value is not None else f"{name} NEVER"
                for name, value in seen.items()
            )
            + f" (polled one after the other; CATALOG_STAMP_SECONDS {STAMP_SECONDS})"
        )


if __name__ == "__main__":
    main()
