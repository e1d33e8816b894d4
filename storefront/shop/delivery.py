"""The delivery page's table: for every destination, what carries a parcel there and for how
much, and how many kinds of product may not go there, from the shipping rates and the
destination rules (two queries, whatever the number of destinations)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.eligibility import DESTINATION_COUNTRIES
from catalog.models import DestinationRule, EligibilityStatus
from catalog.money import Money
from storefront.shipping.models import ANY_COUNTRY, ShippingMethod, ShippingRate

SAMPLE_WEIGHT_G = 1000  # the prices shown are for a 1 kg parcel


@dataclass(frozen=True, slots=True)
class MethodOffer:
    method: ShippingMethod
    price: Money
    delivery_days_min: int
    delivery_days_max: int


@dataclass(frozen=True, slots=True)
class DestinationDelivery:
    country: str
    offers: tuple[MethodOffer, ...]
    blocked_classes: int
    conditional_classes: int


def delivery_table(session: Session) -> list[DestinationDelivery]:
    rates = session.scalars(select(ShippingRate)).all()
    rules = session.scalars(select(DestinationRule)).all()
    by_country: dict[str, dict] = defaultdict(dict)
    for rule in sorted(rules, key=lambda r: r.country != ANY_COUNTRY):  # defaults first
        by_country[rule.country][rule.product_class] = rule.status
    defaults = by_country.get(ANY_COUNTRY, {})
    table = []
    for country in DESTINATION_COUNTRIES:
        statuses = {**defaults, **by_country.get(country, {})}
        offers = []
        for method in ShippingMethod:
            rate = _best_rate([r for r in rates if r.method is method], country)
            if rate is not None:
                offers.append(
                    MethodOffer(
                        method,
                        Money(rate.price, rate.currency),
                        rate.delivery_days_min,
                        rate.delivery_days_max,
                    )
                )
        table.append(
            DestinationDelivery(
                country=country,
                offers=tuple(sorted(offers, key=lambda offer: offer.price.amount)),
                blocked_classes=sum(s is EligibilityStatus.BLOCKED for s in statuses.values()),
                conditional_classes=sum(
                    s is EligibilityStatus.CONDITIONAL for s in statuses.values()
                ),
            )
        )
    return table


def _best_rate(rates: list[ShippingRate], country: str) -> ShippingRate | None:
    own = [rate for rate in rates if rate.country_code == country]
    candidates = own or [rate for rate in rates if rate.country_code == ANY_COUNTRY]
    fitting = [rate for rate in candidates if rate.max_weight_g >= SAMPLE_WEIGHT_G]
    return min(fitting, key=lambda rate: rate.max_weight_g, default=None)
