"""Quotes for bonded goods: the tax per line and every reason the order cannot be placed.

The quote page, the placement, the API's quote and (through ``estimate_tax``) the tax-estimate
endpoint all use ``quote_goods``: one computation, so what the buyer reads is what is charged
and declared. The limits come from the settings; the orderer's year from the quota account.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.base import utcnow
from storefront.pickup.goods import MAX_LINE_QUANTITY, BondedGood
from storefront.pickup.holds import used_this_year
from storefront.pickup.personal_data import PersonalDataVault
from storefront.pickup.showrooms import CHINA
from storefront.pickup.tax import (
    ZERO,
    Limits,
    LineTax,
    TaxEstimate,
    TaxLine,
    Violation,
    ViolationCode,
    estimate_tax,
)


@dataclass(frozen=True, slots=True)
class QuoteLine:
    good: BondedGood
    quantity: int
    tax: LineTax
    consumption_tax_rate: Decimal  # as applied to this price (0 below the high-end threshold)


@dataclass(frozen=True, slots=True)
class Quote:
    lines: tuple[QuoteLine, ...]
    estimate: TaxEstimate
    limits: Limits

    @property
    def allowed(self) -> bool:
        return self.estimate.allowed

    @property
    def violations(self) -> tuple[Violation, ...]:
        return self.estimate.violations

    @property
    def remaining_allowance(self) -> Decimal:
        """What is left of the orderer's year after this order (before it, if refused)."""
        return max(ZERO, self.limits.per_year - self.estimate.annual_total_after)


def tax_line(good: BondedGood, quantity: int) -> TaxLine:
    return TaxLine(
        unit_price=good.price,
        quantity=quantity,
        vat_rate=good.vat_rate,
        consumption_tax_rate=good.consumption_tax_rate_at(),
        tariff_rate=good.tariff_rate,
        indivisible=good.indivisible,
    )


def quote_goods(
    lines: Sequence[tuple[BondedGood, int]],
    *,
    limits: Limits,
    annual_total_before: Decimal = ZERO,
    extra: Sequence[Violation] = (),
) -> Quote:
    """Taxes and limits for ``(good, quantity)`` lines, plus positive-list and stock checks."""
    estimate = estimate_tax(
        [tax_line(good, quantity) for good, quantity in lines],
        annual_total_before=annual_total_before,
        limits=limits,
    )
    refusals = list(extra)
    for good, quantity in lines:
        if not good.on_positive_list:
            refusals.append(Violation(ViolationCode.NOT_ON_POSITIVE_LIST, subject=good.sku))
        elif quantity > min(good.stock, MAX_LINE_QUANTITY) or not good.is_published:
            refusals.append(Violation(ViolationCode.OUT_OF_STOCK, subject=good.sku))
    if refusals:
        estimate = estimate.with_violations(refusals)
    return Quote(
        tuple(
            QuoteLine(good, quantity, line_tax, good.consumption_tax_rate_at())
            for (good, quantity), line_tax in zip(lines, estimate.lines, strict=True)
        ),
        estimate,
        limits,
    )


def quota_year(now: datetime | None = None) -> int:
    """The calendar year the limits count in: China's."""
    return (now or utcnow()).astimezone(CHINA).year


def annual_total_of(
    session: Session, vault: PersonalDataVault, id_number: str, now: datetime | None = None
) -> Decimal:
    """What this platform counts on the person's year (pending orders included)."""
    return used_this_year(session, vault.lookup_hash(id_number), quota_year(now))


def goods_by_id(session: Session, ids: Sequence[int]) -> dict[int, BondedGood]:
    if not ids:
        return {}
    goods = session.scalars(select(BondedGood).where(BondedGood.id.in_(ids)))
    return {good.id: good for good in goods}


def goods_by_sku(session: Session, skus: Sequence[str]) -> dict[str, BondedGood]:
    if not skus:
        return {}
    goods = session.scalars(select(BondedGood).where(BondedGood.sku.in_(skus)))
    return {good.sku: good for good in goods}


def lines_of(session: Session, quantities: Mapping[int, int]) -> list[tuple[BondedGood, int]]:
    """``(good, quantity)`` for a cart (good id -> quantity), in the goods' id order."""
    goods = goods_by_id(session, sorted(quantities))
    return [(goods[gid], qty) for gid, qty in sorted(quantities.items()) if gid in goods and qty]
