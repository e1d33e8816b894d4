"""The monthly Chenzhou cross-border e-commerce development index (docs/statistics.md).

For each China-time month m with trade value V (export plus bonded import goods value, CNY),
P active producers (with a sold export parcel), D destinations served (countries of sold export
orders) and the base month B (the first month with trade, index 100):

    index(m) = 100 * (0.4 * V_m / V_B + 0.2 * g_m + 0.2 * P_m / P_B + 0.2 * D_m / D_B)

g_m is the month's growth factor V_m / V_(m-1), capped at 3; it is 1 in the base month and in a
month that follows a month without trade, and 0 in a month without trade. A ratio whose base is 0
(a base month of bonded imports only: no producers, no destinations) counts as 1 when the month
has some, else 0. Months before the base month have no index.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.orm import Session

from catalog.models import ProductChannel
from storefront.statistics.facts import money
from storefront.statistics.monthly import month_facts
from storefront.statistics.periods import DateRange, first_day, month_end
from storefront.statistics.rollups import EARLIEST

WEIGHTS = {"volume": Decimal("0.4"), "growth": Decimal("0.2")}
WEIGHTS |= {"producers": Decimal("0.2"), "destinations": Decimal("0.2")}
GROWTH_CAP = Decimal(3)
BASE = Decimal(100)


@dataclass(frozen=True, slots=True)
class MonthInputs:
    month: str  # YYYY-MM
    value: Decimal  # CNY
    producers: int
    destinations: int


@dataclass(frozen=True, slots=True)
class IndexPoint:
    month: str
    inputs: MonthInputs
    growth: Decimal | None  # V_m / V_(m-1) as it enters the index (capped); None before base
    index: Decimal | None  # one decimal; None before the base month


def _ratio(value: Decimal | int, base: Decimal | int) -> Decimal:
    if base:
        return Decimal(value) / Decimal(base)
    return Decimal(1) if value else Decimal(0)


def growth_factor(value: Decimal, previous: Decimal | None) -> Decimal:
    """The month's growth as it enters the index (see the module's text)."""
    if not value:
        return Decimal(0)
    if previous is None or not previous:
        return Decimal(1)
    return min(value / previous, GROWTH_CAP)


def compute_index(months: list[MonthInputs]) -> list[IndexPoint]:
    """The index of consecutive months, oldest first."""
    points: list[IndexPoint] = []
    base: MonthInputs | None = None
    previous: Decimal | None = None
    for month in months:
        if base is None and month.value > 0:
            base = month
        if base is None:
            points.append(IndexPoint(month.month, month, None, None))
            previous = month.value
            continue
        growth = Decimal(1) if month is base else growth_factor(month.value, previous)
        total = (
            WEIGHTS["volume"] * _ratio(month.value, base.value)
            + WEIGHTS["growth"] * growth
            + WEIGHTS["producers"] * _ratio(month.producers, base.producers)
            + WEIGHTS["destinations"] * _ratio(month.destinations, base.destinations)
        )
        if not month.value:
            total = Decimal(0)
        index = (BASE * total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        points.append(IndexPoint(month.month, month, growth.quantize(Decimal("0.001")), index))
        previous = month.value
    return points


def monthly_inputs(session: Session, last_month: str) -> list[MonthInputs]:
    """Every month from the first sold order to ``last_month`` (the roll-ups, then the orders)."""
    facts = month_facts(session, DateRange(EARLIEST, month_end(last_month)))
    export = facts.by_bucket("export")
    bonded = facts.by_bucket("orders", ProductChannel.BONDED.value)
    producers = facts.keys_by_bucket("producer")
    destinations = facts.keys_by_bucket("destination")
    traded = {m for m, a in export.items() if a["value"] > 0}
    traded |= {m for m, a in bonded.items() if a["value"] > 0}
    known = sorted(m for m in traded if m <= last_month)
    if not known:
        return []
    empty = {"value": Decimal(0)}
    return [
        MonthInputs(
            m,
            money(export.get(m, empty)["value"]) + money(bonded.get(m, empty)["value"]),
            len(producers.get(m, ())),
            len(destinations.get(m, ())),
        )
        for m in DateRange(first_day(known[0]), first_day(last_month)).months()
    ]
