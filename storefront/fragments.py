"""Person-independent parts of pages, cached per process and dropped when the catalog changes.

What a catalog page shows besides the visitor's own things (cart, sign-in, notices, CSRF token)
depends only on the catalog, the locale, the display currency and the destination. Those parts
are kept here under the catalog's version stamp (``catalog.queries.catalog_version``: two key
look-ups, read at most once per ``CATALOG_STAMP_SECONDS`` per process), so any change to what
pages show makes every cached part stale at once, on every worker, within that many seconds.
Entries also expire after ``FRAGMENT_CACHE_SECONDS`` (0 turns fragment caching off, as tests do).

What moves the stamp (catalog/revision.py): every flushed change to products, their texts,
packs and batches, producers, brands, counties, destination rules and their texts, a
translation-only edit or a deletion included; and the stock moves of the order flow (they set
the packs' ``updated_at``).

Values are plain, immutable data (card dataclasses, counts, tuples), never ORM objects.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app

from catalog import queries
from storefront.extensions import db
from storefront.reference_cache import ReferenceCache

T = TypeVar("T")

fragment_cache = ReferenceCache()
_stamp_cache = ReferenceCache()


def catalog_stamp() -> tuple:
    """The catalog's version stamp (one look-up per process per ``CATALOG_STAMP_SECONDS``)."""
    ttl = current_app.config["CATALOG_STAMP_SECONDS"]
    return _stamp_cache.get_or_load("catalog", ttl, lambda: queries.catalog_version(db.session))


def cached_fragment(key: Hashable, load: Callable[[], T]) -> T:
    """``load()`` once per catalog version (and per ``FRAGMENT_CACHE_SECONDS``) for ``key``."""
    ttl = current_app.config["FRAGMENT_CACHE_SECONDS"]
    if ttl <= 0:
        return load()
    return fragment_cache.get_or_load((catalog_stamp(), key), ttl, load)


def clear_fragment_caches() -> None:
    """Forget every fragment and the stamp (tests; a process that edited the catalog offline)."""
    fragment_cache.clear()
    _stamp_cache.clear()
