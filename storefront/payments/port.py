"""The PaymentGateway port: what the order flow needs from a payment provider.

Adapters: ``stripe_gateway.StripeGateway`` (Stripe Checkout Sessions) and
``sandbox.SandboxGateway`` (development and the demo only). Both answer with the same
``CheckoutResult``, which ``fulfilment.apply_checkout_result`` turns into order transitions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from catalog.money import Money
from storefront.exceptions import StorefrontError


class PaymentProviderError(StorefrontError):
    """The provider could not be reached or refused the request."""


@dataclass(frozen=True, slots=True)
class CheckoutLine:
    name: str  # in the buyer's language
    description: str
    unit_price: Money
    quantity: int


@dataclass(frozen=True, slots=True)
class CheckoutRequest:
    order_id: int
    order_number: str
    amount: Money  # what must be charged: the lines plus shipping
    lines: tuple[CheckoutLine, ...]
    locale: str  # our locale code ("zh-hant"); adapters map it to theirs
    email: str
    success_url: str  # may contain {CHECKOUT_SESSION_ID}
    cancel_url: str
    expires_at: datetime
    attempt: int = 1  # bumps the idempotency key when a new session is really wanted


@dataclass(frozen=True, slots=True)
class CheckoutRedirect:
    reference: str  # the provider's checkout session id
    url: str  # where to send the buyer


class CheckoutState(StrEnum):
    OPEN = "open"  # the buyer has not finished
    AWAITING_PAYMENT = "awaiting_payment"  # completed, an asynchronous method is still running
    PAID = "paid"
    FAILED = "failed"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class CheckoutResult:
    reference: str
    order_number: str
    state: CheckoutState
    amount_minor: int | None = None  # what the provider says it charged, in minor units
    currency: str = "CNY"
    intent_reference: str | None = None


@dataclass(frozen=True, slots=True)
class RefundResult:
    reference: str
    is_complete: bool  # the sandbox refunds at once; Stripe confirms later (charge.refunded)


class PaymentGateway(Protocol):
    name: str

    def start_checkout(self, request: CheckoutRequest) -> CheckoutRedirect: ...

    def fetch_checkout(self, reference: str) -> CheckoutResult: ...

    def refund(
        self,
        *,
        order_number: str,
        intent_reference: str | None,
        payment_reference: str | None,
        amount: Money,
    ) -> RefundResult: ...
