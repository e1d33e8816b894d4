"""The one tax function: rates, rounding to the fen, the limits at their edges, the single item.

Sources (docs/bonded-pickup.md): Caiguanshui [2016] No.18 and [2018] No.49; the composite
price for consumption tax; trade-rules.md A2/A3 (9.1%, 23.06%, 320 CNY -> 29.12 CNY).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storefront.pickup.tax import (
    FEN,
    Limits,
    TaxChannel,
    TaxLine,
    ViolationCode,
    estimate_tax,
    share_costs,
)

GENERAL = {"vat_rate": D("0.13"), "consumption_tax_rate": D("0"), "tariff_rate": D("0.15")}


def line(price: str, quantity: int = 1, **rates) -> TaxLine:
    return TaxLine(D(price), quantity, **{**GENERAL, **rates})


def test_the_reference_example_320_cny_pays_29_12():
    estimate = estimate_tax([line("300.00")], freight=D("20.00"))
    assert estimate.dutiable_price == D("320.00")
    assert estimate.vat == D("29.12") and estimate.consumption_tax == D("0.00")
    assert estimate.tariff == D("0.00")
    assert estimate.total_tax == D("29.12")  # 9.1%
    assert estimate.channel is TaxChannel.REDUCED and estimate.allowed


def test_a_high_end_cosmetic_pays_23_06_percent():
    estimate = estimate_tax([line("1000.00", consumption_tax_rate=D("0.15"))])
    assert estimate.consumption_tax == D("123.53")  # 1000 / 0.85 x 0.15 x 70%
    assert estimate.vat == D("107.06")  # 1000 / 0.85 x 0.13 x 70%
    assert estimate.total_tax == D("230.59")  # 23.06%


def test_wine_pays_consumption_tax_on_the_composite_price():
    estimate = estimate_tax([line("268.00", consumption_tax_rate=D("0.10"))])
    composite = D("268.00") / D("0.9")  # 297.777...
    assert estimate.consumption_tax == (composite * D("0.10") * D("0.7")).quantize(FEN)  # 20.84
    assert estimate.vat == (composite * D("0.13") * D("0.7")).quantize(FEN)  # 27.10
    assert (estimate.consumption_tax, estimate.vat) == (D("20.84"), D("27.10"))


def test_nuts_at_9_percent_vat_pay_6_3_percent():
    assert estimate_tax([line("100.00", vat_rate=D("0.09"))]).total_tax == D("6.30")


def test_each_tax_is_rounded_to_the_fen_half_up():
    # 0.05 x 0.13 x 0.7 = 0.00455 -> 0.00; 0.55 -> 0.05005 -> 0.05; 7.50 -> 0.6825 -> 0.68
    assert estimate_tax([line("0.05")]).vat == D("0.00")
    assert estimate_tax([line("0.55")]).vat == D("0.05")
    assert estimate_tax([line("7.50")]).vat == D("0.68")
    # exactly half a fen goes up: 5.00 x 0.13 x 0.7 = 0.455
    assert estimate_tax([line("5.00")]).vat == D("0.46")


@pytest.mark.parametrize(
    "price, allowed, excess",
    [("4999.99", True, None), ("5000.00", True, None), ("5000.01", False, D("0.01"))],
)
def test_the_order_limit_at_its_edge(price, allowed, excess):
    # two items, so the single-item exception never applies
    estimate = estimate_tax([line("1000.00"), line(str(D(price) - D("1000.00")))])
    assert estimate.dutiable_price == D(price)
    assert estimate.allowed is allowed
    if excess is not None:
        (violation,) = estimate.violations
        assert violation.code is ViolationCode.ORDER_LIMIT
        assert (violation.excess, violation.limit) == (excess, D("5000.00"))


def test_freight_counts_toward_the_order_limit():
    assert not estimate_tax([line("2500.00"), line("2499.00")], freight=D("1.01")).allowed
    assert estimate_tax([line("2500.00"), line("2499.00")], freight=D("1.00")).allowed


@pytest.mark.parametrize(
    "before, allowed, excess",
    [("25000.00", True, None), ("25000.01", False, D("0.01")), ("20000.00", True, None)],
)
def test_the_annual_limit_counts_exactly_26000(before, allowed, excess):
    estimate = estimate_tax([line("1000.00")], annual_total_before=D(before))
    assert estimate.allowed is allowed
    if allowed:
        assert estimate.annual_total_after == D(before) + D("1000.00")
    else:
        (violation,) = estimate.violations
        assert violation.code is ViolationCode.ANNUAL_LIMIT and violation.excess == excess
        assert estimate.annual_total_after == D(before)  # refused: nothing counted


def test_an_annual_total_of_exactly_26000_is_allowed():
    estimate = estimate_tax([line("1000.00")], annual_total_before=D("25000.00"))
    assert estimate.allowed and estimate.annual_total_after == D("26000.00")


def test_a_single_indivisible_item_over_5000_pays_everything_in_full():
    knife_set = line("5600.00", indivisible=True, tariff_rate=D("0.08"))
    estimate = estimate_tax([knife_set])
    assert estimate.allowed and estimate.channel is TaxChannel.FULL_DUTY
    assert estimate.tariff == D("448.00")
    assert estimate.vat == D("786.24")  # (5600 + 448) x 13%, in full
    assert estimate.total_tax == D("1234.24")
    assert estimate.annual_total_after == D("5600.00")  # it counts toward the year


def test_the_single_item_exception_needs_one_indivisible_item_alone_within_the_year():
    two = estimate_tax([line("5600.00", quantity=2, indivisible=True)])
    assert [v.code for v in two.violations] == [ViolationCode.ORDER_LIMIT]
    divisible = estimate_tax([line("5600.00")])
    assert [v.code for v in divisible.violations] == [ViolationCode.ORDER_LIMIT]
    with_another = estimate_tax([line("5600.00", indivisible=True), line("10.00")])
    assert ViolationCode.ORDER_LIMIT in [v.code for v in with_another.violations]
    over_the_year = estimate_tax(
        [line("5600.00", indivisible=True)], annual_total_before=D("20400.01")
    )
    assert [v.code for v in over_the_year.violations] == [ViolationCode.ANNUAL_LIMIT]
    assert over_the_year.violations[0].excess == D("0.01")


def test_costs_are_shared_in_proportion_to_the_fen():
    assert share_costs(D("10.00"), [D("1.00"), D("2.00")]) == [D("3.33"), D("6.67")]
    assert share_costs(D("0"), [D("5.00")]) == [D("0.00")]


def test_configured_limits_apply():
    strict = Limits(per_order=D("2000.00"), per_year=D("20000.00"))
    assert not estimate_tax([line("1000.00"), line("1000.01")], limits=strict).allowed


money = st.decimals(min_value=D("0.01"), max_value=D("3000.00"), places=2)
rate = st.decimals(min_value=D("0"), max_value=D("0.30"), places=4)
lines = st.lists(
    st.builds(
        TaxLine,
        unit_price=money,
        quantity=st.integers(min_value=1, max_value=6),
        vat_rate=rate,
        consumption_tax_rate=rate,
        tariff_rate=rate,
        indivisible=st.booleans(),
    ),
    min_size=1,
    max_size=6,
)
costs = st.decimals(min_value=D("0"), max_value=D("200.00"), places=2)
year = st.decimals(min_value=D("0"), max_value=D("30000.00"), places=2)


@settings(max_examples=300, deadline=None)
@given(lines=lines, freight=costs, insurance=costs, before=year)
def test_properties_of_every_estimate(lines, freight, insurance, before):
    estimate = estimate_tax(lines, freight=freight, insurance=insurance, annual_total_before=before)
    goods = sum((tax_line.goods_value for tax_line in lines), D(0))
    assert estimate.dutiable_price == goods + freight + insurance  # costs shared exactly
    for amount in (estimate.tariff, estimate.consumption_tax, estimate.vat, estimate.total_tax):
        assert amount == amount.quantize(FEN) and amount >= 0  # to the fen, never negative
    assert estimate.total_tax == estimate.tariff + estimate.consumption_tax + estimate.vat
    assert estimate.total_tax == sum((taxed.total_tax for taxed in estimate.lines), D(0))
    over_order = estimate.dutiable_price > D("5000")
    single = len(lines) == 1 and lines[0].quantity == 1 and lines[0].indivisible
    over_year = before + estimate.dutiable_price > D("26000")
    assert estimate.allowed is (not (over_order and not single) and not over_year)
    if estimate.allowed:
        assert estimate.annual_total_after <= D("26000")
    if estimate.channel is TaxChannel.REDUCED:
        assert estimate.tariff == 0
        for tax_line, taxed in zip(lines, estimate.lines, strict=True):
            v, c = tax_line.vat_rate, tax_line.consumption_tax_rate
            exact = taxed.dutiable_price * (v + c) / (1 - c) * D("0.7")
            assert abs(taxed.total_tax - exact) <= D("0.01")  # two taxes, each within half a fen


@settings(max_examples=200, deadline=None)
@given(price=money, extra=st.decimals(min_value=D("0.01"), max_value=D("100"), places=2), r=rate)
def test_a_higher_price_never_pays_less_tax(price, extra, r):
    low = estimate_tax([TaxLine(price, 1, r, D("0"), D("0"))])
    high = estimate_tax([TaxLine(price + extra, 1, r, D("0"), D("0"))])
    assert high.total_tax >= low.total_tax
