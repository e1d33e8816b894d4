"""Send the buyer to the payment page of the configured provider (after the order is committed)."""

from __future__ import annotations

import logging

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from storefront.extensions import db
from storefront.orders.labels import SHIPPING_METHODS
from storefront.orders.models import Order
from storefront.payments.checkout_requests import checkout_request_for
from storefront.payments.gateways import current_gateway
from storefront.payments.port import PaymentProviderError

log = logging.getLogger(__name__)


def start_payment(order: Order):
    """Open a provider checkout for ``order`` and redirect there; on failure, back to the order."""
    gateway = current_gateway()
    order.payment_attempts += 1
    request = checkout_request_for(
        order,
        shipping_label=str(SHIPPING_METHODS[order.shipping_method]),
        success_url=url_for("payments.checkout_return", _external=True)
        + "?session_id={CHECKOUT_SESSION_ID}",
        cancel_url=url_for("orders.order_detail", number=order.number, _external=True),
    )
    try:
        checkout = gateway.start_checkout(request)
    except PaymentProviderError:
        log.warning("could not open a %s checkout for order %s", gateway.name, order.id)
        db.session.commit()  # keep the attempt count: the next try uses a fresh idempotency key
        flash(
            _(
                "The payment page could not be opened. Your order is kept; please try again in a moment."  # noqa: E501
            ),
            "error",
        )
        return redirect(url_for("orders.order_detail", number=order.number))
    order.payment_provider = gateway.name
    order.payment_reference = checkout.reference
    db.session.commit()
    return redirect(checkout.url, 303)
