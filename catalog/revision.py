"""The catalog's revision: every change to what shop pages show moves it, in one place.

Pages and their parts are cached under a stamp (``catalog.queries.catalog_version``): the
revision number of the single ``catalog_revision`` row. Whatever writes catalog rows must move
the stamp in the same transaction, or caches keep showing the old text, price or picture until
they expire.

**Where the bump happens: one ORM hook on the catalog's tables.** After every flush, the hook
looks at the flushed objects; when any belongs to ``CATALOG_MODELS`` (products, their texts,
photos, packs and batches; producers, brands, counties and their texts; destination rules and
their texts) and was added, deleted or really changed, it increments the revision once, in the same
transaction. Why a hook rather than a call in each service: the catalog is written by several
hands that do not know about page caches (the demo loader and generator, the cooperative portal
of issue 12 with products, packs, translations, photos and stock, the console's rules, scripts,
tests), and a single forgotten call would serve old texts silently; a translation-only edit, a
removed pack or a new batch is caught here without anyone remembering. The hook is limited to
those mapped classes and does nothing else: it writes no row for other flushes, and the order
flow, which moves stock with conditional ``UPDATE`` statements (``storefront/inventory``) rather
than flushed objects, never reaches it. Those statements move the revision themselves, through
``stock_shown_changed``, only when what a page shows of the pack's stock changes: pages and
carts show a pack's stock up to ``MAX_LINE_QUANTITY`` (20, the most one cart line holds: "in
stock", "sold out", a line's limit), so a sale from deep stock changes nothing shown and locks
nothing, while the sale that leaves fewer than 20 (or none) moves the revision in its own
transaction. (Issue 16 had the packs' latest ``updated_at`` in the stamp: every sale then
dropped every cached page and fragment of every machine, and under a load with a few sales a
second the caches were gone; benchmarks/README.md, "Production shape".)

A bulk ``update()``/``delete()`` statement on a catalog table (no flushed objects) must call
``record_catalog_change`` itself, as must raw SQL; ``index_products`` needs no call (search
documents are not shown on pages). Exchange rates are not catalog rows (the daily load moves
nothing); a rate the operator adds or corrects in the console moves the stamp itself
(``catalog.exchange.save_exchange_rate``), so pages convert with it at once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert, update
from sqlalchemy.orm import Session

from catalog.base import utcnow
from catalog.models import (
    Batch,
    Brand,
    BrandTranslation,
    County,
    CountyTranslation,
    DestinationRule,
    DestinationRuleTranslation,
    Producer,
    ProducerTranslation,
    Product,
    ProductPhoto,
    ProductTranslation,
    Variant,
)
from catalog.models.revision import CATALOG_REVISION_ROW, CatalogRevision

MAX_LINE_QUANTITY = 20  # the most one cart line holds; pages show a pack's stock up to it

# What shop pages show: a flushed change to any of these moves the catalog's revision.
CATALOG_MODELS: tuple[type, ...] = (
    Product,
    ProductTranslation,
    ProductPhoto,
    Variant,
    Batch,
    Producer,
    ProducerTranslation,
    Brand,
    BrandTranslation,
    County,
    CountyTranslation,
    DestinationRule,
    DestinationRuleTranslation,
)

_REVISION = CatalogRevision.__table__


def record_catalog_change(session: Session) -> None:
    """Move the catalog's revision by one, in the session's transaction (flushes nothing).

    The increment is done by the database (``revision = revision + 1``), so concurrent
    editors each move it: the second waits for the first's row lock and adds to its number.
    """
    connection = session.connection()
    moved = connection.execute(
        update(_REVISION)
        .where(_REVISION.c.id == CATALOG_REVISION_ROW)
        .values(revision=_REVISION.c.revision + 1, changed_at=utcnow())
    )
    if moved.rowcount == 0:  # a database created without the migration's first row
        connection.execute(
            insert(_REVISION).values(id=CATALOG_REVISION_ROW, revision=1, changed_at=utcnow())
        )


def changes_catalog(session: Session) -> bool:
    """Whether the flush in progress adds, deletes or changes a row of ``CATALOG_MODELS``."""
    if any(isinstance(obj, CATALOG_MODELS) for obj in session.new):
        return True
    if any(isinstance(obj, CATALOG_MODELS) for obj in session.deleted):
        return True
    return any(
        isinstance(obj, CATALOG_MODELS) and session.is_modified(obj) for obj in session.dirty
    )


@event.listens_for(Session, "after_flush")
def _catalog_flushed(session: Session, _flush_context: Any) -> None:
    # In after_flush the new/dirty/deleted collections still describe what was just flushed.
    if changes_catalog(session):
        record_catalog_change(session)


def stock_shown_changed(before: int, after: int) -> bool:
    """Whether pages show this pack differently with ``after`` units than with ``before``."""
    return min(before, MAX_LINE_QUANTITY) != min(after, MAX_LINE_QUANTITY)
