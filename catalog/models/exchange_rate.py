"""Dated exchange rates for display conversions (prices are set and charged in CNY)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from catalog.base import Base, TimestampMixin


class ExchangeRate(TimestampMixin, Base):
    """How many units of ``currency`` one yuan (CNY) buys, as published on ``effective_on``."""

    __tablename__ = "exchange_rates"
    __table_args__ = (
        UniqueConstraint("currency", "effective_on"),
        CheckConstraint("units_per_cny > 0", name="units_per_cny_positive"),
        CheckConstraint("length(currency) = 3", name="currency_code_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3))
    effective_on: Mapped[date] = mapped_column(Date)
    units_per_cny: Mapped[Decimal] = mapped_column(Numeric(18, 8))
    source: Mapped[str] = mapped_column(String(120), default="")

    def __repr__(self) -> str:
        return f"<ExchangeRate {self.currency} {self.units_per_cny} on {self.effective_on}>"
