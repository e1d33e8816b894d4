"""The bonded API's part of the OpenAPI 3.1 document: tax estimate, quote, goods."""

from __future__ import annotations

from typing import Any

from storefront.api.bonded_input import MAX_ANNUAL, MAX_COSTS, MAX_LINES, MAX_PRICE, MAX_QUANTITY

_REF = "#/components/schemas/"
DECIMAL = {"type": "string", "pattern": r"^\d+(\.\d{1,2})?$", "description": "CNY, two places"}
RATE = {"type": "string", "pattern": r"^(0(\.\d{1,4})?|1(\.0{1,4})?)$", "description": "0..1"}
VIOLATION_CODES = [
    "order_limit",
    "annual_limit",
    "not_on_positive_list",
    "invalid_id",
    "out_of_stock",
]


def _json(ref: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


def _money(description: str, maximum: object) -> dict[str, Any]:
    return {**DECIMAL, "description": f"{description} (CNY, 0 to {maximum}, two places)"}


def bonded_schemas() -> dict[str, Any]:
    taxes = {
        name: DECIMAL
        for name in ("dutiable_price", "tariff", "consumption_tax", "vat", "total_tax")
    }
    violation = {
        "type": "object",
        "required": ["code", "message"],
        "properties": {
            "code": {"type": "string", "enum": VIOLATION_CODES},
            "message": {"type": "string", "description": "In the asked locale."},
        },
    }
    totals = {
        "allowed": {"type": "boolean"},
        "channel": {"type": ["string", "null"], "enum": ["reduced", "full_duty", None]},
        **taxes,
        "annual_total_after": DECIMAL,
        "total_payable": DECIMAL,
        "violations": {"type": "array", "items": {"$ref": _REF + "BondedViolation"}},
    }
    return {
        "BondedViolation": violation,
        "TaxEstimateRequest": {
            "type": "object",
            "required": ["lines", "freight", "insurance", "annual_total_before"],
            "properties": {
                "lines": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": MAX_LINES,
                    "items": {
                        "type": "object",
                        "required": [
                            "unit_price",
                            "quantity",
                            "vat_rate",
                            "consumption_tax_rate",
                            "tariff_rate",
                        ],
                        "properties": {
                            "unit_price": _money("Price of one item, more than 0", MAX_PRICE),
                            "quantity": {"type": "integer", "minimum": 1, "maximum": MAX_QUANTITY},
                            "vat_rate": RATE,
                            "consumption_tax_rate": {**RATE, "description": "0 to below 1"},
                            "tariff_rate": RATE,
                            "indivisible": {"type": "boolean", "default": False},
                        },
                    },
                },
                "freight": _money("Freight", MAX_COSTS),
                "insurance": _money("Insurance", MAX_COSTS),
                "annual_total_before": _money("What the buyer's year already counts", MAX_ANNUAL),
            },
        },
        "TaxEstimate": {
            "type": "object",
            "required": [*totals, "lines"],
            "properties": {
                **totals,
                "lines": {
                    "type": "array",
                    "items": {"type": "object", "required": list(taxes), "properties": taxes},
                },
            },
        },
        "QuoteRequest": {
            "type": "object",
            "required": ["items", "buyer_id_number"],
            "properties": {
                "items": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": MAX_LINES,
                    "items": {
                        "type": "object",
                        "required": ["sku", "qty"],
                        "properties": {
                            "sku": {"type": "string", "maxLength": 20},
                            "qty": {"type": "integer", "minimum": 1, "maximum": MAX_QUANTITY},
                        },
                    },
                },
                "buyer_id_number": {
                    "type": "string",
                    "description": "Mainland China resident ID number (never returned).",
                },
            },
        },
        "Quote": {
            "type": "object",
            "required": [*totals, "goods_value", "remaining_annual_allowance", "lines"],
            "properties": {
                **totals,
                "goods_value": DECIMAL,
                "remaining_annual_allowance": DECIMAL,
                "lines": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["sku", "name", "qty", "unit_price", "line_total", *taxes],
                        "properties": {
                            "sku": {"type": "string"},
                            "name": {"type": "string"},
                            "qty": {"type": "integer"},
                            "unit_price": DECIMAL,
                            "line_total": DECIMAL,
                            **taxes,
                        },
                    },
                },
            },
        },
        "BondedProduct": {
            "type": "object",
            "required": ["sku", "name", "price", "vat_rate", "consumption_tax_rate", "stock"],
            "properties": {
                "sku": {"type": "string"},
                "name": {"type": "string"},
                "category": {"type": "string"},
                "origin_country": {"type": "string"},
                "hs_code": {"type": "string"},
                "price": {"$ref": _REF + "Amount"},
                "vat_rate": {"type": "string"},
                "consumption_tax_rate": {
                    "type": "string",
                    "description": "As it applies at the price.",
                },  # noqa: E501
                "tariff_rate": {"type": "string"},
                "indivisible": {"type": "boolean"},
                "on_positive_list": {"type": "boolean"},
                "stock": {"type": "integer"},
                "url": {"type": "string", "format": "uri"},
                "picture": {"type": "string", "format": "uri"},
            },
        },
        "BondedProductList": {
            "type": "object",
            "required": ["items"],
            "properties": {"items": {"type": "array", "items": {"$ref": _REF + "BondedProduct"}}},
        },
        "BodyError": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["status", "message"],
                    "properties": {
                        "status": {"type": "integer"},
                        "message": {"type": "string"},
                        "fields": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "field": {"type": "string"},
                                    "message": {"type": "string"},
                                },
                            },
                        },
                    },
                }
            },
        },
    }


def bonded_paths(locale_parameter: dict[str, Any]) -> dict[str, Any]:
    body_error = _json(_REF + "BodyError", "Missing or invalid fields, each named.")
    not_json = _json(_REF + "BodyError", "The body is not a JSON object.")

    def body(ref: str) -> dict[str, Any]:
        return {"required": True, "content": {"application/json": {"schema": {"$ref": ref}}}}

    return {
        "/bonded/tax-estimate": {
            "post": {
                "operationId": "estimateBondedTax",
                "summary": "Cross-border import tax and limits for bonded (1210) goods",
                "description": (
                    "The same computation as the shop's quotes: tariff 0 and VAT plus consumption "
                    "tax at 70% within the limits (5,000 CNY per order, 26,000 CNY per year); a "
                    "single indivisible item over 5,000 CNY pays tariff, VAT and consumption tax "
                    "in full. Each tax is rounded to the fen, half up."
                ),
                "parameters": [locale_parameter],
                "requestBody": body(_REF + "TaxEstimateRequest"),
                "responses": {
                    "200": _json(_REF + "TaxEstimate", "The estimate."),
                    "400": not_json,
                    "422": body_error,
                },
            }
        },
        "/bonded/quote": {
            "post": {
                "operationId": "quoteBondedGoods",
                "summary": "Price bonded goods by SKU for an orderer, with their year's allowance",
                "description": "Rate limited per address: it reads the orderer's annual quota.",
                "parameters": [locale_parameter],
                "requestBody": body(_REF + "QuoteRequest"),
                "responses": {
                    "200": _json(_REF + "Quote", "The quote."),
                    "400": not_json,
                    "422": body_error,
                    "429": _json(_REF + "Error", "Too many quotes from this address."),
                },
            }
        },
        "/bonded/products": {
            "get": {
                "operationId": "listBondedProducts",
                "summary": "The bonded goods on sale: SKU, price, rates, stock",
                "parameters": [locale_parameter],
                "responses": {"200": _json(_REF + "BondedProductList", "The goods.")},
            }
        },
    }
