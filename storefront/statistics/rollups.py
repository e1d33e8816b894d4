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

from sqlalchemy import Date, DateTime, Index, Numeric, String, delete, func, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from catalog.base import Base, utcnow
from storefront.customs.declarations.models import CustomsDeclaration
from storefront.orders.models import Order
from storefront.statistics.facts import live_facts
from storefront.statistics.periods import CHINA, DateRange, china_day

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
    return len({row["day"] for row in rows})


def rolled_rows(session: Session, period: DateRange):
    """The roll-ups of ``period`` summed per month: (month, dimension, key, value, count,
    released, hours)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        month = func.to_char(StatisticsDay.day, "YYYY-MM")
    else:
        month = func.strftime("%Y-%m", StatisticsDay.day)
    month = month.label("month")
    return session.execute(
        select(
            month,
            StatisticsDay.dimension,
            StatisticsDay.key,
            func.sum(StatisticsDay.value),
            func.sum(StatisticsDay.count),
            func.sum(StatisticsDay.released),
            func.sum(StatisticsDay.hours),
        )
        .where(StatisticsDay.day >= period.start, StatisticsDay.day <= period.end)
        .group_by(month, StatisticsDay.dimension, StatisticsDay.key)
    ).all()
