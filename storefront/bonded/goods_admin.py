"""The operator's service for bonded goods: create and change them, texts in six locales.

The form checks each value at its field; this checks what needs the database (a SKU already
used) and what the model refuses, and writes the translations (a locale left empty has no row:
the catalog's fallback fills it in). Flushes, never commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, func, not_, or_, select
from sqlalchemy.orm import Session

from catalog.locales import SUPPORTED_LOCALES
from storefront.pickup.goods import (
    BondedCategory,
    BondedGood,
    BondedGoodTranslation,
    InvalidBondedGood,
)

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


def list_goods(
    session: Session,
    *,
    category: BondedCategory | None = None,
    on_sale: bool | None = None,
    text: str = "",
) -> list[BondedGood]:
    """The goods by category and SKU; filters: category, on sale or not, SKU or name contains."""
    stmt = select(BondedGood).order_by(BondedGood.category, BondedGood.sku)
    if category is not None:
        stmt = stmt.where(BondedGood.category == category)
    if on_sale is not None:
        selling = and_(BondedGood.is_published, BondedGood.on_positive_list)
        stmt = stmt.where(selling if on_sale else not_(selling))
    if text:
        named = select(BondedGoodTranslation.id).where(
            BondedGoodTranslation.bonded_good_id == BondedGood.id,
            BondedGoodTranslation.name.icontains(text, autoescape=True),
        )
        stmt = stmt.where(or_(BondedGood.sku.icontains(text, autoescape=True), named.exists()))
    return list(session.scalars(stmt))


def count_goods(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(BondedGood)) or 0


def set_sale_terms(
    session: Session,
    good: BondedGood,
    *,
    price: Decimal,
    on_positive_list: bool,
    is_published: bool,
) -> BondedGood:
    """The values the operator changes in the goods table: price, positive list, on sale."""
    if not price.is_finite() or price <= 0:
        raise InvalidBondedGood("price", "positive")
    good.price = price.quantize(Decimal("0.01"))
    good.on_positive_list, good.is_published = on_positive_list, is_published
    session.flush()
    return good
