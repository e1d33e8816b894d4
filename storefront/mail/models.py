"""The e-mail outbox: one row per message, written in the transaction of what it reports."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from catalog.base import Base, enum_type, utcnow


class MailStatus(StrEnum):
    PENDING = "pending"  # waiting for a sender (now, or at next_attempt_at after a failure)
    SENDING = "sending"  # claimed by a sender until claimed_until
    SENT = "sent"
    FAILED = "failed"  # refused for good, or out of attempts


class OutgoingEmail(Base):
    """A message to send. Senders claim rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, a
    conditional ``UPDATE`` on SQLite), so each is handed to the mail server by one of them."""

    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[MailStatus] = mapped_column(
        enum_type(MailStatus, "mail_status"), default=MailStatus.PENDING
    )
    # The Message-ID header, fixed when the row is written: a message sent again after a crash
    # carries the same one, which mail servers and clients use to drop the copy.
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    sender: Mapped[str] = mapped_column(String(320))
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(998))
    body: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(80), default=None)
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    # The error's kind and SMTP code only: a server's text may quote the address.
    last_error: Mapped[str] = mapped_column(String(200), default="")


class OutgoingAttachment(Base):
    """A file sent with an outbox message (a pickup code's QR picture, say)."""

    __tablename__ = "mail_outbox_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    email_id: Mapped[int] = mapped_column(
        ForeignKey("mail_outbox.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    mime_type: Mapped[str] = mapped_column(String(100))  # "image/svg+xml"
    content: Mapped[bytes] = mapped_column(LargeBinary)
