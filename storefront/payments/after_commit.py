"""Around a checkout result: the confirmation e-mail with it, refunds of unwanted money after it.

The confirmation goes into the e-mail outbox in the transaction that marks the order paid
(``queue_checkout_mail``, before the caller's commit), so a paid order always has its message
and a rolled-back payment none. Refunds talk to the payment provider, so they run only once
that transaction has committed (``after_checkout_committed``); the caller commits again.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from storefront.orders.notifications import send_order_confirmation
from storefront.payments.checkout_results import CheckoutOutcome
from storefront.payments.port import PaymentGateway
from storefront.payments.refunds import refund_unwanted_payment


def queue_checkout_mail(outcome: CheckoutOutcome | None) -> None:
    """Queue the confirmation of a newly paid order, in the transaction that paid it."""
    if outcome is not None and outcome.order is not None and outcome.newly_paid:
        send_order_confirmation(outcome.order)


def after_checkout_committed(
    session: Session, gateway: PaymentGateway, outcome: CheckoutOutcome
) -> None:
    """Refund money the order cannot keep (flushes)."""
    if outcome.order is None:
        return
    if outcome.refund_needed:
        refund_unwanted_payment(session, gateway, outcome)
