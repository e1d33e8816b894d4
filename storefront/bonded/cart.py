"""The bonded cart: bonded goods only, kept apart from the export cart (another session key).

Bonded goods are cleared for one tourist's personal use, declared and collected together;
export goods travel abroad by parcel. The two never share a cart, so an order is always one or
the other. The cart holds ``good id -> quantity`` in the visitor's (signed) session; lines are
clamped to the stock and to ``MAX_LINE_QUANTITY`` items per good.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from sqlalchemy.orm import Session

from storefront.bonded.quotes import goods_by_id
from storefront.exceptions import StorefrontError
from storefront.pickup.goods import MAX_LINE_QUANTITY, BondedGood

SESSION_KEY: Final = "bonded_cart"
MAX_LINES: Final = 20


class GoodNotAvailable(StorefrontError):
    """Unknown, unpublished, off the positive list or sold out."""


@dataclass(frozen=True, slots=True)
class BondedCartLine:
    good: BondedGood
    quantity: int
    requested: int

    @property
    def line_total(self) -> Decimal:
        return self.good.price * self.quantity


def line_limit(good: BondedGood) -> int:
    return max(0, min(good.stock, MAX_LINE_QUANTITY)) if good.on_sale else 0


class BondedCart:
    def __init__(self, store: MutableMapping[str, object]) -> None:
        self.store = store

    def quantities(self) -> dict[int, int]:
        raw = self.store.get(SESSION_KEY)
        if not isinstance(raw, dict):
            return {}
        cart: dict[int, int] = {}
        for key, value in raw.items():
            if isinstance(key, str) and key.isdigit() and isinstance(value, int) and value > 0:
                cart[int(key)] = value
        return cart

    def _save(self, quantities: dict[int, int]) -> None:
        self.store[SESSION_KEY] = {str(k): v for k, v in quantities.items() if v > 0}

    def set(self, session: Session, good_id: int, quantity: int, *, add: bool = False) -> int:
        """Set (or add to) a line, clamped to what may be bought; returns the line's quantity."""
        good = goods_by_id(session, [good_id]).get(good_id)
        limit = line_limit(good) if good is not None else 0
        cart = self.quantities()
        if quantity > 0 and limit == 0:
            raise GoodNotAvailable(good_id)
        wanted = cart.get(good_id, 0) + quantity if add else quantity
        if good_id not in cart and len(cart) >= MAX_LINES:
            raise GoodNotAvailable(good_id)
        cart[good_id] = max(0, min(wanted, limit))
        self._save(cart)
        return cart[good_id]

    def clear(self) -> None:
        self.store.pop(SESSION_KEY, None)

    def lines(self, session: Session) -> list[BondedCartLine]:
        """The priced lines, dropping what is no longer on sale, clamped to the stock."""
        wanted = self.quantities()
        goods = goods_by_id(session, sorted(wanted))
        lines = []
        for good_id, requested in sorted(wanted.items()):
            good = goods.get(good_id)
            if good is None or line_limit(good) == 0:
                continue
            lines.append(BondedCartLine(good, min(requested, line_limit(good)), requested))
        return lines
