"""Display conversions: the dated "on or before" look-up, rounding, zero-decimal currencies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from catalog.exchange import (
    DISPLAY_CURRENCIES,
    IDENTITY_RATE,
    DisplayRate,
    normalise_currency_code,
    rate_on,
    record_rates,
)
from catalog.money import Money


@pytest.fixture
def rates(db_session):
    record_rates(
        db_session, date(2030, 1, 10), [("USD", Decimal("0.1400")), ("JPY", Decimal("21.5"))]
    )
    record_rates(db_session, date(2030, 1, 20), [("USD", Decimal("0.1500"))])
    return db_session


def test_the_issue_currencies_can_be_chosen():
    for code in (
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
    ):
        assert code in DISPLAY_CURRENCIES
    assert normalise_currency_code(" usd ") == "USD"
    assert normalise_currency_code("XXX") is None
    assert normalise_currency_code("") is None
    assert normalise_currency_code(None) is None


@pytest.mark.parametrize(
    "day, expected_rate, expected_date",
    [
        (date(2030, 1, 10), Decimal("0.14"), date(2030, 1, 10)),  # the day itself
        (date(2030, 1, 19), Decimal("0.14"), date(2030, 1, 10)),  # between two dates
        (date(2030, 1, 20), Decimal("0.15"), date(2030, 1, 20)),
        (date(2031, 6, 1), Decimal("0.15"), date(2030, 1, 20)),  # long after: newest
    ],
)
def test_rate_is_the_newest_on_or_before_the_day(rates, day, expected_rate, expected_date):
    rate = rate_on(rates, "usd", day)
    assert rate is not None
    assert rate.units_per_cny == expected_rate
    assert rate.effective_on == expected_date


def test_no_rate_before_the_first_published_one(rates):
    # The demo catalog's rates are from 2026; none exists before them.
    assert rate_on(rates, "USD", date(2020, 1, 1)) is None


def test_cny_needs_no_rate(db_session):
    assert rate_on(db_session, "CNY", date(2000, 1, 1)) is IDENTITY_RATE
    assert IDENTITY_RATE.convert(Decimal("58.00")) == Money(Decimal("58.00"), "CNY")
    assert not IDENTITY_RATE.is_conversion


def test_conversion_rounds_half_up_to_the_currency_decimals():
    usd = DisplayRate("USD", Decimal("0.1405"), date(2030, 1, 1))
    assert usd.convert(Decimal("10.00")) == Money(Decimal("1.41"), "USD")  # 1.405 -> 1.41
    jpy = DisplayRate("JPY", Decimal("21.84"), date(2030, 1, 1))
    converted = jpy.convert(Decimal("58.00"))  # 1266.72 -> 1267, no decimals
    assert converted == Money(Decimal("1267"), "JPY")
    assert converted.amount.as_tuple().exponent == 0


def test_conversion_refuses_floats():
    with pytest.raises(TypeError):
        DisplayRate("USD", Decimal("0.14"), date(2030, 1, 1)).convert(58.0)  # type: ignore[arg-type]


def test_recording_a_day_twice_updates_the_rate(rates):
    record_rates(rates, date(2030, 1, 20), [("USD", Decimal("0.1600"))], source="correction")
    assert rate_on(rates, "USD", date(2030, 1, 21)).units_per_cny == Decimal("0.16")


@pytest.mark.parametrize(
    "currency, value",
    [("CNY", Decimal(1)), ("XXX", Decimal(1)), ("USD", Decimal(0)), ("USD", 0.14)],
)
def test_recording_refuses_bad_rates(db_session, currency, value):
    with pytest.raises(ValueError):
        record_rates(db_session, date(2030, 2, 1), [(currency, value)])


def test_the_demo_rates_cover_every_display_currency(db_session):
    for code in DISPLAY_CURRENCIES:
        rate = rate_on(db_session, code, date(2026, 11, 29))
        assert rate is not None, code
        assert rate.units_per_cny > 0


def test_every_destination_can_be_shown_in_its_own_currency_with_a_dated_demo_rate():
    import json
    from datetime import date
    from pathlib import Path

    from babel.numbers import get_territory_currencies

    from catalog.eligibility import DESTINATION_COUNTRIES
    from catalog.exchange import DISPLAY_CURRENCIES, normalise_currency_code

    data = Path(__file__).resolve().parents[2] / "catalog/demo/data/exchange_rates.json"
    days = json.loads(data.read_text(encoding="utf-8"))
    for country in DESTINATION_COUNTRIES:
        currency = get_territory_currencies(country, date(2026, 12, 1))[0]
        assert currency in DISPLAY_CURRENCIES, country
        assert normalise_currency_code(currency.lower()) == currency
        assert all(currency in day["units_per_cny"] for day in days), (country, currency)
