"""Stripe webhook events -> order transitions. Each event id is stored once."""

from __future__ import annotations

import logging
import sys
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


MAX_EVENT_ID_LENGTH = 255  # ProcessedWebhookEvent.event_id


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _is_object(value: Any) -> bool:
    """A dict or a StripeObject. Stripe's SDK (6 MB) is not imported for this: a process that
    never imported it cannot hold one of its objects."""
    if isinstance(value, dict):
        return True
    stripe = sys.modules.get("stripe")
    return stripe is not None and isinstance(value, stripe.StripeObject)


def _field(obj: Any, name: str) -> Any:
    """``obj[name]`` for a StripeObject or a dict; None when absent or when obj is neither."""
    if not _is_object(obj):
        return None
    try:
        return obj[name] if name in obj else None  # noqa: SIM401 (StripeObject has no .get)
    except (AttributeError, KeyError, TypeError):
        return None


def unusable_reason(event: Any) -> str | None:
    """Why the shop cannot use this (signed) event, or None when it has what the shop reads."""
    event_id, event_type = _text(_field(event, "id")), _text(_field(event, "type"))
    if event_id is None or len(event_id) > MAX_EVENT_ID_LENGTH:
        return "no usable event id"
    if event_type is None or len(event_type) > 100:
        return "no event type"
    obj = _field(_field(event, "data"), "object")
    reads_object = event_type in CHECKOUT_EVENTS or event_type == "charge.refunded"
    if reads_object and (not _is_object(obj) or _text(_field(obj, "id")) is None):
        return f"{event_type} without a data.object id"
    if event_type == "charge.refunded" and _intent_reference(obj) is None:
        return "charge.refunded without a payment intent"
    return None


def _intent_reference(obj: Any) -> str | None:
    intent = _field(obj, "payment_intent")
    if intent is not None and not isinstance(intent, str):
        intent = _field(intent, "id")
    return _text(intent)


def handle_event(
    session: Session, event: Any, declarations: OrderDeclarations
) -> CheckoutOutcome | None:
    """Apply one verified event; a replay (same id) does nothing. The caller commits.

    An event the shop cannot use (no id, no object, a refund without its payment intent) is
    logged and acknowledged without touching any order: it is never matched by a missing key.
    """
    reason = unusable_reason(event)
    if reason is not None:
        log.warning("ignoring an unusable Stripe event: %s", reason)
        return None
    if not record_event(session, event):
        return None
    obj = _field(_field(event, "data"), "object")  # an object for the events read below
    if event.type in CHECKOUT_EVENTS:
        from storefront.payments.stripe_gateway import result_from_session  # imports stripe

        try:
            result = result_from_session(obj)
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            log.warning("ignoring %s %s: unreadable session (%r)", event.type, event.id, error)
            return None
        forced = CHECKOUT_EVENTS[event.type]
        if forced is not None:
            result = replace(result, state=forced)
        return apply_checkout_result(session, result, STRIPE, declarations)
    if event.type == "charge.refunded":
        intent = _intent_reference(obj)  # never None here (unusable_reason)
        order = session.scalars(
            select(Order).where(Order.payment_intent_reference == intent)
        ).one_or_none()
        if order is not None and _field(obj, "refunded") is True:
            mark_refunded(session, order, actor=STRIPE, declarations=declarations)
        return None
    log.info("ignoring Stripe event type %s", event.type)
    return None
