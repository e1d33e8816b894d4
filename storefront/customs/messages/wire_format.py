"""How values are written in CEB messages: GUIDs, amounts, China-time timestamps and dates."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

# China Standard Time has had no daylight saving since 1991, so a fixed offset is exact.
CHINA_TIME: Final = timezone(timedelta(hours=8), "Asia/Shanghai")

AMOUNT_DECIMAL_PLACES: Final = 5
# N19,5: 19 digits of which up to 5 after the point, so values stay below 10**14.
AMOUNT_LIMIT: Final = Decimal(10) ** (19 - AMOUNT_DECIMAL_PLACES)
_AMOUNT_QUANTUM: Final = Decimal(1).scaleb(-AMOUNT_DECIMAL_PLACES)

_GUID_PATTERN: Final = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")
_RETURN_TIME_PATTERN: Final = re.compile(r"(\d{14})(\d{3})?")


def new_guid() -> str:
    """A fresh 36-character upper-case GUID, as the spec demands for enterprise messages."""
    return str(uuid.uuid4()).upper()


def is_guid(value: object) -> bool:
    """Whether ``value`` is a 36-character upper-case GUID."""
    return isinstance(value, str) and _GUID_PATTERN.fullmatch(value) is not None


def format_amount(value: Decimal) -> str:
    """Plain decimal text with at most 5 decimals (half-up), no exponent, no trailing zeros."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"amount must be a finite Decimal, got {value!r}")
    text = format(value.quantize(_AMOUNT_QUANTUM, rounding=ROUND_HALF_UP), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def format_app_time(moment: datetime) -> str:
    """``yyyyMMddHHmmss`` in China time, from a timezone-aware datetime."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(CHINA_TIME).strftime("%Y%m%d%H%M%S")


def format_date(day: date) -> str:
    """``yyyyMMdd`` (e.g. ``ieDate``); an aware datetime is first turned into a China date."""
    if isinstance(day, datetime):
        if day.tzinfo is None or day.utcoffset() is None:
            raise ValueError("timestamps must be timezone-aware")
        day = day.astimezone(CHINA_TIME).date()
    return day.strftime("%Y%m%d")


def parse_return_time(text: str) -> datetime:
    """Receipt time ``yyyyMMddHHmmssSSS`` (China time, milliseconds optional) as aware UTC."""
    match = _RETURN_TIME_PATTERN.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a receipt time (yyyyMMddHHmmssSSS): {text!r}")
    seconds, millis = match.groups()
    local = datetime.strptime(seconds, "%Y%m%d%H%M%S").replace(tzinfo=CHINA_TIME)
    return (local + timedelta(milliseconds=int(millis or 0))).astimezone(UTC)
