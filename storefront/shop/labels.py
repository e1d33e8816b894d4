"""Human labels for the catalog's codes, translated through gettext."""

from __future__ import annotations

from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l

from catalog.models import BatchKind, BrandKind, Category, CountyKind, ProducerKind, StorageClass

CATEGORIES = {
    Category.FRESH_FRUIT: _l("Fresh fruit"),
    Category.TEA: _l("Tea"),
    Category.MEAT_POULTRY: _l("Meat and poultry"),
    Category.FISH_SEAFOOD: _l("Fish"),
    Category.SPICES_CONDIMENTS: _l("Chili and condiments"),
    Category.VEGETABLES: _l("Vegetables"),
    Category.MUSHROOMS_FUNGI: _l("Mushrooms"),
    Category.NOODLES_GRAINS: _l("Noodles and grains"),
    Category.SOY_PRODUCTS: _l("Tofu and soy"),
    Category.HERBS: _l("Herbs"),
    Category.ACCESSORIES: _l("Accessories"),
    Category.CLOTHING: _l("Clothing"),
    Category.PHONE_ACCESSORIES: _l("Phone accessories"),
}

STORAGE = {
    StorageClass.AMBIENT: _l("Ambient (room temperature)"),
    StorageClass.CHILLED: _l("Chilled (0–4 °C)"),
    StorageClass.FROZEN: _l("Frozen (−18 °C)"),
}

BRAND_KINDS = {
    BrandKind.REGIONAL: _l("Regional public brand"),
    BrandKind.GEOGRAPHICAL_INDICATION: _l("Geographical indication"),
    BrandKind.PRODUCER: _l("Producer brand"),
}

COUNTY_KINDS = {
    CountyKind.DISTRICT: _l("District"),
    CountyKind.COUNTY: _l("County"),
    CountyKind.COUNTY_CITY: _l("County-level city"),
}

PRODUCER_KINDS = {
    ProducerKind.COOPERATIVE: _l("Cooperative"),
    ProducerKind.ENTERPRISE: _l("Enterprise"),
}

BATCH_KINDS = {
    BatchKind.HARVEST: _l("Harvested on"),
    BatchKind.PRODUCTION: _l("Produced on"),
}

CERTIFICATIONS = {
    "gi": _l("Geographical indication"),
    "green_food": _l("Green Food certified"),
    "organic": _l("Organic certified"),
    "sc_licence": _l("Food production licence (SC)"),
    "haccp": _l("HACCP"),
    "export_registered": _l("Registered with customs for export"),
}


def month_name(month: int) -> str:
    from babel.dates import get_month_names

    return get_month_names("wide", "stand-alone", locale=get_locale())[month]


def season_text(months: list[int]) -> str:
    """Describe the months a product is in season, e.g. 'November – December'."""
    if len(months) == 12:
        return str(_l("All year"))
    return list_text([month_name(m) for m in months])


def list_text(items) -> str:
    """A list in the locale's own format (Babel): "a, b and c", "a、b和c", "a وb وc"."""
    from babel.lists import format_list

    items = [str(item) for item in items]
    return format_list(items, locale=get_locale()) if items else ""


ISOLATE_START, ISOLATE_END = "\u2068", "\u2069"  # FIRST STRONG ISOLATE ... POP


def isolated(text: str) -> str:
    """Text that keeps its own direction inside the other script's text, where <bdi> cannot go
    (an <option>): "800 g · CN¥98.00" stays in order in an Arabic page."""
    return f"{ISOLATE_START}{text}{ISOLATE_END}"


def date_text(value) -> str:
    return format_date(value, "long") if value else ""


def weight_text(grams: int) -> str:
    from flask_babel import format_decimal, gettext

    if grams >= 1000:
        return gettext("%(kg)s kg", kg=format_decimal(grams / 1000, format="#,##0.###"))
    return gettext("%(g)s g", g=format_decimal(grams))


def pack_text(units_per_pack: int, net_weight_g: int) -> str:
    """'500 g', or '6 × 250 g' for a pack of several units."""
    from flask_babel import gettext

    if units_per_pack > 1:
        unit_weight = net_weight_g // units_per_pack
        return gettext(
            "%(count)d × %(weight)s", count=units_per_pack, weight=weight_text(unit_weight)
        )
    return weight_text(net_weight_g)


def shelf_life_text(days: int | None) -> str:
    from flask_babel import ngettext

    if days is None:
        return ""
    if days % 30 == 0 and days >= 60:
        return ngettext("%(num)d month", "%(num)d months", days // 30)
    return ngettext("%(num)d day", "%(num)d days", days)


# French place names used inside a sentence take an article and a lower-case kind word:
# "depuis le comté de Linwu", not "depuis Comté de Linwu".
_FRENCH_KINDS = {"Comté ": "le comté ", "District ": "le district ", "Ville ": "la ville "}


def place_in_sentence(name: str) -> str:
    """A county's name as it reads after a preposition in the current language."""
    if str(get_locale()) != "fr":
        return name
    for kind, in_sentence in _FRENCH_KINDS.items():
        if name.startswith(kind):
            return in_sentence + name[len(kind) :]
    return name
