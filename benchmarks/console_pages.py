"""The operator console's management pages over a big history: p50 and p95 per page, and the
number of SQL statements each page runs (it must not grow with the data).

Usage:
    .venv/bin/python benchmarks/console_pages.py [--database-url URL] [--parcels 20000]
        [--rounds 30]

Without --database-url a fresh SQLite file in a temporary folder is used; a PostgreSQL URL must
name an empty database of its own. The Linwu duck cooperative gets ``--parcels`` paid parcels in
every stage (``coop_portal.add_parcels``: orders, lines, CEB303/CEB603 declarations), each order
three ``order_events`` rows and each declaration two ``customs_declaration_events`` rows (one a
refusal for every tenth), written with bulk inserts; then the operator requests each page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from coop_portal import CHUNK, add_parcels, add_products, percentile  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event, insert, select, text  # noqa: E402

from catalog.demo.loader import load_demo_catalog  # noqa: E402
from catalog.models import Producer  # noqa: E402
from storefront import create_app  # noqa: E402
from storefront.accounts.models import User, UserRole  # noqa: E402
from storefront.customs.declarations.models import (  # noqa: E402
    CustomsDeclaration,
    CustomsDeclarationEvent,
)
from storefront.extensions import db  # noqa: E402
from storefront.inventory.ledger import take_on_stock  # noqa: E402
from storefront.orders.models import Order, OrderEvent  # noqa: E402

PASSWORD = "benchmark passphrase"


def add_events() -> None:
    orders = db.session.execute(select(Order.id, Order.paid_at)).all()
    rows = [
        dict(
            order_id=order_id,
            created_at=paid,
            actor="benchmark",
            machine=machine,
            from_status=None,
            to_status=status,
            note="",
        )
        for order_id, paid in orders
        for machine, status in (("order", "placed"), ("payment", "paid"), ("order", "confirmed"))
    ]
    declarations = db.session.execute(
        select(CustomsDeclaration.id, CustomsDeclaration.created_at)
    ).all()
    customs = [
        dict(
            declaration_id=declaration_id,
            created_at=when,
            actor="customs",
            from_status=before,
            to_status="rejected" if n % 10 == 0 and after == "accepted" else after,
            note="",
        )
        for n, (declaration_id, when) in enumerate(declarations)
        for before, after in ((None, "pending"), ("pending", "accepted"))
    ]
    for table, batch in ((OrderEvent, rows), (CustomsDeclarationEvent, customs)):
        for start in range(0, len(batch), CHUNK):
            db.session.execute(insert(table), batch[start : start + CHUNK])
    db.session.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--parcels", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="console-bench-"))
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
        take_on_stock(db.session)
        producer = db.session.scalars(
            select(Producer).where(Producer.code == "linwu-duck-coop")
        ).one()
        began = time.perf_counter()
        packs = add_products(producer, 200)
        add_parcels(producer, packs, args.parcels)
        add_events()
        take_on_stock(db.session)
        operator = User(email="operator@bench.test", role=UserRole.OPERATOR)
        operator.set_password(PASSWORD)
        db.session.add(operator)
        db.session.commit()
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        producer_id = producer.id
        print(
            f"data: {args.parcels} parcels, {args.parcels * 3} order events "
            f"({time.perf_counter() - began:.1f} s to write), {db.engine.dialect.name}"
        )
        engine = db.engine
    pages = (
        "/en/admin/producers/",
        f"/en/admin/producers/{producer_id}",
        "/en/admin/audit/",
        "/en/admin/audit/?page=200",
        "/en/admin/audit/?kind=order&reference=BN00012345",
        "/en/admin/audit/?kind=declaration&text=rejected",
        "/en/admin/audit/?actor=operator%40bench&date_from=2026-01-01",
        "/en/admin/users/?q=bench",
        "/en/admin/brands/",
    )
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    client = app.test_client()
    client.post("/en/account/login", data={"email": "operator@bench.test", "password": PASSWORD})
    print(f"{'page':58} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for path in pages:
        for _ in range(2):  # warm the templates and the connection pool
            assert client.get(path).status_code == 200, path
        statements.clear()
        client.get(path)
        count = len(statements)
        timings = []
        for _ in range(args.rounds):
            began = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        print(
            f"{path:58} {count:7d} {statistics.median(timings):8.1f} "
            f"{percentile(timings, 0.95):8.1f} {max(timings):8.1f}"
        )


if __name__ == "__main__":
    main()
