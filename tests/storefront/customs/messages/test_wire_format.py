"""Wire formats: amounts, China-time timestamps, dates, GUIDs, receipt times."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from storefront.customs.messages.wire_format import (
    format_amount,
    format_app_time,
    format_date,
    is_guid,
    new_guid,
    parse_return_time,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("264.00"), "264"),
        (Decimal("0"), "0"),
        (Decimal("0.00"), "0"),
        (Decimal("12.5"), "12.5"),
        (Decimal("0.12345"), "0.12345"),
        (Decimal("0.123456"), "0.12346"),  # half-up to 5 places
        (Decimal("0.000004"), "0"),
        (Decimal("1E+3"), "1000"),  # never exponent notation
        (Decimal("1.5E-3"), "0.0015"),
        (Decimal("12345678912345.12345"), "12345678912345.12345"),
    ],
)
def test_format_amount(value: Decimal, text: str) -> None:
    assert format_amount(value) == text


@pytest.mark.parametrize("value", [1.5, Decimal("NaN"), Decimal("Infinity"), "10"])
def test_format_amount_refuses_non_decimal(value: object) -> None:
    with pytest.raises(ValueError, match="finite Decimal"):
        format_amount(value)  # type: ignore[arg-type]


def test_app_time_is_china_time() -> None:
    assert format_app_time(datetime(2026, 3, 1, 2, 30, 5, tzinfo=UTC)) == "20260301103005"
    # late evening UTC is already the next day in Chenzhou
    assert format_app_time(datetime(2026, 12, 31, 16, 0, 0, tzinfo=UTC)) == "20270101000000"
    paris = timezone(timedelta(hours=1))
    assert format_app_time(datetime(2026, 3, 1, 8, 0, 0, tzinfo=paris)) == "20260301150000"


def test_app_time_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        format_app_time(datetime(2026, 3, 1, 10, 0, 0))  # noqa: DTZ001


def test_format_date() -> None:
    assert format_date(date(2026, 3, 2)) == "20260302"
    assert format_date(datetime(2026, 3, 1, 17, 0, tzinfo=UTC)) == "20260302"
    with pytest.raises(ValueError, match="timezone-aware"):
        format_date(datetime(2026, 3, 1, 17, 0))  # noqa: DTZ001


def test_new_guid_is_upper_case_36_characters_and_unique() -> None:
    guids = {new_guid() for _ in range(200)}
    assert len(guids) == 200
    for guid in guids:
        assert len(guid) == 36
        assert guid == guid.upper()
        assert is_guid(guid)


@pytest.mark.parametrize(
    "value",
    [
        "311af125-6fed-4603-8c5d-49b1fa4b4b9b",  # the official samples' lower case
        "311AF1256FED46038C5D49B1FA4B4B9B",
        "311AF125-6FED-4603-8C5D-49B1FA4B4B9",
        "",
        None,
    ],
)
def test_is_guid_rejects(value: object) -> None:
    assert not is_guid(value)


def test_parse_return_time() -> None:
    parsed = parse_return_time("20180507153001001")
    assert parsed == datetime(2018, 5, 7, 7, 30, 1, 1000, tzinfo=UTC)
    assert parsed.tzinfo is not None
    assert parse_return_time("20180507153001") == datetime(2018, 5, 7, 7, 30, 1, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2018-05-07 15:30:01", "2018050715300", "20181307153001001"])
def test_parse_return_time_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_return_time(text)
