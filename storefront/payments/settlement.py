"""After the commit: confirmation e-mails and refunds of money an order cannot keep."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from catalog.money import Money, from_minor_units
from storefront.orders.actors import Actor
from storefront.orders.models import Order, OrderEvent
from storefront.orders.notifications import send_order_confirmation
from storefront.orders.ports import OrderDeclarations
from storefront.orders.services import mark_refunded
from storefront.payments.fulfilment import FulfilmentReport
from storefront.payments.port import PaymentGateway, PaymentProviderError

log = logging.getLogger(__name__)


def settle(session: Session, gateway: PaymentGateway, report: FulfilmentReport) -> None:
    """Run once the transaction that applied ``report`` has committed."""
    if report.order is None:
        return
    if report.newly_paid:
        try:
            send_order_confirmation(report.order)
        except Exception:  # the order is paid and committed; a mail outage must not hide that
            log.exception("confirmation e-mail for order %s could not be sent", report.order.id)
    if report.refund_needed:
        refund_unwanted_payment(session, gateway, report)


def refund_unwanted_payment(
    session: Session, gateway: PaymentGateway, report: FulfilmentReport
) -> None:
    """Money came for a closed order, or twice: give it back and note it in the audit trail."""
    order, result = report.order, report.result
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
        return
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
    session.commit()


def refund_cancelled_order(
    session: Session,
    gateway: PaymentGateway,
    order: Order,
    actor: Actor,
    declarations: OrderDeclarations,
) -> bool:
    """Ask the provider to refund a cancelled order; True when the refund is already complete."""
    refund = gateway.refund(
        order_number=order.number,
        intent_reference=order.payment_intent_reference,
        payment_reference=order.payment_reference,
        amount=Money(order.total, order.currency),
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
