"""Products as JSON: translated fields, CNY and display prices, stock status, eligibility."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import url_for

from catalog.eligibility import Eligibility
from catalog.exchange import DisplayRate
from catalog.models import Product, Variant
from catalog.money import CHARGE_CURRENCY
from catalog.translation import translated_field
from storefront.templating import sanitize_rich_text

LOW_STOCK = 5


def money_json(amount: Decimal, rate: DisplayRate | None) -> dict[str, Any]:
    """The CNY amount (what is charged) and, when converted, the approximate display amount."""
    body: dict[str, Any] = {"cny": {"amount": str(amount), "currency": CHARGE_CURRENCY}}
    if rate is not None and rate.is_conversion:
        converted = rate.convert(amount)
        body["display"] = {
            "amount": str(converted.amount),
            "currency": converted.currency,
            "approximate": True,
            "rate_date": rate.effective_on.isoformat() if rate.effective_on else None,
            "units_per_cny": str(rate.units_per_cny),
        }
    else:
        body["display"] = {
            "amount": str(amount),
            "currency": CHARGE_CURRENCY,
            "approximate": False,
            "rate_date": None,
            "units_per_cny": "1",
        }
    return body


def stock_status(variant: Variant) -> str:
    if variant.stock <= 0:
        return "sold_out"
    return "low_stock" if variant.stock < LOW_STOCK else "in_stock"


def eligibility_json(answer: Eligibility | None, country: str | None) -> dict[str, Any] | None:
    if answer is None or country is None:
        return None
    return {
        "ship_to": country,
        "status": answer.status.value,
        "reason": answer.reason,
        "documents": list(answer.documents),
    }


def _named(obj, locale: str) -> dict[str, Any]:
    return {
        "code": obj.code,
        "name": translated_field(obj, "name", locale),
        "slug": translated_field(obj, "slug", locale),
    }


def product_json(
    product: Product,
    locale: str,
    rate: DisplayRate | None,
    answer: Eligibility | None,
    country: str | None,
    *,
    detail: bool = False,
) -> dict[str, Any]:
    slug = translated_field(product, "slug", locale)
    body: dict[str, Any] = {
        "code": product.code,
        "slug": slug,
        "locale": locale,
        "name": translated_field(product, "name", locale),
        "summary": translated_field(product, "summary", locale),
        "url": url_for("shop.product_detail", locale=locale, slug=slug, _external=True),
        "category": product.category.value,
        "product_class": product.product_class.value,
        "county": _named(product.county, locale),
        "brand": _named(product.brand, locale) if product.brand else None,
        "season_months": product.season_months,
        "starting_price": (
            money_json(product.starting_price, rate) if product.starting_price is not None else None
        ),
        "variants": [
            {
                "sku": variant.sku,
                "net_weight_g": variant.net_weight_g,
                "units_per_pack": variant.units_per_pack,
                "price": money_json(variant.price, rate),
                "stock_status": stock_status(variant),
            }
            for variant in product.variants
            if variant.is_active
        ],
        "eligibility": eligibility_json(answer, country),
    }
    if detail:
        body["description_html"] = str(
            sanitize_rich_text(translated_field(product, "description", locale))
        )
        body["seo"] = {
            "title": translated_field(product, "seo_title", locale) or body["name"],
            "description": translated_field(product, "seo_description", locale) or body["summary"],
        }
        body["certifications"] = list(product.certifications)
        body["hs_code"] = product.hs_code
        body["storage"] = product.storage.value
        body["shelf_life_days"] = product.shelf_life_days
    return body
