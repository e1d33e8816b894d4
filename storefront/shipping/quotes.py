"""Shipping methods and prices by destination and parcel weight, from the rates table."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.money import Money
from storefront.shipping.models import ANY_COUNTRY, ShippingMethod, ShippingRate


@dataclass(frozen=True, slots=True)
class ShippingQuote:
    method: ShippingMethod
    price: Money
    delivery_days_min: int
    delivery_days_max: int


def _best_rate(rates: list[ShippingRate], country: str, weight_g: int) -> ShippingRate | None:
    """The country's own bands win over the ``*`` bands; then the smallest band that fits."""
    own = [rate for rate in rates if rate.country_code == country]
    candidates = own or [rate for rate in rates if rate.country_code == ANY_COUNTRY]
    fitting = [rate for rate in candidates if rate.max_weight_g >= weight_g]
    return min(fitting, key=lambda rate: rate.max_weight_g, default=None)


def shipping_quotes(session: Session, country: str, weight_g: int) -> list[ShippingQuote]:
    """Every method that can carry ``weight_g`` grams to ``country``, cheapest first."""
    code = country.upper()
    rows = session.scalars(
        select(ShippingRate).where(ShippingRate.country_code.in_((code, ANY_COUNTRY)))
    ).all()
    quotes = []
    for method in ShippingMethod:
        rate = _best_rate([row for row in rows if row.method is method], code, weight_g)
        if rate is not None:
            quotes.append(
                ShippingQuote(
                    method=method,
                    price=Money(rate.price, rate.currency),
                    delivery_days_min=rate.delivery_days_min,
                    delivery_days_max=rate.delivery_days_max,
                )
            )
    return sorted(quotes, key=lambda quote: (quote.price.amount, quote.method.value))


def quote_for(
    session: Session, method: ShippingMethod, country: str, weight_g: int
) -> ShippingQuote | None:
    return next(
        (q for q in shipping_quotes(session, country, weight_g) if q.method is method), None
    )
