"""Packs as a cart shows them: read as plain rows, not ORM objects (like product cards).

A cart line shows its pack (SKU, size, price, stock), the product's name and link, and groups
lines by producer with the producer's county. ``pack_cards`` reads exactly that for a set of
pack ids with four narrow queries by key (packs with their products and producers, product
texts, producer texts, county names), whatever the catalog's size. The dataclasses answer
what the cart's rules and templates ask of ``Variant``, ``Product`` and ``Producer``
(``sellable_limit``, ``translated_field``, ``product_class`` for the destination check), so
the same cart rules run over them. Placing an order never uses them: it reads the packs
from the database, with their stock, inside its own transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.cards import CardText, PlaceCard, county_cards
from catalog.models import (
    Producer,
    ProducerStatus,
    ProducerTranslation,
    Product,
    ProductChannel,
    ProductClass,
    ProductTranslation,
    Variant,
)


@dataclass(frozen=True, slots=True)
class ProducerCard:
    id: int
    code: str
    status: ProducerStatus
    source_locale: str
    translations: tuple[CardText, ...]
    county: PlaceCard
    on_negative_list: bool = False


@dataclass(frozen=True, slots=True)
class PackProduct:
    id: int
    code: str
    product_class: ProductClass
    is_published: bool
    channel: ProductChannel
    source_locale: str
    translations: tuple[CardText, ...]
    producer: ProducerCard


@dataclass(frozen=True, slots=True)
class PackCard:
    id: int
    sku: str
    price: Decimal
    currency: str
    net_weight_g: int
    units_per_pack: int
    stock: int
    is_active: bool
    product: PackProduct

    @property
    def in_stock(self) -> bool:
        return self.stock > 0


def _texts(rows) -> dict[int, tuple[CardText, ...]]:
    texts: dict[int, list[CardText]] = {}
    for owner_id, locale, name, slug in rows:
        texts.setdefault(owner_id, []).append(CardText(locale, name, slug or ""))
    return {owner_id: tuple(found) for owner_id, found in texts.items()}


def pack_cards(session: Session, variant_ids: Sequence[int]) -> dict[int, PackCard]:
    """The packs of ``variant_ids`` that exist, by id (four queries by key)."""
    if not variant_ids:
        return {}
    rows = session.execute(
        select(
            Variant.id,
            Variant.sku,
            Variant.price,
            Variant.currency,
            Variant.net_weight_g,
            Variant.units_per_pack,
            Variant.stock,
            Variant.is_active,
            Product.id,
            Product.code,
            Product.product_class,
            Product.is_published,
            Product.channel,
            Product.source_locale,
            Producer.id,
            Producer.code,
            Producer.status,
            Producer.source_locale,
            Producer.county_id,
            Producer.on_negative_list,
        )
        .join(Product, Variant.product_id == Product.id)
        .join(Producer, Product.producer_id == Producer.id)
        .where(Variant.id.in_(sorted(set(variant_ids))))
    ).all()
    product_ids = sorted({row[8] for row in rows})
    producer_ids = sorted({row[14] for row in rows})
    product_texts = _texts(
        session.execute(
            select(
                ProductTranslation.product_id,
                ProductTranslation.locale,
                ProductTranslation.name,
                ProductTranslation.slug,
            ).where(ProductTranslation.product_id.in_(product_ids))
        )
    )
    producer_texts = _texts(
        (producer_id, locale, name, "")  # producers have no pages, so no slug
        for producer_id, locale, name in session.execute(
            select(
                ProducerTranslation.producer_id,
                ProducerTranslation.locale,
                ProducerTranslation.name,
            ).where(ProducerTranslation.producer_id.in_(producer_ids))
        )
    )
    counties = county_cards(session, [row[18] for row in rows])
    producers: dict[int, ProducerCard] = {}
    products: dict[int, PackProduct] = {}
    packs: dict[int, PackCard] = {}
    for row in rows:
        (variant_id, sku, price, currency, weight, units, stock, active) = row[:8]
        (product_id, product_code, product_class, published, channel, product_locale) = row[8:14]
        (producer_id, producer_code, status, producer_locale, county_id, barred) = row[14:]
        producer = producers.get(producer_id) or ProducerCard(
            producer_id,
            producer_code,
            status,
            producer_locale,
            producer_texts.get(producer_id, ()),
            counties[county_id],
            barred,
        )
        producers[producer_id] = producer
        product = products.get(product_id) or PackProduct(
            product_id,
            product_code,
            product_class,
            published,
            channel,
            product_locale,
            product_texts.get(product_id, ()),
            producer,
        )
        products[product_id] = product
        packs[variant_id] = PackCard(
            variant_id, sku, Decimal(price), currency, weight, units, stock, active, product
        )
    return packs
