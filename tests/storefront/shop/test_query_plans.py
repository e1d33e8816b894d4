"""The cart and the product page reach products by key, whatever the catalog's size.

Every statement the two pages run is explained on the test database (``EXPLAIN QUERY PLAN`` on
SQLite, ``EXPLAIN`` on PostgreSQL with sequential scans priced out, so that the plan shows
whether an index path exists at all, not which one is cheaper on a tiny table): none may read
the products table (or the variants table) from end to end.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from sqlalchemy import event

from catalog.translation import translated_field
from storefront.extensions import db
from tests.factories import make_producer, make_product

FULL_SCAN = {
    "sqlite": re.compile(r"^SCAN (products|variants)\b"),
    "postgresql": re.compile(r"Seq Scan on (products|variants)\b"),
}


@contextmanager
def recorded_statements():
    statements: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def query_plans(statements) -> list[tuple[str, str]]:
    """(statement, its plan as text) for each recorded statement."""
    connection = db.session.connection()
    dialect = connection.dialect.name
    plans = []
    if dialect == "postgresql":
        connection.exec_driver_sql("SET enable_seqscan = off")
    try:
        for statement, parameters in statements:
            prefix = "EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN "
            rows = connection.exec_driver_sql(prefix + statement, parameters).all()
            lines = [row[-1] for row in rows]
            plans.append((statement, "\n".join(str(line) for line in lines)))
    finally:
        if dialect == "postgresql":
            connection.exec_driver_sql("RESET enable_seqscan")
    return plans


def full_scans(statements) -> list[str]:
    dialect = db.session.connection().dialect.name
    pattern = FULL_SCAN[dialect]
    return [
        f"{statement}\n-> {plan}"
        for statement, plan in query_plans(statements)
        if any(pattern.search(line.strip()) for line in plan.splitlines())
    ]


def _catalog(db_session, count: int = 30):
    producer = make_producer(db_session)
    products = [make_product(db_session, producer) for _ in range(count)]
    return products


def test_the_cart_page_reads_products_and_packs_by_key(client, db_session):
    products = _catalog(db_session)
    variant_ids = [products[3].variants[0].id, products[17].variants[0].id]
    for variant_id in variant_ids:
        client.post("/en/cart/add", data={"variant_id": variant_id, "quantity": 1})
    with recorded_statements() as statements:
        response = client.get("/en/cart")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count('name="variant_id"') >= len(variant_ids)
    assert statements, "the cart page ran no query"
    assert full_scans(statements) == []


def test_the_product_page_reads_the_product_by_its_slug_and_key(client, db_session):
    products = _catalog(db_session)
    slug = translated_field(products[11], "slug", "en")
    with recorded_statements() as statements:
        response = client.get(f"/en/products/{slug}")
    assert response.status_code == 200
    assert translated_field(products[11], "name", "en") in response.get_data(as_text=True)
    assert full_scans(statements) == []


def test_a_full_scan_is_recognised(db_session):
    """The check itself: a query that must read every product is reported."""
    _catalog(db_session, 3)
    with recorded_statements() as statements:
        db.session.connection().exec_driver_sql(
            "SELECT count(*) FROM products WHERE season_mask + 0 > 0"
        )
    assert len(full_scans(statements)) == 1
