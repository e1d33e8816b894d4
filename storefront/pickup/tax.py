"""The cross-border e-commerce retail import tax (跨境电商综合税) and the limits: ONE function.

``estimate_tax`` is what the quote page, the bonded order, the CEB311 ``taxTotal`` and the API
``POST /api/v1/bonded/tax-estimate`` all call. Plain Python on ``Decimal``; sources in
docs/bonded-pickup.md ("Tax and limits"):

* Dutiable price P (完税价格) = the actual transaction price: goods (unit price x quantity),
  freight and insurance (Caiguanshui [2016] No.18). Freight and insurance are shared among the
  lines in proportion to their goods value, to the fen, the last line taking the remainder.
* Within the limits (5,000 CNY per order, 26,000 CNY per person per calendar year, Caiguanshui
  [2018] No.49): tariff 0, and import VAT and consumption tax at 70% of the statutory amount.
* A single indivisible item over 5,000 CNY, alone in its order, within the annual limit: tariff,
  VAT and consumption tax in full (Caiguanshui [2018] No.49 art.3); it counts toward the year.
* Consumption tax on the composite price (组成计税价格, ad valorem goods, Regulations on Import and
  Export Duties art.37 / Provisional Regulations on Consumption Tax art.8):
  composite = (P + tariff) / (1 - c); consumption tax = composite x c; VAT = composite x v.
  Within the limits both are then x 70%: tax = P x (v + c) / (1 - c) x 70%.
* Every tax of every line is rounded once to the fen, half up (customs' duty amounts are to the
  fen, 元 with two decimals); order figures are the sums of the lines.

Over a limit the estimate says which limit and by how much (``Violation.excess``); the taxes
are still worked out as the order would be charged, so the buyer sees what is at stake.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Final

FEN: Final = Decimal("0.01")
ZERO: Final = Decimal("0.00")
ORDER_LIMIT: Final = Decimal("5000.00")  # CNY per transaction (Caiguanshui [2018] No.49 art.1)
ANNUAL_LIMIT: Final = Decimal("26000.00")  # CNY per person and calendar year (ibid.)
REDUCTION: Final = Decimal("0.7")  # VAT and consumption tax at 70% within the limits


class TaxChannel(StrEnum):
    REDUCED = "reduced"  # within the limits: tariff 0, VAT and consumption tax at 70%
    FULL_DUTY = "full_duty"  # single indivisible item over the order limit: everything in full


class ViolationCode(StrEnum):
    ORDER_LIMIT = "order_limit"
    ANNUAL_LIMIT = "annual_limit"
    NOT_ON_POSITIVE_LIST = "not_on_positive_list"
    INVALID_ID = "invalid_id"
    OUT_OF_STOCK = "out_of_stock"


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits in force (configurable: ``PICKUP_ORDER_LIMIT``, ``PICKUP_ANNUAL_LIMIT``)."""

    per_order: Decimal = ORDER_LIMIT
    per_year: Decimal = ANNUAL_LIMIT
    reduction: Decimal = REDUCTION


@dataclass(frozen=True, slots=True)
class TaxLine:
    """One line as the tax sees it: price, quantity and the goods' rates (0..1)."""

    unit_price: Decimal
    quantity: int
    vat_rate: Decimal
    consumption_tax_rate: Decimal  # the rate that applies to this price (see goods.py)
    tariff_rate: Decimal  # only used when the full duty is due
    indivisible: bool = False

    @property
    def goods_value(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass(frozen=True, slots=True)
class LineTax:
    goods_value: Decimal
    dutiable_price: Decimal  # goods + its share of freight and insurance
    tariff: Decimal
    consumption_tax: Decimal
    vat: Decimal

    @property
    def total_tax(self) -> Decimal:
        return self.tariff + self.consumption_tax + self.vat


@dataclass(frozen=True, slots=True)
class Violation:
    code: ViolationCode
    excess: Decimal = ZERO  # by how much the limit is exceeded (CNY); 0 for other codes
    limit: Decimal = ZERO
    subject: str = ""  # the SKU concerned, for positive list and stock


@dataclass(frozen=True, slots=True)
class TaxEstimate:
    channel: TaxChannel  # how the order is (or would be) taxed
    lines: tuple[LineTax, ...]
    freight: Decimal
    insurance: Decimal
    annual_total_before: Decimal
    violations: tuple[Violation, ...]

    @property
    def allowed(self) -> bool:
        return not self.violations

    @property
    def goods_value(self) -> Decimal:
        return sum((line.goods_value for line in self.lines), ZERO)

    @property
    def dutiable_price(self) -> Decimal:
        return sum((line.dutiable_price for line in self.lines), ZERO)

    @property
    def tariff(self) -> Decimal:
        return sum((line.tariff for line in self.lines), ZERO)

    @property
    def consumption_tax(self) -> Decimal:
        return sum((line.consumption_tax for line in self.lines), ZERO)

    @property
    def vat(self) -> Decimal:
        return sum((line.vat for line in self.lines), ZERO)

    @property
    def total_tax(self) -> Decimal:
        return self.tariff + self.consumption_tax + self.vat

    @property
    def annual_total_after(self) -> Decimal:
        """What the buyer's year counts once this order is placed (unchanged if refused)."""
        if not self.allowed:
            return self.annual_total_before
        return self.annual_total_before + self.dutiable_price

    @property
    def total_payable(self) -> Decimal:
        """Goods, freight, insurance and tax: what the buyer pays (CEB311 acturalPaid)."""
        return self.dutiable_price + self.total_tax

    def with_violations(self, extra: Sequence[Violation]) -> TaxEstimate:
        """The same estimate with further refusals (positive list, stock, identity)."""
        return TaxEstimate(
            self.channel,
            self.lines,
            self.freight,
            self.insurance,
            self.annual_total_before,
            (*self.violations, *extra),
        )


def to_fen(amount: Decimal) -> Decimal:
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def share_costs(costs: Decimal, goods_values: Sequence[Decimal]) -> list[Decimal]:
    """``costs`` shared in proportion to the goods values, in fen; the shares add up exactly."""
    total = sum(goods_values, ZERO)
    shares = [
        (costs * value / total).quantize(FEN, rounding=ROUND_DOWN) if total else ZERO
        for value in goods_values
    ]
    if shares:
        shares[-1] += costs - sum(shares, ZERO)
    return shares


def is_single_indivisible(lines: Sequence[TaxLine]) -> bool:
    """One line of one indivisible item: the only order that may pass the order limit."""
    return len(lines) == 1 and lines[0].quantity == 1 and lines[0].indivisible


def estimate_tax(
    lines: Sequence[TaxLine],
    *,
    freight: Decimal = ZERO,
    insurance: Decimal = ZERO,
    annual_total_before: Decimal = ZERO,
    limits: Limits = Limits(),
) -> TaxEstimate:
    """Taxes per line and the limits for one bonded-import order. Amounts in CNY.

    Expects checked input (prices > 0 with at most two decimals, quantities >= 1, rates in
    0..1 with the consumption-tax rate below 1, freight and insurance >= 0); the API and the
    forms check it before they call.
    """
    goods_values = [line.goods_value for line in lines]
    costs = share_costs(freight + insurance, goods_values)
    dutiable = [value + share for value, share in zip(goods_values, costs, strict=True)]
    order_value = sum(dutiable, ZERO)
    single = is_single_indivisible(lines)
    over_order_limit = order_value > limits.per_order
    channel = TaxChannel.FULL_DUTY if over_order_limit and single else TaxChannel.REDUCED
    violations: list[Violation] = []
    if over_order_limit and not single:
        violations.append(
            Violation(ViolationCode.ORDER_LIMIT, order_value - limits.per_order, limits.per_order)
        )
    year_after = annual_total_before + order_value
    if year_after > limits.per_year:
        violations.append(
            Violation(ViolationCode.ANNUAL_LIMIT, year_after - limits.per_year, limits.per_year)
        )
    taxed = tuple(
        _line_tax(line, price, channel, limits.reduction)
        for line, price in zip(lines, dutiable, strict=True)
    )
    return TaxEstimate(channel, taxed, freight, insurance, annual_total_before, tuple(violations))


def _line_tax(line: TaxLine, price: Decimal, channel: TaxChannel, reduction: Decimal) -> LineTax:
    v, c = line.vat_rate, line.consumption_tax_rate
    if channel is TaxChannel.FULL_DUTY:
        tariff = to_fen(price * line.tariff_rate)
        composite = (price + tariff) / (1 - c)
        factor = Decimal(1)
    else:
        tariff = ZERO
        composite = price / (1 - c)
        factor = reduction
    return LineTax(
        goods_value=line.goods_value,
        dutiable_price=price,
        tariff=tariff,
        consumption_tax=to_fen(composite * c * factor),
        vat=to_fen(composite * v * factor),
    )
