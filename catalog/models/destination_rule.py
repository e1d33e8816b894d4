"""Destination rules: may a product class be sent to a country, and why (not)."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.base import Base, TimestampMixin, enum_type
from catalog.models.product import ProductClass

ANY_COUNTRY = "*"


class EligibilityStatus(StrEnum):
    ALLOWED = "allowed"
    CONDITIONAL = "conditional"
    BLOCKED = "blocked"


class DestinationRule(TimestampMixin, Base):
    """One cell of the destination matrix; country ``*`` is the default for a product class."""

    __tablename__ = "destination_rules"
    __table_args__ = (UniqueConstraint("product_class", "country"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_class: Mapped[ProductClass] = mapped_column(
        enum_type(ProductClass, "destination_rule_product_class")
    )
    country: Mapped[str] = mapped_column(String(2))
    status: Mapped[EligibilityStatus] = mapped_column(
        enum_type(EligibilityStatus, "eligibility_status")
    )
    reason_code: Mapped[str] = mapped_column(String(40))
    documents: Mapped[list[str]] = mapped_column(JSON, default=list)
    source_locale: Mapped[str] = mapped_column(String(8), default="en")

    translations: Mapped[list[DestinationRuleTranslation]] = relationship(
        back_populates="rule", cascade="all, delete-orphan", lazy="selectin"
    )


class DestinationRuleTranslation(Base):
    __tablename__ = "destination_rule_translations"
    __table_args__ = (UniqueConstraint("rule_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("destination_rules.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(Text)

    rule: Mapped[DestinationRule] = relationship(back_populates="translations")
