"""The dashboard's figures, from the trade facts (facts.py, monthly.py).

What counts (docs/statistics.md): an order is *sold* when it was paid inside the range and is
confirmed or completed (a cancelled or refunded order is not trade). Export value is the goods
value (line totals, CNY, without shipping) of the sold export (9610) orders' parcels that were
not cancelled; bonded import value is the goods value of sold bonded (1210) orders. The number
of statements is fixed: it does not grow with the orders.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import DateTime, func, literal, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, selectinload

from catalog.models import County, ProductChannel
from catalog.translation import translated_field
from storefront.orders.models import Order
from storefront.statistics.facts import RELEASED_LISTS, Facts, money, sold
from storefront.statistics.monthly import month_facts
from storefront.statistics.periods import DateRange, china_month, first_day

ZERO = Decimal("0.00")


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


def month_rows(facts: Facts, period: DateRange, buyers: dict[str, int]) -> list[MonthFigures]:
    export = facts.by_bucket("export")
    exported = facts.by_bucket("orders", ProductChannel.EXPORT.value)
    bonded = facts.by_bucket("orders", ProductChannel.BONDED.value)
    empty = {"value": ZERO, "count": 0}
    return [
        MonthFigures(
            month=m,
            export_value=money(export.get(m, empty)["value"]),
            bonded_value=money(bonded.get(m, empty)["value"]),
            export_orders=exported.get(m, empty)["count"],
            bonded_orders=bonded.get(m, empty)["count"],
            buyers=buyers.get(m, 0),
        )
        for m in period.months()
    ]


def _shares(facts: Facts, dimension: str, labels) -> list[Share]:
    return sorted(
        (
            Share(key, labels.get(key, key), money(amounts["value"]))
            for key, amounts in facts.sums(dimension).items()
            if amounts["value"] > 0
        ),
        key=lambda share: (-share.value, share.label),
    )


def _county_labels(session: Session, ids: list[str], locale: str) -> dict[str, str]:
    if not ids:
        return {}
    counties = session.scalars(
        select(County)
        .where(County.id.in_([int(key) for key in ids]))
        .options(selectinload(County.translations))
    ).all()
    return {str(c.id): translated_field(c, "name", locale) or c.code for c in counties}


def release_figures(facts: Facts) -> list[ReleaseFigures]:
    found = facts.sums("release")
    figures = []
    for channel, message_type in RELEASED_LISTS.items():
        amounts = found.get(message_type.value, {"count": 0, "released": 0, "hours": 0})
        released = amounts["released"]
        average = (
            (Decimal(amounts["hours"]) / released).quantize(Decimal("0.1")) if released else None
        )
        figures.append(ReleaseFigures(channel, amounts["count"], released, average))
    return figures


def _month_of_order(session: Session, period: DateRange):
    """An expression placing an order in its China month, and how to read its value as YYYY-MM.

    PostgreSQL: ``width_bucket`` over the months' first moments (a binary search on the
    timestamp, cheaper per row than a time-zone conversion); SQLite: the month as text."""
    months = period.months()
    if session.get_bind().dialect.name == "postgresql":
        starts = [
            max(period.utc_start, DateRange(first_day(m), first_day(m)).utc_start) for m in months
        ]
        bucket = func.width_bucket(
            Order.paid_at, literal(starts, type_=ARRAY(DateTime(timezone=True)))
        )
        return bucket, lambda value: months[int(value) - 1]
    return china_month(Order.paid_at, "sqlite"), str


def buyers_by_month(session: Session, period: DateRange) -> tuple[dict[str, int], int]:
    """Distinct buyers (order e-mail addresses, never shown) per month and in the period: read
    from the orders (distinct counts do not add up), in one pass over the covering index
    ``ix_orders_paid_at_status_email``: the distinct (month, address) pairs."""
    month, month_text = _month_of_order(session, period)
    month = month.label("month")
    pairs = session.execute(sold(select(month, Order.email), period).group_by(month, Order.email))
    per_month: dict[str, int] = {}
    everyone = set()
    for value, email in pairs:
        name = month_text(value)
        per_month[name] = per_month.get(name, 0) + 1
        everyone.add(email)
    return per_month, len(everyone)


def dashboard_figures(
    session: Session,
    period: DateRange,
    locale: str,
    *,
    class_labels: dict[str, str],
    country_labels,
    facts: Facts | None = None,
) -> DashboardFigures:
    """Everything the dashboard shows for ``period`` (a fixed number of statements); ``facts``
    when the caller has read them already (the goal's year is often the same period)."""
    facts = facts if facts is not None else month_facts(session, period)
    buyers, total_buyers = buyers_by_month(session, period)
    counties = _county_labels(session, list(facts.sums("county")), locale)
    return DashboardFigures(
        period=period,
        months=month_rows(facts, period, buyers),
        by_county=_shares(facts, "county", counties),
        by_class=_shares(facts, "class", class_labels),
        by_destination=_shares(facts, "destination", country_labels),
        release=release_figures(facts),
        buyers=total_buyers,
    )
