"""Seam for the display currency (issue 3): an approximate amount in the visitor's currency.

The cart and checkout templates call ``display_amount(money)`` beside every CNY amount. Until the
exchange-rate table is wired in it returns None and only the CNY amount (what is charged) shows.
"""

from __future__ import annotations

from catalog.money import Money


def display_amount(money: Money) -> str | None:
    """Return e.g. "≈ US$12.40" for the visitor's display currency, or None (no conversion)."""
    return None
