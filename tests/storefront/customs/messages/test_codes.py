"""Code tables: known values map to the customs codes, unknown values raise clearly."""

from __future__ import annotations

import pytest

from storefront.customs.messages.codes import (
    COUNTRY_CODES,
    CURRENCY_CODES,
    RETURN_STATUSES,
    ReturnOutcome,
    TransportMode,
    customs_country_code,
    customs_currency_code,
    customs_unit,
    customs_unit_code,
    describe_return_status,
    transport_mode,
)
from storefront.customs.messages.exceptions import CustomsError, UnknownCodeError


@pytest.mark.parametrize(
    ("iso", "code"),
    [
        ("CNY", "142"),
        ("USD", "502"),
        ("HKD", "110"),
        ("EUR", "300"),
        ("GBP", "303"),
        ("JPY", "116"),
        ("SGD", "132"),
        ("MYR", "122"),
        ("MOP", "121"),
        ("AUD", "601"),
        ("KRW", "133"),
        ("NZD", "609"),
        ("cny", "142"),
    ],
)
def test_currency_codes(iso: str, code: str) -> None:
    assert customs_currency_code(iso) == code


@pytest.mark.parametrize("iso", ["AED", "KES", "XXX", "", "RMB", "142"])
def test_unconfirmed_or_unknown_currency_raises(iso: str) -> None:
    with pytest.raises(UnknownCodeError) as raised:
        customs_currency_code(iso)
    assert raised.value.table == "currency"
    assert repr(iso) in str(raised.value)


COUNTRIES = {
    "HK": "110", "MO": "121", "TW": "143", "SG": "132", "MY": "122", "JP": "116", "KR": "133",
    "US": "502", "GB": "303", "FR": "305", "DE": "304", "IT": "307", "ES": "312", "NL": "309",
    "BE": "301", "IE": "306", "AT": "315", "PT": "311", "SE": "330", "DK": "302", "FI": "318",
    "PL": "327", "GR": "310", "AU": "601", "NZ": "609", "CA": "501", "AE": "138", "SA": "131",
    "KE": "224", "NG": "236", "ZA": "244", "EG": "215", "TH": "136", "VN": "141", "ID": "112",
    "PH": "129", "IN": "111", "RU": "344", "BR": "410", "CN": "142",
}  # fmt: skip


@pytest.mark.parametrize(("iso", "code"), sorted(COUNTRIES.items()))
def test_country_codes(iso: str, code: str) -> None:
    assert customs_country_code(iso) == code


def test_country_codes_are_unique_and_three_digits() -> None:
    assert len(set(COUNTRY_CODES.values())) == len(COUNTRY_CODES)
    assert all(len(code) == 3 and code.isdigit() for code in COUNTRY_CODES.values())
    assert all(len(code) == 3 and code.isdigit() for code in CURRENCY_CODES.values())


@pytest.mark.parametrize("iso", ["XK", "SGP", "", "UK"])
def test_unknown_country_raises(iso: str) -> None:
    with pytest.raises(UnknownCodeError, match="unknown country"):
        customs_country_code(iso)


@pytest.mark.parametrize(
    ("unit", "code", "name_zh"),
    [
        ("kg", "035", "千克"),
        ("g", "036", "克"),
        ("piece", "007", "个"),
        ("box", "140", "盒"),
        ("bag", "136", "袋"),
        ("bottle", "142", "瓶"),
        ("head", "008", "只"),
        ("KG", "035", "千克"),
        ("035", "035", "千克"),
    ],
)
def test_units_by_key_or_code(unit: str, code: str, name_zh: str) -> None:
    assert customs_unit_code(unit) == code
    assert customs_unit(unit).name_zh == name_zh


@pytest.mark.parametrize("unit", ["kilogram", "", "999", "35"])
def test_unknown_unit_raises(unit: str) -> None:
    with pytest.raises(UnknownCodeError, match="unknown unit"):
        customs_unit_code(unit)


def test_transport_modes() -> None:
    assert transport_mode("5") is TransportMode.AIR
    assert transport_mode("6") is TransportMode.POST
    assert transport_mode("Z") is TransportMode.EXPORT_PROCESSING_ZONE
    with pytest.raises(UnknownCodeError, match="transport mode"):
        transport_mode("A")


@pytest.mark.parametrize(
    ("code", "key", "outcome"),
    [
        (1, "eport_stored", ReturnOutcome.PENDING),
        (2, "eport_declaring", ReturnOutcome.PENDING),
        (3, "sent_to_customs", ReturnOutcome.PENDING),
        (4, "send_to_customs_failed", ReturnOutcome.FAILED),
        (100, "customs_rejected", ReturnOutcome.REJECTED),
        (120, "customs_accepted", ReturnOutcome.ACCEPTED),
        (300, "manual_review", ReturnOutcome.HELD),
        (399, "customs_concluded", ReturnOutcome.ACCEPTED),
        (800, "released", ReturnOutcome.RELEASED),
        (899, "closed", ReturnOutcome.CLOSED),
    ],
)
def test_return_statuses(code: int, key: str, outcome: ReturnOutcome) -> None:
    status = describe_return_status(code)
    assert (status.code, status.key, status.outcome) == (code, key, outcome)
    assert status.meaning_zh and status.meaning_en


def test_release_is_official_wording() -> None:
    assert describe_return_status(800).meaning_zh == "放行"
    assert describe_return_status(100).meaning_zh == "海关退单"


@pytest.mark.parametrize("code", [-1, -301010, -621029])
def test_negative_status_is_a_processing_error_keeping_its_number(code: int) -> None:
    status = describe_return_status(code)
    assert status.code == code
    assert status.key == "processing_error"
    assert status.outcome is ReturnOutcome.FAILED


@pytest.mark.parametrize("code", [0, 5, 400, 600, 801])
def test_unknown_status_raises(code: int) -> None:
    with pytest.raises(UnknownCodeError, match="return status"):
        describe_return_status(code)


def test_status_keys_are_unique() -> None:
    keys = [status.key for status in RETURN_STATUSES.values()]
    assert len(keys) == len(set(keys))


def test_unknown_code_error_is_a_lookup_error_and_a_customs_error() -> None:
    with pytest.raises(LookupError):
        customs_currency_code("ZZZ")
    with pytest.raises(CustomsError):
        customs_currency_code("ZZZ")


def test_tables_are_read_only() -> None:
    with pytest.raises(TypeError):
        CURRENCY_CODES["AED"] = "999"  # type: ignore[index]


def test_every_destination_the_shop_sells_to_has_a_sourced_port_code():
    from catalog.destination_matrix import DESTINATION_COUNTRIES
    from storefront.customs.messages.port_codes import PORT_CODES, is_port_code

    assert len(DESTINATION_COUNTRIES) == 49
    assert set(PORT_CODES) == set(DESTINATION_COUNTRIES)
    for country, port in PORT_CODES.items():
        assert is_port_code(port.code), country
        assert port.source.strip() and port.name_zh, country
        # a country entry is the customs country code the same message carries in <country>
        assert port.level == "country" and port.code == customs_country_code(country)


def test_port_codes_outside_the_schema_are_refused():
    from storefront.customs.messages.port_codes import is_port_code

    assert is_port_code("131") and is_port_code("SAU1")
    assert not is_port_code("13") and not is_port_code("SAU000") and not is_port_code("JED-")
    assert not is_port_code("吉达港")
