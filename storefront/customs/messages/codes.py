"""Customs code tables (JGS-20 parameter codes used by CEB messages) and their lookups.

Every lookup raises ``UnknownCodeError`` for a value that is not in the table: a declaration never
carries a guessed code. Sources: docs/reference/customs-messages.md section 5 (currency, unit and
transport tables), cross-checked against two public customs country tables (numeric 3-digit
"国别(地区)代码" as used by CEB messages, not the ISO alpha-3 codes of the 2018 entry form); the
destinations those two did not cover (Qatar, Cyprus and the EU members from Bulgaria to Slovakia)
from the full public table in ``com/xgs/zwy/constant/Constants.java`` (COUNTRY), which agrees with
the two on every code they share (see ``data/destination_ports.json``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from storefront.customs.messages.exceptions import UnknownCodeError

# ISO 4217 -> customs currency code. Only codes that two independent tables agree on; AED, KES,
# SAR, INR, BRL... have no confirmed customs code and are deliberately absent.
CURRENCY_CODES: Final = MappingProxyType(
    {
        "HKD": "110",
        "JPY": "116",
        "MOP": "121",
        "MYR": "122",
        "PHP": "129",
        "SGD": "132",
        "KRW": "133",
        "THB": "136",
        "CNY": "142",
        "TWD": "143",
        "EUR": "300",
        "DKK": "302",
        "GBP": "303",
        "NOK": "326",
        "SEK": "330",
        "CHF": "331",
        "RUB": "344",
        "CAD": "501",
        "USD": "502",
        "AUD": "601",
        "NZD": "609",
    }
)

# ISO 3166-1 alpha-2 -> customs country/region code.
COUNTRY_CODES: Final = MappingProxyType(
    {
        # Asia
        "HK": "110",
        "IN": "111",
        "ID": "112",
        "JP": "116",
        "MO": "121",
        "MY": "122",
        "PH": "129",
        "SA": "131",
        "SG": "132",
        "KR": "133",
        "TH": "136",
        "TR": "137",
        "AE": "138",
        "CY": "108",
        "QA": "130",
        "VN": "141",
        "CN": "142",
        "TW": "143",
        # Africa
        "EG": "215",
        "KE": "224",
        "NG": "236",
        "ZA": "244",
        # Europe
        "BE": "301",
        "DK": "302",
        "GB": "303",
        "DE": "304",
        "FR": "305",
        "IE": "306",
        "IT": "307",
        "LU": "308",
        "NL": "309",
        "GR": "310",
        "PT": "311",
        "ES": "312",
        "AT": "315",
        "BG": "316",
        "FI": "318",
        "HU": "321",
        "MT": "324",
        "NO": "326",
        "PL": "327",
        "RO": "328",
        "SE": "330",
        "CH": "331",
        "EE": "334",
        "LV": "335",
        "LT": "336",
        "RU": "344",
        "SI": "350",
        "HR": "351",
        "CZ": "352",
        "SK": "353",
        # Americas
        "BR": "410",
        "MX": "429",
        "CA": "501",
        "US": "502",
        # Oceania
        "AU": "601",
        "NZ": "609",
    }
)


@dataclass(frozen=True, slots=True)
class CustomsUnit:
    """A customs unit of measure: 3-digit code and its official Chinese name."""

    code: str
    name_zh: str


# Our unit keys -> customs unit. Lookups also accept the 3-digit code itself.
UNITS: Final = MappingProxyType(
    {
        "machine": CustomsUnit("001", "台"),
        "set": CustomsUnit("006", "套"),
        "piece": CustomsUnit("007", "个"),
        "head": CustomsUnit("008", "只"),  # counted animals and whole birds, e.g. a braised duck
        "article": CustomsUnit("011", "件"),
        "stick": CustomsUnit("012", "支"),
        "strip": CustomsUnit("015", "条"),
        "handle": CustomsUnit("016", "把"),
        "block": CustomsUnit("017", "块"),
        "slice": CustomsUnit("020", "片"),
        "pair": CustomsUnit("025", "双"),
        "m": CustomsUnit("030", "米"),
        "m2": CustomsUnit("032", "平方米"),
        "kg": CustomsUnit("035", "千克"),
        "g": CustomsUnit("036", "克"),
        "t": CustomsUnit("070", "吨"),
        "l": CustomsUnit("095", "升"),
        "ml": CustomsUnit("096", "毫升"),
        "carton": CustomsUnit("120", "箱"),
        "can": CustomsUnit("122", "罐"),
        "barrel": CustomsUnit("123", "桶"),
        "pack": CustomsUnit("125", "包"),
        "bag": CustomsUnit("136", "袋"),
        "grain": CustomsUnit("139", "粒"),
        "box": CustomsUnit("140", "盒"),
        "bottle": CustomsUnit("142", "瓶"),
        "device": CustomsUnit("163", "部"),
    }
)
_UNITS_BY_CODE: Final = MappingProxyType({unit.code: unit for unit in UNITS.values()})


def customs_currency_code(iso_currency: str) -> str:
    """Customs code of an ISO 4217 currency (``"CNY"`` -> ``"142"``)."""
    code = CURRENCY_CODES.get(iso_currency.upper()) if isinstance(iso_currency, str) else None
    if code is None:
        raise UnknownCodeError("currency", iso_currency)
    return code


def customs_country_code(iso_country: str) -> str:
    """Customs code of an ISO 3166-1 alpha-2 country or region (``"SG"`` -> ``"132"``)."""
    code = COUNTRY_CODES.get(iso_country.upper()) if isinstance(iso_country, str) else None
    if code is None:
        raise UnknownCodeError("country", iso_country)
    return code


def customs_unit(unit: str) -> CustomsUnit:
    """Customs unit for one of our unit keys (``"kg"``) or for a known 3-digit code (``"035"``)."""
    if isinstance(unit, str):
        found = UNITS.get(unit.lower()) or _UNITS_BY_CODE.get(unit)
        if found is not None:
            return found
    raise UnknownCodeError("unit", unit)


def customs_unit_code(unit: str) -> str:
    """3-digit customs unit code for a unit key or code (``"box"`` -> ``"140"``)."""
    return customs_unit(unit).code


class AppType(StrEnum):
    """``appType``: what the declaration does to the customs record."""

    NEW = "1"
    CHANGE = "2"
    DELETE = "3"


class AppStatus(StrEnum):
    """``appStatus``: stash at the e-port only, or declare to customs (needs a signature)."""

    STASH = "1"
    DECLARE = "2"


class TradeMode(StrEnum):
    """``tradeMode`` of an export inventory list."""

    GENERAL_B2C = "9610"
    BONDED_ZONE = "1210"
    B2B_DIRECT = "9710"
    OVERSEAS_WAREHOUSE = "9810"


class StatisticsFlag(StrEnum):
    """``statisticsFlag``: A simplified (no licence, duty or VAT refund), B summarised."""

    SIMPLIFIED = "A"
    SUMMARY = "B"


class FeeFlag(StrEnum):
    """``fFlag`` / ``iFlag``: how a freight or insurance amount is expressed."""

    RATE = "1"
    UNIT_PRICE = "2"
    TOTAL = "3"


class SummaryFlag(StrEnum):
    """``summaryFlag`` of a CEB701 summary application."""

    BY_CONSIGNOR = "1"
    BY_CONSIGNOR_AND_PRODUCER = "2"


class TransportMode(StrEnum):
    """``trafMode``: customs transport mode (one character)."""

    NON_BONDED_AREA = "0"
    SUPERVISED_WAREHOUSE = "1"
    WATERWAY = "2"
    RAIL = "3"
    ROAD = "4"
    AIR = "5"
    POST = "6"
    BONDED_AREA = "7"
    BONDED_WAREHOUSE = "8"
    OTHER = "9"
    BORDER_SPECIAL = "H"
    LOGISTICS_CENTRE = "W"
    LOGISTICS_PARK = "X"
    BONDED_PORT_AREA = "Y"
    EXPORT_PROCESSING_ZONE = "Z"


def transport_mode(code: str) -> TransportMode:
    """The transport mode for a ``trafMode`` code (``"5"`` -> ``TransportMode.AIR``)."""
    try:
        return TransportMode(code)
    except ValueError:
        raise UnknownCodeError("transport mode", code) from None


class ReturnOutcome(StrEnum):
    """What a receipt status means for the declaration's life cycle."""

    PENDING = "pending"  # still travelling through the e-port / customs
    ACCEPTED = "accepted"  # customs took it in (entered, concluded)
    HELD = "held"  # manual review, inspection, detention
    REJECTED = "rejected"  # customs sent it back; fix and declare again
    RELEASED = "released"  # goods may leave
    CLOSED = "closed"  # cleared and closed
    RETURNED = "returned"  # shipment sent back
    FAILED = "failed"  # processing or transmission error; nothing reached customs


@dataclass(frozen=True, slots=True)
class ReturnStatus:
    """One ``returnStatus`` value: a stable ``key`` for UI translation, and its meanings."""

    code: int
    key: str
    outcome: ReturnOutcome
    meaning_zh: str
    meaning_en: str


_O = ReturnOutcome
_STATUS_ROWS: Final = (
    # code, key, outcome, official meaning, English meaning
    (1, "eport_stored", _O.PENDING, "电子口岸已暂存", "stored at the e-port"),
    (2, "eport_declaring", _O.PENDING, "电子口岸申报中", "being declared by the e-port"),
    (3, "sent_to_customs", _O.PENDING, "发送海关成功", "sent to customs"),
    (4, "send_to_customs_failed", _O.FAILED, "发送海关失败", "sending to customs failed"),
    (100, "customs_rejected", _O.REJECTED, "海关退单", "rejected by customs"),
    (120, "customs_accepted", _O.ACCEPTED, "海关入库", "entered into customs system"),
    (300, "manual_review", _O.HELD, "人工审核", "under manual review"),
    (399, "customs_concluded", _O.ACCEPTED, "海关审结", "examination concluded"),
    (500, "inspection", _O.HELD, "查验", "selected for inspection"),
    (501, "detained_clearance", _O.HELD, "扣留移送通关", "detained, to clearance"),
    (502, "detained_anti_smuggling", _O.HELD, "扣留移送缉私", "detained, to anti-smuggling"),
    (503, "detained_legal", _O.HELD, "扣留移送法规", "detained, to legal department"),
    (599, "detained_other", _O.HELD, "其它扣留", "detained (other)"),
    (700, "returned_shipment", _O.RETURNED, "退运", "shipment returned"),
    (800, "released", _O.RELEASED, "放行", "released"),
    (899, "closed", _O.CLOSED, "结关", "cleared and closed"),
)
RETURN_STATUSES: Final = MappingProxyType({row[0]: ReturnStatus(*row) for row in _STATUS_ROWS})
_PROCESSING_ERROR_KEY: Final = "processing_error"


def describe_return_status(code: int) -> ReturnStatus:
    """Meaning of a receipt ``returnStatus``.

    Any negative code is a processing error (the e-port's error number is kept in ``code``, its
    explanation is the receipt's ``returnInfo``); an unknown non-negative code raises
    ``UnknownCodeError``.
    """
    if isinstance(code, bool) or not isinstance(code, int):
        raise UnknownCodeError("return status", code)
    known = RETURN_STATUSES.get(code)
    if known is not None:
        return known
    if code < 0:
        return ReturnStatus(code, _PROCESSING_ERROR_KEY, _O.FAILED, "处理异常", "processing error")
    raise UnknownCodeError("return status", code)
