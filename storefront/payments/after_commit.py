"""What follows a committed checkout result: the confirmation e-mail, refunds of unwanted money.

These talk to the outside world (mail, the payment provider), so they run only once the
transaction that applied the result has committed; the caller commits again afterwards.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from storefront.orders.notifications import send_order_confirmation
from storefront.payments.checkout_results import CheckoutOutcome
from storefront.payments.port import PaymentGateway
from storefront.payments.refunds import refund_unwanted_payment

log = logging.getLogger(__name__)


def after_checkout_committed(
    session: Session, gateway: PaymentGateway, outcome: CheckoutOutcome
) -> None:
    """Send the confirmation of a newly paid order; refund money it cannot keep (flushes)."""
    if outcome.order is None:
        return
    if outcome.newly_paid:
        try:
            send_order_confirmation(outcome.order)
        except Exception:  # the order is paid and committed; a mail outage must not hide that
            log.exception("confirmation e-mail for order %s could not be sent", outcome.order.id)
    if outcome.refund_needed:
        refund_unwanted_payment(session, gateway, outcome)
