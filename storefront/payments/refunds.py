"""Refunds: money an order cannot keep (late or duplicate payments) and cancelled orders.

Both call the provider and flush; the caller commits. An unwanted payment is refunded after
the transaction that found it has committed; a cancelled order is refunded inside the
cancellation's transaction, so a provider failure rolls the cancellation back.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from sqlalchemy.orm import Session

from catalog.money import Money, from_minor_units
from storefront.orders.actors import Actor
from storefront.orders.models import Order, OrderEvent
from storefront.orders.ports import OrderDeclarations
from storefront.orders.services import mark_refunded
from storefront.payments.checkout_results import CheckoutOutcome
from storefront.payments.port import PaymentGateway, PaymentProviderError

log = logging.getLogger(__name__)


def refund_unwanted_payment(
    session: Session, gateway: PaymentGateway, outcome: CheckoutOutcome
) -> bool:
    """Money came for a closed order, or twice: give it back and note it in the audit trail."""
    order, result = outcome.order, outcome.result
    amount = Money(from_minor_units(result.amount_minor or 0, result.currency), result.currency)
    try:
        refund = gateway.refund(
            order_number=f"{order.number}-{result.reference[-12:]}",
            intent_reference=result.intent_reference,
            payment_reference=result.reference,
            amount=amount,
        )
    except PaymentProviderError:
        log.exception("refund of unwanted payment for order %s failed; refund it by hand", order.id)
        return False
    session.add(
        OrderEvent(
            order_id=order.id,
            actor=gateway.name,
            machine="payment",
            from_status=order.payment_status.value,
            to_status=order.payment_status.value,
            note=f"unwanted payment {result.reference} refunded ({refund.reference})",
        )
    )
    session.flush()
    return True


def refund_cancelled_order(
    session: Session,
    gateway: PaymentGateway,
    order: Order,
    actor: Actor,
    declarations: OrderDeclarations,
    already_refunded: Decimal = Decimal(0),
) -> bool:
    """Ask the provider to refund a cancelled order; True when the refund is already complete.

    ``already_refunded``: what parcels cancelled one by one gave back before (not twice).
    """
    refund = gateway.refund(
        order_number=order.number,
        intent_reference=order.payment_intent_reference,
        payment_reference=order.payment_reference,
        amount=Money(order.total - already_refunded, order.currency),
    )
    order.refund_reference = refund.reference
    if refund.is_complete:
        mark_refunded(
            session,
            order,
            actor=actor,
            declarations=declarations,
            refund_reference=refund.reference,
        )
    return refund.is_complete
