"""The portal's home: what needs doing now and sales by product and month, from SQL aggregates."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from catalog.base import utcnow
from storefront.coop.dashboard import portal_home, sales_table
from storefront.orders.sales import MonthlySales, monthly_sales


def test_sales_are_counted_per_product_and_china_month(db_session, place_paid_order, two_coops):
    tea, duck = two_coops
    order = place_paid_order(book=False)
    # Paid at 20:00 UTC on the last day of November: already December in China.
    order.paid_at = utcnow().replace(year=2026, month=11, day=30, hour=20, minute=0)
    db_session.commit()
    rows = monthly_sales(db_session, tea.producer_id, now=order.paid_at + timedelta(days=1))
    (row,) = rows
    assert row.month == "2026-12" and row.quantity == 2
    assert row.amount == Decimal("116.00") and row.product_id == tea.id


def test_the_table_keeps_the_best_sellers_and_adds_up_the_others():
    sales = [MonthlySales(pid, f"p{pid}", "2026-11", 1, Decimal(pid)) for pid in range(1, 21)] + [
        MonthlySales(3, "p3", "2026-10", 2, Decimal("5"))
    ]
    table = sales_table(sales, top=5)
    assert table.months == ("2026-11", "2026-10")
    assert [row.product_id for row in table.rows] == [20, 19, 18, 17, 16]
    assert table.others.by_month["2026-11"] == (15, sum(Decimal(n) for n in range(1, 16)))
    assert table.others.by_month["2026-10"] == (2, Decimal("5"))
    assert table.month_totals["2026-11"] == sum(Decimal(n) for n in range(1, 21))


def test_the_home_counts_what_needs_doing(client, db_session, member_a):
    home = portal_home(db_session, member_a.producer.id)
    assert home.parcels.to_pack == 1  # the fixture's paid parcel
    assert home.parcels.to_book == 0 and home.parcels.to_hand_over == 0
    assert home.products >= 1
    page = client.get("/en/coop/").get_data(as_text=True)
    assert 'id="todo-to-pack">1<' in page and 'id="sales"' in page
