"""Date ranges in China time and the SQL that puts a timestamp into a China-time month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func

CHINA = ZoneInfo("Asia/Shanghai")
LONGEST_RANGE_DAYS = 366 * 10


@dataclass(frozen=True, slots=True)
class DateRange:
    """Whole days ``start`` to ``end`` (both included), China time."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a range ends on or after its start")

    @property
    def utc_start(self) -> datetime:
        return datetime.combine(self.start, time(), CHINA).astimezone(UTC)

    @property
    def utc_end(self) -> datetime:
        """The first moment after the range (exclusive bound)."""
        return datetime.combine(self.end + timedelta(days=1), time(), CHINA).astimezone(UTC)

    def months(self) -> list[str]:
        """Every month the range touches, ``YYYY-MM``, oldest first."""
        months, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


def add_months(day: date, count: int) -> date:
    """The first day of the month ``count`` months after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def first_day(month: str) -> date:
    """The first day of ``YYYY-MM``."""
    return date(int(month[:4]), int(month[5:7]), 1)


def month_end(month: str) -> date:
    """The last day of ``YYYY-MM``."""
    return add_months(first_day(month), 1) - timedelta(days=1)


def default_range(today: date) -> DateRange:
    """The current month and the eleven before it."""
    return DateRange(add_months(today, -11), today)


def china_month(column, dialect: str) -> ColumnElement[str]:
    """``YYYY-MM`` of a UTC timestamp column, in China time."""
    if dialect == "postgresql":
        return func.to_char(func.timezone("Asia/Shanghai", column), "YYYY-MM")
    return func.strftime("%Y-%m", column, "+8 hours")  # China has no daylight saving time


def china_day(column, dialect: str) -> ColumnElement[str]:
    """``YYYY-MM-DD`` of a UTC timestamp column, in China time."""
    if dialect == "postgresql":
        return func.to_char(func.timezone("Asia/Shanghai", column), "YYYY-MM-DD")
    return func.strftime("%Y-%m-%d", column, "+8 hours")


def hours_between(earlier, later, dialect: str) -> ColumnElement[float]:
    """Hours from ``earlier`` to ``later`` (two timestamp columns)."""
    if dialect == "postgresql":
        return func.extract("epoch", later - earlier) / 3600.0
    return (func.julianday(later) - func.julianday(earlier)) * 24.0
