"""The partner API's part of the OpenAPI 3.1 document: producers, orders, declaration statuses,
the bearer-token security scheme and its scopes."""

from __future__ import annotations

from typing import Any

from catalog.models import ProducerKind, ProducerStatus, ProductChannel
from storefront.api.params import MAX_PER_PAGE
from storefront.api.tokens import SCOPES
from storefront.customs.declarations.models import DeclarationStatus, MessageType
from storefront.orders.states import FulfilmentStatus, OrderStatus, PaymentStatus

_REF = "#/components/schemas/"
SCHEME = "partnerToken"
_WHEN = {"type": ["string", "null"], "format": "date-time"}
_TEXT_OR_NULL = {"type": ["string", "null"]}


def _json(ref: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": list(properties),
        "properties": properties,
        "additionalProperties": False,
    }


def _page(item: str) -> dict[str, Any]:
    return _object(
        {
            "items": {"type": "array", "items": {"$ref": _REF + item}},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "total": {"type": "integer", "minimum": 0},
            "pages": {"type": "integer", "minimum": 0},
        }
    )


def partner_security_schemes() -> dict[str, Any]:
    return {
        SCHEME: {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A token the zone operator issues in the console (API tokens), shown once. "
                "Scopes: " + ", ".join(SCOPES) + ". Rate limited per token (429)."
            ),
        }
    }


def partner_schemas() -> dict[str, Any]:
    cny = {"$ref": _REF + "Amount"}
    return {
        "PartnerProducer": _object(
            {
                "code": {"type": "string"},
                "name": {"type": "string"},
                "kind": {"type": "string", "enum": [k.value for k in ProducerKind]},
                "county": {"type": "string"},
                "uscc": {"type": "string", "description": "Unified social credit code."},
                "customs_code": _TEXT_OR_NULL,
                "status": {"type": "string", "enum": [s.value for s in ProducerStatus]},
            }
        ),
        "PartnerParcel": _object(
            {
                "number": {"type": "string"},
                "producer": {"type": "string", "description": "The producer's code."},
                "goods_value": cny,
                "fulfilment_status": {
                    "type": "string",
                    "enum": [s.value for s in FulfilmentStatus],
                },
                "tracking_number": _TEXT_OR_NULL,
                "shipped_at": _WHEN,
            }
        ),
        "PartnerOrder": _object(
            {
                "number": {"type": "string"},
                "channel": {"type": "string", "enum": [c.value for c in ProductChannel]},
                "status": {"type": "string", "enum": [s.value for s in OrderStatus]},
                "payment_status": {"type": "string", "enum": [s.value for s in PaymentStatus]},
                "fulfilment_status": {
                    "type": "string",
                    "enum": [s.value for s in FulfilmentStatus],
                },
                "paid_at": _WHEN,
                "goods_total": cny,
                "shipping_price": cny,
                "tax_total": cny,
                "total": cny,
                "buyer": _object(
                    {
                        "name": {
                            "type": "string",
                            "description": "Masked: first letters only (M*** T***).",
                        }
                    }
                ),
                "destination": _object({"country": {"type": "string"}, "city": {"type": "string"}}),
                "parcels": {"type": "array", "items": {"$ref": _REF + "PartnerParcel"}},
            }
        ),
        "PartnerDeclaration": _object(
            {
                "id": {"type": "integer"},
                "message_type": {"type": "string", "enum": [m.value for m in MessageType]},
                "business_no": {"type": "string"},
                "order_no": _TEXT_OR_NULL,
                "producer": _TEXT_OR_NULL,
                "status": {"type": "string", "enum": [s.value for s in DeclarationStatus]},
                "return_status": {"type": ["integer", "null"]},
                "invt_no": _TEXT_OR_NULL,
                "sent_at": _WHEN,
                "released_at": _WHEN,
                "updated_at": _WHEN,
            }
        ),
        "PartnerProducerPage": _page("PartnerProducer"),
        "PartnerOrderPage": _page("PartnerOrder"),
        "PartnerDeclarationPage": _page("PartnerDeclaration"),
    }


def _paging() -> list[dict[str, Any]]:
    return [
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
        {
            "name": "per_page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 24},
        },
    ]


def _operation(
    operation_id: str,
    summary: str,
    scope: str,
    ok: dict[str, Any],
    parameters: list,
    *,
    not_found: str | None = None,
) -> dict[str, Any]:
    error = _REF + "Error"
    responses = {
        "200": ok,
        "401": _json(error, "No token, or a token that is unknown or revoked."),
        "403": _json(error, f"The token does not carry the scope {scope}."),
        "429": _json(error, "Too many requests with this token; try again later."),
    }
    responses["400"] = _json(error, "A parameter is not valid; the message says which.")
    if not_found:
        responses["404"] = _json(error, not_found)
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "tags": ["partners"],
            "security": [{SCHEME: [scope]}],
            "parameters": parameters,
            "responses": responses,
        }
    }


def partner_paths(locale: dict[str, Any]) -> dict[str, Any]:
    day = {"type": "string", "format": "date"}
    return {
        "/producers": _operation(
            "listPartnerProducers",
            "Approved producers (cooperatives and companies), no contact persons",
            "producers:read",
            _json(_REF + "PartnerProducerPage", "A page of producers."),
            [locale, *_paging()],
        ),
        "/orders": _operation(
            "listPartnerOrders",
            "Paid orders, newest first, with their parcels; buyers masked",
            "orders:read",
            _json(_REF + "PartnerOrderPage", "A page of paid orders."),
            [
                locale,
                *_paging(),
                {"name": "paid_from", "in": "query", "schema": day, "description": "China day"},
                {"name": "paid_to", "in": "query", "schema": day, "description": "China day"},
            ],
        ),
        "/orders/{number}": {
            "get": {
                **_operation(
                    "getPartnerOrder",
                    "One paid order by its number",
                    "orders:read",
                    _json(_REF + "PartnerOrder", "The order."),
                    [
                        {
                            "name": "number",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        locale,
                    ],
                    not_found="No paid order has this number.",
                )["get"],
            }
        },
        "/declarations": _operation(
            "listPartnerDeclarations",
            "Customs declarations and their statuses, newest first",
            "declarations:read",
            _json(_REF + "PartnerDeclarationPage", "A page of declarations."),
            [
                locale,
                *_paging(),
                {
                    "name": "status",
                    "in": "query",
                    "schema": {"type": "string", "enum": [s.value for s in DeclarationStatus]},
                },
            ],
        ),
    }
