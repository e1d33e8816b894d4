"""Errors raised by the catalog domain."""

from __future__ import annotations


class CatalogError(Exception):
    """Root of the catalog's errors."""


class InvalidCatalogData(CatalogError, ValueError):
    """A value does not fit the catalog's rules."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
