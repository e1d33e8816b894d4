"""Product cards: what a listing shows of a product, read as plain rows, not ORM objects.

A card shows a product's name, summary and slug (with the usual fallback between locales), its
leading photo (or its category picture), its lowest active price, its county's and brand's
names, and whether it can be sent to the visitor's destination (by product class). Hydrating
full ``Product`` objects for that (with their packs, batches, producer and every translation's
long texts) cost most of a listing's time; here each card is a frozen dataclass filled from six
narrow queries, whatever the number of cards: product columns, texts, lowest prices, leading
photos, county names, brand names.

The dataclasses answer what the templates ask of a product: ``translations`` and
``source_locale`` (so ``translated_field`` and ``Localized`` work unchanged), ``category``,
``product_class``, ``starting_price``, ``county`` and ``brand``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from catalog.models import (
    Brand,
    BrandTranslation,
    Category,
    County,
    CountyTranslation,
    Product,
    ProductClass,
    ProductTranslation,
    Variant,
)
from catalog.photo_refs import PhotoRef, first_photos


@dataclass(frozen=True, slots=True)
class CardText:
    """One locale's texts of a card (a product, county or brand translation row, narrowed)."""

    locale: str
    name: str
    slug: str
    summary: str = ""


@dataclass(frozen=True, slots=True)
class PlaceCard:
    """A county or brand as a card names it: id, code, kind and names per locale."""

    id: int
    code: str
    kind: object
    source_locale: str
    translations: tuple[CardText, ...]


@dataclass(frozen=True, slots=True)
class ProductCard:
    id: int
    code: str
    category: Category
    product_class: ProductClass
    source_locale: str
    starting_price: Decimal | None
    translations: tuple[CardText, ...]
    county: PlaceCard
    brand: PlaceCard | None
    photo: PhotoRef | None = None  # the cooperative's leading photo, else the drawn picture


def _texts_by_owner(rows) -> dict[int, tuple[CardText, ...]]:
    texts: dict[int, list[CardText]] = {}
    for owner_id, locale, name, slug, summary in rows:
        texts.setdefault(owner_id, []).append(CardText(locale, name, slug, summary or ""))
    return {owner_id: tuple(rows) for owner_id, rows in texts.items()}


def _place_cards(session: Session, model, translation, owner_column, ids) -> dict[int, PlaceCard]:
    """Cards of counties or brands (``model``), with their ``translation`` rows' texts."""
    if not ids:
        return {}
    wanted = sorted(set(ids))
    texts = _texts_by_owner(
        session.execute(
            select(
                owner_column,
                translation.locale,
                translation.name,
                translation.slug,
                translation.summary,
            ).where(owner_column.in_(wanted))
        )
    )
    rows = session.execute(
        select(model.id, model.code, model.kind, model.source_locale).where(model.id.in_(wanted))
    )
    return {
        owner_id: PlaceCard(owner_id, code, kind, source_locale, texts.get(owner_id, ()))
        for owner_id, code, kind, source_locale in rows
    }


def county_cards(session: Session, county_ids: Sequence[int]) -> dict[int, PlaceCard]:
    return _place_cards(session, County, CountyTranslation, CountyTranslation.county_id, county_ids)


def brand_cards(session: Session, brand_ids: Sequence[int]) -> dict[int, PlaceCard]:
    return _place_cards(session, Brand, BrandTranslation, BrandTranslation.brand_id, brand_ids)


def all_county_cards(session: Session) -> tuple[PlaceCard, ...]:
    """Every county, in display order (position, code)."""
    ids = list(session.scalars(select(County.id).order_by(County.position, County.code)))
    cards = county_cards(session, ids)
    return tuple(cards[county_id] for county_id in ids)


def all_brand_cards(session: Session) -> tuple[PlaceCard, ...]:
    """Every brand, in display order (kind, code)."""
    ids = list(session.scalars(select(Brand.id).order_by(Brand.kind, Brand.code)))
    cards = brand_cards(session, ids)
    return tuple(cards[brand_id] for brand_id in ids)


def product_cards(session: Session, product_ids: Sequence[int]) -> list[ProductCard]:
    """Cards of ``product_ids``, in that order (ids of missing products are skipped)."""
    if not product_ids:
        return []
    ids = sorted(set(product_ids))
    products = {
        row.id: row
        for row in session.execute(
            select(
                Product.id,
                Product.code,
                Product.category,
                Product.product_class,
                Product.source_locale,
                Product.county_id,
                Product.brand_id,
            ).where(Product.id.in_(ids))
        )
    }
    texts = _texts_by_owner(
        session.execute(
            select(
                ProductTranslation.product_id,
                ProductTranslation.locale,
                ProductTranslation.name,
                ProductTranslation.slug,
                ProductTranslation.summary,
            ).where(ProductTranslation.product_id.in_(ids))
        )
    )
    prices = dict(
        session.execute(
            select(Variant.product_id, func.min(Variant.price))
            .where(Variant.product_id.in_(ids), Variant.is_active.is_(True))
            .group_by(Variant.product_id)
        ).all()
    )
    photos = first_photos(session, ids)
    counties = county_cards(session, [row.county_id for row in products.values()])
    brands = brand_cards(session, [row.brand_id for row in products.values() if row.brand_id])
    cards = []
    for product_id in product_ids:
        row = products.get(product_id)
        if row is None:
            continue
        price = prices.get(product_id)
        cards.append(
            ProductCard(
                id=row.id,
                code=row.code,
                category=row.category,
                product_class=row.product_class,
                source_locale=row.source_locale,
                starting_price=Decimal(price) if price is not None else None,
                translations=texts.get(product_id, ()),
                county=counties[row.county_id],
                brand=brands.get(row.brand_id) if row.brand_id else None,
                photo=photos.get(product_id),
            )
        )
    return cards


def cards_of(session: Session, stmt: Select) -> list[ProductCard]:
    """The cards of the products a ``select(Product)`` statement finds, in its order."""
    ids = list(session.scalars(stmt.with_only_columns(Product.id)))
    return product_cards(session, ids)
