"""Jinja helpers: translated content, money, sanitized rich text, catalog URLs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Flask, url_for
from flask_babel import format_currency
from markupsafe import Markup

from catalog.rich_text import clean_rich_text
from catalog.translation import Localized, Translatable, translated_field
from storefront.i18n import current_locale


def sanitize_rich_text(html: str | None) -> Markup:
    """Keep only harmless formatting from stored rich text (brand stories, descriptions)."""
    return Markup(clean_rich_text(html))


def localized(obj: Translatable) -> Localized:
    return Localized(obj, current_locale())


def format_price_text(amount: Decimal | None, currency: str = "CNY") -> str:
    """Money as plain text, for places that cannot hold markup (<option>, e-mails)."""
    return "" if amount is None else format_currency(amount, currency)


def format_price(amount: Decimal | None, currency: str = "CNY") -> Markup:
    """Money formatted by Babel for the locale, isolated so it reads correctly in RTL text."""
    if amount is None:
        return Markup("")
    return Markup('<bdi class="money" dir="ltr">{}</bdi>').format(format_currency(amount, currency))


def slug_url(endpoint: str, obj: Translatable, locale: str | None = None, **kwargs: Any) -> str:
    """URL of a catalog object in ``locale`` (its translated slug)."""
    locale = locale or current_locale()
    return url_for(endpoint, locale=locale, slug=translated_field(obj, "slug", locale), **kwargs)


def init_app(app: Flask) -> None:
    from storefront.orders import labels as order_labels
    from storefront.shipping import labels as shipping_labels
    from storefront.shop import labels

    app.jinja_env.globals.update(
        order_labels=order_labels,
        shipping_labels=shipping_labels,
        tr=localized,
        product_url=lambda obj, locale=None, **kw: slug_url(
            "shop.product_detail", obj, locale, **kw
        ),
        brand_url=lambda obj, locale=None, **kw: slug_url("shop.brand_detail", obj, locale, **kw),
        county_url=lambda obj, locale=None, **kw: slug_url("shop.county_detail", obj, locale, **kw),
        labels=labels,
    )
    app.jinja_env.filters["rich"] = sanitize_rich_text
    app.jinja_env.filters["price"] = format_price
    app.jinja_env.filters["price_text"] = format_price_text
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
