"""The payment provider comes from the settings; the sandbox never runs in production."""

from __future__ import annotations

import pytest

from storefront import create_app
from storefront.exceptions import ConfigurationError
from storefront.payments.gateways import PaymentConfigurationError

MEMORY_DB = "sqlite://"


def test_production_refuses_the_sandbox_provider():
    with pytest.raises(ConfigurationError, match="sandbox"):
        create_app(
            {
                "ENV": "production",
                "SECRET_KEY": "Zq8-rT3vLw9xYp2mKd7sNf4hJc6bGa1e",
                "PAYMENT_PROVIDER": "sandbox",
                "SQLALCHEMY_DATABASE_URI": MEMORY_DB,
            }
        )


def test_stripe_needs_its_keys():
    with pytest.raises(PaymentConfigurationError):
        create_app({"PAYMENT_PROVIDER": "stripe", "SQLALCHEMY_DATABASE_URI": MEMORY_DB})


def test_an_unknown_provider_is_refused():
    with pytest.raises(PaymentConfigurationError):
        create_app({"PAYMENT_PROVIDER": "paypal", "SQLALCHEMY_DATABASE_URI": MEMORY_DB})


def test_the_sandbox_page_is_not_served_when_stripe_is_the_provider(stripe_app, client):
    assert client.get("/en/payments/sandbox/sbx_anything").status_code == 404
