"""Person-independent parts of pages, cached per process and dropped when the catalog changes.

What a catalog page shows besides the visitor's own things (cart, sign-in, notices, CSRF token)
depends only on the catalog, the locale, the display currency and the destination. Those parts
are kept here under the catalog's version stamp (``catalog.queries.catalog_version``: one key
look-up, read at most once per ``CATALOG_STAMP_SECONDS`` per process), so any change to what
pages show makes every cached part stale at once, on every worker, within that many seconds.
Entries also expire after ``FRAGMENT_CACHE_SECONDS`` (0 turns fragment caching off, as tests do).

What moves the stamp (catalog/revision.py): every flushed change to products, their texts,
packs and batches, producers, brands, counties, destination rules and their texts, a
translation-only edit or a deletion included; and the stock moves of the order flow that change
what pages show of a pack (fewer than 20 left, none, or back).

Values are plain, immutable data (card dataclasses, counts, tuples), never ORM objects, or
rendered HTML (``cached_html``): a product card per locale, display rate and destination, the
body of a product page. HTML is kept in its own cache, bounded by its total size
(``HTML_CACHE_CHARACTERS``), oldest first; a CSRF token rendered into it is stored as a
placeholder and each use gets the visitor's own.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, TypeVar

from flask import Flask, current_app, g, has_request_context
from flask.globals import request_ctx
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from catalog import queries
from catalog.cards import ProductCard
from storefront.extensions import db
from storefront.i18n import current_locale
from storefront.preferences.visitor import current_preferences, display_rate
from storefront.reference_cache import ReferenceCache

T = TypeVar("T")

CSRF_PLACEHOLDER = "__page-cache-csrf-token__"
# Rendered HTML, at most this many characters per process (cards about 1,000, a product
# page's body about 6,000).
HTML_CACHE_CHARACTERS = 3_000_000

fragment_cache = ReferenceCache(2048)
html_cache = ReferenceCache(8192, weigh=len, max_weight=HTML_CACHE_CHARACTERS)
_stamp_cache = ReferenceCache()


def catalog_stamp() -> tuple:
    """The catalog's version stamp (one look-up per process per ``CATALOG_STAMP_SECONDS``).

    One request sees one stamp, whatever the setting: its parts are cached under the same one.
    """
    context = request_ctx._get_current_object() if has_request_context() else None
    stamp = getattr(context, "catalog_stamp", None)
    if stamp is None:
        ttl = current_app.config["CATALOG_STAMP_SECONDS"]
        stamp = _stamp_cache.get_or_load(
            "catalog", ttl, lambda: queries.catalog_version(db.session)
        )
        if context is not None:
            context.catalog_stamp = stamp
    return stamp


def request_csrf_token() -> str | None:
    """The CSRF token generated for this request so far (Flask-WTF keeps it in ``g`` under
    the form field's name), or None: what shared HTML must never keep."""
    return g.get(current_app.config.get("WTF_CSRF_FIELD_NAME") or "csrf_token")


def cached_fragment(key: Hashable, load: Callable[[], T]) -> T:
    """``load()`` once per catalog version (and per ``FRAGMENT_CACHE_SECONDS``) for ``key``."""
    ttl = current_app.config["FRAGMENT_CACHE_SECONDS"]
    if ttl <= 0:
        return load()
    return fragment_cache.get_or_load((catalog_stamp(), key), ttl, load)


def cached_fragments(
    kind: str, keys: Sequence[Hashable], load: Callable[[list], Mapping[Hashable, T]]
) -> dict[Hashable, T]:
    """Values of ``keys`` (``kind`` names their family), each kept per catalog version; the
    missing ones loaded together by ``load(missing keys)`` (keys it does not return are
    absent from the answer and not remembered)."""
    ttl = current_app.config["FRAGMENT_CACHE_SECONDS"]
    if ttl <= 0:
        return dict(load(list(keys)))
    stamp = catalog_stamp()
    found: dict[Hashable, T] = {}
    missing = []
    for key in keys:
        value = fragment_cache.get((stamp, kind, key))
        if value is None:
            missing.append(key)
        else:
            found[key] = value
    if missing:
        loaded = load(missing)
        for key, value in loaded.items():
            fragment_cache.put((stamp, kind, key), ttl, value)
            found[key] = value
    return found


def cached_html(key: Hashable, render: Callable[[], str]) -> Markup:
    """HTML that ``render()`` returns, once per catalog version for ``key``.

    ``key`` must name everything the HTML depends on besides the catalog (locale, display
    rate, destination, month...). A CSRF token in it is kept as a placeholder; each use puts
    in the token of the request being answered.
    """
    ttl = current_app.config["FRAGMENT_CACHE_SECONDS"]
    if ttl <= 0:
        return Markup(render())

    def load() -> str:
        html = render()
        token = request_csrf_token()
        return html.replace(token, CSRF_PLACEHOLDER) if token else html

    html = html_cache.get_or_load((catalog_stamp(), key), ttl, load)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, generate_csrf())
    return Markup(html)


def cached_card(card: ProductCard, render: Callable[[Any], str]) -> Markup:
    """A product card's HTML (``render`` is the template's card macro), kept per card, locale,
    display rate and destination: what a card shows besides the catalog."""
    key = ("card", card.id, current_locale(), display_rate(), current_preferences().ship_to)
    return cached_html(key, lambda: str(render(card)))


_locale_parts = ReferenceCache(64)


def locale_part(template: str) -> Markup:
    """A template that depends on nothing but the locale (the footer, the header's catalog
    links), rendered once per locale and process: a layout's fixed text and links."""
    locale = current_locale()
    ttl = current_app.config["FRAGMENT_CACHE_SECONDS"]

    def render() -> str:
        return current_app.jinja_env.get_template(template).render(locale=locale)

    key = (template, locale, str(get_locale()))  # the language gettext speaks right now
    return Markup(_locale_parts.get_or_load(key, ttl, render))


def clear_fragment_caches() -> None:
    """Forget every fragment and the stamp (tests; a process that edited the catalog offline)."""
    fragment_cache.clear()
    html_cache.clear()
    _locale_parts.clear()
    _stamp_cache.clear()


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(cached_card=cached_card, locale_part=locale_part)
