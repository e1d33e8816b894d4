"""Who may see an order: its owner, the guest who placed or looked it up, the operator."""

from __future__ import annotations

from collections.abc import MutableMapping

from storefront.accounts.models import UserRole
from storefront.orders.models import Order

GUEST_ORDERS_KEY = "guest_orders"
MAX_REMEMBERED_ORDERS = 20


def allow_guest_order(store: MutableMapping[str, object], number: str) -> None:
    """Remember in the (signed) session that this visitor proved they own the order."""
    numbers = [n for n in store.get(GUEST_ORDERS_KEY, []) if isinstance(n, str) and n != number]  # type: ignore[union-attr]
    store[GUEST_ORDERS_KEY] = [*numbers[-(MAX_REMEMBERED_ORDERS - 1) :], number]


def may_view_order(order: Order, user, store: MutableMapping[str, object]) -> bool:
    signed_in = user is not None and user.is_authenticated
    if signed_in and (order.user_id == user.id or user.role is UserRole.OPERATOR):
        return True
    return order.number in (store.get(GUEST_ORDERS_KEY) or [])  # type: ignore[operator]
