"""What the payment side stores: webhook events seen, and the sandbox provider's sessions."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import DateTime, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from catalog.base import Base, enum_type, utcnow


class ProcessedWebhookEvent(Base):
    """One row per provider event id: a replayed event finds its row and does nothing."""

    __tablename__ = "processed_webhook_events"
    __table_args__ = (UniqueConstraint("provider", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    event_id: Mapped[str] = mapped_column(String(255))
    event_type: Mapped[str] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SandboxCheckoutStatus(StrEnum):
    OPEN = "open"
    PAID = "paid"
    DECLINED = "declined"
    EXPIRED = "expired"


class SandboxCheckout(Base):
    """A checkout session of the sandbox provider: the state a real provider would keep."""

    __tablename__ = "sandbox_checkouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    order_number: Mapped[str] = mapped_column(String(24), index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[SandboxCheckoutStatus] = mapped_column(
        enum_type(SandboxCheckoutStatus, "sandbox_checkout_status"),
        default=SandboxCheckoutStatus.OPEN,
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
