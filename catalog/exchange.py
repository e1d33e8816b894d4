"""Display conversions of CNY prices through the dated exchange-rate table.

Prices are set and charged in CNY. Any other currency is an approximate display value: it uses
the most recent rate published on or before the day asked for, and carries that rate's date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models.exchange_rate import ExchangeRate
from catalog.money import CHARGE_CURRENCY, Money, quantize
from catalog.revision import record_catalog_change

# The currencies a visitor may choose to see prices in (CNY is the charged currency).
DISPLAY_CURRENCIES: tuple[str, ...] = (
    "CNY",
    "USD",
    "HKD",
    "MOP",
    "EUR",
    "GBP",
    "SGD",
    "MYR",
    "JPY",
    "AUD",
    "AED",
    "KES",
    # every other currency of a destination the shop sells to (catalog/eligibility.py)
    "CAD",
    "NZD",
    "KRW",
    "THB",
    "IDR",
    "PHP",
    "VND",
    "CZK",
    "DKK",
    "HUF",
    "PLN",
    "RON",
    "SEK",
    "SAR",
    "QAR",
    "NGN",
    "ZAR",
    "EGP",
)


def normalise_currency_code(raw: str | None) -> str | None:
    """Return the upper-case code if it is a display currency, else None."""
    code = (raw or "").strip().upper()
    return code if code in DISPLAY_CURRENCIES else None


@dataclass(frozen=True, slots=True)
class DisplayRate:
    """A rate from CNY to a display currency, with the date it was published.

    For CNY itself the rate is exactly 1 and there is no date: nothing is converted.
    """

    currency: str
    units_per_cny: Decimal
    effective_on: date | None

    @property
    def is_conversion(self) -> bool:
        return self.currency != CHARGE_CURRENCY

    def convert(self, amount_cny: Decimal) -> Money:
        """Convert a CNY amount, rounded half-up to the display currency's decimals."""
        if not isinstance(amount_cny, Decimal):
            raise TypeError("amounts are Decimal")
        return Money(quantize(amount_cny * self.units_per_cny, self.currency), self.currency)


IDENTITY_RATE = DisplayRate(CHARGE_CURRENCY, Decimal(1), None)


def rate_on(session: Session, currency: str, day: date) -> DisplayRate | None:
    """The rate for ``currency`` published on ``day`` or most recently before it, if any."""
    code = currency.upper()
    if code == CHARGE_CURRENCY:
        return IDENTITY_RATE
    row = session.scalars(
        select(ExchangeRate)
        .where(ExchangeRate.currency == code, ExchangeRate.effective_on <= day)
        .order_by(ExchangeRate.effective_on.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return DisplayRate(row.currency, row.units_per_cny, row.effective_on)


def record_rates(
    session: Session, effective_on: date, rates: Iterable[tuple[str, Decimal]], source: str = ""
) -> list[ExchangeRate]:
    """Store a day's published rates; a rate already stored for that day is updated."""
    stored: list[ExchangeRate] = []
    for currency, units_per_cny in rates:
        code = currency.upper()
        if normalise_currency_code(code) is None or code == CHARGE_CURRENCY:
            raise ValueError(f"not a display currency: {currency!r}")
        if not isinstance(units_per_cny, Decimal) or units_per_cny <= 0:
            raise ValueError(f"a rate is a positive Decimal: {units_per_cny!r}")
        row = session.scalar(
            select(ExchangeRate).where(
                ExchangeRate.currency == code, ExchangeRate.effective_on == effective_on
            )
        )
        if row is None:
            row = ExchangeRate(currency=code, effective_on=effective_on)
            session.add(row)
        row.units_per_cny = units_per_cny
        row.source = source
        stored.append(row)
    session.flush()
    return stored


class InvalidExchangeRate(ValueError):
    """The operator's rate row would be wrong: ``field`` names the value, ``reason`` why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


# exchange_rates.units_per_cny is NUMERIC(18, 8): ten whole digits, eight decimals.
MAX_RATE_DECIMALS = 8
MAX_RATE = Decimal("9999999999")


def list_exchange_rates(
    session: Session,
    *,
    currency: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 500,
) -> list[ExchangeRate]:
    """The stored rates, newest day first, then by currency; the filters given narrow them."""
    stmt = select(ExchangeRate).order_by(ExchangeRate.effective_on.desc(), ExchangeRate.currency)
    if currency:
        stmt = stmt.where(ExchangeRate.currency == currency.upper())
    if since is not None:
        stmt = stmt.where(ExchangeRate.effective_on >= since)
    if until is not None:
        stmt = stmt.where(ExchangeRate.effective_on <= until)
    return list(session.scalars(stmt.limit(limit)))


def save_exchange_rate(
    session: Session,
    *,
    row: ExchangeRate | None,
    currency: str,
    effective_on: date,
    units_per_cny: Decimal,
    source: str,
) -> ExchangeRate:
    """Add a day's rate (``row`` None) or correct one; flush.

    Prices shown in other currencies are cached under the catalog's stamp, so a rate the
    operator adds or corrects moves it (``record_catalog_change``): pages convert with the new
    rate at once instead of when their caches expire.
    """
    code = (currency or "").strip().upper()
    if normalise_currency_code(code) is None or code == CHARGE_CURRENCY:
        raise InvalidExchangeRate("currency", "currency")
    if not isinstance(units_per_cny, Decimal) or not units_per_cny.is_finite():
        raise InvalidExchangeRate("units_per_cny", "positive")
    if units_per_cny <= 0 or units_per_cny > MAX_RATE:
        raise InvalidExchangeRate("units_per_cny", "positive")
    exponent = units_per_cny.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_RATE_DECIMALS:
        raise InvalidExchangeRate("units_per_cny", "decimals")
    clash = session.scalar(
        select(ExchangeRate.id).where(
            ExchangeRate.currency == code, ExchangeRate.effective_on == effective_on
        )
    )
    if clash is not None and (row is None or clash != row.id):
        raise InvalidExchangeRate("effective_on", "taken")
    if row is None:
        row = ExchangeRate()
        session.add(row)
    row.currency, row.effective_on = code, effective_on
    row.units_per_cny, row.source = units_per_cny, (source or "").strip()[:120]
    session.flush()
    record_catalog_change(session)
    return row


def delete_exchange_rate(session: Session, row: ExchangeRate) -> None:
    session.delete(row)
    session.flush()
    record_catalog_change(session)
