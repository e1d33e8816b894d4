"""Who may see an order: its owner, the guest who placed or looked it up, the operator."""

from __future__ import annotations

from collections.abc import MutableMapping

from itsdangerous import BadData, URLSafeTimedSerializer

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


ORDER_LINK_SALT = "order-link"
ORDER_LINK_MAX_AGE_SECONDS = 60 * 60 * 24 * 90  # e-mailed links open the order for 90 days


def order_link_token(secret_key: str, number: str) -> str:
    """A signed, dated token that proves its holder received the e-mail about order ``number``."""
    return URLSafeTimedSerializer(secret_key, salt=ORDER_LINK_SALT).dumps(number)


def order_link_number(
    secret_key: str, token: str, max_age: int = ORDER_LINK_MAX_AGE_SECONDS
) -> str | None:
    """The order number a token was signed for, or None when forged, altered or expired."""
    try:
        number = URLSafeTimedSerializer(secret_key, salt=ORDER_LINK_SALT).loads(
            token, max_age=max_age
        )
    except BadData:
        return None
    return number if isinstance(number, str) else None
