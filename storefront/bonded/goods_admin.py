"""The operator's service for bonded goods: create and change them, texts in six locales.

The form checks each value at its field; this checks what needs the database (a SKU already
used) and what the model refuses, and writes the translations (a locale left empty has no row:
the catalog's fallback fills it in). Flushes, never commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.locales import SUPPORTED_LOCALES
from storefront.pickup.goods import BondedGood, BondedGoodTranslation, InvalidBondedGood

GOOD_FIELDS = (
    "sku",
    "category",
    "origin_country",
    "hs_code",
    "on_positive_list",
    "item_record_no",
    "ems_no",
    "barcode",
    "price",
    "vat_rate",
    "consumption_tax_rate",
    "high_end_threshold",
    "tariff_rate",
    "net_content",
    "content_unit",
    "declared_unit",
    "legal_unit",
    "legal_quantity",
    "second_unit",
    "second_quantity",
    "net_weight_kg",
    "gross_weight_kg",
    "indivisible",
    "stock",
    "is_published",
)


@dataclass(frozen=True, slots=True)
class GoodText:
    name: str
    summary: str = ""
    description: str = ""


class SkuTaken(InvalidBondedGood):
    def __init__(self) -> None:
        super().__init__("sku", "taken")


def save_good(
    session: Session,
    good: BondedGood | None,
    values: Mapping[str, object],
    texts: Mapping[str, GoodText],
) -> BondedGood:
    """Create (``good`` None) or change a bonded good; ``InvalidBondedGood`` names the field."""
    sku = str(values["sku"])
    taken = session.scalar(
        select(BondedGood.id).where(
            BondedGood.sku == sku, BondedGood.id != (good.id if good else -1)
        )
    )
    if taken is not None:
        raise SkuTaken()
    if good is None:
        good = BondedGood()
        session.add(good)
    for name in GOOD_FIELDS:
        setattr(good, name, values.get(name))
    rows = {row.locale: row for row in good.translations}
    for locale in SUPPORTED_LOCALES:
        text = texts.get(locale)
        row = rows.get(locale)
        if text is None or not text.name.strip():
            if row is not None:
                good.translations.remove(row)
            continue
        if row is None:
            row = BondedGoodTranslation(locale=locale, name="")
            good.translations.append(row)
        row.name, row.summary, row.description = text.name, text.summary, text.description
    session.flush()
    return good
