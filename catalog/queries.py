"""Read-side queries of the catalog: what the shop's pages list and look up."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, defaultload, lazyload

from catalog.cards import ProductCard, cards_of
from catalog.models import (
    Brand,
    BrandTranslation,
    CatalogRevision,
    County,
    CountyTranslation,
    Producer,
    ProducerStatus,
    Product,
    ProductChannel,
    ProductClass,
    ProductTranslation,
)
from catalog.models.revision import CATALOG_REVISION_ROW

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


def visible_products(
    excluded_classes: Collection[ProductClass] = frozenset(),
) -> Select[tuple[Product]]:
    """Published export products of approved producers off the negative list, minus
    ``excluded_classes``.

    ``excluded_classes`` are the product classes a visitor chose to hide (those that cannot be
    sent to their destination).
    """
    stmt = (
        select(Product)
        .join(Product.producer)
        .where(
            Product.is_published.is_(True),
            Product.channel == ProductChannel.EXPORT,
            Producer.status == ProducerStatus.APPROVED,
            Producer.on_negative_list.is_(False),
        )
    )
    if excluded_classes:
        stmt = stmt.where(Product.product_class.not_in(sorted(excluded_classes)))
    return stmt


def card_loading() -> tuple:
    """Loader options for product cards: texts, prices, county and brand names only.

    The models load batches, producer texts and brand authorisations eagerly (product pages
    need them); a listing does not, and skipping them saves six queries on the home page.
    """
    return (
        lazyload(Product.batches),
        defaultload(Product.producer).lazyload(Producer.translations),
        defaultload(Product.producer).lazyload(Producer.county),
        defaultload(Product.brand).lazyload(Brand.authorized_producers),
    )


def product_page_loading() -> tuple:
    """A product page shows its producer and brand, not the brand's other producers."""
    return (
        defaultload(Product.producer).lazyload(Producer.county),
        defaultload(Product.brand).lazyload(Brand.authorized_producers),
    )


def featured_products(
    session: Session, limit: int = 8, excluded_classes: Collection[ProductClass] = frozenset()
) -> list[ProductCard]:
    stmt = (
        visible_products(excluded_classes)
        .where(Product.is_featured.is_(True))
        .order_by(Product.code)
        .limit(limit)
    )
    return cards_of(session, stmt)


def products_in_season(
    session: Session,
    month: int,
    limit: int = 8,
    excluded_classes: Collection[ProductClass] = frozenset(),
) -> list[ProductCard]:
    """Products whose season includes ``month`` but that are not sold all year."""
    bit = 1 << (month - 1)
    stmt = (
        visible_products(excluded_classes)
        .where(Product.season_mask.op("&")(bit) != 0, Product.season_mask != 4095)
        .order_by(Product.code)
        .limit(limit)
    )
    return cards_of(session, stmt)


def _listed(
    excluded_classes: Collection[ProductClass],
    county_id: int | None,
    brand_id: int | None,
) -> Select[tuple[Product]]:
    stmt = visible_products(excluded_classes)
    if county_id is not None:
        stmt = stmt.where(Product.county_id == county_id)
    if brand_id is not None:
        stmt = stmt.where(Product.brand_id == brand_id)
    return stmt


def count_products(
    session: Session,
    *,
    county_id: int | None = None,
    brand_id: int | None = None,
    excluded_classes: Collection[ProductClass] = frozenset(),
) -> int:
    """How many products ``list_products`` pages through (reads every matching row: cache it)."""
    stmt = _listed(excluded_classes, county_id, brand_id)
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def list_products(
    session: Session,
    *,
    county_id: int | None = None,
    brand_id: int | None = None,
    page: int = 1,
    per_page: int = 24,
    excluded_classes: Collection[ProductClass] = frozenset(),
    total: int | None = None,
) -> Page[ProductCard]:
    """One page of product cards; ``total`` when the caller already knows the count."""
    if total is None:
        total = count_products(
            session, county_id=county_id, brand_id=brand_id, excluded_classes=excluded_classes
        )
    stmt = _listed(excluded_classes, county_id, brand_id)
    items = cards_of(
        session,
        stmt.order_by(Product.is_featured.desc(), Product.code)
        .offset((page - 1) * per_page)
        .limit(per_page),
    )
    return Page(items, page, per_page, total)


def catalog_version(session: Session) -> tuple:
    """A stamp that changes whenever what shop pages show changes.

    One primary-key look-up, whatever the catalog's size: the catalog's revision, moved by every
    flushed change to products, texts, packs, batches, producers, brands, counties and
    destination rules, and by the order flow's stock statements when they change what pages show
    of a pack's stock (``catalog.revision``).
    """
    revision = select(CatalogRevision.revision).where(CatalogRevision.id == CATALOG_REVISION_ROW)
    return (str(session.scalar(revision)),)


@dataclass(frozen=True)
class SlugRow:
    locale: str
    slug: str


@dataclass
class ProductSlugs:
    """A product's slugs per locale, shaped for ``translated_field`` (same fallback as pages)."""

    source_locale: str
    translations: list[SlugRow]


def visible_product_slugs(session: Session) -> list[ProductSlugs]:
    """The slugs of every visible product in one query (for sitemaps of large catalogs)."""
    stmt = (
        visible_products()
        .with_only_columns(
            Product.id, Product.source_locale, ProductTranslation.locale, ProductTranslation.slug
        )
        .join(ProductTranslation, ProductTranslation.product_id == Product.id)
        .order_by(Product.id)
    )
    products: dict[int, ProductSlugs] = {}
    for product_id, source_locale, locale, slug in session.execute(stmt):
        entry = products.setdefault(product_id, ProductSlugs(source_locale, []))
        entry.translations.append(SlugRow(locale, slug))
    return list(products.values())


def list_counties(session: Session) -> list[County]:
    return list(session.scalars(select(County).order_by(County.position, County.code)))


def list_brands(session: Session) -> list[Brand]:
    """Every brand with its texts (not its authorised producers: only brand pages show those)."""
    stmt = (
        select(Brand).order_by(Brand.kind, Brand.code).options(lazyload(Brand.authorized_producers))
    )
    return list(session.scalars(stmt))


def count_products_by_county(session: Session) -> dict[int, int]:
    stmt = (
        visible_products()
        .with_only_columns(Product.county_id, func.count())
        .group_by(Product.county_id)
    )
    return {county_id: count for county_id, count in session.execute(stmt)}


def _by_slug(
    session: Session,
    model: type[T],
    translation: type,
    locale: str,
    slug: str,
    loading: tuple = (),
) -> SlugMatch[T] | None:
    """Find by the slug of ``locale``; else by the slug of any locale (for a redirect)."""
    own = session.scalar(
        select(model)
        .join(translation)
        .where(translation.locale == locale, translation.slug == slug)
        .options(*loading)
    )
    if own is not None:
        return SlugMatch(own, True)
    other = session.scalars(
        select(model).join(translation).where(translation.slug == slug).limit(1).options(*loading)
    ).first()
    return SlugMatch(other, False) if other is not None else None


def product_by_slug(
    session: Session, locale: str, slug: str, channel: ProductChannel = ProductChannel.EXPORT
) -> SlugMatch[Product] | None:
    """A published product of an approved producer, sold in ``channel`` (export by default)."""
    match = _by_slug(session, Product, ProductTranslation, locale, slug, product_page_loading())
    if match is None:
        return None
    product = match.obj
    if not (product.is_published and product.channel is channel and product.producer.sells):
        return None
    return match


def brand_by_slug(session: Session, locale: str, slug: str) -> SlugMatch[Brand] | None:
    return _by_slug(session, Brand, BrandTranslation, locale, slug)


def county_by_slug(session: Session, locale: str, slug: str) -> SlugMatch[County] | None:
    return _by_slug(session, County, CountyTranslation, locale, slug)
