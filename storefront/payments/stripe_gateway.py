"""Stripe adapter: a Checkout Session per order, refunds, and reading sessions from events."""

from __future__ import annotations

from typing import Any

import stripe

from catalog.money import Money, to_minor_units
from storefront.payments.port import (
    CheckoutRedirect,
    CheckoutRequest,
    CheckoutResult,
    CheckoutState,
    PaymentProviderError,
    RefundResult,
)

# Our locale -> Stripe Checkout ``locale`` (Stripe has no Arabic: "auto" follows the browser).
STRIPE_LOCALES = {
    "en": "en",
    "zh-hans": "zh",
    "zh-hant": "zh-TW",
    "fr": "fr",
    "ms": "ms",
    "ar": "auto",
}


def stripe_locale(locale: str) -> str:
    return STRIPE_LOCALES.get(locale, "auto")


def checkout_idempotency_key(order_id: int, attempt: int) -> str:
    return f"checkout-order-{order_id}-{attempt}"


def refund_idempotency_key(order_number: str) -> str:
    return f"refund-{order_number}"


def result_from_session(session: Any) -> CheckoutResult:
    """Read a Checkout Session (from the API or from an event) into our terms."""
    status = getattr(session, "status", None)
    payment_status = getattr(session, "payment_status", None)
    if payment_status in ("paid", "no_payment_required"):
        state = CheckoutState.PAID
    elif status == "expired":
        state = CheckoutState.EXPIRED
    elif status == "complete":
        state = CheckoutState.AWAITING_PAYMENT
    else:
        state = CheckoutState.OPEN
    metadata = getattr(session, "metadata", None)
    order_number = (
        metadata["order_number"] if metadata and "order_number" in metadata else None
    ) or ""
    intent = getattr(session, "payment_intent", None)
    if intent is not None and not isinstance(intent, str):
        intent = intent.id
    return CheckoutResult(
        reference=session.id,
        order_number=order_number,
        state=state,
        amount_minor=getattr(session, "amount_total", None),
        currency=(getattr(session, "currency", None) or "cny").upper(),
        intent_reference=intent,
    )


class StripeGateway:
    name = "stripe"

    def __init__(self, client: stripe.StripeClient) -> None:
        self._client = client

    def start_checkout(self, request: CheckoutRequest) -> CheckoutRedirect:
        currency = request.amount.currency
        line_items: list[dict[str, Any]] = [
            {
                "quantity": line.quantity,
                "price_data": {
                    "currency": currency.lower(),
                    "unit_amount": to_minor_units(line.unit_price.amount, currency),
                    "product_data": {
                        "name": line.name,
                        **({"description": line.description} if line.description else {}),
                    },
                },
            }
            for line in request.lines
        ]
        metadata = {"order_id": str(request.order_id), "order_number": request.order_number}
        params: dict[str, Any] = {
            "mode": "payment",
            "currency": currency.lower(),
            "locale": stripe_locale(request.locale),
            "line_items": line_items,
            "customer_email": request.email,
            "client_reference_id": request.order_number,
            "metadata": metadata,
            "payment_intent_data": {"metadata": metadata},
            "success_url": request.success_url,
            "cancel_url": request.cancel_url,
            "expires_at": int(request.expires_at.timestamp()),
        }
        try:
            session = self._client.v1.checkout.sessions.create(
                params=params,  # type: ignore[arg-type]
                options={
                    "idempotency_key": checkout_idempotency_key(request.order_id, request.attempt)
                },
            )
        except stripe.StripeError as exc:
            raise PaymentProviderError(str(exc.user_message or exc.__class__.__name__)) from exc
        return CheckoutRedirect(reference=session.id, url=session.url or "")

    def fetch_checkout(self, reference: str) -> CheckoutResult:
        try:
            session = self._client.v1.checkout.sessions.retrieve(reference)
        except stripe.StripeError as exc:
            raise PaymentProviderError(exc.__class__.__name__) from exc
        return result_from_session(session)

    def refund(
        self,
        *,
        order_number: str,
        intent_reference: str | None,
        payment_reference: str | None,
        amount: Money,
    ) -> RefundResult:
        if not intent_reference:
            raise PaymentProviderError("no payment intent to refund")
        try:
            refund = self._client.v1.refunds.create(
                params={
                    "payment_intent": intent_reference,
                    "amount": to_minor_units(amount.amount, amount.currency),
                    "reason": "requested_by_customer",
                    "metadata": {"order_number": order_number},
                },
                options={"idempotency_key": refund_idempotency_key(order_number)},
            )
        except stripe.StripeError as exc:
            raise PaymentProviderError(exc.__class__.__name__) from exc
        return RefundResult(reference=refund.id, is_complete=refund.status == "succeeded")
