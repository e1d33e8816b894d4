"""Progress toward the plan's "6510" goal, from the orders the platform carried.

The plan (实施方案, 发展目标): by 2023 complete pilots of **6** innovation modes, bring in and
grow **5** leading cross-border enterprises, reach **USD 1 billion (10亿美元)** of cross-border
imports and exports a year. docs/statistics.md says how each part is read from the data.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from catalog.models import ExchangeRate, Producer
from catalog.translation import translated_field
from storefront.statistics.facts import Facts, money
from storefront.statistics.figures import MonthFigures, month_rows
from storefront.statistics.monthly import month_facts
from storefront.statistics.periods import DateRange, add_months, month_end

YEARLY_TRADE_GOAL_USD = Decimal("1000000000")
LEADING_ENTERPRISES_GOAL = 5
MODES_GOAL = 6
# The plan names no threshold: ours is USD 10 million of cross-border sales in twelve months.
LEADING_ENTERPRISE_USD = Decimal("10000000")


class ModeStatus(StrEnum):
    RUNNING = "running"  # built, and orders went through it in the twelve months
    IDLE = "idle"  # built, no orders in the twelve months
    PARTLY = "partly"  # some of what the plan asks is built
    NOT_RUN = "not_run"  # the platform does not do it


@dataclass(frozen=True, slots=True)
class Mode:
    key: str
    plan_name: str  # the plan's words (Chinese), shown as they are
    status: ModeStatus
    orders: int  # orders in the twelve months that ran through it (0 when not measurable)


@dataclass(frozen=True, slots=True)
class Leader:
    producer_id: int
    name: str
    value_cny: Decimal
    value_usd: Decimal | None


@dataclass(frozen=True, slots=True)
class GoalProgress:
    period: DateRange  # the twelve months up to the dashboard's end day
    trade_cny: Decimal
    trade_usd: Decimal  # the months with a USD rate published on or before their end
    usd_missing: list[str]  # months with trade but no such rate: not in trade_usd
    usd_rates: list[tuple[str, Decimal | None, date | None]]  # month, units per CNY, rate date
    modes: list[Mode]
    procedures: list[Mode]
    leaders: list[Leader]

    @property
    def modes_running(self) -> int:
        return sum(1 for mode in self.modes if mode.status is ModeStatus.RUNNING)

    @property
    def leading_enterprises(self) -> int:
        return sum(
            1 for leader in self.leaders if (leader.value_usd or 0) >= LEADING_ENTERPRISE_USD
        )

    @property
    def trade_share(self) -> Decimal | None:
        """The year's trade as a percentage of the USD 1 billion goal."""
        if not self.trade_cny:
            return Decimal("0.0000")
        if self.usd_missing:
            return None
        return (self.trade_usd * 100 / YEARLY_TRADE_GOAL_USD).quantize(Decimal("0.0001"))


def _usd_rates(session: Session, months: list[str], last_day: date):
    """Each month's USD rate: the newest published on or before its last day (one query)."""
    rows = session.execute(
        select(ExchangeRate.effective_on, ExchangeRate.units_per_cny)
        .where(ExchangeRate.currency == "USD", ExchangeRate.effective_on <= last_day)
        .order_by(ExchangeRate.effective_on)
    ).all()
    days = [row[0] for row in rows]
    found = []
    for month in months:
        position = bisect.bisect_right(days, min(month_end(month), last_day)) - 1
        found.append(
            (month, rows[position][1], rows[position][0]) if position >= 0 else (month, None, None)
        )
    return found


def _status(built: bool, orders: int) -> ModeStatus:
    if not built:
        return ModeStatus.NOT_RUN
    return ModeStatus.RUNNING if orders else ModeStatus.IDLE


def _modes(export_orders: int, bonded_orders: int) -> tuple[list[Mode], list[Mode]]:
    modes = [
        # Export of the counties' specialties by retail parcels (9610): the plan's first mode
        # asks for industrial enterprises too, which the platform does not serve.
        Mode("advantage_industries", "跨境电商+优势产业", ModeStatus.PARTLY, export_orders),
        Mode("premium_imports", "跨境电商+高端消费品", _status(True, bonded_orders), bonded_orders),
        Mode("rural_produce", "跨境电商+精准扶贫", _status(True, export_orders), export_orders),
        Mode("wholesale_markets", "跨境电商+批发市场", ModeStatus.NOT_RUN, 0),
        # The statistics, the development index and the partner API; no big-data centre.
        Mode("big_data", "跨境电商+大数据", ModeStatus.PARTLY, 0),
        Mode("culture_tourism", "跨境电商+文化旅游", ModeStatus.NOT_RUN, 0),
    ]
    procedures = [
        Mode("9610", "9610 跨境直购", _status(True, export_orders), export_orders),
        Mode("1210", "1210 保税备货", _status(True, bonded_orders), bonded_orders),
        Mode("9710", "9710 跨境电商B2B直接出口", ModeStatus.NOT_RUN, 0),
        Mode("9810", "9810 跨境电商出口海外仓", ModeStatus.NOT_RUN, 0),
        Mode("mail", "国际邮件", ModeStatus.NOT_RUN, 0),
        Mode("express", "国际快件", ModeStatus.NOT_RUN, 0),
    ]
    return modes, procedures


def _leaders(
    session: Session, values: dict[str, dict], locale: str, rate: Decimal | None
) -> list[Leader]:
    largest = sorted(
        ((money(amounts["value"]), int(key)) for key, amounts in values.items()),
        key=lambda pair: (-pair[0], pair[1]),
    )[:LEADING_ENTERPRISES_GOAL]
    if not largest:
        return []
    producers = {
        p.id: p
        for p in session.scalars(
            select(Producer)
            .where(Producer.id.in_([producer_id for _value, producer_id in largest]))
            .options(selectinload(Producer.translations))
        )
    }
    return [
        Leader(
            producer_id,
            translated_field(producers[producer_id], "name", locale) or producers[producer_id].code,
            cny,
            (cny * rate).quantize(Decimal("0.01")) if rate is not None else None,
        )
        for cny, producer_id in largest
    ]


def usd_total(months: list[MonthFigures], rates) -> tuple[Decimal, list[str]]:
    """Each month's trade at its own month's USD rate, and the months with trade but no rate."""
    total, missing = Decimal(0), []
    for figures, (month, rate, _day) in zip(months, rates, strict=True):
        trade = figures.export_value + figures.bonded_value
        if not trade:
            continue
        if rate is None:
            missing.append(month)
        else:
            total += trade * rate
    return total.quantize(Decimal("0.01")), missing


def goal_year(last_day: date) -> DateRange:
    """The twelve months (the current one and the eleven before) up to ``last_day``."""
    return DateRange(add_months(last_day, -11), last_day)


def goal_progress(
    session: Session, last_day: date, locale: str, facts: Facts | None = None
) -> GoalProgress:
    """The twelve months up to ``last_day`` (China time) measured against "6510"; ``facts`` of
    ``goal_year(last_day)`` when the caller has read them already."""
    year = goal_year(last_day)
    facts = facts if facts is not None else month_facts(session, year)
    months = month_rows(facts, year, {})
    rates = _usd_rates(session, year.months(), last_day)
    modes, procedures = _modes(
        sum(m.export_orders for m in months), sum(m.bonded_orders for m in months)
    )
    newest_rate = rates[-1][1] if rates else None
    trade_usd, missing = usd_total(months, rates)
    return GoalProgress(
        period=year,
        trade_cny=sum((m.export_value + m.bonded_value for m in months), Decimal("0.00")),
        trade_usd=trade_usd,
        usd_missing=missing,
        usd_rates=rates,
        modes=modes,
        procedures=procedures,
        leaders=_leaders(session, facts.sums("producer"), locale, newest_rate),
    )
