"""The showroom counter's audit trail: every look-up, identity check and hand-over attempt.

The order's own trail (``order_events``, machine "pickup") records what happened to an order;
this table also records what found no order (a wrong or reused code), who tried, and from which
showroom, so repeated guessing is visible. Nothing personal is written: no code, no ID number.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from catalog.base import Base, enum_type, utcnow


class CounterAction(StrEnum):
    LOOK_UP = "look_up"
    HAND_OVER = "hand_over"


class CounterOutcome(StrEnum):
    FOUND = "found"
    UNKNOWN_CODE = "unknown_code"  # no order has this code
    NOT_READY = "not_ready"  # customs has not released it (or it was never paid)
    ALREADY_COLLECTED = "already_collected"
    CLOSED = "closed"  # cancelled or returned
    OTHER_SHOWROOM = "other_showroom"
    ID_MISMATCH = "id_mismatch"  # the last six characters do not match
    HANDED_OVER = "handed_over"


class CounterEvent(Base):
    __tablename__ = "pickup_counter_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    client_address: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[CounterAction] = mapped_column(enum_type(CounterAction, "counter_action"))
    outcome: Mapped[CounterOutcome] = mapped_column(enum_type(CounterOutcome, "counter_outcome"))
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("orders.id", ondelete="SET NULL"), index=True
    )
