"""The production shape under load: gunicorn (deploy/), PostgreSQL, Redis, 64 visitors.

One command (``make benchmark-production``; ``make benchmark-production-faults`` adds the
PostgreSQL restart): a fresh database on PostgreSQL (``--postgres``: a server URL, or
``private`` for a cluster of this run's own, which ``--restart-postgres-at`` needs), a private
``redis-server``, the demo catalog plus ``--products`` generated ones with deep stock, gunicorn
with ``deploy/gunicorn.conf.py`` and ``--workers`` workers, then ``--clients`` visitors (aiohttp,
each with its own cookies) for ``--seconds``:

* 10 % of visits (``--checkout-share``) check out: product page, add to cart, address form,
  address, review, place the order, the sandbox payment page, pay: eight requests, with the
  CSRF tokens a browser would send;
* of the others, 7 in 9 browse (home, a listing page, a county page, a product page: one
  request each) and 2 in 9 search (a word from the catalog, in English or Chinese).

It prints requests/s, p50/p95/p99 per kind, errors (5xx, and refused or timed-out requests),
checkouts completed per second, each worker's peak memory (VmHWM), then checks the database:
no order without lines or reservations, no paid order without parcels, stock conservation
(units left the shelf = units held or sold). With ``--restart-postgres-at T`` the private
cluster is restarted (fast shutdown) T seconds in; the report says when the last error came
relative to PostgreSQL being back.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from production_shape import (  # noqa: E402
    children,
    flask,
    fresh_database,
    memory_mb,
    private_postgres,
    private_redis,
    shop_env,
    shop_server,
)

TOKEN = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
PLACEMENT_KEY = re.compile(r'name="placement_key"[^>]*?value="([^"]+)"')
ADDRESS = {
    "email": "load.buyer@example.com",
    "recipient_name": "Mei Ling Tan",
    "phone": "+65 6123 4567",
    "country": "SG",
    "street_address": "10 Bayfront Avenue",
    "postal_code": "018956",
}
SEARCHES = ("tea", "duck", "orange", "chili", "鸭", "茶", "Linwu", "rice noodles", "Guidong")


@dataclass
class Stats:
    started: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    errors: list[tuple[float, str, str]] = field(default_factory=list)  # (time, kind, what)
    checkouts: list[float] = field(default_factory=list)

    def record(self, kind: str, status: int, seconds: float) -> None:
        self.latencies[kind].append(seconds)
        self.statuses[status] += 1
        if status >= 500:
            self.errors.append((time.time(), kind, str(status)))


@dataclass(frozen=True)
class Targets:
    products: list[str]  # /en/products/<slug>
    listings: list[str]
    counties: list[str]
    variants: list[tuple[str, int]]  # (product path, variant id) sellable to Singapore


def token(html: str) -> str:
    found = TOKEN.search(html)
    return found.group(1) if found else ""


class Visitor:
    def __init__(
        self, http, stats: Stats, rng: random.Random, targets: Targets, checkout_share: float
    ) -> None:
        self.http, self.stats, self.rng, self.targets = http, stats, rng, targets
        self.checkout_share = checkout_share

    async def request(self, kind: str, method: str, path: str, data=None) -> tuple[int, str]:
        started = time.perf_counter()
        try:
            async with self.http.request(method, path, data=data, allow_redirects=False) as answer:
                body = await answer.text()
                self.stats.record(kind, answer.status, time.perf_counter() - started)
                location = answer.headers.get("Location", "")
                return answer.status, body if answer.status < 300 else location
        except Exception as error:  # refused, reset, timed out: an error the visitor sees
            self.stats.errors.append((time.time(), kind, type(error).__name__))
            self.stats.statuses["error"] += 1
            return 0, ""

    async def browse(self) -> None:
        choice = self.rng.random()
        if choice < 0.15:
            await self.request("home", "GET", "/en/")
        elif choice < 0.35:
            await self.request("listing", "GET", self.rng.choice(self.targets.listings))
        elif choice < 0.45:
            await self.request("county", "GET", self.rng.choice(self.targets.counties))
        else:
            await self.request("product", "GET", self.rng.choice(self.targets.products))

    async def search(self) -> None:
        term = self.rng.choice(SEARCHES)
        await self.request("search", "GET", f"/en/search?q={term}")

    async def checkout(self) -> None:
        product, variant_id = self.rng.choice(self.targets.variants)
        status, html = await self.request("checkout", "GET", product)
        if status != 200:
            return
        status, _ = await self.request(
            "checkout",
            "POST",
            "/en/cart/add",
            {"csrf_token": token(html), "variant_id": str(variant_id), "quantity": "1"},
        )
        if status not in (302, 303):
            return
        status, html = await self.request("checkout", "GET", "/en/checkout")
        if status != 200:
            return
        status, _ = await self.request(
            "checkout", "POST", "/en/checkout", {**ADDRESS, "csrf_token": token(html)}
        )
        if status not in (302, 303):
            return
        status, html = await self.request("checkout", "GET", "/en/checkout/review")
        key = PLACEMENT_KEY.search(html or "")
        if status != 200 or key is None:
            return
        status, location = await self.request(
            "checkout",
            "POST",
            "/en/checkout/place",
            {
                "csrf_token": token(html),
                "shipping_method": "postal_parcel",
                "placement_key": key.group(1),
            },
        )
        if status not in (302, 303) or "/payments/sandbox/" not in location:
            return
        sandbox = location.split("://", 1)[-1].split("/", 1)[-1]
        status, html = await self.request("checkout", "GET", "/" + sandbox)
        if status != 200:
            return
        status, location = await self.request(
            "checkout", "POST", "/" + sandbox, {"csrf_token": token(html), "decision": "pay"}
        )
        if status in (302, 303) and "/orders/" in location:
            self.stats.checkouts.append(time.time())

    async def run(self, until: float) -> None:
        while time.time() < until:
            choice = self.rng.random()
            if choice < self.checkout_share:
                await self.checkout()
            elif choice < self.checkout_share + (1 - self.checkout_share) * 2 / 9:
                await self.search()
            else:
                await self.browse()


async def load(
    base: str, clients: int, seconds: float, targets: Targets, stats: Stats, checkout_share: float
) -> None:
    import aiohttp

    stats.started = time.time()
    until = stats.started + seconds
    timeout = aiohttp.ClientTimeout(total=30)
    connector = aiohttp.TCPConnector(limit=0)

    async def one(n: int) -> None:
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(
            base_url=base, cookie_jar=jar, timeout=timeout, connector=connector,
            connector_owner=False,
        ) as http:  # fmt: skip
            await Visitor(http, stats, random.Random(n), targets, checkout_share).run(until)

    try:
        await asyncio.gather(*(one(n) for n in range(clients)))
    finally:
        await connector.close()


def prepare(database: str, products: int) -> tuple[dict[str, str], Targets]:
    env = shop_env(STOREFRONT_DATABASE_URL=database)
    flask(env, "db", "upgrade")
    flask(env, "demo", "load")
    flask(env, "customs", "keys")
    if products:
        flask(env, "demo", "generate", "--products", str(products))
    from sqlalchemy import select, update
    from sqlalchemy.orm import Session

    from catalog.eligibility import blocked_classes
    from catalog.models import County, CountyTranslation, ProductTranslation, Variant
    from storefront import create_app
    from storefront.demo.orders import sellable_variants
    from storefront.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "MAIL_BACKEND": "memory"})
    with app.app_context(), Session(db.engine) as session:
        session.execute(update(Variant).values(stock=1_000_000))
        session.commit()
        slugs = session.scalars(
            select(ProductTranslation.slug).where(ProductTranslation.locale == "en")
        ).all()
        counties = session.scalars(
            select(CountyTranslation.slug)
            .join(County, County.id == CountyTranslation.county_id)
            .where(CountyTranslation.locale == "en")
        ).all()
        blocked = blocked_classes(session, "SG")
        sellable = [
            (f"/en/products/{slug}", variant.id)
            for variant in sellable_variants(session)[:400]
            if variant.product.product_class not in blocked
            for slug in [next(t.slug for t in variant.product.translations if t.locale == "en")]
        ]
        db.engine.dispose()
    rng = random.Random(2026)
    targets = Targets(
        products=[f"/en/products/{slug}" for slug in rng.sample(slugs, min(300, len(slugs)))],
        listings=["/en/products/"]
        + [f"/en/products/?page={n}" for n in range(2, min(6, len(slugs) // 24 + 1))],
        counties=[f"/en/counties/{slug}" for slug in counties],
        variants=rng.sample(sellable, min(60, len(sellable))),
    )
    return env, targets


def check_orders(database: str) -> dict[str, int]:
    """What a half-written order would leave behind: none of these may be above zero."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database.replace("postgresql://", "postgresql+psycopg://", 1))
    queries = {
        "orders": "SELECT count(*) FROM orders",
        "paid orders": "SELECT count(*) FROM orders WHERE payment_status = 'paid'",
        "orders without lines": "SELECT count(*) FROM orders o WHERE NOT EXISTS "
        "(SELECT 1 FROM order_lines l WHERE l.order_id = o.id)",
        "orders without reservations": "SELECT count(*) FROM orders o WHERE NOT EXISTS "
        "(SELECT 1 FROM stock_reservations r WHERE r.order_id = o.id)",
        "paid orders without parcels": "SELECT count(*) FROM orders o WHERE "
        "o.payment_status = 'paid' AND NOT EXISTS "
        "(SELECT 1 FROM sub_orders s WHERE s.order_id = o.id)",
        "paid orders without confirmation e-mail": "SELECT count(*) FROM orders o WHERE "
        "o.payment_status = 'paid' AND NOT EXISTS (SELECT 1 FROM mail_outbox m WHERE "
        "m.subject LIKE '%' || o.number || '%')",
        "packs whose units do not add up": "SELECT count(*) FROM variants v WHERE "
        "1000000 - v.stock <> COALESCE((SELECT sum(r.quantity) FROM stock_reservations r "
        "WHERE r.variant_id = v.id AND r.status IN ('held', 'committed')), 0)",
    }
    with engine.connect() as conn:
        found = {name: conn.execute(text(sql)).scalar() for name, sql in queries.items()}
    engine.dispose()
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0.0


def report(stats: Stats, seconds: float, memory: dict[int, float], restart) -> None:
    total = sum(len(v) for v in stats.latencies.values())
    print(f"\n{total} answers in {seconds:.0f} s: {total / seconds:,.0f} requests/s")
    print(f"{'kind':<10} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    pages = []
    for kind, values in sorted(stats.latencies.items()):
        if kind != "checkout":
            pages += values
        print(
            f"{kind:<10} {len(values):>7} {percentile(values, 0.5):>8.1f} "
            f"{percentile(values, 0.95):>8.1f} {percentile(values, 0.99):>8.1f}"
        )
    print(
        f"{'pages':<10} {len(pages):>7} {percentile(pages, 0.5):>8.1f} "
        f"{percentile(pages, 0.95):>8.1f} {percentile(pages, 0.99):>8.1f}"
    )
    fives = sum(
        count
        for status, count in stats.statuses.items()
        if isinstance(status, int) and status >= 500
    )
    print(f"statuses: {dict(sorted(stats.statuses.items(), key=str))}")
    print(f"errors: {fives} answers 5xx, {stats.statuses['error']} requests without an answer")
    print(f"checkouts completed: {len(stats.checkouts)} = {len(stats.checkouts) / seconds:.2f}/s")
    print(
        "peak memory per worker (VmHWM, MB): "
        + ", ".join(f"{value:.0f}" for value in sorted(memory.values()))
    )
    if restart:
        down, up = restart
        errors = [moment for moment, _kind, _what in stats.errors]
        during = [m for m in errors if m >= down - 1]
        last = max(during) if during else None
        print(
            f"PostgreSQL restarted at {down - stats.started:.1f} s, back after {up - down:.1f} s; "
            f"{len(during)} errors from then on; "
            + (f"the last one {last - up:+.1f} s after it was back" if last else "no error at all")
        )
        kinds = Counter((kind, what) for moment, kind, what in stats.errors if moment >= down - 1)
        print(f"errors by kind: {dict(kinds)}")
        timeline = Counter(int(m - stats.started) for m in errors)
        print("errors per second of the run: " + json.dumps(dict(sorted(timeline.items()))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="private", help="'private' or a server URL")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--restart-postgres-at", type=float, default=0.0)
    parser.add_argument(
        "--checkout-share", type=float, default=0.10, help="visits that check out (0.10)"
    )
    parser.add_argument("--no-redis", action="store_true", help="without Redis (SQLite limits)")
    args = parser.parse_args()
    if args.restart_postgres_at and args.postgres != "private":
        parser.error("--restart-postgres-at restarts a private cluster: use --postgres private")

    with ExitStack() as stack:
        cluster = stack.enter_context(private_postgres()) if args.postgres == "private" else None
        server = cluster.url if cluster else args.postgres
        database = stack.enter_context(fresh_database(server, "load"))
        redis_url = "" if args.no_redis else stack.enter_context(private_redis())
        print(f"preparing {database} (demo + {args.products} products)...", flush=True)
        env, targets = prepare(database, args.products)
        env.update(STOREFRONT_REDIS_URL=redis_url, STOREFRONT_MAIL_DELIVERY="worker")
        log = Path(tempfile.mkdtemp(prefix="storefront-load-")) / "gunicorn.log"
        base, master = stack.enter_context(shop_server(env, args.workers, log))
        workers = children(master)
        print(f"gunicorn {master}, workers {workers}; {args.clients} clients, {args.seconds:.0f} s")
        memory: dict[int, float] = {}
        done = threading.Event()

        def watch_memory() -> None:
            while not done.is_set():
                for pid in children(master):
                    memory[pid] = max(memory.get(pid, 0.0), memory_mb(pid, "VmHWM"))
                time.sleep(0.5)

        restart: list[tuple[float, float]] = []

        def restart_postgres() -> None:
            time.sleep(args.restart_postgres_at)
            restart.append(cluster.restart())

        threads = [threading.Thread(target=watch_memory, daemon=True)]
        if args.restart_postgres_at:
            threads.append(threading.Thread(target=restart_postgres, daemon=True))
        for thread in threads:
            thread.start()
        stats = Stats()
        asyncio.run(load(base, args.clients, args.seconds, targets, stats, args.checkout_share))
        elapsed = time.time() - stats.started
        done.set()
        report(stats, elapsed, memory, restart[0] if restart else None)
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
        request_lines = sum('"storefront.request"' in line for line in lines)
        print(
            f"log: {len(lines)} JSON lines ({request_lines} request lines); lines naming the "
            f"buyer's address: {sum(ADDRESS['email'] in line for line in lines)}"
        )
        print("orders check: " + json.dumps(check_orders(database)))


if __name__ == "__main__":
    main()
