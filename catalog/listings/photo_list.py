"""A listing's photos: add (checked and converted by ``catalog.photos``), order, remove."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.listings import audit
from catalog.listings.ownership import owned_photo, owned_product
from catalog.models import Product, ProductPhoto
from catalog.photos import PhotoRefused, PhotoStore, new_storage_key, process_photo

MAX_PHOTOS_PER_PRODUCT = 12


def add_photo(
    session: Session,
    store: PhotoStore,
    producer_id: int,
    product_id: int,
    data: bytes,
    *,
    actor_user_id: int | None,
    max_bytes: int,
    max_pixels: int,
) -> ProductPhoto:
    """Check, convert and keep an uploaded photo as the listing's last one (flushes)."""
    product = owned_product(session, producer_id, product_id)
    count = session.scalar(
        select(func.count()).select_from(ProductPhoto).where(ProductPhoto.product_id == product.id)
    )
    if (count or 0) >= MAX_PHOTOS_PER_PRODUCT:
        raise PhotoRefused("too_many_photos")
    processed = process_photo(data, max_bytes=max_bytes, max_pixels=max_pixels)
    key = new_storage_key()
    written = store.write(product.id, key, processed)
    try:
        last = session.scalar(
            select(func.max(ProductPhoto.position)).where(ProductPhoto.product_id == product.id)
        )
        photo = ProductPhoto(
            product_id=product.id,
            position=(last if last is not None else -1) + 1,
            storage_key=key,
            widths=" ".join(str(w) for w in sorted(processed.renditions)),
            width=processed.width,
            height=processed.height,
            uploaded_by_id=actor_user_id,
        )
        session.add(photo)
        audit.record(session, product.id, "photo_added", actor_user_id)
        session.flush()
    except BaseException:
        store.remove_paths(written)
        raise
    return photo


def photos_of(session: Session, producer_id: int, product_id: int) -> list[ProductPhoto]:
    product = owned_product(session, producer_id, product_id)
    return list(
        session.scalars(
            select(ProductPhoto)
            .where(ProductPhoto.product_id == product.id)
            .order_by(ProductPhoto.position, ProductPhoto.id)
        )
    )


def make_first(
    session: Session, producer_id: int, photo_id: int, *, actor_user_id: int | None
) -> ProductPhoto:
    """This photo leads: it is the one the shop's cards show."""
    photo = owned_photo(session, producer_id, photo_id)
    others = photos_of(session, producer_id, photo.product_id)
    for position, other in enumerate([photo, *[p for p in others if p.id != photo.id]]):
        other.position = position
    product = session.get(Product, photo.product_id)
    assert product is not None
    audit.record(session, product.id, "photo_first", actor_user_id)
    session.flush()
    return photo


def remove_photo(
    session: Session,
    store: PhotoStore,
    producer_id: int,
    photo_id: int,
    *,
    actor_user_id: int | None,
) -> list[Path]:
    """Remove the photo's row; returns its files, for the caller to delete once committed."""
    photo = owned_photo(session, producer_id, photo_id)
    paths = store.paths_of(photo.product_id, photo.storage_key, photo.rendition_widths)
    product = session.get(Product, photo.product_id)
    assert product is not None
    session.delete(photo)
    audit.record(session, product.id, "photo_removed", actor_user_id)
    session.flush()
    return paths
