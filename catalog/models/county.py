"""The county-level divisions of Chenzhou."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.base import Base, enum_type


class CountyKind(StrEnum):
    DISTRICT = "district"
    COUNTY = "county"
    COUNTY_CITY = "county_city"


class County(Base):
    __tablename__ = "counties"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[CountyKind] = mapped_column(enum_type(CountyKind, "county_kind"))
    position: Mapped[int] = mapped_column(default=0)
    source_locale: Mapped[str] = mapped_column(String(8), default="zh-hans")

    translations: Mapped[list[CountyTranslation]] = relationship(
        back_populates="county", cascade="all, delete-orphan", lazy="selectin"
    )

    def __repr__(self) -> str:
        return f"<County {self.code}>"


class CountyTranslation(Base):
    __tablename__ = "county_translations"
    __table_args__ = (
        UniqueConstraint("county_id", "locale"),
        UniqueConstraint("locale", "slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    county_id: Mapped[int] = mapped_column(ForeignKey("counties.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(160))
    summary: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    seo_title: Mapped[str] = mapped_column(String(160), default="")
    seo_description: Mapped[str] = mapped_column(String(300), default="")

    county: Mapped[County] = relationship(back_populates="translations")
