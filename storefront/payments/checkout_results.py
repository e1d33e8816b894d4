"""Apply what a payment provider says about a checkout to the order: one idempotent path.

``apply_checkout_result`` is called by the Stripe webhook, the Stripe success page and the
sandbox page alike. It locks the order row, so whichever caller comes second sees the first
one's work; the state machines only move forward, so events may arrive in any order.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from catalog.money import to_minor_units
from storefront.orders.actors import Actor
from storefront.orders.models import Order
from storefront.orders.ports import OrderDeclarations
from storefront.orders.services import (
    PaymentOutcome,
    expire_order,
    fail_payment,
    find_order_by_number,
    mark_order_paid,
    mark_payment_processing,
)
from storefront.payments.port import CheckoutResult, CheckoutState, PaymentGateway

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CheckoutOutcome:
    """What happened; the caller sends e-mails and refunds after its commit."""

    order: Order | None
    result: CheckoutResult
    newly_paid: bool = False
    refund_needed: bool = False  # money arrived that the order cannot keep (late or duplicate)


def apply_checkout_result(
    session: Session, result: CheckoutResult, actor: Actor, declarations: OrderDeclarations
) -> CheckoutOutcome:
    order = (
        find_order_by_number(session, result.order_number, lock=True)
        if result.order_number
        else None
    )
    if order is None:
        log.warning("checkout %s names no known order", result.reference)
        return CheckoutOutcome(None, result)
    if result.state is CheckoutState.PAID:
        expected = to_minor_units(order.total, order.currency)
        if result.amount_minor != expected or result.currency != order.currency:
            log.error(
                "checkout %s paid %s %s, order %s expects %s",
                result.reference,
                result.amount_minor,
                result.currency,
                order.id,
                expected,
            )
            return CheckoutOutcome(order, result)
        paid_reference = order.payment_reference if order.is_paid else None
        outcome = mark_order_paid(
            session,
            order,
            actor=actor,
            declarations=declarations,
            payment_reference=result.reference,
            intent_reference=result.intent_reference,
        )
        if outcome is PaymentOutcome.PAID and order.bonded is not None:
            keep_payment_evidence(order, result, actor)
        duplicate = outcome is PaymentOutcome.ALREADY_PAID and paid_reference not in (
            None,
            result.reference,
        )
        return CheckoutOutcome(
            order,
            result,
            newly_paid=outcome is PaymentOutcome.PAID,
            refund_needed=outcome is PaymentOutcome.REFUND_NEEDED or duplicate,
        )
    if result.state is CheckoutState.FAILED:
        fail_payment(session, order, actor=actor, note="payment declined")
    elif result.state is CheckoutState.AWAITING_PAYMENT:
        mark_payment_processing(session, order, actor=actor)
    elif result.state is CheckoutState.EXPIRED:
        expire_order(session, order, actor=actor)
    return CheckoutOutcome(order, result)


def keep_payment_evidence(order: Order, result: CheckoutResult, actor: Actor) -> None:
    """What the provider answered for a bonded order's payment, as it answered it: customs may
    ask for the original payment data (GACC Announcement 2018 No.179)."""
    assert order.bonded is not None
    order.bonded.payment_record = {
        "provider": order.payment_provider or actor.label,
        "reference": result.reference,
        "intent_reference": result.intent_reference or "",
        "state": result.state.value,
        "amount_minor": result.amount_minor,
        "currency": result.currency,
        "paid_at": order.paid_at.isoformat() if order.paid_at else "",
        "reported_by": actor.label,
    }


def apply_checkout_state(
    session: Session,
    gateway: PaymentGateway,
    reference: str,
    actor: Actor,
    declarations: OrderDeclarations,
) -> CheckoutOutcome:
    """Ask the provider where a checkout stands, then apply it (success page, sandbox page)."""
    return apply_checkout_result(session, gateway.fetch_checkout(reference), actor, declarations)
