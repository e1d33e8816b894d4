"""The product page from two cached parts: what its URL names, and its body as HTML.

Everything a product page shows besides the layout's personal parts depends on the catalog,
the locale, the display rate, the destination and the month; so it is kept under the catalog's
stamp (storefront/fragments.py) in two parts:

* ``ProductPageFacts`` per locale, slug and host: which product the slug names, whether it is
  the locale's own slug (else the page redirects to it), the page's title and description and
  the URLs of the page in every locale (absolute: hence the host);
* the page's body, rendered once per product, locale, display rate, destination and month
  (``shop/_product_body.html``); the add-to-cart form's CSRF token is filled in per request.

So a product page the process has seen costs no query but the stamp's and renders only the
layout around the body. A slug that names no product is not remembered: it answers 404 each
time, and random slugs cannot push real pages out of the cache.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, g, render_template, request, url_for
from markupsafe import Markup

from catalog import queries
from catalog.models import Product
from catalog.translation import Localized, translated_field
from storefront.extensions import db
from storefront.fragments import cached_fragment, cached_html
from storefront.i18n import supported_locales
from storefront.preferences.visitor import current_preferences, display_rate

ENDPOINT = "shop.product_detail"


@dataclass(frozen=True, slots=True)
class ProductPageFacts:
    product_id: int
    own_slug: str  # the product's slug in the page's locale
    is_canonical: bool  # the URL used that slug (else: redirect to it)
    title: str
    description: str
    alternates: tuple[tuple[str, str], ...]  # (locale, absolute URL of the page in it)


def _facts(locale: str, slug: str) -> ProductPageFacts:
    match = queries.product_by_slug(db.session, locale, slug)
    if match is None:
        abort(404)
    product = match.obj
    g.product_page_product = product  # for product_body, if it renders in this request too
    texts = Localized(product, locale)
    alternates = tuple(
        (
            code,
            url_for(
                ENDPOINT,
                locale=code,
                slug=translated_field(product, "slug", code),
                _external=True,
            ),
        )
        for code in supported_locales()
    )
    return ProductPageFacts(
        product_id=product.id,
        own_slug=translated_field(product, "slug", locale),
        is_canonical=match.is_canonical,
        title=texts.seo_title or texts.name,
        description=texts.seo_description or texts.summary,
        alternates=alternates,
    )


def product_page_facts(locale: str, slug: str) -> ProductPageFacts:
    """What the URL names; 404 when no product sold here has that slug."""
    return cached_fragment(
        ("product page", locale, slug, request.host), lambda: _facts(locale, slug)
    )


def product_body(facts: ProductPageFacts, locale: str, month: int) -> Markup:
    """The page's body: texts, packs and prices, the destination's answer, add-to-cart."""

    def render() -> str:
        # Loaded already when the facts were looked up in this request (caches off, or both
        # expired together); else loaded by key with what the page shows.
        product = g.pop("product_page_product", None)
        if product is None or product.id != facts.product_id:
            product = db.session.get(
                Product, facts.product_id, options=queries.product_page_loading()
            )
        return render_template("shop/_product_body.html", product=product, month=month)

    key = (
        "product body",
        facts.product_id,
        locale,
        display_rate(),
        current_preferences().ship_to,
        month,
    )
    return cached_html(key, render)
