"""The dashboard's figures: SQL aggregates over paid orders and customs declarations.

What counts (docs/statistics.md): an order is *sold* when it was paid inside the range and is
confirmed or completed (a cancelled or refunded order is not trade). Export value is the goods
value (line totals, CNY, without shipping) of the sold export (9610) orders' parcels that were
not cancelled; bonded import value is the goods value of sold bonded (1210) orders. The number
of statements is fixed: it does not grow with the orders.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session, selectinload

from catalog.models import County, Product, ProductChannel
from catalog.translation import translated_field
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)
from storefront.orders.models import Order, OrderLine, SubOrder
from storefront.orders.sales import SOLD_ORDERS
from storefront.orders.states import FulfilmentStatus
from storefront.statistics.periods import DateRange, china_month, hours_between

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# The inventory list is what customs releases (800): one per parcel.
RELEASED_LISTS = {ProductChannel.EXPORT: MessageType.INVENTORY}
RELEASED_LISTS[ProductChannel.BONDED] = MessageType.IMPORT_INVENTORY


def money(value) -> Decimal:
    """A SQL sum as CNY (SQLite sums NUMERIC as floating point: round to the fen)."""
    return Decimal(str(value or 0)).quantize(CENT)


@dataclass(frozen=True, slots=True)
class MonthFigures:
    month: str  # YYYY-MM, China time
    export_value: Decimal
    bonded_value: Decimal
    export_orders: int
    bonded_orders: int
    buyers: int


@dataclass(frozen=True, slots=True)
class Share:
    key: str
    label: str
    value: Decimal


@dataclass(frozen=True, slots=True)
class ReleaseFigures:
    channel: ProductChannel
    lists_sent: int
    released: int
    average_hours: Decimal | None  # from sending to release, released lists only

    @property
    def release_rate(self) -> Decimal | None:
        """Released share of the lists sent, in percent (None when none was sent)."""
        if not self.lists_sent:
            return None
        return (Decimal(self.released) * 100 / self.lists_sent).quantize(Decimal("0.1"))


@dataclass(frozen=True, slots=True)
class DashboardFigures:
    period: DateRange
    months: list[MonthFigures]
    by_county: list[Share]
    by_class: list[Share]
    by_destination: list[Share]
    release: list[ReleaseFigures]
    buyers: int

    @property
    def export_value(self) -> Decimal:
        return sum((m.export_value for m in self.months), ZERO)

    @property
    def bonded_value(self) -> Decimal:
        return sum((m.bonded_value for m in self.months), ZERO)

    @property
    def orders(self) -> int:
        return sum(m.export_orders + m.bonded_orders for m in self.months)


def _sold(stmt, period: DateRange):
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
    return _sold(stmt, period)


def _order_months(session: Session, period: DateRange, dialect: str):
    month = china_month(Order.paid_at, dialect).label("month")
    counts = session.execute(
        _sold(
            select(month, Order.channel, func.count(Order.id), func.sum(Order.goods_total)),
            period,
        ).group_by(month, Order.channel)
    ).all()
    buyers = dict(
        session.execute(
            _sold(select(month, func.count(distinct(Order.email))), period).group_by(month)
        ).all()
    )
    return counts, buyers


def monthly_figures(session: Session, period: DateRange) -> list[MonthFigures]:
    dialect = session.get_bind().dialect.name
    month = china_month(Order.paid_at, dialect).label("month")
    export = dict(
        session.execute(
            export_lines(select(month, func.sum(OrderLine.line_total)), period).group_by(month)
        ).all()
    )
    counts, buyers = _order_months(session, period, dialect)
    orders: dict[tuple[str, ProductChannel], int] = {}
    bonded: dict[str, Decimal] = {}
    for month_text, channel, count, goods in counts:
        orders[(month_text, channel)] = int(count)
        if channel is ProductChannel.BONDED:
            bonded[month_text] = money(goods)
    return [
        MonthFigures(
            month=m,
            export_value=money(export.get(m)),
            bonded_value=bonded.get(m, ZERO),
            export_orders=orders.get((m, ProductChannel.EXPORT), 0),
            bonded_orders=orders.get((m, ProductChannel.BONDED), 0),
            buyers=int(buyers.get(m, 0)),
        )
        for m in period.months()
    ]


def _sorted_shares(totals: dict[str, Decimal], labels: dict[str, str]) -> list[Share]:
    return sorted(
        (Share(key, labels.get(key, key), money(value)) for key, value in totals.items()),
        key=lambda share: (-share.value, share.label),
    )


def product_shares(
    session: Session, period: DateRange, locale: str, class_labels: dict[str, str]
) -> tuple[list[Share], list[Share]]:
    """Export value by county and by product class (one aggregate, one look-up of names)."""
    rows = session.execute(
        export_lines(
            select(Product.county_id, Product.product_class, func.sum(OrderLine.line_total)),
            period,
        )
        .join(Product, Product.id == OrderLine.product_id)
        .group_by(Product.county_id, Product.product_class)
    ).all()
    by_county: dict[str, Decimal] = defaultdict(Decimal)
    by_class: dict[str, Decimal] = defaultdict(Decimal)
    for county_id, product_class, value in rows:
        by_county[str(county_id)] += money(value)
        by_class[str(product_class.value)] += money(value)
    counties = (
        session.scalars(
            select(County)
            .where(County.id.in_([int(key) for key in by_county]))
            .options(selectinload(County.translations))
        ).all()
        if by_county
        else []
    )
    county_labels = {str(c.id): translated_field(c, "name", locale) or c.code for c in counties}
    return _sorted_shares(by_county, county_labels), _sorted_shares(by_class, class_labels)


def destination_shares(
    session: Session, period: DateRange, country_labels: dict[str, str]
) -> list[Share]:
    rows = session.execute(
        export_lines(
            select(Order.destination_country, func.sum(OrderLine.line_total)), period
        ).group_by(Order.destination_country)
    ).all()
    return _sorted_shares({code: value for code, value in rows}, country_labels)


def release_figures(session: Session, period: DateRange) -> list[ReleaseFigures]:
    """Inventory lists sent in the range: how many customs released (800), and how fast.

    Not counted: lists replaced by a corrected resubmission, and lists withdrawn before customs
    decided (cancelled, never released).
    """
    dialect = session.get_bind().dialect.name
    released = CustomsDeclaration.released_at.is_not(None)
    hours = hours_between(CustomsDeclaration.sent_at, CustomsDeclaration.released_at, dialect)
    rows = session.execute(
        select(
            CustomsDeclaration.message_type,
            func.count(CustomsDeclaration.id),
            func.count(CustomsDeclaration.released_at),
            func.avg(hours),
        )
        .where(
            CustomsDeclaration.message_type.in_(list(RELEASED_LISTS.values())),
            CustomsDeclaration.sent_at >= period.utc_start,
            CustomsDeclaration.sent_at < period.utc_end,
            CustomsDeclaration.status != DeclarationStatus.SUPERSEDED,
            ~((CustomsDeclaration.status == DeclarationStatus.CANCELLED) & ~released),
        )
        .group_by(CustomsDeclaration.message_type)
    ).all()
    found = {message_type: (sent, done, avg) for message_type, sent, done, avg in rows}
    figures = []
    for channel, message_type in RELEASED_LISTS.items():
        sent, done, average = found.get(message_type, (0, 0, None))
        figures.append(
            ReleaseFigures(
                channel=channel,
                lists_sent=int(sent),
                released=int(done),
                average_hours=(
                    Decimal(str(average)).quantize(Decimal("0.1")) if average is not None else None
                ),
            )
        )
    return figures


def distinct_buyers(session: Session, period: DateRange) -> int:
    return int(session.scalar(_sold(select(func.count(distinct(Order.email))), period)) or 0)


def dashboard_figures(
    session: Session,
    period: DateRange,
    locale: str,
    *,
    class_labels: dict[str, str],
    country_labels: dict[str, str],
) -> DashboardFigures:
    """Everything the dashboard shows for ``period`` (a fixed number of statements)."""
    by_county, by_class = product_shares(session, period, locale, class_labels)
    return DashboardFigures(
        period=period,
        months=monthly_figures(session, period),
        by_county=by_county,
        by_class=by_class,
        by_destination=destination_shares(session, period, country_labels),
        release=release_figures(session, period),
        buyers=distinct_buyers(session, period),
    )
