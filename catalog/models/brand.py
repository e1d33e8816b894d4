"""Brands: regional public brands, geographical indications and producer brands."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Column, DateTime, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.base import Base, TimestampMixin, enum_type, utcnow

if TYPE_CHECKING:
    from catalog.models.producer import Producer


class BrandKind(StrEnum):
    REGIONAL = "regional"
    GEOGRAPHICAL_INDICATION = "gi"
    PRODUCER = "producer"


brand_producers = Table(
    "brand_producers",
    Base.metadata,
    Column("brand_id", ForeignKey("brands.id", ondelete="CASCADE"), primary_key=True),
    Column("producer_id", ForeignKey("producers.id", ondelete="CASCADE"), primary_key=True),
)


class Brand(TimestampMixin, Base):
    __tablename__ = "brands"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[BrandKind] = mapped_column(enum_type(BrandKind, "brand_kind"))
    source_locale: Mapped[str] = mapped_column(String(8), default="zh-hans")
    # The producer that holds the brand (a producer brand's owner, a cooperative holding a
    # collective mark) decides authorisation requests in its portal; without one, the operator.
    steward_producer_id: Mapped[int | None] = mapped_column(ForeignKey("producers.id"))

    translations: Mapped[list[BrandTranslation]] = relationship(
        back_populates="brand", cascade="all, delete-orphan", lazy="selectin"
    )
    authorized_producers: Mapped[list[Producer]] = relationship(
        secondary=brand_producers, lazy="selectin", order_by="Producer.code"
    )

    def __repr__(self) -> str:
        return f"<Brand {self.code}>"


class BrandTranslation(Base):
    __tablename__ = "brand_translations"
    __table_args__ = (
        UniqueConstraint("brand_id", "locale"),
        UniqueConstraint("locale", "slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(160))
    slug: Mapped[str] = mapped_column(String(160))
    summary: Mapped[str] = mapped_column(String(300), default="")
    story: Mapped[str] = mapped_column(Text, default="")
    steward: Mapped[str] = mapped_column(String(200), default="")
    seo_title: Mapped[str] = mapped_column(String(160), default="")
    seo_description: Mapped[str] = mapped_column(String(300), default="")

    brand: Mapped[Brand] = relationship(back_populates="translations")


class AuthorisationStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    REVOKED = "revoked"  # approved, then withdrawn by the steward or the operator


class BrandAuthorisationRequest(Base):
    """A producer asks to sell under a brand; the steward (or the operator) decides.

    An approved request adds the producer to ``brand_producers``; revoking it removes the
    producer again and takes its products under that brand out of the shop.
    """

    __tablename__ = "brand_authorisation_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"), index=True)
    producer_id: Mapped[int] = mapped_column(
        ForeignKey("producers.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[AuthorisationStatus] = mapped_column(
        enum_type(AuthorisationStatus, "authorisation_status"), default=AuthorisationStatus.PENDING
    )
    message: Mapped[str] = mapped_column(String(500), default="")
    decision_reason: Mapped[str] = mapped_column(String(500), default="")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    brand: Mapped[Brand] = relationship()
