"""The one place that moves the catalog's version stamp when something besides a row the stamp
reads was edited.

``catalog.queries.catalog_version`` (which keys the page and fragment caches) reads
max(updated_at) of products, packs, producers and brands. Editing those rows moves it by itself;
an edit of what hangs off them (a translation, a photo, a batch, a brand authorisation) does
not, so the code that makes such an edit calls ``catalog_changed`` with the product, producer or
brand the pages show it on. Caches are then dropped on every worker within
``CATALOG_STAMP_SECONDS``.
"""

from __future__ import annotations

from typing import Protocol

from catalog.base import utcnow


class Stamped(Protocol):
    updated_at: object


def catalog_changed(*changed: Stamped) -> None:
    """Mark these products, producers or brands as changed now (flushed with the session)."""
    now = utcnow()
    for obj in changed:
        obj.updated_at = now
