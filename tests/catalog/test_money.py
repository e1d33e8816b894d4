from decimal import Decimal

import pytest

from catalog.money import Money, currency_exponent, from_minor_units, to_minor_units


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        ("12.34", "CNY", 1234),
        ("19.99", "USD", 1999),
        ("500", "JPY", 500),
        ("499.5", "JPY", 500),
        ("1200", "KRW", 1200),
        ("1.234", "KWD", 1230),
        ("0.005", "EUR", 1),
    ],
)
def test_minor_units(amount, currency, minor):
    assert to_minor_units(Decimal(amount), currency) == minor


def test_exponents():
    assert currency_exponent("jpy") == 0
    assert currency_exponent("KWD") == 3
    assert currency_exponent("CNY") == 2


def test_from_minor_units():
    assert from_minor_units(1234, "CNY") == Decimal("12.34")
    assert from_minor_units(500, "JPY") == Decimal("500")


def test_money_refuses_floats_and_mixed_currencies():
    with pytest.raises(TypeError):
        Money(12.5, "CNY")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Money.cny("1") + Money(Decimal("1"), "USD")
    assert (Money.cny("1.10") * 3).amount == Decimal("3.30")
