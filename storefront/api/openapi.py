"""The OpenAPI 3.1 description of API v1."""

from __future__ import annotations

from typing import Any

from flask import url_for

from catalog.eligibility import DESTINATION_COUNTRIES
from catalog.exchange import DISPLAY_CURRENCIES
from catalog.locales import SUPPORTED_LOCALES
from catalog.models import Category, EligibilityStatus, ProductClass
from storefront.api.bonded_openapi import bonded_paths, bonded_schemas
from storefront.api.partner_openapi import (
    partner_paths,
    partner_schemas,
    partner_security_schemes,
)

_REF = "#/components/schemas/"


def _parameters() -> dict[str, Any]:
    return {
        "locale": {
            "name": "locale",
            "in": "query",
            "description": "Language of the translated fields and error messages.",
            "schema": {"type": "string", "enum": list(SUPPORTED_LOCALES), "default": "en"},
        },
        "currency": {
            "name": "currency",
            "in": "query",
            "description": (
                "Display currency. Prices are charged in CNY; other currencies are approximate "
                "conversions at the newest rate published on or before today. Without a "
                "published rate the display price stays in CNY."
            ),
            "schema": {"type": "string", "enum": list(DISPLAY_CURRENCIES), "default": "CNY"},
        },
        "ship_to": {
            "name": "ship_to",
            "in": "query",
            "description": "Destination country (ISO 3166-1 alpha-2) for the eligibility answer.",
            "schema": {"type": "string", "enum": list(DESTINATION_COUNTRIES)},
        },
    }


def _schemas() -> dict[str, Any]:
    nullable_string = {"type": ["string", "null"]}
    return {
        "Amount": {
            "type": "object",
            "required": ["amount", "currency"],
            "properties": {
                "amount": {"type": "string", "description": "Decimal amount as a string."},
                "currency": {"type": "string", "minLength": 3, "maxLength": 3},
            },
        },
        "DisplayAmount": {
            "type": "object",
            "required": ["amount", "currency", "approximate", "rate_date", "units_per_cny"],
            "properties": {
                "amount": {"type": "string"},
                "currency": {"type": "string"},
                "approximate": {"type": "boolean"},
                "rate_date": {**nullable_string, "format": "date"},
                "units_per_cny": {"type": "string"},
            },
        },
        "Price": {
            "type": "object",
            "required": ["cny", "display"],
            "properties": {
                "cny": {"$ref": _REF + "Amount"},
                "display": {"$ref": _REF + "DisplayAmount"},
            },
        },
        "Named": {
            "type": "object",
            "required": ["code", "name", "slug"],
            "properties": {
                "code": {"type": "string"},
                "name": {"type": "string"},
                "slug": {"type": "string"},
            },
        },
        "Variant": {
            "type": "object",
            "required": ["sku", "net_weight_g", "units_per_pack", "price", "stock_status"],
            "properties": {
                "sku": {"type": "string"},
                "net_weight_g": {"type": "integer"},
                "units_per_pack": {"type": "integer"},
                "price": {"$ref": _REF + "Price"},
                "stock_status": {"type": "string", "enum": ["in_stock", "low_stock", "sold_out"]},
            },
        },
        "Eligibility": {
            "type": ["object", "null"],
            "description": "Can the product be sent to ship_to? Null when ship_to is not given.",
            "required": ["ship_to", "status", "reason", "documents"],
            "properties": {
                "ship_to": {"type": "string"},
                "status": {"type": "string", "enum": [s.value for s in EligibilityStatus]},
                "reason": {"type": "string"},
                "documents": {"type": "array", "items": {"type": "string"}},
            },
        },
        "Product": {
            "type": "object",
            "required": [
                "code",
                "slug",
                "locale",
                "name",
                "summary",
                "url",
                "category",
                "product_class",
                "county",
                "brand",
                "variants",
                "eligibility",
            ],
            "properties": {
                "code": {"type": "string"},
                "slug": {"type": "string"},
                "locale": {"type": "string"},
                "name": {"type": "string"},
                "summary": {"type": "string"},
                "url": {"type": "string", "format": "uri"},
                "category": {"type": "string", "enum": [c.value for c in Category]},
                "product_class": {"type": "string", "enum": [c.value for c in ProductClass]},
                "county": {"$ref": _REF + "Named"},
                "brand": {"oneOf": [{"$ref": _REF + "Named"}, {"type": "null"}]},
                "season_months": {"type": "array", "items": {"type": "integer"}},
                "starting_price": {"oneOf": [{"$ref": _REF + "Price"}, {"type": "null"}]},
                "variants": {"type": "array", "items": {"$ref": _REF + "Variant"}},
                "eligibility": {"$ref": _REF + "Eligibility"},
            },
        },
        "ProductDetail": {
            "allOf": [
                {"$ref": _REF + "Product"},
                {
                    "type": "object",
                    "properties": {
                        "description_html": {
                            "type": "string",
                            "description": "Sanitized HTML (nh3).",
                        },
                        "seo": {
                            "type": "object",
                            "properties": {
                                "title": {"type": "string"},
                                "description": {"type": "string"},
                            },
                        },
                        "certifications": {"type": "array", "items": {"type": "string"}},
                        "hs_code": nullable_string,
                        "storage": {"type": "string"},
                        "shelf_life_days": {"type": ["integer", "null"]},
                    },
                },
            ]
        },
        "ProductPage": {
            "type": "object",
            "required": ["items", "page", "per_page", "total", "pages", "currency", "rate_date"],
            "properties": {
                "items": {"type": "array", "items": {"$ref": _REF + "Product"}},
                "page": {"type": "integer"},
                "per_page": {"type": "integer"},
                "total": {"type": "integer"},
                "pages": {"type": "integer"},
                "currency": {"type": "string"},
                "rate_date": {**nullable_string, "format": "date"},
            },
        },
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["status", "message"],
                    "properties": {
                        "status": {"type": "integer"},
                        "parameter": {"type": "string"},
                        "title": {"type": "string"},
                        "message": {"type": "string"},
                    },
                }
            },
        },
    }


def _json(ref: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


def openapi_document() -> dict[str, Any]:
    common = [{"$ref": f"#/components/parameters/{name}"} for name in _parameters()]
    error = _json(_REF + "Error", "A parameter is not valid; the message says which.")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Chenzhou Specialties API",
            "version": "1.0.0",
            "description": (
                "County specialties of Chenzhou, Hunan, in six languages, and the bonded "
                "showroom's imported goods (1210). Prices are set and charged in CNY. "
                "Partners (regulators, banks, logistics firms) read producers, paid orders "
                "and customs declaration statuses with a token the zone operator issues."
            ),
        },
        "servers": [{"url": url_for("api.product_list", _external=True).rsplit("/products", 1)[0]}],
        "paths": {
            "/products": {
                "get": {
                    "operationId": "listProducts",
                    "summary": "List or search the products on sale",
                    "parameters": [
                        *common,
                        {
                            "name": "q",
                            "in": "query",
                            "schema": {"type": "string", "maxLength": 100},
                            "description": "Words to search for, in any locale.",
                        },
                        {
                            "name": "page",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "default": 1},
                        },
                        {
                            "name": "per_page",
                            "in": "query",
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": 100,
                                "default": 24,
                            },
                        },
                    ],
                    "responses": {
                        "200": _json(_REF + "ProductPage", "A page of products."),
                        "400": error,
                    },
                }
            },
            "/products/{slug}": {
                "get": {
                    "operationId": "getProduct",
                    "summary": "One product by its slug (in any locale)",
                    "parameters": [
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        *common,
                    ],
                    "responses": {
                        "200": _json(_REF + "ProductDetail", "The product."),
                        "400": error,
                        "404": _json(_REF + "Error", "No product has this slug."),
                    },
                }
            },
            **bonded_paths({"$ref": "#/components/parameters/locale"}),
            **partner_paths({"$ref": "#/components/parameters/locale"}),
        },
        "components": {
            "parameters": _parameters(),
            "schemas": {**_schemas(), **bonded_schemas(), **partner_schemas()},
            "securitySchemes": partner_security_schemes(),
        },
    }
