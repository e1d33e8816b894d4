"""How complete and how current each locale's texts of a product are.

Every translation row keeps ``source_digest``: the digest of the source-language texts it was
written from. When the source (name, summary, description in the product's ``source_locale``)
changes, its digest changes, and every translation written from the old texts reads "needs
update" until someone saves it again. The source row itself is always current.

Completeness counts the fields a product page shows (name, summary, description); the slug
and SEO fields follow from them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Protocol

from catalog.locales import SUPPORTED_LOCALES

TRANSLATED_FIELDS: Final = ("name", "summary", "description")


class TextRow(Protocol):
    locale: str
    name: str
    summary: str
    description: str


def source_digest(name: str | None, summary: str | None, description: str | None) -> str:
    """SHA-256 of the source texts (a field separator between them): 64 hex characters.

    Migration 9fd0109a651c keeps a frozen copy of this: change both together, or not at all.
    """
    text = "\x1f".join(value or "" for value in (name, summary, description))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest_of(row: TextRow | None) -> str:
    if row is None:
        return source_digest("", "", "")
    return source_digest(row.name, row.summary, row.description)


class TextState(StrEnum):
    SOURCE = "source"  # the language the producer writes in
    COMPLETE = "complete"  # every field, written from the current source
    STALE = "stale"  # every field, but the source changed since ("needs update")
    PARTIAL = "partial"  # some fields missing
    MISSING = "missing"  # no text at all


@dataclass(frozen=True, slots=True)
class LocaleTexts:
    """One locale's state for one product."""

    locale: str
    state: TextState
    filled: int  # how many of TRANSLATED_FIELDS have text
    stale: bool  # written from an older source (partial rows can be stale too)

    @property
    def needs_work(self) -> bool:
        return self.state in (TextState.STALE, TextState.PARTIAL, TextState.MISSING)


def filled_fields(row: TextRow | None) -> int:
    if row is None:
        return 0
    return sum(1 for field in TRANSLATED_FIELDS if (getattr(row, field) or "").strip())


def locale_state(
    locale: str, row: TextRow | None, source_locale: str, current_digest: str, row_digest: str
) -> LocaleTexts:
    filled = filled_fields(row)
    if locale == source_locale:
        return LocaleTexts(locale, TextState.SOURCE, filled, False)
    stale = filled > 0 and row_digest != current_digest
    if filled == 0:
        state = TextState.MISSING
    elif filled < len(TRANSLATED_FIELDS):
        state = TextState.PARTIAL
    else:
        state = TextState.STALE if stale else TextState.COMPLETE
    return LocaleTexts(locale, state, filled, stale)


@dataclass(frozen=True, slots=True)
class ProductTexts:
    """Every locale's state for one product, in the shop's locale order."""

    product_id: int
    source_locale: str
    locales: tuple[LocaleTexts, ...]

    @property
    def percent_complete(self) -> int:
        """Share of (locale, field) pairs written and current, the source included."""
        total = len(self.locales) * len(TRANSLATED_FIELDS)
        done = sum(
            entry.filled
            for entry in self.locales
            if entry.state in (TextState.SOURCE, TextState.COMPLETE, TextState.PARTIAL)
            and not entry.stale
        )
        return round(100 * done / total) if total else 100

    @property
    def needing_work(self) -> tuple[LocaleTexts, ...]:
        return tuple(entry for entry in self.locales if entry.needs_work)

    def of(self, locale: str) -> LocaleTexts:
        return next(entry for entry in self.locales if entry.locale == locale)


def product_texts(
    product_id: int,
    source_locale: str,
    rows: Mapping[str, TextRow],
    digests: Mapping[str, str],
    locales: Iterable[str] = SUPPORTED_LOCALES,
) -> ProductTexts:
    """The state of each locale from the product's rows (by locale) and their stored digests.

    The source row stores its own digest (``catalog.listings.texts``), which is what each
    translation's digest is compared with.
    """
    current = digests.get(source_locale, digest_of(rows.get(source_locale)))
    return ProductTexts(
        product_id,
        source_locale,
        tuple(
            locale_state(locale, rows.get(locale), source_locale, current, digests.get(locale, ""))
            for locale in locales
        ),
    )


class Translated(Protocol):
    source_locale: str
    translations: list


def mark_all_current(product: Translated) -> None:
    """Every text of ``product`` was written from its current source (loaded data, imports)."""
    rows = {row.locale: row for row in product.translations}
    current = digest_of(rows.get(product.source_locale))
    for row in product.translations:
        row.source_digest = current
