"""What the order flow needs from the outside world, as ports the caller hands in.

The order service never looks an integration up: the paid transaction and the cancellation
receive the customs declarations adapter from their caller (a view, a command, a worker), the
same way the payment flow receives its gateway. ``storefront.customs.CustomsAdapter`` is the
real implementation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from storefront.orders.actors import Actor
    from storefront.orders.models import Order, SubOrder


class OrderDeclarations(Protocol):
    """Customs declarations of an order's parcels, written in the caller's transaction."""

    def declare_paid_order(self, session: Session, order: Order) -> object:
        """The order was just paid: declare each parcel (flushes, never commits)."""

    def withdraw_cancelled_order(self, session: Session, order: Order, *, actor: Actor) -> object:
        """The order was cancelled before shipping: withdraw its declarations (flushes)."""

    def withdraw_cancelled_parcel(
        self, session: Session, sub_order: SubOrder, *, actor: Actor
    ) -> object:
        """One parcel of a paid order was cancelled: withdraw its declarations (flushes)."""
