"""Resolve translated content with a field-by-field fallback."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from catalog.locales import fallback_chain


class TranslationRow(Protocol):
    locale: str


class Translatable(Protocol):
    @property
    def translations(self) -> Iterable[TranslationRow]: ...


def translated_field(
    obj: Translatable, field: str, locale: str, source_locale: str | None = None
) -> str:
    """Return ``field`` of ``obj`` in ``locale``, falling back field by field.

    A translation row may exist with only some fields filled in: each missing field is taken
    from the next locale of the fallback chain (near relative, then the source language, then
    English). Returns an empty string when no locale has the field.
    """
    rows = {row.locale: row for row in obj.translations}
    chain = fallback_chain(
        locale, source_locale or getattr(obj, "source_locale", None) or "zh-hans"
    )
    for code in chain:
        row = rows.get(code)
        value = getattr(row, field, None) if row is not None else None
        if value:
            return str(value)
    for row in rows.values():
        value = getattr(row, field, None)
        if value:
            return str(value)
    return ""


class Localized:
    """Attribute-style access to the translated fields of one object in one locale."""

    __slots__ = ("_obj", "_locale", "_cache")

    def __init__(self, obj: Translatable, locale: str) -> None:
        self._obj = obj
        self._locale = locale
        self._cache: dict[str, str] = {}

    def __getattr__(self, field: str) -> str:
        if field.startswith("_"):
            raise AttributeError(field)
        if field not in self._cache:
            self._cache[field] = translated_field(self._obj, field, self._locale)
        return self._cache[field]
