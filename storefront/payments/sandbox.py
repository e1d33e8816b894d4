"""Sandbox payment provider, for development and the demo only: no money moves.

It keeps its checkout sessions in ``sandbox_checkouts`` (the state a real provider would keep on
its side) and shows a clearly labelled page with Pay and Decline buttons. Paying or declining
then goes through the same ``fetch_checkout`` -> ``apply_checkout_result`` path as Stripe's
success page. The app refuses to start with it when STOREFRONT_ENV=production.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.base import utcnow
from catalog.money import Money, to_minor_units
from storefront.payments.models import SandboxCheckout, SandboxCheckoutStatus
from storefront.payments.port import (
    CheckoutRedirect,
    CheckoutRequest,
    CheckoutResult,
    CheckoutState,
    PaymentProviderError,
    RefundResult,
)

_STATES = {
    SandboxCheckoutStatus.OPEN: CheckoutState.OPEN,
    SandboxCheckoutStatus.PAID: CheckoutState.PAID,
    SandboxCheckoutStatus.DECLINED: CheckoutState.FAILED,
    SandboxCheckoutStatus.EXPIRED: CheckoutState.EXPIRED,
}


class SandboxGateway:
    name = "sandbox"

    def __init__(self, session: Session, page_url: Callable[[str], str]) -> None:
        self._session = session
        self._page_url = page_url

    def find(self, reference: str) -> SandboxCheckout | None:
        stmt = select(SandboxCheckout).where(SandboxCheckout.reference == reference)
        return self._session.scalars(stmt).one_or_none()

    def start_checkout(self, request: CheckoutRequest) -> CheckoutRedirect:
        open_checkout = self._session.scalars(
            select(SandboxCheckout).where(
                SandboxCheckout.order_number == request.order_number,
                SandboxCheckout.status == SandboxCheckoutStatus.OPEN,
            )
        ).first()
        if open_checkout is None:  # like an idempotency key: one open session per order
            open_checkout = SandboxCheckout(
                reference=f"sbx_{secrets.token_urlsafe(18)}",
                order_number=request.order_number,
                amount=request.amount.amount,
                currency=request.amount.currency,
            )
            self._session.add(open_checkout)
            self._session.flush()
        return CheckoutRedirect(open_checkout.reference, self._page_url(open_checkout.reference))

    def complete(self, reference: str, *, pay: bool) -> None:
        """The buyer pressed Pay or Decline on the sandbox page."""
        checkout = self.find(reference)
        if checkout is None:
            raise PaymentProviderError("unknown sandbox checkout")
        if checkout.status is SandboxCheckoutStatus.OPEN:
            checkout.status = SandboxCheckoutStatus.PAID if pay else SandboxCheckoutStatus.DECLINED
            self._session.flush()

    def fetch_checkout(self, reference: str) -> CheckoutResult:
        checkout = self.find(reference)
        if checkout is None:
            raise PaymentProviderError("unknown sandbox checkout")
        return CheckoutResult(
            reference=checkout.reference,
            order_number=checkout.order_number,
            state=_STATES[checkout.status],
            amount_minor=to_minor_units(checkout.amount, checkout.currency),
            currency=checkout.currency,
            intent_reference=f"sbx_pi_{checkout.reference.removeprefix('sbx_')}",
        )

    def refund(
        self,
        *,
        order_number: str,
        intent_reference: str | None,
        payment_reference: str | None,
        amount: Money,
    ) -> RefundResult:
        return RefundResult(
            reference=f"sbx_re_{order_number}_{int(utcnow().timestamp())}", is_complete=True
        )
