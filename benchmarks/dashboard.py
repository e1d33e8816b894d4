"""The statistics dashboard, its CSV and the public development index with many orders:
p50/p95 per page and the number of SQL statements per page (which must not grow).

Usage:
    .venv/bin/python benchmarks/dashboard.py [--database-url URL] [--orders 100000]
        [--first 1000] [--rounds 40]

Without --database-url a fresh SQLite file in a temporary folder is used; a PostgreSQL URL must
name an empty database of its own (the script migrates it and loads the demo catalog).

Orders are written by ``storefront.demo.bulk_orders`` (the generator behind
``flask demo bulk-orders``): sold export orders paid over twelve months, 1-3 lines, a parcel per
producer and its inventory list at customs. Then the roll-up job runs once, as
``flask scheduler run`` does every 15 minutes (``flask statistics rollup``): the pages read
the finished days from ``statistics_days`` and today from the orders. The pages are measured
twice: with ``--first`` orders and with ``--orders``; each page is requested ``--rounds``
times through the Flask test client (routing, role check, queries, SVG and tables in Jinja),
after 3 warm-up requests.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event, text  # noqa: E402

from catalog.demo.loader import load_demo_catalog  # noqa: E402
from storefront import create_app  # noqa: E402
from storefront.accounts.models import User, UserRole  # noqa: E402
from storefront.demo.bulk_orders import generate_bulk_orders  # noqa: E402
from storefront.extensions import db  # noqa: E402
from storefront.statistics.periods import CHINA, add_months  # noqa: E402
from storefront.statistics.rollups import refresh_rollups  # noqa: E402

PASSWORD = "benchmark passphrase"
_TODAY = datetime.now(CHINA).date()
# the three whole months before the current one
_QUARTER = f"?from={add_months(_TODAY, -3)}&to={add_months(_TODAY, 0) - timedelta(days=1)}"
PAGES = (
    "/zh-hans/admin/statistics/",
    "/zh-hans/admin/statistics/" + _QUARTER,
    "/zh-hans/admin/statistics/statistics.csv",
    "/zh-hans/development-index/",
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(client, path: str, rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds):
        began = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return timings


def statements(app, client, path: str) -> int:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(seen)


def add_orders(app, count: int, seed: int) -> tuple[float, float]:
    """Write the orders, then run the roll-up job as the scheduler would: (write s, job s)."""
    began = time.perf_counter()
    with app.app_context():
        generate_bulk_orders(db.session, count, seed=seed)
        db.session.commit()
        written = time.perf_counter()
        refresh_rollups(db.session)
        db.session.commit()
        rolled = time.perf_counter()
        db.session.execute(text("ANALYZE"))  # planner statistics after the bulk insert
        db.session.commit()
    return written - began, rolled - written


def run_pages(app, client, rounds: int, label: str) -> dict[str, int]:
    counts = {}
    print(f"\n{label}")
    print(f"{'page':62} {'SQL':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for path in PAGES:
        measure(client, path, 3)  # warm the templates and the connection pool
        counts[path] = statements(app, client, path)
        timings = measure(client, path, rounds)
        print(
            f"{path:62} {counts[path]:4d} {statistics.median(timings):8.1f} "
            f"{percentile(timings, 0.95):8.1f} {max(timings):8.1f}"
        )
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--first", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dashboard-bench-"))
    url = args.database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "benchmark-secret",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "MAIL_BACKEND": "memory",
            "MEDIA_DIR": str(folder / "media"),
            "CUSTOMS_EXCHANGE_DIR": str(folder / "customs"),
        }
    )
    with app.app_context():
        upgrade()
        load_demo_catalog(db.session)
        operator = User(email="operator@bench.test", role=UserRole.OPERATOR, locale="zh-hans")
        operator.set_password(PASSWORD)
        db.session.add(operator)
        db.session.commit()
        dialect = db.engine.dialect.name
    client = app.test_client()
    client.post(
        "/zh-hans/account/login", data={"email": "operator@bench.test", "password": PASSWORD}
    )
    write, job = add_orders(app, args.first, seed=1)
    few = run_pages(
        app,
        client,
        args.rounds,
        f"{args.first} orders ({dialect}; {write:.1f} s to write, roll-up job {job:.1f} s)",
    )
    write, job = add_orders(app, args.orders - args.first, seed=2)
    many = run_pages(
        app,
        client,
        args.rounds,
        f"{args.orders} orders ({dialect}; +{write:.1f} s to write, roll-up job {job:.1f} s)",
    )
    print("\nSQL statements per page the same with more orders:", few == many)
    if few != many:
        sys.exit(1)


if __name__ == "__main__":
    main()
