"""Products, their sellable variants (SKUs) and traceable batches."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from catalog.base import Base, TimestampMixin, enum_type
from catalog.exceptions import InvalidCatalogData

if TYPE_CHECKING:
    from catalog.models.brand import Brand
    from catalog.models.county import County
    from catalog.models.listing import ProductPhoto
    from catalog.models.producer import Producer


class Category(StrEnum):
    FRESH_FRUIT = "fresh_fruit"
    TEA = "tea"
    MEAT_POULTRY = "meat_poultry"
    FISH_SEAFOOD = "fish_seafood"
    SPICES_CONDIMENTS = "spices_condiments"
    VEGETABLES = "vegetables"
    MUSHROOMS_FUNGI = "mushrooms_fungi"
    NOODLES_GRAINS = "noodles_grains"
    SOY_PRODUCTS = "soy_products"
    HERBS = "herbs"
    ACCESSORIES = "accessories"
    CLOTHING = "clothing"
    PHONE_ACCESSORIES = "phone_accessories"


class ProductClass(StrEnum):
    """What a product is for the destination rules (plant and animal health, food law)."""

    FRESH_CITRUS = "fresh_citrus"
    FRESH_FRUIT = "fresh_fruit"
    TEA = "tea"
    COOKED_POULTRY = "cooked_poultry"
    FISH_PRODUCT = "fish_product"
    DRIED_CHILI = "dried_chili"
    CHILI_SAUCE = "chili_sauce"
    FRESH_VEGETABLE = "fresh_vegetable"
    DRIED_MUSHROOM = "dried_mushroom"
    PROCESSED_SOY = "processed_soy"
    NOODLES = "noodles"
    HERBAL_MEDICINE = "herbal_medicine"
    GENERAL_MERCHANDISE = "general_merchandise"


class StorageClass(StrEnum):
    AMBIENT = "ambient"
    CHILLED = "chilled"
    FROZEN = "frozen"


class ProductChannel(StrEnum):
    """Export goods (9610, sold abroad) or bonded imports (1210, collected in the zone)."""

    EXPORT = "export"
    BONDED = "bonded"


class BatchKind(StrEnum):
    HARVEST = "harvest"
    PRODUCTION = "production"


CERTIFICATIONS = ("gi", "green_food", "organic", "sc_licence", "haccp", "export_registered")
ALL_MONTHS_MASK = (1 << 12) - 1


def season_mask(months: list[int] | tuple[int, ...]) -> int:
    """Encode months 1..12 as a bit mask (January is bit 0)."""
    mask = 0
    for month in months:
        if not 1 <= int(month) <= 12:
            raise InvalidCatalogData("season_months", f"month out of range: {month}")
        mask |= 1 << (int(month) - 1)
    return mask


class Product(TimestampMixin, Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id"), index=True)
    brand_id: Mapped[int | None] = mapped_column(ForeignKey("brands.id"), index=True)
    county_id: Mapped[int] = mapped_column(ForeignKey("counties.id"), index=True)
    category: Mapped[Category] = mapped_column(enum_type(Category, "product_category"))
    product_class: Mapped[ProductClass] = mapped_column(enum_type(ProductClass, "product_class"))
    channel: Mapped[ProductChannel] = mapped_column(
        enum_type(ProductChannel, "product_channel"), default=ProductChannel.EXPORT
    )
    hs_code: Mapped[str | None] = mapped_column(String(10))
    customs_unit: Mapped[str | None] = mapped_column(String(3))
    storage: Mapped[StorageClass] = mapped_column(
        enum_type(StorageClass, "storage_class"), default=StorageClass.AMBIENT
    )
    shelf_life_days: Mapped[int | None]
    season_mask: Mapped[int] = mapped_column(default=ALL_MONTHS_MASK)
    certifications: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_featured: Mapped[bool] = mapped_column(default=False)
    is_published: Mapped[bool] = mapped_column(default=True)
    source_locale: Mapped[str] = mapped_column(String(8), default="zh-hans")

    producer: Mapped[Producer] = relationship(lazy="joined", innerjoin=True)
    brand: Mapped[Brand | None] = relationship(lazy="joined")
    county: Mapped[County] = relationship(lazy="joined", innerjoin=True)
    translations: Mapped[list[ProductTranslation]] = relationship(
        back_populates="product", cascade="all, delete-orphan", lazy="selectin"
    )
    variants: Mapped[list[Variant]] = relationship(
        back_populates="product",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="Variant.price",
    )
    batches: Mapped[list[Batch]] = relationship(
        back_populates="product",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="Batch.produced_on.desc()",
    )
    photos: Mapped[list[ProductPhoto]] = relationship(
        back_populates="product",
        cascade="all, delete-orphan",
        order_by="(ProductPhoto.position, ProductPhoto.id)",
    )

    __table_args__ = (
        CheckConstraint("season_mask >= 0 AND season_mask <= 4095", name="season_mask_range"),
        # The catalog's version stamp reads max(updated_at): an index look-up, not a scan.
        Index("ix_products_updated_at", "updated_at"),
    )

    @validates("hs_code")
    def _validate_hs_code(self, _key: str, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        value = str(value).replace(".", "").strip()
        if len(value) != 10 or not value.isdigit():
            raise InvalidCatalogData("hs_code", "an HS code has 10 digits")
        return value

    @property
    def season_months(self) -> list[int]:
        return [month for month in range(1, 13) if self.season_mask & (1 << (month - 1))]

    @property
    def is_year_round(self) -> bool:
        return self.season_mask == ALL_MONTHS_MASK

    def in_season(self, month: int) -> bool:
        return bool(self.season_mask & (1 << (month - 1)))

    @property
    def starting_price(self) -> Decimal | None:
        prices = [variant.price for variant in self.variants if variant.is_active]
        return min(prices) if prices else None

    @property
    def latest_batch(self) -> Batch | None:
        return self.batches[0] if self.batches else None

    def __repr__(self) -> str:
        return f"<Product {self.code}>"


class ProductTranslation(Base):
    __tablename__ = "product_translations"
    __table_args__ = (
        UniqueConstraint("product_id", "locale"),
        UniqueConstraint("locale", "slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(400), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    seo_title: Mapped[str] = mapped_column(String(160), default="")
    seo_description: Mapped[str] = mapped_column(String(300), default="")
    # Digest of the source-language texts this translation was written from
    # (catalog.translation_status): when the source changes, the translation needs an update.
    source_digest: Mapped[str] = mapped_column(String(64), default="", server_default="")

    product: Mapped[Product] = relationship(back_populates="translations")


class Variant(TimestampMixin, Base):
    """A sellable pack of a product (a SKU). Prices are set in CNY."""

    __tablename__ = "variants"
    __table_args__ = (
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("price > 0", name="price_positive"),
        CheckConstraint("units_per_pack >= 1", name="units_per_pack_positive"),
        Index("ix_variants_updated_at", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    net_weight_g: Mapped[int]
    units_per_pack: Mapped[int] = mapped_column(default=1)
    barcode: Mapped[str | None] = mapped_column(String(14))
    price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    stock: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)

    product: Mapped[Product] = relationship(back_populates="variants")

    @property
    def in_stock(self) -> bool:
        return self.stock > 0


class Batch(Base):
    """A traceable lot: harvest or production date and the inspection certificate."""

    __tablename__ = "batches"
    __table_args__ = (UniqueConstraint("product_id", "lot_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    lot_number: Mapped[str] = mapped_column(String(60))
    kind: Mapped[BatchKind] = mapped_column(enum_type(BatchKind, "batch_kind"))
    produced_on: Mapped[date] = mapped_column(Date)
    best_before: Mapped[date | None] = mapped_column(Date)
    inspection_certificate: Mapped[str] = mapped_column(String(80), default="")

    product: Mapped[Product] = relationship(back_populates="batches")
