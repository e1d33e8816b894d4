"""Property: any correctly signed webhook body (JSON of any shape, event-like or not) is answered
without a 5xx, and one the shop cannot use changes no order."""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from storefront.orders.models import Order
from tests.storefront.payments.fake_stripe import checkout_session
from tests.storefront.payments.test_webhook import post_event

EVENT_TYPES = [
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
    "charge.refunded",
    "customer.created",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=30),
)
anything = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
field_values = st.one_of(anything, st.sampled_from(["", "evt_1", "cs_x", "pi_test_1", "ch_1"]))


@st.composite
def event_like(draw):
    obj = draw(
        st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "object",
                    "payment_intent",
                    "refunded",
                    "payment_status",
                    "status",
                    "metadata",
                    "amount_total",
                    "currency",
                ]
            ),
            field_values,
            max_size=6,
        )
    )
    body = {
        "id": draw(st.one_of(st.just("evt_fuzz"), field_values)),
        "type": draw(st.one_of(st.sampled_from(EVENT_TYPES), field_values)),
        "data": draw(st.one_of(st.just({"object": obj}), field_values)),
    }
    for key in draw(st.sets(st.sampled_from(["id", "type", "data"]), max_size=2)):
        body.pop(key)
    return body


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(body=st.one_of(anything, event_like()))
def test_signed_bodies_of_any_shape_never_give_a_5xx(
    stripe_app, client, db_session, placed_order, body
):
    before = db_session.execute(select(Order.id, Order.status, Order.payment_status)).all()
    response = post_event(client, json.dumps(body))
    assert response.status_code < 500, body
    db_session.expire_all()
    after = db_session.execute(select(Order.id, Order.status, Order.payment_status)).all()
    if response.status_code >= 400 or not _names_the_order(body, placed_order):
        assert after == before, body


def _names_the_order(body, order) -> bool:
    """Whether the body could legitimately change the order (it names its session or intent)."""
    text = json.dumps(body)
    references = [order.payment_reference, order.payment_intent_reference, order.number]
    return any(reference and reference in text for reference in references)


def test_the_property_would_notice_a_real_payment(stripe_app, client, db_session, placed_order):
    body = {
        "id": "evt_real",
        "type": "checkout.session.completed",
        "data": {"object": json.loads(json.dumps(checkout_session(placed_order)))},
    }
    assert _names_the_order(body, placed_order)
    assert post_event(client, json.dumps(body)).status_code == 200
