"""Build what a provider needs to open a checkout for an order."""

from __future__ import annotations

from datetime import datetime, timedelta

from catalog.base import as_utc, utcnow
from catalog.money import Money
from storefront.orders.models import Order
from storefront.payments.port import CheckoutLine, CheckoutRequest

# Stripe accepts a Checkout Session lifetime of 30 minutes to 24 hours; our stock reservation
# may be shorter, so a late payment is handled (stock taken back, or refunded).
MIN_PROVIDER_SESSION = timedelta(minutes=31)


def checkout_request_for(
    order: Order,
    *,
    shipping_label: str,
    success_url: str,
    cancel_url: str,
    now: datetime | None = None,
    tax_label: str = "Cross-border e-commerce import tax",
) -> CheckoutRequest:
    """What the provider charges: the lines, shipping and (bonded orders) the import tax."""
    now = now or utcnow()
    sold = order.bonded.lines if order.bonded is not None else order.lines
    lines = [
        CheckoutLine(
            name=line.name if order.bonded is not None else line.product_name,
            description=line.sku,
            unit_price=Money(line.unit_price, order.currency),
            quantity=line.quantity,
        )
        for line in sold
    ]
    if order.shipping_price > 0:
        lines.append(
            CheckoutLine(shipping_label, "", Money(order.shipping_price, order.currency), 1)
        )
    if order.tax_total > 0:
        lines.append(CheckoutLine(tax_label, "", Money(order.tax_total, order.currency), 1))
    return CheckoutRequest(
        order_id=order.id,
        order_number=order.number,
        amount=Money(order.total, order.currency),
        lines=tuple(lines),
        locale=order.locale,
        email=order.email,
        success_url=success_url,
        cancel_url=cancel_url,
        expires_at=max(as_utc(order.reservation_expires_at), now + MIN_PROVIDER_SESSION),
        attempt=order.payment_attempts,
    )
