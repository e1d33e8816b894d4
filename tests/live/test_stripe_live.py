"""Opt-in: a real Checkout Session in Stripe's test mode (needs network and STRIPE_TEST_KEY)."""

from __future__ import annotations

import os

import pytest
import stripe

from storefront.checkout.placement import place_order
from storefront.payments.checkout_requests import checkout_request_for
from storefront.payments.port import CheckoutState
from storefront.payments.stripe_gateway import StripeGateway
from storefront.shipping.models import ShippingMethod
from tests.storefront.conftest import buyer

pytestmark = pytest.mark.live_stripe


def test_a_checkout_session_is_created_read_back_and_expired(db_session, two_coops):
    tea, duck = two_coops
    order = place_order(
        db_session,
        {tea.variants[0].id: 1, duck.variants[0].id: 1},
        buyer(locale="zh-hant"),
        ShippingMethod.POSTAL_PARCEL,
    )
    order.payment_attempts = 1
    client = stripe.StripeClient(os.environ["STRIPE_TEST_KEY"])
    gateway = StripeGateway(client)
    redirect = gateway.start_checkout(
        checkout_request_for(
            order,
            shipping_label="Postal parcel",
            success_url="https://example.com/ok?session_id={CHECKOUT_SESSION_ID}",
            cancel_url="https://example.com/cancel",
        )
    )
    assert redirect.reference.startswith("cs_test_") and redirect.url.startswith(
        "https://checkout.stripe.com/"
    )
    result = gateway.fetch_checkout(redirect.reference)
    assert result.state is CheckoutState.OPEN
    assert result.order_number == order.number and result.amount_minor == int(order.total * 100)
    client.v1.checkout.sessions.expire(redirect.reference)
    assert gateway.fetch_checkout(redirect.reference).state is CheckoutState.EXPIRED
