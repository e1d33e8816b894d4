"""The starting shipping rate table (CNY), seeded by ``demo load``; the operator edits the rows.

Bands are (max weight in grams, price): a parcel uses the smallest band it fits in.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storefront.exceptions import StorefrontError
from storefront.shipping.models import ANY_COUNTRY, ShippingMethod, ShippingRate

Band = tuple[int, str]

STARTING_RATES: list[tuple[ShippingMethod, tuple[str, ...], tuple[int, int], tuple[Band, ...]]] = [
    (
        ShippingMethod.HK_MACAU_TRUCK,
        ("HK", "MO"),
        (1, 3),
        ((1_000, "18.00"), (3_000, "28.00"), (10_000, "45.00"), (30_000, "80.00")),
    ),
    (
        ShippingMethod.INTERNATIONAL_EXPRESS,
        ("HK", "MO", "SG", "MY", "TH", "VN", "PH", "ID"),
        (2, 4),
        (
            (500, "80.00"),
            (1_000, "105.00"),
            (2_000, "150.00"),
            (5_000, "260.00"),
            (10_000, "420.00"),
            (30_000, "900.00"),
        ),
    ),
    (
        ShippingMethod.INTERNATIONAL_EXPRESS,
        (ANY_COUNTRY,),
        (3, 7),
        (
            (500, "120.00"),
            (1_000, "160.00"),
            (2_000, "230.00"),
            (5_000, "380.00"),
            (10_000, "620.00"),
            (20_000, "1050.00"),
            (30_000, "1400.00"),
        ),
    ),
    (
        ShippingMethod.POSTAL_PARCEL,
        (ANY_COUNTRY,),
        (10, 25),
        (
            (1_000, "75.00"),
            (2_000, "110.00"),
            (5_000, "210.00"),
            (10_000, "360.00"),
            (20_000, "620.00"),
            (30_000, "850.00"),
        ),
    ),
]


def seed_shipping_rates(session: Session) -> int:
    """Create the starting rates that do not exist yet; return how many were created."""
    existing = {
        (rate.method, rate.country_code, rate.max_weight_g)
        for rate in session.scalars(select(ShippingRate))
    }
    created = 0
    for method, countries, (days_min, days_max), bands in STARTING_RATES:
        for country in countries:
            for max_weight_g, price in bands:
                if (method, country, max_weight_g) in existing:
                    continue
                session.add(
                    ShippingRate(
                        method=method,
                        country_code=country,
                        max_weight_g=max_weight_g,
                        price=Decimal(price),
                        currency="CNY",
                        delivery_days_min=days_min,
                        delivery_days_max=days_max,
                    )
                )
                created += 1
    session.flush()
    return created


class InvalidRate(StorefrontError):
    """A rate row would be meaningless or clash with another: ``field`` says which value."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


def list_rates(
    session: Session,
    *,
    method: ShippingMethod | None = None,
    country_code: str | None = None,
    max_weight_g: int | None = None,
) -> list[ShippingRate]:
    """The rates, ordered by method, country and band; each filter given narrows them."""
    stmt = select(ShippingRate).order_by(
        ShippingRate.method, ShippingRate.country_code, ShippingRate.max_weight_g
    )
    if method is not None:
        stmt = stmt.where(ShippingRate.method == method)
    if country_code:
        stmt = stmt.where(ShippingRate.country_code == country_code.strip().upper())
    if max_weight_g is not None:
        stmt = stmt.where(ShippingRate.max_weight_g == max_weight_g)
    return list(session.scalars(stmt))


def weight_bands(session: Session) -> list[int]:
    """Every band's upper weight in use, smallest first (the weight filter's choices)."""
    return list(
        session.scalars(select(ShippingRate.max_weight_g).distinct().order_by("max_weight_g"))
    )


def count_rates(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ShippingRate)) or 0


def save_rate(
    session: Session,
    *,
    rate: ShippingRate | None,
    method: ShippingMethod,
    country_code: str,
    max_weight_g: int,
    price: Decimal,
    delivery_days_min: int,
    delivery_days_max: int,
) -> ShippingRate:
    """Create (``rate`` None) or change a rate; flush. Refusals name the field at fault."""
    country_code = country_code.strip().upper()
    if country_code != ANY_COUNTRY and (
        len(country_code) != 2 or not country_code.isascii() or not country_code.isalpha()
    ):
        raise InvalidRate("country_code", "country")
    if max_weight_g <= 0:
        raise InvalidRate("max_weight_g", "positive")
    if price < 0:
        raise InvalidRate("price", "negative")
    if delivery_days_min <= 0:
        raise InvalidRate("delivery_days_min", "days")
    if delivery_days_max < delivery_days_min:
        raise InvalidRate("delivery_days_max", "days_order")
    clash = session.scalar(
        select(ShippingRate.id).where(
            ShippingRate.method == method,
            ShippingRate.country_code == country_code,
            ShippingRate.max_weight_g == max_weight_g,
        )
    )
    if clash is not None and (rate is None or clash != rate.id):
        raise InvalidRate("max_weight_g", "taken")
    if rate is None:
        rate = ShippingRate(currency="CNY")
        session.add(rate)
    rate.method, rate.country_code, rate.max_weight_g = method, country_code, max_weight_g
    rate.price = price.quantize(Decimal("0.01"))
    rate.delivery_days_min, rate.delivery_days_max = delivery_days_min, delivery_days_max
    session.flush()
    return rate


def delete_rate(session: Session, rate: ShippingRate) -> None:
    session.delete(rate)
    session.flush()
