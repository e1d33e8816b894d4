"""Read-side queries of the catalog: what the shop's pages list and look up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from catalog.models import (
    Brand,
    BrandTranslation,
    County,
    CountyTranslation,
    Producer,
    ProducerStatus,
    Product,
    ProductChannel,
    ProductTranslation,
)

T = TypeVar("T")


@dataclass(frozen=True)
class SlugMatch(Generic[T]):
    """An object found by slug, and whether the slug was the one of the asked locale."""

    obj: T
    is_canonical: bool


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def visible_products() -> Select[tuple[Product]]:
    """Published export products of approved producers."""
    return (
        select(Product)
        .join(Product.producer)
        .where(
            Product.is_published.is_(True),
            Product.channel == ProductChannel.EXPORT,
            Producer.status == ProducerStatus.APPROVED,
        )
    )


def featured_products(session: Session, limit: int = 8) -> list[Product]:
    stmt = (
        visible_products().where(Product.is_featured.is_(True)).order_by(Product.code).limit(limit)
    )
    return list(session.scalars(stmt).unique())


def products_in_season(session: Session, month: int, limit: int = 8) -> list[Product]:
    """Products whose season includes ``month`` but that are not sold all year."""
    bit = 1 << (month - 1)
    stmt = (
        visible_products()
        .where(Product.season_mask.op("&")(bit) != 0, Product.season_mask != 4095)
        .order_by(Product.code)
        .limit(limit)
    )
    return list(session.scalars(stmt).unique())


def list_products(
    session: Session,
    *,
    county_id: int | None = None,
    brand_id: int | None = None,
    page: int = 1,
    per_page: int = 24,
) -> Page[Product]:
    stmt = visible_products()
    if county_id is not None:
        stmt = stmt.where(Product.county_id == county_id)
    if brand_id is not None:
        stmt = stmt.where(Product.brand_id == brand_id)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    items = session.scalars(
        stmt.order_by(Product.is_featured.desc(), Product.code)
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).unique()
    return Page(list(items), page, per_page, total)


def list_counties(session: Session) -> list[County]:
    return list(session.scalars(select(County).order_by(County.position, County.code)))


def list_brands(session: Session) -> list[Brand]:
    return list(session.scalars(select(Brand).order_by(Brand.kind, Brand.code)))


def count_products_by_county(session: Session) -> dict[int, int]:
    stmt = (
        visible_products()
        .with_only_columns(Product.county_id, func.count())
        .group_by(Product.county_id)
    )
    return {county_id: count for county_id, count in session.execute(stmt)}


def _by_slug(
    session: Session, model: type[T], translation: type, locale: str, slug: str
) -> SlugMatch[T] | None:
    """Find by the slug of ``locale``; else by the slug of any locale (for a redirect)."""
    own = session.scalar(
        select(model)
        .join(translation)
        .where(translation.locale == locale, translation.slug == slug)
    )
    if own is not None:
        return SlugMatch(own, True)
    other = session.scalars(
        select(model).join(translation).where(translation.slug == slug).limit(1)
    ).first()
    return SlugMatch(other, False) if other is not None else None


def product_by_slug(session: Session, locale: str, slug: str) -> SlugMatch[Product] | None:
    match = _by_slug(session, Product, ProductTranslation, locale, slug)
    if match is None:
        return None
    product = match.obj
    if not (product.is_published and product.producer.status is ProducerStatus.APPROVED):
        return None
    return match


def brand_by_slug(session: Session, locale: str, slug: str) -> SlugMatch[Brand] | None:
    return _by_slug(session, Brand, BrandTranslation, locale, slug)


def county_by_slug(session: Session, locale: str, slug: str) -> SlugMatch[County] | None:
    return _by_slug(session, County, CountyTranslation, locale, slug)
