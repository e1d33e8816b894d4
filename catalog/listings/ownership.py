"""Finding a producer's own objects: the only way the portal's services look anything up.

Each function takes the producer's id first and queries by (producer id, object id) in one
statement, so an object of another producer is simply not found.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import Batch, Producer, Product, ProductPhoto, Variant


class NotOwned(LookupError):
    """No such object among this producer's: the portal answers 404 (for absent and foreign)."""


def owned_producer(session: Session, producer_id: int) -> Producer:
    producer = session.get(Producer, producer_id)
    if producer is None:
        raise NotOwned(producer_id)
    return producer


def owned_product(session: Session, producer_id: int, product_id: int) -> Product:
    product = session.scalars(
        select(Product).where(Product.producer_id == producer_id, Product.id == product_id)
    ).one_or_none()
    if product is None:
        raise NotOwned(product_id)
    return product


def owned_variant(session: Session, producer_id: int, variant_id: int) -> Variant:
    variant = session.scalars(
        select(Variant)
        .join(Product, Product.id == Variant.product_id)
        .where(Product.producer_id == producer_id, Variant.id == variant_id)
    ).one_or_none()
    if variant is None:
        raise NotOwned(variant_id)
    return variant


def owned_photo(session: Session, producer_id: int, photo_id: int) -> ProductPhoto:
    photo = session.scalars(
        select(ProductPhoto)
        .join(Product, Product.id == ProductPhoto.product_id)
        .where(Product.producer_id == producer_id, ProductPhoto.id == photo_id)
    ).one_or_none()
    if photo is None:
        raise NotOwned(photo_id)
    return photo


def owned_batch(session: Session, producer_id: int, batch_id: int) -> Batch:
    batch = session.scalars(
        select(Batch)
        .join(Product, Product.id == Batch.product_id)
        .where(Product.producer_id == producer_id, Batch.id == batch_id)
    ).one_or_none()
    if batch is None:
        raise NotOwned(batch_id)
    return batch
