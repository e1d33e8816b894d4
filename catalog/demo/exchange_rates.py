"""Demo exchange rates: a few dated days of approximate CNY reference rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.exchange import record_rates
from catalog.models.exchange_rate import ExchangeRate


def load_demo_exchange_rates(session: Session, rate_days: list[dict]) -> int:
    """Store every demo rate not stored yet; return how many were created."""
    existing = {
        (currency, effective_on)
        for currency, effective_on in session.execute(
            select(ExchangeRate.currency, ExchangeRate.effective_on)
        )
    }
    created = 0
    for day in rate_days:
        effective_on = date.fromisoformat(day["effective_on"])
        missing = [
            (currency, Decimal(value))
            for currency, value in day["units_per_cny"].items()
            if (currency, effective_on) not in existing
        ]
        if missing:
            record_rates(session, effective_on, missing, source=day.get("source", ""))
            created += len(missing)
    return created
