"""Stripe webhook events -> order transitions. Each event id is stored once."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storefront.orders.actors import Actor
from storefront.orders.models import Order
from storefront.orders.ports import OrderDeclarations
from storefront.orders.services import mark_refunded
from storefront.payments.checkout_results import CheckoutOutcome, apply_checkout_result
from storefront.payments.models import ProcessedWebhookEvent
from storefront.payments.port import CheckoutState

log = logging.getLogger(__name__)

STRIPE = Actor("stripe webhook")

CHECKOUT_EVENTS = {
    "checkout.session.completed": None,  # paid, or awaiting an asynchronous payment
    "checkout.session.async_payment_succeeded": CheckoutState.PAID,
    "checkout.session.async_payment_failed": CheckoutState.FAILED,
    "checkout.session.expired": CheckoutState.EXPIRED,
}


def already_processed(session: Session, event_id: str) -> bool:
    stmt = select(ProcessedWebhookEvent.id).where(
        ProcessedWebhookEvent.provider == "stripe", ProcessedWebhookEvent.event_id == event_id
    )
    return session.scalar(stmt) is not None


def record_event(session: Session, event: Any) -> bool:
    """Store the event id; False when it was already there (a replay, or a concurrent twin)."""
    if already_processed(session, event.id):
        return False
    try:
        with session.begin_nested():  # a twin delivered at the same moment fails only this
            session.add(
                ProcessedWebhookEvent(provider="stripe", event_id=event.id, event_type=event.type)
            )
    except IntegrityError:
        return False
    return True


def handle_event(
    session: Session, event: Any, declarations: OrderDeclarations
) -> CheckoutOutcome | None:
    """Apply one verified event; a replay (same id) does nothing. The caller commits."""
    if not record_event(session, event):
        return None
    obj = event.data.object
    if event.type in CHECKOUT_EVENTS:
        from storefront.payments.stripe_gateway import result_from_session  # imports stripe

        result = result_from_session(obj)
        forced = CHECKOUT_EVENTS[event.type]
        if forced is not None:
            result = replace(result, state=forced)
        return apply_checkout_result(session, result, STRIPE, declarations)
    if event.type == "charge.refunded":
        intent = getattr(obj, "payment_intent", None)
        order = session.scalars(
            select(Order).where(Order.payment_intent_reference == intent)
        ).one_or_none()
        if order is not None and getattr(obj, "refunded", False):
            mark_refunded(session, order, actor=STRIPE, declarations=declarations)
        return None
    log.info("ignoring Stripe event type %s", event.type)
    return None
