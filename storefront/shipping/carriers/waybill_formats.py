"""Waybill number formats per carrier kind, with their check digits.

* postal (``postal_parcel``): UPU S10 (UPU standard S10, "Identification of postal items"):
  2 letters service indicator, 8-digit serial, 1 check digit, ISO alpha-2 country of the
  issuing post, e.g. ``CP123456785CN``. Check digit: weights 8 6 4 2 3 5 9 7 over the serial,
  11 - (sum mod 11); 10 -> 0, 11 -> 5.
* express (``international_express``): 12 digits, the last a Luhn check digit over the first 11
  (the sandbox express carrier's format; real express carriers publish their own).
* road (``hk_macau_truck``): ``HKT`` + 9 digits, the last a Luhn check digit over the first 8.
"""

from __future__ import annotations

import re
from typing import Final

S10_WEIGHTS: Final = (8, 6, 4, 2, 3, 5, 9, 7)
S10_PATTERN: Final = re.compile(r"^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$")
EXPRESS_PATTERN: Final = re.compile(r"^\d{12}$")
ROAD_PATTERN: Final = re.compile(r"^HKT\d{9}$")
ROAD_PREFIX: Final = "HKT"


def s10_check_digit(serial: str) -> int:
    total = sum(int(digit) * weight for digit, weight in zip(serial, S10_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: 0, 11: 5}.get(check, check)


def s10_number(service: str, serial: int, country: str = "CN") -> str:
    digits = f"{serial:08d}"
    return f"{service}{digits}{s10_check_digit(digits)}{country}"


def is_s10(number: str) -> bool:
    match = S10_PATTERN.match(number or "")
    return bool(match) and s10_check_digit(match.group(2)) == int(match.group(3))


def luhn_check_digit(digits: str) -> int:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def express_number(serial: int) -> str:
    digits = f"{serial:011d}"
    return f"{digits}{luhn_check_digit(digits)}"


def is_express(number: str) -> bool:
    return bool(EXPRESS_PATTERN.match(number or "")) and luhn_check_digit(number[:-1]) == int(
        number[-1]
    )


def road_number(serial: int) -> str:
    digits = f"{serial:08d}"
    return f"{ROAD_PREFIX}{digits}{luhn_check_digit(digits)}"


def is_road(number: str) -> bool:
    return bool(ROAD_PATTERN.match(number or "")) and luhn_check_digit(number[3:-1]) == int(
        number[-1]
    )


VALIDATORS: Final = {
    "postal_parcel": is_s10,
    "international_express": is_express,
    "hk_macau_truck": is_road,
}


def is_valid_waybill(method: str, number: str) -> bool:
    """Whether ``number`` has the format (and check digit) of the method's carrier."""
    validator = VALIDATORS.get(method)
    return validator is not None and validator(number)
