"""Producers: the cooperatives and enterprises that list products."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from stdnum.cn import uscc as uscc_number
from stdnum.exceptions import ValidationError as StdnumValidationError

from catalog.base import Base, TimestampMixin, enum_type, utcnow
from catalog.exceptions import InvalidCatalogData

if TYPE_CHECKING:
    from catalog.models.county import County


class ProducerKind(StrEnum):
    COOPERATIVE = "cooperative"
    ENTERPRISE = "enterprise"


class ProducerStatus(StrEnum):
    """Where a producer stands with the zone operator.

    PENDING: applied, waiting for the operator; REFUSED: the application was refused (with a
    reason; the applicant may correct it and apply again); APPROVED: sells in the shop;
    SUSPENDED: its listings are out of the shop and its members can only read.
    """

    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    SUSPENDED = "suspended"


CUSTOMS_CODE_LENGTH = 10


class CustomsStatisticsFlag(StrEnum):
    """How the producer's export lists are declared (statisticsFlag of a CEB603).

    SUMMARY (B, 清单核放、汇总申报): the released lists are summarised every month into export
    declarations, which the export VAT refund and licensed goods need. SIMPLIFIED (A, 清单核放、
    汇总统计): the pilot zone's simplified way, statistics only, no summary declaration.
    """

    SIMPLIFIED = "A"
    SUMMARY = "B"


class Producer(TimestampMixin, Base):
    __tablename__ = "producers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    county_id: Mapped[int] = mapped_column(ForeignKey("counties.id"))
    kind: Mapped[ProducerKind] = mapped_column(enum_type(ProducerKind, "producer_kind"))
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    customs_code: Mapped[str | None] = mapped_column(String(CUSTOMS_CODE_LENGTH))
    status: Mapped[ProducerStatus] = mapped_column(
        enum_type(ProducerStatus, "producer_status"), default=ProducerStatus.PENDING
    )
    customs_statistics_flag: Mapped[CustomsStatisticsFlag] = mapped_column(
        enum_type(CustomsStatisticsFlag, "customs_statistics_flag"),
        default=CustomsStatisticsFlag.SIMPLIFIED,
        server_default=CustomsStatisticsFlag.SIMPLIFIED.value,
    )
    source_locale: Mapped[str] = mapped_column(String(8), default="zh-hans")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # The operator's reason for the current status (a refusal or a suspension), shown to members.
    status_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    # On the zone's negative list (catalog/negative_list.py): nothing may be published, nothing
    # of it is in the shop, no new order takes its products. Its history: NegativeListEntry.
    on_negative_list: Mapped[bool] = mapped_column(default=False, server_default=false())

    county: Mapped[County] = relationship(lazy="joined")
    translations: Mapped[list[ProducerTranslation]] = relationship(
        back_populates="producer", cascade="all, delete-orphan", lazy="selectin"
    )

    @validates("uscc")
    def _validate_uscc(self, _key: str, value: str) -> str:
        try:
            return str(uscc_number.validate(value))
        except StdnumValidationError as exc:
            raise InvalidCatalogData(
                "uscc", f"invalid unified social credit code: {value!r}"
            ) from exc

    @validates("customs_code")
    def _validate_customs_code(self, _key: str, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        value = value.strip().upper()
        if len(value) != CUSTOMS_CODE_LENGTH or not value.isalnum():
            raise InvalidCatalogData(
                "customs_code", "a customs registration code has 10 characters"
            )
        return value

    @property
    def is_approved(self) -> bool:
        return self.status is ProducerStatus.APPROVED

    @property
    def sells(self) -> bool:
        """Its published listings are in the shop and new orders may take them."""
        return self.status is ProducerStatus.APPROVED and not self.on_negative_list

    def __repr__(self) -> str:
        return f"<Producer {self.code}>"


class ProducerTranslation(Base):
    __tablename__ = "producer_translations"
    __table_args__ = (UniqueConstraint("producer_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

    producer: Mapped[Producer] = relationship(back_populates="translations")


class ProducerStatusEvent(Base):
    """Audit row: one status change of a producer (applied, approved, refused, suspended...)."""

    __tablename__ = "producer_status_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    producer_id: Mapped[int] = mapped_column(
        ForeignKey("producers.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(500), default="")


class NegativeListEntry(Base):
    """One stay of a producer on the negative list: put on (who, when, why), taken off (same).

    ``removed_at`` is None while the producer is on the list; ``Producer.on_negative_list``
    mirrors that, so the shop's queries test one column.
    """

    __tablename__ = "producer_negative_list"

    id: Mapped[int] = mapped_column(primary_key=True)
    producer_id: Mapped[int] = mapped_column(
        ForeignKey("producers.id", ondelete="CASCADE"), index=True
    )
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(500))
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    removal_reason: Mapped[str] = mapped_column(String(500), default="")
