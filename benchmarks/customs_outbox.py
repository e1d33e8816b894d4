"""What declaring costs the payment transaction: map + build + sign + XSD-validate per sub-order.

Loads the demo catalog into a fresh SQLite database, places and pays ``--orders`` demo orders
through the real services (which already declare them), then times
``CustomsOutbox.declare_sub_order`` on their sub-orders ``--rounds`` times (rolled back, so the
database does not grow) and prints milliseconds per sub-order (two messages each).

    STOREFRONT_CUSTOMS_XSD_DIR=../shared/customs/xsd \\
        .venv/bin/python benchmarks/customs_outbox.py [--orders 20] [--rounds 500]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import select


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=500)
    args = parser.parse_args()

    from flask_migrate import upgrade

    from catalog.demo.loader import load_demo_catalog
    from storefront import create_app
    from storefront.checkout.rates import seed_shipping_rates
    from storefront.customs import customs_adapter
    from storefront.extensions import db
    from storefront.orders.demo_orders import pay_demo_order, place_demo_order, sellable_variants
    from storefront.orders.models import SubOrder

    folder = Path(tempfile.mkdtemp(prefix="customs-outbox-bench-"))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
            "CUSTOMS_EXCHANGE_DIR": str(folder / "exchange"),
            "CUSTOMS_SIGNING_KEY_PATH": str(folder / "keys" / "customs-signing-key.pem"),
            "CUSTOMS_SIGNING_CERT_PATH": str(folder / "keys" / "customs-signing-cert.pem"),
        }
    )
    with app.app_context():
        upgrade()
        load_demo_catalog(db.session)
        seed_shipping_rates(db.session)
        db.session.commit()
        rng = random.Random(2026)
        for _ in range(args.orders):
            order = place_demo_order(db.session, rng, sellable_variants(db.session))
            if order is not None:
                db.session.commit()
                pay_demo_order(db.session, order, customs_adapter(app))
                db.session.commit()
        sub_orders = db.session.scalars(select(SubOrder)).all()
        outbox = customs_adapter(app).outbox
        validating = outbox.validator.enabled
        started = time.perf_counter()
        for round_number in range(args.rounds):
            outbox.declare_sub_order(db.session, sub_orders[round_number % len(sub_orders)])
            if round_number % 50 == 49:
                db.session.rollback()
        elapsed = time.perf_counter() - started
        db.session.rollback()
    print(
        f"{len(sub_orders)} demo sub-orders, {args.rounds} declarations: "
        f"{elapsed / args.rounds * 1000:.2f} ms per sub-order (CEB303 + CEB603, mapped, built, "
        f"signed{', XSD-validated' if validating else ', no XSD configured'}, rows flushed)"
    )


if __name__ == "__main__":
    main()
