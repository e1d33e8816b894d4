"""What a cooperative adds to a listing besides its texts and packs: photos, and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.base import Base, utcnow

if TYPE_CHECKING:
    from catalog.models.product import Product


class ProductPhoto(Base):
    """One uploaded photo, kept as WebP renditions ``<storage_key>-<width>.webp``.

    The files live in the media folder under ``products/<product_id>/``; ``widths`` lists the
    renditions made (space-separated, ascending), never wider than the original.
    """

    __tablename__ = "product_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    storage_key: Mapped[str] = mapped_column(String(40), unique=True)
    widths: Mapped[str] = mapped_column(String(40))
    width: Mapped[int]
    height: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    product: Mapped[Product] = relationship(back_populates="photos")

    @property
    def rendition_widths(self) -> list[int]:
        return [int(part) for part in self.widths.split()]


class ProductEvent(Base):
    """Audit row of a listing: created, edited, published, unpublished, photo added (who, when)."""

    __tablename__ = "product_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(String(500), default="")
