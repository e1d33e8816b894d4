"""Phone numbers checked for the destination country (phonenumbers, Google's libphonenumber)."""

from __future__ import annotations

import phonenumbers

from storefront.exceptions import StorefrontError


class InvalidPhone(StorefrontError):
    """``example`` is a number the country accepts, written as a buyer would type it."""

    def __init__(self, raw: str, example: str) -> None:
        super().__init__(f"not a valid phone number: {raw!r}")
        self.example = example


def example_number(country_code: str) -> str:
    example = phonenumbers.example_number_for_type(
        country_code, phonenumbers.PhoneNumberType.MOBILE
    ) or phonenumbers.example_number(country_code)
    if example is None:
        return "+86 139 1234 5678"
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def normalise_phone(raw: str, country_code: str) -> str:
    """The number in international form (+81 90-1234-5678), read as a ``country_code`` number
    unless it starts with +; raise InvalidPhone when it cannot be a real number there."""
    try:
        number = phonenumbers.parse(raw, country_code or None)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(raw, example_number(country_code)) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(raw, example_number(country_code))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
