from __future__ import annotations

import pytest
import stripe

from storefront.checkout.placement import place_order
from storefront.shipping.models import ShippingMethod
from tests.storefront.conftest import buyer
from tests.storefront.payments.fake_stripe import FakeStripeHTTP

WEBHOOK_SECRET = "whsec_test_secret"


@pytest.fixture
def fake_stripe() -> FakeStripeHTTP:
    return FakeStripeHTTP()


@pytest.fixture
def stripe_app(app, fake_stripe):
    """The app switched to the Stripe provider, its StripeClient talking to the fake."""
    saved = {
        key: app.config[key]
        for key in ("PAYMENT_PROVIDER", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET")
    }
    app.config.update(
        PAYMENT_PROVIDER="stripe",
        STRIPE_SECRET_KEY="sk_test_fake",
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
    )
    app.extensions["stripe_client"] = stripe.StripeClient(
        "sk_test_fake", http_client=fake_stripe, max_network_retries=0
    )
    yield app
    app.config.update(saved)
    app.extensions.pop("stripe_client", None)


@pytest.fixture
def placed_order(db_session, two_coops):
    tea, duck = two_coops
    order = place_order(
        db_session,
        {tea.variants[0].id: 2, duck.variants[0].id: 1},
        buyer(locale="zh-hant"),
        ShippingMethod.INTERNATIONAL_EXPRESS,
    )
    order.payment_provider, order.payment_reference, order.payment_attempts = (
        "stripe",
        "cs_test_1",
        1,
    )
    db_session.commit()
    return order
