"""A fake HTTP transport for StripeClient: records requests, answers canned JSON. No socket."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import stripe


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    params: dict[str, list[str]]


class FakeStripeHTTP(stripe.HTTPClient):
    name = "fake"

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[RecordedRequest] = []
        self.responses: dict[tuple[str, str], tuple[dict[str, Any], int]] = {}

    def answer(self, method: str, path: str, body: dict[str, Any], status: int = 200) -> None:
        self.responses[(method.upper(), path)] = (body, status)

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        split = urlsplit(url)
        params = parse_qs(post_data or split.query or "")
        self.requests.append(
            RecordedRequest(method.upper(), split.path, dict(headers or {}), params)
        )
        body, status = self.responses.get(
            (method.upper(), split.path),
            ({"error": {"type": "invalid_request_error", "message": "no canned answer"}}, 404),
        )
        return json.dumps(body), status, {"request-id": "req_fake"}

    def close(self) -> None:
        pass


def checkout_session(
    order,
    *,
    session_id="cs_test_1",
    status="complete",
    payment_status="paid",
    amount_total=None,
    intent="pi_test_1",
) -> dict[str, Any]:
    from catalog.money import to_minor_units

    return {
        "id": session_id,
        "object": "checkout.session",
        "status": status,
        "payment_status": payment_status,
        "amount_total": amount_total
        if amount_total is not None
        else to_minor_units(order.total, "CNY"),
        "currency": "cny",
        "client_reference_id": order.number,
        "metadata": {"order_id": str(order.id), "order_number": order.number},
        "payment_intent": intent,
        "url": f"https://checkout.stripe.com/c/pay/{session_id}",
    }


def event(event_id: str, event_type: str, obj: dict[str, Any]) -> str:
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "api_version": "2026-10-28.endive",
            "created": 1_795_000_000,
            "livemode": False,
            "data": {"object": obj},
        }
    )
