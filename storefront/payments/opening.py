"""Open a checkout at the configured provider for an order that waits for payment."""

from __future__ import annotations

import logging

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, scoped_session

from storefront.database import begin_writing
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
        shipping_label=str(SHIPPING_METHODS[order.shipping_method])
        if order.shipping_method is not None
        else "",
        success_url=success_url,
        cancel_url=cancel_url,
        tax_label=_("Cross-border e-commerce import tax"),
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


START_PAYMENT_ATTEMPTS = 3


class PaymentNotStarted(PaymentProviderError):
    """The payment page could not be opened now; the order is kept and can be paid later."""


def start_payment(
    session: Session | scoped_session,
    gateway: PaymentGateway,
    order_id: int,
    *,
    urls: dict[str, str],
    attempts: int = START_PAYMENT_ATTEMPTS,
) -> str:
    """Open the payment page for a committed order in a transaction of its own; COMMITS.

    The caller has committed the order (its stock is held, its cart emptied). This is a write
    transaction from its first statement (``begin_writing``), so on SQLite it queues behind
    other writers for the busy timeout instead of failing with "database is locked"; a lock
    that still times out is retried. When it cannot be opened, ``PaymentNotStarted``: the
    order page offers "Pay now" for the same order.
    """
    for attempt in range(1, attempts + 1):
        begin_writing(session)
        try:
            order = session.get(Order, order_id)
            if order is None:
                raise PaymentNotStarted(f"order {order_id} is gone")
            url = open_checkout(session, gateway, order, **urls)
            session.commit()
            return url
        except OperationalError:
            session.rollback()
            log.warning("payment start for order %s: database busy (try %d)", order_id, attempt)
        except PaymentProviderError:
            session.commit()  # keep the attempt count
            raise
    raise PaymentNotStarted(f"database busy: order {order_id} waits on its page for Pay now")


def return_urls(order: Order) -> dict[str, str]:
    """Where the provider sends the buyer back: the return page on success, else the order."""
    return {
        "success_url": url_for("payments.checkout_return", _external=True)
        + "?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": url_for("orders.order_detail", number=order.number, _external=True),
    }
