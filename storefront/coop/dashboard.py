"""The portal's home: what needs doing now, and sales by product and month (SQL aggregates)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from catalog.brand_authorisations import requests_to_decide
from catalog.listings.ownership import owned_producer
from catalog.listings.texts import LocaleGaps, translation_gaps
from catalog.models import Producer, Product
from storefront.fulfilment.parcel_queries import ParcelCounts, parcel_counts
from storefront.orders.sales import MonthlySales, monthly_sales


@dataclass(frozen=True, slots=True)
class SalesRow:
    product_id: int
    name: str
    by_month: dict[str, tuple[int, Decimal]]  # month -> (packs, amount)
    total: Decimal


@dataclass(frozen=True, slots=True)
class SalesTable:
    months: tuple[str, ...]  # newest first
    rows: tuple[SalesRow, ...]  # the best-selling products
    others: SalesRow | None  # every other product together (product_id 0)
    month_totals: dict[str, Decimal]


TOP_PRODUCTS = 15


def sales_table(sales: list[MonthlySales], months: int = 6, top: int = TOP_PRODUCTS) -> SalesTable:
    wanted = tuple(sorted({entry.month for entry in sales}, reverse=True)[:months])
    per_product: dict[int, dict[str, tuple[int, Decimal]]] = defaultdict(dict)
    names: dict[int, str] = {}
    totals: dict[str, Decimal] = dict.fromkeys(wanted, Decimal(0))
    for entry in sales:
        if entry.month not in wanted:
            continue
        per_product[entry.product_id][entry.month] = (entry.quantity, entry.amount)
        names[entry.product_id] = entry.product_name
        totals[entry.month] += entry.amount
    rows = [
        SalesRow(pid, names[pid], cells, sum((a for _q, a in cells.values()), Decimal(0)))
        for pid, cells in per_product.items()
    ]
    rows.sort(key=lambda row: row.total, reverse=True)
    rest = rows[top:]
    others = None
    if rest:
        cells: dict[str, tuple[int, Decimal]] = {}
        for row in rest:
            for month, (quantity, amount) in row.by_month.items():
                before = cells.get(month, (0, Decimal(0)))
                cells[month] = (before[0] + quantity, before[1] + amount)
        others = SalesRow(0, "", cells, sum((row.total for row in rest), Decimal(0)))
    return SalesTable(wanted, tuple(rows[:top]), others, totals)


@dataclass(frozen=True, slots=True)
class PortalHome:
    producer: Producer
    parcels: ParcelCounts
    gaps: list[LocaleGaps]
    products: int
    unpublished: int
    brand_requests_to_decide: int
    sales: SalesTable

    @property
    def texts_to_write(self) -> int:
        return sum(gap.missing + gap.incomplete + gap.stale for gap in self.gaps)


def portal_home(session: Session, producer_id: int) -> PortalHome:
    producer = owned_producer(session, producer_id)
    products, unpublished = session.execute(
        select(
            func.count(),
            func.sum(case((Product.is_published.is_(False), 1), else_=0)),
        ).where(Product.producer_id == producer_id)
    ).one()
    return PortalHome(
        producer=producer,
        parcels=parcel_counts(session, producer_id),
        gaps=translation_gaps(session, producer_id),
        products=products,
        unpublished=int(unpublished or 0),
        brand_requests_to_decide=len(requests_to_decide(session, producer_id)),
        sales=sales_table(monthly_sales(session, producer_id)),
    )
