"""The three state machines of an order: the order itself, its payment, its fulfilment.

Each status moves only along the edges listed here; ``check_transition`` refuses anything else.
Sub-orders (one per producer, one parcel each) use the fulfilment machine.
"""

from __future__ import annotations

from enum import StrEnum

from storefront.exceptions import StorefrontError


class OrderStatus(StrEnum):
    PLACED = "placed"  # stock reserved, waiting for payment
    CONFIRMED = "confirmed"  # paid and split into sub-orders
    COMPLETED = "completed"  # every parcel delivered
    CANCELLED = "cancelled"  # by the buyer or the operator, or payment failed
    EXPIRED = "expired"  # not paid before the reservation ran out


class PaymentStatus(StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"  # the buyer finished; an asynchronous method is still running
    PAID = "paid"
    FAILED = "failed"
    EXPIRED = "expired"
    REFUND_PENDING = "refund_pending"
    REFUNDED = "refunded"


class FulfilmentStatus(StrEnum):
    UNFULFILLED = "unfulfilled"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


ORDER_TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PLACED: frozenset(
        {OrderStatus.CONFIRMED, OrderStatus.CANCELLED, OrderStatus.EXPIRED}
    ),
    OrderStatus.CONFIRMED: frozenset({OrderStatus.COMPLETED, OrderStatus.CANCELLED}),
    OrderStatus.COMPLETED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.EXPIRED: frozenset({OrderStatus.CONFIRMED}),  # late payment, stock taken back
}

PAYMENT_TRANSITIONS: dict[PaymentStatus, frozenset[PaymentStatus]] = {
    PaymentStatus.PENDING: frozenset(
        {PaymentStatus.PROCESSING, PaymentStatus.PAID, PaymentStatus.FAILED, PaymentStatus.EXPIRED}
    ),
    # PENDING again: an asynchronous payment failed while the order still holds its stock
    PaymentStatus.PROCESSING: frozenset(
        {PaymentStatus.PAID, PaymentStatus.FAILED, PaymentStatus.PENDING}
    ),
    PaymentStatus.PAID: frozenset({PaymentStatus.REFUND_PENDING, PaymentStatus.REFUNDED}),
    PaymentStatus.REFUND_PENDING: frozenset({PaymentStatus.REFUNDED}),
    PaymentStatus.FAILED: frozenset(),
    PaymentStatus.EXPIRED: frozenset({PaymentStatus.PAID}),  # late payment
    PaymentStatus.REFUNDED: frozenset(),
}

FULFILMENT_TRANSITIONS: dict[FulfilmentStatus, frozenset[FulfilmentStatus]] = {
    # DELIVERED straight away: a bonded (1210) order collected at the showroom counter.
    FulfilmentStatus.UNFULFILLED: frozenset(
        {FulfilmentStatus.SHIPPED, FulfilmentStatus.DELIVERED, FulfilmentStatus.CANCELLED}
    ),
    FulfilmentStatus.SHIPPED: frozenset({FulfilmentStatus.DELIVERED}),
    FulfilmentStatus.DELIVERED: frozenset(),
    FulfilmentStatus.CANCELLED: frozenset(),
}

_MACHINES: dict[type, dict] = {
    OrderStatus: ORDER_TRANSITIONS,
    PaymentStatus: PAYMENT_TRANSITIONS,
    FulfilmentStatus: FULFILMENT_TRANSITIONS,
}


class TransitionNotAllowed(StorefrontError):
    def __init__(self, current: StrEnum, target: StrEnum) -> None:
        super().__init__(
            f"{type(current).__name__}: {current.value} -> {target.value} is not allowed"
        )
        self.current = current
        self.target = target


def can_transition(current: StrEnum, target: StrEnum) -> bool:
    return target in _MACHINES[type(current)][current]


def check_transition(current: StrEnum, target: StrEnum) -> None:
    if not can_transition(current, target):
        raise TransitionNotAllowed(current, target)
