"""Bonded goods: imported products held in the zone's bonded warehouse, sold for pickup (1210).

An aggregate of its own, not the export ``Product``: what customs and the tax need (origin,
10-digit HS code, positive-list flag, item record number, account book, rates, legal units)
beside its price, bonded stock and texts (``BondedGoodTranslation``, six locales with the
catalog's field-by-field fallback). The consumption-tax rate applies above the good's
"high-end" threshold only (cosmetics: 10 CNY per ml or g, 15 CNY per piece).
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from catalog.base import Base, TimestampMixin, enum_type

RATE = Numeric(6, 4)
MONEY = Numeric(12, 2)
MAX_LINE_QUANTITY = 6  # per good and order: personal use (trade-rules A7: cap units per person)


class BondedCategory(StrEnum):
    MILK_POWDER = "milk_powder"
    COSMETICS = "cosmetics"
    WINE = "wine"
    HEALTH_FOOD = "health_food"
    SNACKS = "snacks"
    KITCHENWARE = "kitchenware"


class ContentUnit(StrEnum):
    """What the net content is counted in; the high-end threshold is per one of these."""

    GRAM = "g"
    MILLILITRE = "ml"
    PIECE = "piece"


class InvalidBondedGood(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class BondedGood(TimestampMixin, Base):
    __tablename__ = "bonded_goods"
    __table_args__ = (
        CheckConstraint("price > 0", name="price_positive"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("vat_rate >= 0 AND vat_rate <= 1", name="vat_rate_range"),
        CheckConstraint(
            "consumption_tax_rate >= 0 AND consumption_tax_rate < 1", name="consumption_rate_range"
        ),
        CheckConstraint("tariff_rate >= 0 AND tariff_rate <= 1", name="tariff_rate_range"),
        CheckConstraint(
            "high_end_threshold IS NULL OR high_end_threshold > 0", name="threshold_positive"
        ),
        CheckConstraint("net_content > 0 AND legal_quantity > 0", name="content_positive"),
        CheckConstraint(
            "net_weight_kg > 0 AND gross_weight_kg >= net_weight_kg", name="weights_consistent"
        ),
        CheckConstraint(
            "(second_unit IS NULL) = (second_quantity IS NULL)", name="second_unit_with_quantity"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(20), unique=True)  # CEB621 itemNo is C..20
    category: Mapped[BondedCategory] = mapped_column(enum_type(BondedCategory, "bonded_category"))
    origin_country: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    hs_code: Mapped[str] = mapped_column(String(10))
    on_positive_list: Mapped[bool] = mapped_column(default=True)
    item_record_no: Mapped[str] = mapped_column(String(30))  # 商品备案号 (bonded: required)
    ems_no: Mapped[str] = mapped_column(String(30))  # the zone warehouse's account book
    barcode: Mapped[str | None] = mapped_column(String(50))
    price: Mapped[Decimal] = mapped_column(MONEY)  # CNY, per item sold
    vat_rate: Mapped[Decimal] = mapped_column(RATE)
    consumption_tax_rate: Mapped[Decimal] = mapped_column(RATE, default=Decimal(0))
    high_end_threshold: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    tariff_rate: Mapped[Decimal] = mapped_column(RATE, default=Decimal(0))
    net_content: Mapped[Decimal] = mapped_column(Numeric(10, 3))
    content_unit: Mapped[ContentUnit] = mapped_column(enum_type(ContentUnit, "content_unit"))
    declared_unit: Mapped[str] = mapped_column(String(3))  # customs unit of what is sold (罐 122)
    legal_unit: Mapped[str] = mapped_column(String(3))  # unit1, fixed by the HS code
    legal_quantity: Mapped[Decimal] = mapped_column(Numeric(12, 5))  # qty1 per item sold
    second_unit: Mapped[str | None] = mapped_column(String(3))
    second_quantity: Mapped[Decimal | None] = mapped_column(Numeric(12, 5))
    net_weight_kg: Mapped[Decimal] = mapped_column(Numeric(10, 3))
    gross_weight_kg: Mapped[Decimal] = mapped_column(Numeric(10, 3))
    indivisible: Mapped[bool] = mapped_column(default=False)  # one item, cannot be split
    stock: Mapped[int] = mapped_column(default=0)
    is_published: Mapped[bool] = mapped_column(default=True)
    source_locale: Mapped[str] = mapped_column(String(8), default="zh-hans")

    translations: Mapped[list[BondedGoodTranslation]] = relationship(
        back_populates="good", cascade="all, delete-orphan", lazy="selectin"
    )

    @validates("hs_code")
    def _validate_hs_code(self, _key: str, value: str) -> str:
        text = str(value or "").replace(".", "").strip()
        if len(text) != 10 or not text.isdigit():
            raise InvalidBondedGood("hs_code", "an HS code has 10 digits")
        return text

    @validates("sku")
    def _validate_sku(self, _key: str, value: str) -> str:
        text = str(value or "").strip()
        if not text or len(text) > 20 or not text.isascii() or " " in text:
            raise InvalidBondedGood("sku", "1 to 20 ASCII characters without spaces")
        return text

    @property
    def on_sale(self) -> bool:
        return self.is_published and self.on_positive_list

    def consumption_tax_rate_at(self, unit_price: Decimal | None = None) -> Decimal:
        """The consumption-tax rate for this price: the good's rate, or 0 below its threshold."""
        if self.high_end_threshold is None:
            return self.consumption_tax_rate
        price = self.price if unit_price is None else unit_price
        return self.consumption_tax_rate if self.is_high_end(price) else Decimal(0)

    def is_high_end(self, unit_price: Decimal | None = None) -> bool:
        """At or above the threshold per ml, g or piece (price / net content)."""
        if self.high_end_threshold is None:
            return False
        price = self.price if unit_price is None else unit_price
        return price / self.net_content >= self.high_end_threshold

    def __repr__(self) -> str:
        return f"<BondedGood {self.sku}>"


class BondedGoodTranslation(Base):
    __tablename__ = "bonded_good_translations"
    __table_args__ = (UniqueConstraint("bonded_good_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bonded_good_id: Mapped[int] = mapped_column(
        ForeignKey("bonded_goods.id", ondelete="CASCADE"), index=True
    )
    locale: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(400), default="")
    description: Mapped[str] = mapped_column(Text, default="")

    good: Mapped[BondedGood] = relationship(back_populates="translations")
