"""The portal's list of a producer's listings: one page in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.listings.texts import texts_of_products
from catalog.models import Product, ProductTranslation, Variant
from catalog.photo_refs import PhotoRef, first_photos
from catalog.translation_status import ProductTexts


@dataclass(frozen=True, slots=True)
class ListingRow:
    id: int
    code: str
    name: str
    is_published: bool
    packs: int
    stock: int
    lowest_price: Decimal | None
    photo: PhotoRef | None
    texts: ProductTexts


def source_name():
    """The product's name in its producer's language, as a correlated scalar subquery."""
    return (
        select(ProductTranslation.name)
        .where(
            ProductTranslation.product_id == Product.id,
            ProductTranslation.locale == Product.source_locale,
        )
        .correlate(Product)
        .scalar_subquery()
    )


def count_listings(session: Session, producer_id: int) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(Product).where(Product.producer_id == producer_id)
        )
        or 0
    )


def listing_rows(
    session: Session, producer_id: int, *, offset: int = 0, limit: int = 50
) -> list[ListingRow]:
    packs = (
        select(
            Variant.product_id,
            func.count().label("packs"),
            func.sum(Variant.stock).label("stock"),
            func.min(Variant.price).label("lowest_price"),
        )
        .group_by(Variant.product_id)
        .subquery()
    )
    name = source_name()
    rows = session.execute(
        select(
            Product.id,
            Product.code,
            Product.is_published,
            name.label("name"),
            packs.c.packs,
            packs.c.stock,
            packs.c.lowest_price,
        )
        .outerjoin(packs, packs.c.product_id == Product.id)
        .where(Product.producer_id == producer_id)
        .order_by(Product.id.desc())
        .offset(offset)
        .limit(limit)
    ).all()
    ids = [row.id for row in rows]
    texts = texts_of_products(session, producer_id, ids)
    photos = first_photos(session, ids)
    return [
        ListingRow(
            id=row.id,
            code=row.code,
            name=row.name or row.code,
            is_published=row.is_published,
            packs=row.packs or 0,
            stock=int(row.stock or 0),
            lowest_price=Decimal(row.lowest_price) if row.lowest_price is not None else None,
            photo=photos.get(row.id),
            texts=texts[row.id],
        )
        for row in rows
    ]


@dataclass(frozen=True, slots=True)
class PackRow:
    id: int
    product_id: int
    product_name: str
    sku: str
    net_weight_g: int
    units_per_pack: int
    price: Decimal
    stock: int
    is_active: bool


def count_packs(session: Session, producer_id: int) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Variant)
            .join(Product, Product.id == Variant.product_id)
            .where(Product.producer_id == producer_id)
        )
        or 0
    )


def pack_rows(
    session: Session, producer_id: int, *, offset: int = 0, limit: int = 50
) -> list[PackRow]:
    """The producer's packs with their product's source name (one query)."""
    name = source_name()
    rows = session.execute(
        select(
            Variant.id,
            Variant.product_id,
            name.label("product_name"),
            Variant.sku,
            Variant.net_weight_g,
            Variant.units_per_pack,
            Variant.price,
            Variant.stock,
            Variant.is_active,
        )
        .join(Product, Product.id == Variant.product_id)
        .where(Product.producer_id == producer_id)
        .order_by(Variant.product_id.desc(), Variant.id)
        .offset(offset)
        .limit(limit)
    )
    return [
        PackRow(
            row.id,
            row.product_id,
            row.product_name or "",
            row.sku,
            row.net_weight_g,
            row.units_per_pack,
            Decimal(row.price),
            row.stock,
            row.is_active,
        )
        for row in rows
    ]
