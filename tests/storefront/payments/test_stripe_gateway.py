"""The Stripe adapter against a fake HTTP transport: what is sent, and how answers are read."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import stripe

from catalog.base import utcnow
from catalog.money import Money
from storefront.payments.checkout_requests import checkout_request_for
from storefront.payments.port import CheckoutState, PaymentProviderError
from storefront.payments.stripe_gateway import StripeGateway, stripe_locale
from tests.storefront.payments.fake_stripe import checkout_session


@pytest.fixture
def gateway(fake_stripe) -> StripeGateway:
    return StripeGateway(
        stripe.StripeClient("sk_test_fake", http_client=fake_stripe, max_network_retries=0)
    )


def request_for(order):
    return checkout_request_for(
        order,
        shipping_label="International express",
        success_url="https://shop.test/en/checkout/return?session_id={CHECKOUT_SESSION_ID}",
        cancel_url="https://shop.test/en/orders/x",
    )


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("en", "en"),
        ("zh-hans", "zh"),
        ("zh-hant", "zh-TW"),
        ("fr", "fr"),
        ("ms", "ms"),
        ("ar", "auto"),
        ("xx", "auto"),
    ],
)
def test_stripe_locale_is_mapped_from_ours(ours, theirs):
    assert stripe_locale(ours) == theirs


def test_a_checkout_session_carries_the_order_in_minor_units_and_the_buyers_language(
    gateway, fake_stripe, placed_order
):
    fake_stripe.answer(
        "POST",
        "/v1/checkout/sessions",
        checkout_session(placed_order, status="open", payment_status="unpaid"),
    )
    redirect = gateway.start_checkout(request_for(placed_order))

    assert redirect.reference == "cs_test_1"
    assert redirect.url.startswith("https://checkout.stripe.com/")
    sent = fake_stripe.requests[-1]
    p = sent.params
    assert p["mode"] == ["payment"] and p["currency"] == ["cny"] and p["locale"] == ["zh-TW"]
    sent_lines = {
        p[f"line_items[{i}][price_data][product_data][name]"][0]: (
            int(p[f"line_items[{i}][price_data][unit_amount]"][0]),
            int(p[f"line_items[{i}][quantity]"][0]),
        )
        for i in range(3)
    }
    expected = {
        line.product_name: (int(line.unit_price * 100), line.quantity)
        for line in placed_order.lines
    }
    expected["International express"] = (int(placed_order.shipping_price * 100), 1)
    assert sent_lines == expected
    assert sorted(unit for unit, _ in sent_lines.values())[:2] == [5800, 6850]  # CN¥58.00, CN¥68.50
    assert sum(unit * qty for unit, qty in sent_lines.values()) == int(placed_order.total * 100)
    assert p["client_reference_id"] == [placed_order.number]
    assert p["metadata[order_number]"] == [placed_order.number]
    assert p["payment_intent_data[metadata][order_number]"] == [placed_order.number]
    assert int(p["expires_at"][0]) >= int((utcnow() + timedelta(minutes=30)).timestamp())
    assert sent.headers["Idempotency-Key"] == f"checkout-order-{placed_order.id}-1"


def test_the_idempotency_key_is_the_same_for_a_retry_of_the_same_attempt(
    gateway, fake_stripe, placed_order
):
    fake_stripe.answer(
        "POST",
        "/v1/checkout/sessions",
        checkout_session(placed_order, status="open", payment_status="unpaid"),
    )
    gateway.start_checkout(request_for(placed_order))
    gateway.start_checkout(request_for(placed_order))
    keys = [r.headers["Idempotency-Key"] for r in fake_stripe.requests]
    assert keys[0] == keys[1]


def test_a_stripe_error_becomes_a_provider_error(gateway, fake_stripe, placed_order):
    fake_stripe.answer(
        "POST",
        "/v1/checkout/sessions",
        {"error": {"type": "invalid_request_error", "message": "bad"}},
        status=400,
    )
    with pytest.raises(PaymentProviderError):
        gateway.start_checkout(request_for(placed_order))


def test_fetching_a_session_reads_its_state(gateway, fake_stripe, placed_order):
    fake_stripe.answer("GET", "/v1/checkout/sessions/cs_test_1", checkout_session(placed_order))
    result = gateway.fetch_checkout("cs_test_1")
    assert result.state is CheckoutState.PAID
    assert result.order_number == placed_order.number
    assert result.amount_minor == int(placed_order.total * 100)
    assert result.intent_reference == "pi_test_1"


def test_a_refund_names_the_intent_amount_and_a_deterministic_key(gateway, fake_stripe):
    fake_stripe.answer(
        "POST", "/v1/refunds", {"id": "re_1", "object": "refund", "status": "pending"}
    )
    result = gateway.refund(
        order_number="CZ261129-ABCDEF",
        intent_reference="pi_1",
        payment_reference="cs_1",
        amount=Money(Decimal("289.50"), "CNY"),
    )
    sent = fake_stripe.requests[-1]
    assert sent.params["payment_intent"] == ["pi_1"] and sent.params["amount"] == ["28950"]
    assert sent.headers["Idempotency-Key"] == "refund-CZ261129-ABCDEF"
    assert result.reference == "re_1" and result.is_complete is False
