"""The visitor's destination applied to pages: eligibility answers and what listings hide.

One query per request at most (``eligibility_by_class`` for the chosen country), cached in ``g``.
"""

from __future__ import annotations

from flask import Flask, g

from catalog.eligibility import Eligibility, eligibility_by_class
from catalog.models import EligibilityStatus, Product, ProductClass
from storefront.extensions import db
from storefront.fragments import catalog_stamp
from storefront.i18n import current_locale
from storefront.preferences.visitor import current_preferences
from storefront.reference_cache import cached


def destination() -> str | None:
    return current_preferences().ship_to


def eligibility_table() -> dict[ProductClass, Eligibility]:
    """Every product class's answer for the visitor's destination (empty without one)."""
    if "eligibility_table" not in g:
        country = destination()
        locale = current_locale()
        # Keyed by the catalog stamp too: destination rules are catalog rows (their edits move
        # it), so cached product pages and their answers change together.
        g.eligibility_table = (
            cached(
                ("eligibility", country, locale, catalog_stamp()),
                lambda: eligibility_by_class(db.session, country, locale),
            )
            if country
            else {}
        )
    return g.eligibility_table


def eligibility_of(product: Product) -> Eligibility | None:
    """The answer for ``product`` and the visitor's destination; None without a destination."""
    return eligibility_table().get(product.product_class)


def blocked_for_destination() -> frozenset[ProductClass]:
    return frozenset(
        cls
        for cls, answer in eligibility_table().items()
        if answer.status is EligibilityStatus.BLOCKED
    )


def hidden_classes() -> frozenset[ProductClass]:
    """The classes listings leave out: blocked ones, when the visitor asked to hide them."""
    if not current_preferences().hide_unshippable:
        return frozenset()
    return blocked_for_destination()


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(eligibility_of=eligibility_of)
