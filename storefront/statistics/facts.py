"""The trade facts every statistic is made of, summed per month or per day (China time).

Dimensions (``Facts`` keys are (bucket, dimension, key)):

* ``export`` (key ""), ``county`` (county id), ``class`` (product class), ``destination``
  (country), ``producer`` (producer id): goods value (line totals, CNY) of sold export orders'
  parcels not cancelled;
* ``orders`` (key: channel): sold orders (``count``) and their goods value (``value``);
* ``release`` (key: message type): inventory lists sent (``count``), released (``released``)
  and the hours from sending to release of those released (``hours``).

``live_facts`` reads them from the orders and declarations (three aggregates); the daily
roll-ups (rollups.py) store the same facts per day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.models import Product, ProductChannel
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)
from storefront.orders.models import Order, OrderLine, SubOrder
from storefront.orders.sales import SOLD_ORDERS
from storefront.orders.states import FulfilmentStatus
from storefront.statistics.periods import DateRange, china_day, china_month, hours_between

CENT = Decimal("0.01")
EXPORT_DIMENSIONS = ("county", "class", "destination", "producer")
# The inventory list is what customs releases (800): one per parcel.
RELEASED_LISTS = {
    ProductChannel.EXPORT: MessageType.INVENTORY,
    ProductChannel.BONDED: MessageType.IMPORT_INVENTORY,
}


def money(value) -> Decimal:
    """A SQL sum as CNY (SQLite sums NUMERIC as floating point: round to the fen)."""
    return Decimal(str(value or 0)).quantize(CENT)


def _amounts() -> dict:
    return {"value": Decimal(0), "count": 0, "released": 0, "hours": Decimal(0)}


@dataclass
class Facts:
    table: dict[tuple[str, str, str], dict] = field(default_factory=lambda: defaultdict(_amounts))

    def add(self, bucket: str, dimension: str, key: str, **amounts) -> None:
        row = self.table[(bucket, dimension, str(key))]
        for name, amount in amounts.items():
            if amount is None:
                continue
            row[name] += (
                money(amount)
                if name == "value"
                else (Decimal(str(amount)) if name == "hours" else int(amount))
            )

    def merge(self, other: Facts) -> None:
        for (bucket, dimension, key), amounts in other.table.items():
            self.add(bucket, dimension, key, **amounts)

    def rows(self) -> dict[tuple[str, str, str], dict]:
        return dict(self.table)

    def sums(self, dimension: str) -> dict[str, dict]:
        """Summed over every bucket: key -> amounts."""
        found: dict[str, dict] = defaultdict(_amounts)
        for (_bucket, dim, key), amounts in self.table.items():
            if dim == dimension:
                for name, amount in amounts.items():
                    found[key][name] += amount
        return dict(found)

    def by_bucket(self, dimension: str, key: str = "") -> dict[str, dict]:
        return {
            bucket: amounts
            for (bucket, dim, k), amounts in self.table.items()
            if dim == dimension and k == key
        }

    def keys_by_bucket(self, dimension: str) -> dict[str, set[str]]:
        """bucket -> the keys with a value (e.g. the producers that sold in a month)."""
        found: dict[str, set[str]] = defaultdict(set)
        for (bucket, dim, key), amounts in self.table.items():
            if dim == dimension and amounts["value"] > 0:
                found[bucket].add(key)
        return dict(found)


def sold(stmt, period: DateRange):
    return stmt.where(
        Order.status.in_(SOLD_ORDERS),
        Order.paid_at >= period.utc_start,
        Order.paid_at < period.utc_end,
    )


def export_lines(select_stmt, period: DateRange):
    stmt = (
        select_stmt.select_from(OrderLine)
        .join(Order, Order.id == OrderLine.order_id)
        .join(SubOrder, SubOrder.id == OrderLine.sub_order_id)
        .where(
            Order.channel == ProductChannel.EXPORT,
            SubOrder.fulfilment_status != FulfilmentStatus.CANCELLED,
        )
    )
    return sold(stmt, period)


def live_facts(session: Session, period: DateRange, *, bucket: str = "month") -> Facts:
    """The facts of ``period`` read from the orders and declarations (three aggregates)."""
    dialect = session.get_bind().dialect.name
    of = china_day if bucket == "day" else china_month
    facts = Facts()
    paid = of(Order.paid_at, dialect).label("bucket")
    lines = session.execute(
        export_lines(
            select(
                paid,
                Product.county_id,
                Product.product_class,
                Order.destination_country,
                OrderLine.producer_id,
                func.sum(OrderLine.line_total),
            ),
            period,
        )
        .join(Product, Product.id == OrderLine.product_id)
        .group_by(
            paid,
            Product.county_id,
            Product.product_class,
            Order.destination_country,
            OrderLine.producer_id,
        )
    )
    for when, county, product_class, country, producer, value in lines:
        facts.add(when, "export", "", value=value)
        for dimension, key in zip(
            EXPORT_DIMENSIONS, (county, product_class.value, country, producer), strict=True
        ):
            facts.add(when, dimension, str(key), value=value)
    orders = session.execute(
        sold(
            select(paid, Order.channel, func.count(Order.id), func.sum(Order.goods_total)),
            period,
        ).group_by(paid, Order.channel)
    )
    for when, channel, count, goods in orders:
        facts.add(when, "orders", channel.value, count=count, value=goods)
    _release_facts(session, period, of, dialect, facts)
    return facts


def _release_facts(session: Session, period: DateRange, of, dialect: str, facts: Facts) -> None:
    """Lists sent in the period, without those replaced by a corrected resubmission and those
    withdrawn before customs decided (cancelled, never released)."""
    sent = of(CustomsDeclaration.sent_at, dialect).label("bucket")
    released = CustomsDeclaration.released_at.is_not(None)
    hours = hours_between(CustomsDeclaration.sent_at, CustomsDeclaration.released_at, dialect)
    rows = session.execute(
        select(
            sent,
            CustomsDeclaration.message_type,
            func.count(CustomsDeclaration.id),
            func.count(CustomsDeclaration.released_at),
            func.sum(hours),
        )
        .where(
            CustomsDeclaration.message_type.in_(list(RELEASED_LISTS.values())),
            CustomsDeclaration.sent_at >= period.utc_start,
            CustomsDeclaration.sent_at < period.utc_end,
            CustomsDeclaration.status != DeclarationStatus.SUPERSEDED,
            ~((CustomsDeclaration.status == DeclarationStatus.CANCELLED) & ~released),
        )
        .group_by(sent, CustomsDeclaration.message_type)
    )
    for when, message_type, count, done, total_hours in rows:
        facts.add(
            when, "release", message_type.value, count=count, released=done, hours=total_hours
        )
