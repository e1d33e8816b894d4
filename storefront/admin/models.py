"""What the zone operator records in the console and no other table holds.

``ProducerComplaint``: a complaint the operator files against a producer (from a buyer, a
partner or its own inspection), optionally naming an order; it counts in the producer's credit
record (``storefront.admin.credit``). ``ConsoleAction``: one audit row for a console action that
has no event table of its own (a user's role changed, a complaint filed); the audit log
(``storefront.admin.audit_log``) reads it beside the event tables.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from catalog.base import Base, utcnow


class ProducerComplaint(Base):
    __tablename__ = "producer_complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    producer_id: Mapped[int] = mapped_column(
        ForeignKey("producers.id", ondelete="CASCADE"), index=True
    )
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ConsoleAction(Base):
    __tablename__ = "console_actions"
    __table_args__ = (Index("ix_console_actions_object", "object_kind", "object_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    object_kind: Mapped[str] = mapped_column(String(20))  # "user", "producer", "brand"...
    object_ref: Mapped[str] = mapped_column(String(60))  # the id or number the operator reads
    action: Mapped[str] = mapped_column(String(40))  # a stable code, labelled in the web layer
    note: Mapped[str] = mapped_column(String(500), default="")
