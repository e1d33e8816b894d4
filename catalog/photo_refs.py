"""Which photo leads each product, read as plain data for cards and lists (one query)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import ProductPhoto


@dataclass(frozen=True, slots=True)
class PhotoRef:
    """Enough to build a photo's URLs: ``products/<product_id>/<key>-<width>.webp``."""

    product_id: int
    key: str
    widths: tuple[int, ...]

    @classmethod
    def of(cls, photo: ProductPhoto) -> PhotoRef:
        return cls(photo.product_id, photo.storage_key, tuple(photo.rendition_widths))


def first_photos(session: Session, product_ids: Sequence[int]) -> dict[int, PhotoRef]:
    """The leading photo of each product that has one."""
    if not product_ids:
        return {}
    rows = session.execute(
        select(ProductPhoto.product_id, ProductPhoto.storage_key, ProductPhoto.widths)
        .where(ProductPhoto.product_id.in_(sorted(set(product_ids))))
        .order_by(ProductPhoto.product_id, ProductPhoto.position, ProductPhoto.id)
    )
    photos: dict[int, PhotoRef] = {}
    for product_id, key, widths in rows:
        photos.setdefault(
            product_id, PhotoRef(product_id, key, tuple(int(w) for w in widths.split()))
        )
    return photos
