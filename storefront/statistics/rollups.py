"""Daily roll-ups of the trade facts, so the statistics read a few hundred rows, not every order.

``statistics_days`` holds, per China day, the sums the pages need: export value in total and
by county, product class, destination and producer, sold orders and their value per channel,
and the customs inventory lists sent, released and their hours to release. ``flask statistics
rollup`` (a periodic job of ``flask scheduler run``) writes every finished day not yet rolled
up, and again every day whose orders or declarations changed since its last run. The pages read
the roll-ups up to ``through_day`` and the orders themselves after it (docs/statistics.md).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Date, DateTime, Index, Numeric, String, delete, func, insert, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from catalog.base import Base, utcnow
from storefront.customs.declarations.models import CustomsDeclaration
from storefront.orders.models import Order
from storefront.statistics.facts import live_facts
from storefront.statistics.periods import (
    CHINA,
    DateRange,
    add_months,
    china_day,
    first_day,
    month_end,
)

EARLIEST = date(2000, 1, 1)
CHANGE_MARGIN = timedelta(minutes=10)  # changes committed while the last run was reading


class StatisticsDay(Base):
    __tablename__ = "statistics_days"
    __table_args__ = (Index("ix_statistics_days_day", "day", "dimension", "key", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)  # China time
    dimension: Mapped[str] = mapped_column(String(16))  # export:<dim>, orders, release
    key: Mapped[str] = mapped_column(String(40))
    value: Mapped[Decimal] = mapped_column(Numeric(16, 2), default=Decimal(0))
    count: Mapped[int] = mapped_column(default=0)  # orders, or lists sent
    released: Mapped[int] = mapped_column(default=0)
    hours: Mapped[Decimal] = mapped_column(Numeric(16, 3), default=Decimal(0))


class StatisticsMonth(Base):
    """The days of ``statistics_days`` summed per month (the pages read whole months here)."""

    __tablename__ = "statistics_months"
    __table_args__ = (
        Index("ix_statistics_months_month", "month", "dimension", "key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM, China time
    dimension: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(40))
    value: Mapped[Decimal] = mapped_column(Numeric(16, 2), default=Decimal(0))
    count: Mapped[int] = mapped_column(default=0)
    released: Mapped[int] = mapped_column(default=0)
    hours: Mapped[Decimal] = mapped_column(Numeric(16, 3), default=Decimal(0))


class StatisticsRollup(Base):
    """One row: the roll-ups cover every China day up to ``through_day``, as of ``ran_at``."""

    __tablename__ = "statistics_rollups"

    id: Mapped[int] = mapped_column(primary_key=True)
    through_day: Mapped[date] = mapped_column(Date)
    ran_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def rollup_state(session: Session) -> StatisticsRollup | None:
    return session.get(StatisticsRollup, 1)


def _changed_days(session: Session, since: datetime) -> set[date]:
    dialect = session.get_bind().dialect.name
    days = set()
    for column, changed in (
        (Order.paid_at, Order.updated_at),
        (CustomsDeclaration.sent_at, CustomsDeclaration.updated_at),
    ):
        day = china_day(column, dialect)
        days |= {
            date.fromisoformat(str(value)[:10])
            for value in session.scalars(
                select(day).where(column.is_not(None), changed >= since).distinct()
            )
            if value
        }
    return days


def refresh_rollups(session: Session, now: datetime | None = None) -> int:
    """Roll up every finished day that is new or changed; returns the days written. Flushes."""
    now = now or utcnow()
    through = now.astimezone(CHINA).date() - timedelta(days=1)
    state = rollup_state(session)
    if state is None:
        window = DateRange(EARLIEST, through) if through >= EARLIEST else None
    else:
        days = {d for d in _changed_days(session, state.ran_at - CHANGE_MARGIN) if d <= through}
        if state.through_day < through:
            days.add(state.through_day + timedelta(days=1))
        window = DateRange(min(days), through) if days else None
    written = 0
    if window is not None:
        written = _rewrite(session, window)
    if state is None:
        state = StatisticsRollup(id=1, through_day=through, ran_at=now)
        session.add(state)
    state.through_day, state.ran_at = max(through, state.through_day), now
    session.flush()
    return written


def _rewrite(session: Session, window: DateRange) -> int:
    facts = live_facts(session, window, bucket="day")
    rows = [
        {"day": date.fromisoformat(day), "dimension": dimension, "key": key, **amounts}
        for (day, dimension, key), amounts in facts.rows().items()
    ]
    session.execute(
        delete(StatisticsDay).where(
            StatisticsDay.day >= window.start, StatisticsDay.day <= window.end
        )
    )
    for start in range(0, len(rows), 1000):
        session.execute(insert(StatisticsDay), rows[start : start + 1000])
    _rewrite_months(session, window)
    return len({row["day"] for row in rows})


def _day_month(session: Session):
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(StatisticsDay.day, "YYYY-MM")
    return func.strftime("%Y-%m", StatisticsDay.day)


def _rewrite_months(session: Session, window: DateRange) -> None:
    """Sum again every month the rewritten days belong to."""
    months = window.months()
    days = DateRange(first_day(months[0]), month_end(months[-1]))
    session.execute(
        delete(StatisticsMonth).where(
            StatisticsMonth.month >= months[0], StatisticsMonth.month <= months[-1]
        )
    )
    month = _day_month(session)
    columns = ("month", "dimension", "key", "value", "count", "released", "hours")
    session.execute(
        insert(StatisticsMonth).from_select(
            columns,
            select(
                month,
                StatisticsDay.dimension,
                StatisticsDay.key,
                func.sum(StatisticsDay.value),
                func.sum(StatisticsDay.count),
                func.sum(StatisticsDay.released),
                func.sum(StatisticsDay.hours),
            )
            .where(StatisticsDay.day >= days.start, StatisticsDay.day <= days.end)
            .group_by(month, StatisticsDay.dimension, StatisticsDay.key),
        )
    )


def _whole_months(rolled: DateRange) -> tuple[str, str] | None:
    """The first and last month lying wholly inside ``rolled``, if any."""
    first = rolled.start if rolled.start.day == 1 else add_months(rolled.start, 1)
    after = add_months(rolled.end + timedelta(days=1), 0)
    last_end = after - timedelta(days=1)  # the end of the last whole month
    if last_end < first or last_end > rolled.end:
        return None
    return first.strftime("%Y-%m"), last_end.strftime("%Y-%m")


def rolled_rows(session: Session, period: DateRange) -> list[tuple]:
    """The roll-ups of ``period`` summed per month: (month, dimension, key, value, count,
    released, hours). Whole months from ``statistics_months``, the days at either end from
    ``statistics_days`` (two statements)."""
    whole = _whole_months(period)
    edges = [period]
    rows: list[tuple] = []
    if whole is not None:
        first, last = whole
        rows += session.execute(
            select(
                StatisticsMonth.month,
                StatisticsMonth.dimension,
                StatisticsMonth.key,
                StatisticsMonth.value,
                StatisticsMonth.count,
                StatisticsMonth.released,
                StatisticsMonth.hours,
            ).where(StatisticsMonth.month >= first, StatisticsMonth.month <= last)
        ).all()
        edges = [
            DateRange(period.start, first_day(first) - timedelta(days=1))
            if period.start < first_day(first)
            else None,
            DateRange(month_end(last) + timedelta(days=1), period.end)
            if month_end(last) < period.end
            else None,
        ]
    ranges = [
        (StatisticsDay.day >= edge.start) & (StatisticsDay.day <= edge.end)
        for edge in edges
        if edge is not None
    ]
    month = _day_month(session).label("month")
    if ranges:
        rows += session.execute(
            select(
                month,
                StatisticsDay.dimension,
                StatisticsDay.key,
                func.sum(StatisticsDay.value),
                func.sum(StatisticsDay.count),
                func.sum(StatisticsDay.released),
                func.sum(StatisticsDay.hours),
            )
            .where(or_(*ranges))
            .group_by(month, StatisticsDay.dimension, StatisticsDay.key)
        ).all()
    return rows
