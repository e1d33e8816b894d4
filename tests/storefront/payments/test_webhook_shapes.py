"""Signed webhook bodies of odd shapes are acknowledged and logged, never matched to an order."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from storefront.payments.models import ProcessedWebhookEvent
from tests.storefront.payments.fake_stripe import checkout_session, event
from tests.storefront.payments.test_webhook import post_event


@pytest.mark.parametrize(
    "body",
    [
        "[]",
        "null",
        "{}",
        "1",
        '"text"',
        '{"id": "evt_x"}',
        '{"id": "evt_x", "type": "checkout.session.completed"}',
        '{"id": "evt_x", "type": "checkout.session.completed", "data": {}}',
        '{"id": "evt_x", "type": "checkout.session.completed", "data": {"object": []}}',
        '{"id": "evt_x", "type": "checkout.session.completed", "data": {"object": {}}}',
        '{"id": 7, "type": "charge.refunded", "data": {"object": {"id": "ch_1"}}}',
        '{"id": "evt_x", "type": ["x"], "data": {"object": {"id": "ch_1"}}}',
        '{"id": "' + "e" * 300 + '", "type": "customer.created", "data": {"object": {}}}',
        '{"type": "charge.refunded", "data": null}',
    ],
)
def test_signed_bodies_of_odd_shapes_are_acknowledged_and_change_nothing(
    stripe_app, client, db_session, placed_order, body
):
    before = (placed_order.status, placed_order.payment_status)
    response = post_event(client, body)
    assert response.status_code == 200
    db_session.refresh(placed_order)
    assert (placed_order.status, placed_order.payment_status) == before
    assert db_session.scalar(select(func.count(ProcessedWebhookEvent.id))) == 0


def test_a_refund_without_payment_intent_is_never_matched_to_an_unrelated_order(
    stripe_app, client, db_session, placed_order
):
    assert placed_order.payment_intent_reference is None  # an unpaid order: no intent yet
    before = (placed_order.status, placed_order.payment_status)
    for number, intent in enumerate([None, "", 42, {"object": "payment_intent"}]):
        charge = {"id": "ch_1", "object": "charge", "refunded": True, "payment_intent": intent}
        response = post_event(client, event(f"evt_r{number}", "charge.refunded", charge))
        assert response.status_code == 200
    db_session.refresh(placed_order)
    assert (placed_order.status, placed_order.payment_status) == before


def test_a_usable_event_still_pays_the_order(stripe_app, client, db_session, placed_order):
    payload = event("evt_ok", "checkout.session.completed", checkout_session(placed_order))
    assert json.loads(payload)["data"]["object"]["id"]
    assert post_event(client, payload).status_code == 200
    db_session.refresh(placed_order)
    assert placed_order.payment_status.value == "paid"


def test_an_unknown_type_with_a_data_that_is_no_object_is_acknowledged(stripe_app, client):
    body = json.dumps({"id": "evt_odd", "type": "\U000339df", "data": "ch_1"})
    assert post_event(client, body).status_code == 200


@pytest.mark.parametrize(
    "fields",
    [
        {"payment_intent": ["pi_1"]},
        {"payment_intent": 7},
        {"metadata": "order_number"},
        {"metadata": ["order_number"]},
        {"amount_total": "a lot"},
        {"currency": ["cny"]},
    ],
)
def test_a_checkout_session_with_odd_fields_is_acknowledged_and_pays_nothing(
    stripe_app, client, db_session, placed_order, fields
):
    before = (placed_order.status, placed_order.payment_status)
    session = {**checkout_session(placed_order), **fields}
    response = post_event(client, event("evt_odd_fields", "checkout.session.completed", session))
    assert response.status_code == 200
    db_session.refresh(placed_order)
    assert (placed_order.status, placed_order.payment_status) == before
