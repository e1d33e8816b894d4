"""Pick the payment adapter from the settings (PAYMENT_PROVIDER: sandbox or stripe)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, current_app, url_for

from storefront.exceptions import ConfigurationError
from storefront.extensions import db
from storefront.payments.port import PaymentGateway
from storefront.payments.sandbox import SandboxGateway

if TYPE_CHECKING:
    import stripe

# stripe (about 19 MB) is imported when a Stripe client is first needed, not by every worker
# of a shop running the sandbox provider.

PROVIDERS = ("sandbox", "stripe")


class PaymentConfigurationError(ConfigurationError):
    """PAYMENT_PROVIDER or the Stripe keys are missing or inconsistent."""


def stripe_client() -> stripe.StripeClient:
    """The app's StripeClient (tests put one with a fake HTTP client in app.extensions)."""
    client = current_app.extensions.get("stripe_client")
    if client is None:
        import stripe

        client = stripe.StripeClient(current_app.config["STRIPE_SECRET_KEY"], max_network_retries=2)
        current_app.extensions["stripe_client"] = client
    return client


def current_gateway() -> PaymentGateway:
    provider = current_app.config["PAYMENT_PROVIDER"]
    if provider == "stripe":
        from storefront.payments.stripe_gateway import StripeGateway

        return StripeGateway(stripe_client())
    return SandboxGateway(
        db.session, lambda reference: url_for("payments.sandbox_checkout", reference=reference)
    )


def sandbox_gateway() -> SandboxGateway:
    gateway = current_gateway()
    if not isinstance(gateway, SandboxGateway):
        raise LookupError("the sandbox provider is not enabled")
    return gateway


def init_app(app: Flask) -> None:
    provider = app.config["PAYMENT_PROVIDER"]
    if provider not in PROVIDERS:
        raise PaymentConfigurationError(f"PAYMENT_PROVIDER must be one of {PROVIDERS}")
    if provider == "stripe" and not (
        app.config.get("STRIPE_SECRET_KEY") and app.config.get("STRIPE_WEBHOOK_SECRET")
    ):
        raise PaymentConfigurationError(
            "set STOREFRONT_STRIPE_SECRET_KEY and STOREFRONT_STRIPE_WEBHOOK_SECRET"
        )
