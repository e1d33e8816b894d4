"""A producer's sales by product and month, aggregated in SQL (China time months)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from catalog.base import utcnow
from storefront.orders.models import Order, OrderLine, SubOrder
from storefront.orders.states import FulfilmentStatus, OrderStatus

SOLD_ORDERS = (OrderStatus.CONFIRMED, OrderStatus.COMPLETED)


@dataclass(frozen=True, slots=True)
class MonthlySales:
    product_id: int
    product_name: str  # as sold (Chinese, the name customs read)
    month: str  # YYYY-MM, China time
    quantity: int
    amount: Decimal  # CNY


def _china_month(column, dialect: str) -> ColumnElement[str]:
    if dialect == "postgresql":
        return func.to_char(func.timezone("Asia/Shanghai", column), "YYYY-MM")
    return func.strftime("%Y-%m", column, "+8 hours")  # China has no daylight saving time


def monthly_sales(
    session: Session, producer_id: int, *, months: int = 12, now: datetime | None = None
) -> list[MonthlySales]:
    """Packs sold (paid, not cancelled) per product and month over the last ``months``."""
    since = (now or utcnow()) - timedelta(days=31 * months)
    month = _china_month(Order.paid_at, session.get_bind().dialect.name).label("month")
    stmt = (
        select(
            OrderLine.product_id,
            func.min(OrderLine.product_name_source),
            month,
            func.sum(OrderLine.quantity),
            func.sum(OrderLine.line_total),
        )
        .join(SubOrder, SubOrder.id == OrderLine.sub_order_id)
        .join(Order, Order.id == OrderLine.order_id)
        .where(
            OrderLine.producer_id == producer_id,
            Order.status.in_(SOLD_ORDERS),
            Order.paid_at >= since,
            SubOrder.fulfilment_status != FulfilmentStatus.CANCELLED,
        )
        .group_by(OrderLine.product_id, month)
        .order_by(month.desc(), func.sum(OrderLine.line_total).desc())
    )
    return [
        MonthlySales(product_id, name, month_text, int(quantity), Decimal(amount))
        for product_id, name, month_text, quantity, amount in session.execute(stmt)
    ]
