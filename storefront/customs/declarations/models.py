"""The customs outbox: one row per message to customs, and the receipts that came back.

A ``CustomsDeclaration`` is created in the same transaction that marks an order paid (the
transactional outbox): it carries the finished, signed message (``payload``), so the dispatcher
only has to put bytes into the exchange folder. Receipts (``CustomsReceipt``) form the
declaration's timeline; the latest meaningful one sets the declaration's ``status``.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.base import Base, TimestampMixin, as_utc, enum_type, utcnow
from catalog.models import Producer
from storefront.customs.messages.channels import INVENTORY_MESSAGES, MessageType

__all__ = [
    "AT_CUSTOMS_STATUSES",
    "ATTENTION_STATUSES",
    "WATCH_STATUSES",
    "CustomsDeclaration",
    "CustomsDeclarationEvent",
    "CustomsReceipt",
    "DeclarationStatus",
    "MessageType",
]


class DeclarationStatus(StrEnum):
    BLOCKED = "blocked"  # customs data missing: nothing was built, the operator must act
    PENDING = "pending"  # in the outbox, waiting for the dispatcher
    SENT = "sent"  # written to the exchange folder, no decisive receipt yet
    ACCEPTED = "accepted"  # 120 / 399
    HELD = "held"  # manual review, inspection, detention
    REJECTED = "rejected"  # 100: customs sent it back with a reason
    FAILED = "failed"  # negative code / 4, or the dispatcher gave up writing it
    RELEASED = "released"  # 800
    CLOSED = "closed"  # 899
    RETURNED = "returned"  # 700
    CANCELLED = "cancelled"  # withdrawn by the operator (CEB605 approved, or never sent)
    SUPERSEDED = "superseded"  # replaced by a corrected resubmission


ATTENTION_STATUSES = frozenset(
    {DeclarationStatus.BLOCKED, DeclarationStatus.REJECTED, DeclarationStatus.FAILED}
)
# Held by customs (manual review 300, inspection and detention 5xx): the operator must follow it.
WATCH_STATUSES = frozenset({DeclarationStatus.HELD})
# A list at customs that should be cancelled (its order was) but has no customs number yet.
AT_CUSTOMS_STATUSES = frozenset(
    {
        DeclarationStatus.SENT,
        DeclarationStatus.ACCEPTED,
        DeclarationStatus.HELD,
        DeclarationStatus.RELEASED,
    }
)


class CustomsDeclaration(TimestampMixin, Base):
    __tablename__ = "customs_declarations"
    __table_args__ = (
        Index("ix_customs_declarations_due", "status", "next_attempt_at"),
        Index("ix_customs_declarations_business_no", "message_type", "business_no"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_type: Mapped[MessageType] = mapped_column(
        enum_type(MessageType, "customs_message_type")
    )
    guid: Mapped[str] = mapped_column(String(36), unique=True)  # the message's guid = file name
    app_type: Mapped[int] = mapped_column(default=1)  # 1 new, 2 change
    business_no: Mapped[str] = mapped_column(String(60))  # orderNo (CEB303) or copNo
    order_no: Mapped[str | None] = mapped_column(String(60))
    sub_order_id: Mapped[int | None] = mapped_column(
        ForeignKey("sub_orders.id", ondelete="CASCADE"), index=True
    )
    producer_id: Mapped[int | None] = mapped_column(ForeignKey("producers.id"), index=True)
    status: Mapped[DeclarationStatus] = mapped_column(
        enum_type(DeclarationStatus, "customs_declaration_status"),
        default=DeclarationStatus.PENDING,
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    payload: Mapped[str | None] = mapped_column(Text)  # the signed XML; None while blocked
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    pre_no: Mapped[str | None] = mapped_column(String(18))
    invt_no: Mapped[str | None] = mapped_column(String(20))
    sum_no: Mapped[str | None] = mapped_column(String(18))  # CEB701: customs' summary number
    # CEB792 (summary result): the export declaration customs made of the summary.
    decl_seq_no: Mapped[str | None] = mapped_column(String(18))
    entry_id: Mapped[str | None] = mapped_column(String(18))  # export declaration number
    dec_state: Mapped[str | None] = mapped_column(String(3))
    # CEB603: the statisticsFlag the list was declared with (A 汇总统计, B 汇总申报); None while
    # blocked. Monthly summaries pick the B lists from here.
    statistics_flag: Mapped[str | None] = mapped_column(String(1))
    return_status: Mapped[int | None]
    return_info: Mapped[str] = mapped_column(Text, default="")
    returned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    summary_month: Mapped[str | None] = mapped_column(String(7))  # CEB701: "YYYY-MM"
    cancel_reason: Mapped[str] = mapped_column(String(500), default="")
    related_id: Mapped[int | None] = mapped_column(ForeignKey("customs_declarations.id"))
    # CEB603: the CEB701 monthly summary that names this released list
    summarised_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("customs_declarations.id"), index=True
    )
    requested_by: Mapped[str] = mapped_column(String(60), default="system")

    producer: Mapped[Producer | None] = relationship()
    related: Mapped[CustomsDeclaration | None] = relationship(
        remote_side=[id], foreign_keys=[related_id]
    )
    summarised_by: Mapped[CustomsDeclaration | None] = relationship(
        remote_side=[id], foreign_keys=[summarised_by_id]
    )
    receipts: Mapped[list[CustomsReceipt]] = relationship(
        back_populates="declaration",
        cascade="all, delete-orphan",
        order_by="(CustomsReceipt.return_time, CustomsReceipt.id)",
    )

    @classmethod
    def new_row(
        cls,
        message_type: MessageType,
        guid: str,
        *,
        requested_by: str,
        payload: str | None,
        problems: list[dict[str, str]] | None = None,
        app_type: int = 1,
        **identity: object,
    ) -> CustomsDeclaration:
        """A declaration row about to enter the outbox: no attempt, no answer, no error yet.

        ``identity`` names what it declares (business_no, order_no, sub_order_id, producer_id,
        related_id, summary_month, cancel_reason, next_attempt_at); its status is set by the
        caller through the state machine, which writes the first audit row.
        """
        return cls(
            message_type=message_type,
            guid=guid,
            app_type=app_type,
            payload=payload,
            problems=problems or [],
            attempts=0,
            last_error="",
            return_info="",
            requested_by=requested_by[:60],
            **identity,
        )

    @property
    def file_name(self) -> str:
        return f"{self.message_type.value}_{self.guid}.xml"

    @property
    def cancellation_waiting(self) -> bool:
        """Its order was cancelled, but customs must number the list before it can be withdrawn."""
        return (
            self.message_type in INVENTORY_MESSAGES
            and self.status in AT_CUSTOMS_STATUSES
            and bool(self.cancel_reason)
        )

    @property
    def needs_attention(self) -> bool:
        return (
            self.status in ATTENTION_STATUSES
            or self.status in WATCH_STATUSES
            or self.cancellation_waiting
        )

    def unanswered_since(self, cutoff: datetime) -> bool:
        """Sent before ``cutoff`` and customs has not answered at all."""
        return (
            self.status is DeclarationStatus.SENT
            and self.sent_at is not None
            and as_utc(self.sent_at) < cutoff
            and self.returned_at is None
        )

    def __repr__(self) -> str:
        return f"<CustomsDeclaration {self.message_type} {self.business_no} {self.status}>"


class CustomsReceipt(Base):
    """One receipt entry from customs or the e-port, as it arrived."""

    __tablename__ = "customs_receipts"
    __table_args__ = (UniqueConstraint("declaration_id", "return_status", "return_time"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(
        ForeignKey("customs_declarations.id", ondelete="CASCADE"), index=True
    )
    message_type: Mapped[str] = mapped_column(String(20))  # e.g. CEB604Message
    receipt_guid: Mapped[str] = mapped_column(String(40))
    return_status: Mapped[int]
    return_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    return_info: Mapped[str] = mapped_column(Text, default="")
    file_name: Mapped[str] = mapped_column(String(255))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    declaration: Mapped[CustomsDeclaration] = relationship(back_populates="receipts")


class CustomsDeclarationEvent(Base):
    """Audit row: one status change of a declaration (who, when, from, to, why).

    Written by ``declarations.states.change_status`` and nothing else; ``from_status`` is None
    when the declaration was created.
    """

    __tablename__ = "customs_declaration_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(
        ForeignKey("customs_declarations.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(60))  # "customs", "dispatcher", "operator:7"...
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(String(500), default="")

    declaration: Mapped[CustomsDeclaration] = relationship()
