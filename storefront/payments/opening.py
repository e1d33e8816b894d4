"""Open a checkout at the configured provider for an order that waits for payment."""

from __future__ import annotations

import logging

from flask import url_for
from sqlalchemy.orm import Session

from storefront.orders.models import Order
from storefront.payments.checkout_requests import checkout_request_for
from storefront.payments.port import PaymentGateway, PaymentProviderError
from storefront.shipping.labels import SHIPPING_METHODS

log = logging.getLogger(__name__)


def open_checkout(
    session: Session,
    gateway: PaymentGateway,
    order: Order,
    *,
    success_url: str,
    cancel_url: str,
) -> str:
    """The provider's payment page for ``order``; flushes, never commits.

    Every attempt is counted first, so the next try uses a fresh idempotency key even when the
    provider fails; on ``PaymentProviderError`` the caller still commits that count.
    """
    order.payment_attempts += 1
    session.flush()
    request = checkout_request_for(
        order,
        shipping_label=str(SHIPPING_METHODS[order.shipping_method]),
        success_url=success_url,
        cancel_url=cancel_url,
    )
    try:
        checkout = gateway.start_checkout(request)
    except PaymentProviderError:
        log.warning("could not open a %s checkout for order %s", gateway.name, order.id)
        raise
    order.payment_provider = gateway.name
    order.payment_reference = checkout.reference
    session.flush()
    return checkout.url


def return_urls(order: Order) -> dict[str, str]:
    """Where the provider sends the buyer back: the return page on success, else the order."""
    return {
        "success_url": url_for("payments.checkout_return", _external=True)
        + "?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": url_for("orders.order_detail", number=order.number, _external=True),
    }
