"""Order operations: status transitions with audit rows, payment, split, cancel, expiry.

Every function flushes and never commits: the view or CLI command commits once. Functions that
act on an order that other requests may touch at the same time (a webhook and the success page,
the expiry sweep and a late payment) lock the order row first with ``lock_order``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from catalog.base import as_utc, utcnow
from storefront.exceptions import StorefrontError
from storefront.inventory.models import ReservationStatus, StockReservation
from storefront.inventory.reservations import commit_stock, release_stock, rereserve_stock
from storefront.orders.actors import SYSTEM, Actor
from storefront.orders.models import Order, OrderEvent, OrderLine, SubOrder
from storefront.orders.ports import OrderDeclarations
from storefront.orders.states import (
    FulfilmentStatus,
    OrderStatus,
    PaymentStatus,
    check_transition,
)

CENT = Decimal("0.01")


class OrderNotCancellable(StorefrontError):
    """The order has been shipped (or is already closed): it can no longer be cancelled."""


def lock_order(session: Session, order_id: int) -> Order:
    """Load an order with its row locked until the transaction ends (PostgreSQL FOR UPDATE)."""
    stmt = (
        select(Order)
        .where(Order.id == order_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.scalars(stmt).one()


def find_order_by_number(
    session: Session, number: str, *, lock: bool = False, for_display: bool = False
) -> Order | None:
    """``for_display`` loads lines, sub-orders and producers up front (a constant query count)."""
    stmt = select(Order).where(Order.number == number.strip().upper())
    if for_display:
        stmt = stmt.options(
            selectinload(Order.lines),
            selectinload(Order.sub_orders).selectinload(SubOrder.lines),
            selectinload(Order.sub_orders).selectinload(SubOrder.producer),
        )
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    return session.scalars(stmt).one_or_none()


def _record(
    order: Order,
    machine: str,
    before: StrEnum | None,
    after: StrEnum,
    actor: Actor,
    note: str = "",
    sub_order: SubOrder | None = None,
) -> None:
    order.events.append(
        OrderEvent(
            sub_order_id=sub_order.id if sub_order is not None else None,
            actor=actor.label,
            actor_user_id=actor.user_id,
            machine=machine,
            from_status=before.value if before is not None else None,
            to_status=after.value,
            note=note[:500],
        )
    )


def set_order_status(order: Order, target: OrderStatus, actor: Actor, note: str = "") -> None:
    check_transition(order.status, target)
    _record(order, "order", order.status, target, actor, note)
    order.status = target


def set_payment_status(order: Order, target: PaymentStatus, actor: Actor, note: str = "") -> None:
    check_transition(order.payment_status, target)
    _record(order, "payment", order.payment_status, target, actor, note)
    order.payment_status = target


def set_fulfilment_status(
    order: Order, target: FulfilmentStatus, actor: Actor, note: str = ""
) -> None:
    check_transition(order.fulfilment_status, target)
    _record(order, "fulfilment", order.fulfilment_status, target, actor, note)
    order.fulfilment_status = target


def set_sub_order_status(
    sub_order: SubOrder, target: FulfilmentStatus, actor: Actor, note: str = ""
) -> None:
    check_transition(sub_order.fulfilment_status, target)
    _record(
        sub_order.order, "fulfilment", sub_order.fulfilment_status, target, actor, note, sub_order
    )
    sub_order.fulfilment_status = target


def record_placed(order: Order, actor: Actor) -> None:
    _record(order, "order", None, order.status, actor, "stock reserved")


def split_freight(freight: Decimal, goods_values: list[Decimal]) -> list[Decimal]:
    """Share ``freight`` in proportion to goods values, in cents; the shares add up exactly."""
    total = sum(goods_values, Decimal(0))
    shares = [
        (freight * value / total).quantize(CENT, rounding=ROUND_DOWN) if total else Decimal(0)
        for value in goods_values
    ]
    if shares:
        shares[-1] += freight - sum(shares, Decimal(0))
    return shares


def split_into_sub_orders(session: Session, order: Order) -> list[SubOrder]:
    """One sub-order per producer (one parcel, one customs declaration), lines attached."""
    if order.sub_orders:
        return list(order.sub_orders)
    by_producer: dict[int, list[OrderLine]] = defaultdict(list)
    for line in order.lines:
        by_producer[line.producer_id].append(line)
    producer_ids = sorted(by_producer)
    goods_values = [
        sum((line.line_total for line in by_producer[pid]), Decimal(0)) for pid in producer_ids
    ]
    freight_shares = split_freight(order.shipping_price, goods_values)
    for position, (producer_id, goods_value, freight) in enumerate(
        zip(producer_ids, goods_values, freight_shares, strict=True), start=1
    ):
        sub_order = SubOrder(
            producer_id=producer_id,
            position=position,
            number=f"{order.number}-{position}",
            parcel_reference=f"P{order.number.replace('-', '')}{position:02d}",
            goods_value=goods_value,
            freight_share=freight,
            currency=order.currency,
        )
        order.sub_orders.append(sub_order)
        for line in by_producer[producer_id]:
            line.sub_order = sub_order
    session.flush()
    return list(order.sub_orders)


class PaymentOutcome(StrEnum):
    PAID = "paid"  # the order was confirmed by this call
    ALREADY_PAID = "already_paid"  # a replay, or the other path (webhook / success page) won
    REFUND_NEEDED = "refund_needed"  # money arrived for an order that is closed and out of stock


def mark_order_paid(
    session: Session,
    order: Order,
    *,
    actor: Actor,
    declarations: OrderDeclarations,
    payment_reference: str | None = None,
    intent_reference: str | None = None,
    now: datetime | None = None,
) -> PaymentOutcome:
    """The payment succeeded: confirm the order and split it into sub-orders per producer.

    Idempotent: call it from the webhook and from the success page; the order row lock makes the
    second caller see the first one's work. This is the one place where an order becomes paid,
    so the parcels are declared to customs (``declarations``, handed in by the caller) in this
    same transaction.
    """
    order = lock_order(session, order.id)
    if order.payment_status in (
        PaymentStatus.PAID,
        PaymentStatus.REFUND_PENDING,
        PaymentStatus.REFUNDED,
    ):
        return PaymentOutcome.ALREADY_PAID
    now = now or utcnow()
    if intent_reference:
        order.payment_intent_reference = intent_reference
    if payment_reference:
        order.payment_reference = payment_reference  # the session that paid, if there were several
    if order.status is OrderStatus.CANCELLED or (
        order.status is OrderStatus.EXPIRED and not rereserve_stock(session, order.id)
    ):
        # Paid after the order was closed (a provider session outlives our reservation) and
        # the stock is gone: the money must go back. Statuses stay; the audit row says why.
        status = order.payment_status
        _record(order, "payment", status, status, actor, "late payment received: refund needed")
        return PaymentOutcome.REFUND_NEEDED
    set_payment_status(order, PaymentStatus.PAID, actor)
    set_order_status(order, OrderStatus.CONFIRMED, actor)
    order.paid_at = now
    commit_stock(session, order.id)
    split_into_sub_orders(session, order)
    declarations.declare_paid_order(session, order)
    session.flush()
    return PaymentOutcome.PAID


def mark_payment_processing(session: Session, order: Order, *, actor: Actor) -> bool:
    """The buyer finished paying with an asynchronous method: keep the stock, wait for the result.

    The order no longer expires with its reservation and offers no "Pay now" while it waits.
    """
    order = lock_order(session, order.id)
    if order.payment_status is not PaymentStatus.PENDING or order.status is not OrderStatus.PLACED:
        return False
    if payment_was_declined(order):  # a late "completed" of the attempt that was declined
        return False
    set_payment_status(order, PaymentStatus.PROCESSING, actor)
    return True


PAYMENT_DECLINED = "payment declined"


def fail_payment(
    session: Session, order: Order, *, actor: Actor, note: str = "", now: datetime | None = None
) -> bool:
    """The payment failed. False if nothing changed.

    While the order still holds its stock, it stays payable: the payment goes back to pending
    (the audit row says it was declined) and the buyer may try again. Once the reservation has
    run out, the order is cancelled and the stock goes back.
    """
    order = lock_order(session, order.id)
    if order.payment_status not in (PaymentStatus.PENDING, PaymentStatus.PROCESSING):
        return False
    held = as_utc(order.reservation_expires_at) > (now or utcnow())
    if order.status is OrderStatus.PLACED and held:
        before = order.payment_status
        if before is PaymentStatus.PROCESSING:
            set_payment_status(order, PaymentStatus.PENDING, actor, note or PAYMENT_DECLINED)
        else:
            _record(order, "payment", before, before, actor, note or PAYMENT_DECLINED)
        return True
    set_payment_status(order, PaymentStatus.FAILED, actor, note)
    if order.status is OrderStatus.PLACED:
        set_order_status(order, OrderStatus.CANCELLED, actor, "payment failed")
        order.cancelled_at = utcnow()
    release_stock(session, [order.id])
    return True


def payment_was_declined(order: Order) -> bool:
    """The buyer's last payment attempt was declined and the order may still be paid."""
    if order.status is not OrderStatus.PLACED or order.payment_status is not PaymentStatus.PENDING:
        return False
    payment_events = [event for event in order.events if event.machine == "payment"]
    return bool(payment_events) and payment_events[-1].note == PAYMENT_DECLINED


def expire_order(
    session: Session, order: Order, *, actor: Actor = SYSTEM, now: datetime | None = None
) -> bool:
    """Not paid in time: release the reservation. False if the order was paid or closed."""
    order = lock_order(session, order.id)
    if order.status is not OrderStatus.PLACED or order.payment_status is not PaymentStatus.PENDING:
        return False
    set_order_status(order, OrderStatus.EXPIRED, actor)
    set_payment_status(order, PaymentStatus.EXPIRED, actor)
    release_stock(session, [order.id], now)
    return True


def expire_overdue_orders(
    session: Session, now: datetime | None = None, *, variant_ids: list[int] | None = None
) -> int:
    """Expire the unpaid orders whose reservation ran out: all, or those holding ``variant_ids``.

    The orders are locked first (ascending id), then their stock goes back pack by pack in
    ascending variant id, the order in which placement takes its variant locks, so sweeps and
    placements never wait on each other in a circle. Run it in a transaction of its own.
    """
    now = now or utcnow()
    stmt = (
        select(Order)
        .where(
            Order.status == OrderStatus.PLACED,
            Order.payment_status == PaymentStatus.PENDING,
            Order.reservation_expires_at < now,
        )
        .order_by(Order.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if variant_ids is not None:
        if not variant_ids:
            return 0
        holding = select(StockReservation.order_id).where(
            StockReservation.variant_id.in_(variant_ids),
            StockReservation.status == ReservationStatus.HELD,
        )
        stmt = stmt.where(Order.id.in_(holding))
    orders = list(session.scalars(stmt))
    for order in orders:
        set_order_status(order, OrderStatus.EXPIRED, SYSTEM)
        set_payment_status(order, PaymentStatus.EXPIRED, SYSTEM)
    release_stock(session, [order.id for order in orders], now)
    return len(orders)


def is_overdue(order: Order, now: datetime | None = None) -> bool:
    """Placed, not paid, and its reservation has run out."""
    return (
        order.status is OrderStatus.PLACED
        and order.payment_status is PaymentStatus.PENDING
        and as_utc(order.reservation_expires_at) < (now or utcnow())
    )


def expire_if_due(session: Session, order: Order, now: datetime | None = None) -> bool:
    """Lazy expiry when an order is looked at."""
    return is_overdue(order, now) and expire_order(session, order, now=now)


def can_cancel(order: Order) -> bool:
    """Nothing shipped yet (parcels its producers cancelled one by one do not count)."""
    return order.status in (OrderStatus.PLACED, OrderStatus.CONFIRMED) and all(
        sub.fulfilment_status in (FulfilmentStatus.UNFULFILLED, FulfilmentStatus.CANCELLED)
        for sub in order.sub_orders
    )


def cancel_order(
    session: Session,
    order: Order,
    *,
    actor: Actor,
    declarations: OrderDeclarations,
    note: str = "",
) -> bool:
    """Cancel before anything shipped; returns True when a paid order now needs a refund."""
    order = lock_order(session, order.id)
    if not can_cancel(order):
        raise OrderNotCancellable(order.number)
    needs_refund = order.payment_status is PaymentStatus.PAID
    for sub_order in order.sub_orders:
        if sub_order.fulfilment_status is not FulfilmentStatus.CANCELLED:
            set_sub_order_status(sub_order, FulfilmentStatus.CANCELLED, actor, note)
    if order.sub_orders or needs_refund:
        set_fulfilment_status(order, FulfilmentStatus.CANCELLED, actor, note)
    set_order_status(order, OrderStatus.CANCELLED, actor, note)
    order.cancelled_at = utcnow()
    declarations.withdraw_cancelled_order(session, order, actor=actor)
    if needs_refund:
        set_payment_status(order, PaymentStatus.REFUND_PENDING, actor, note)
    elif order.payment_status is PaymentStatus.PENDING:
        set_payment_status(order, PaymentStatus.FAILED, actor, "cancelled before payment")
    release_stock(session, [order.id])
    return needs_refund


def mark_refunded(
    session: Session,
    order: Order,
    *,
    actor: Actor,
    declarations: OrderDeclarations,
    refund_reference: str | None = None,
) -> bool:
    """The provider confirmed the refund. False if it was already recorded."""
    order = lock_order(session, order.id)
    if order.payment_status is PaymentStatus.REFUNDED:
        return False
    if refund_reference:
        order.refund_reference = refund_reference
    if order.payment_status is PaymentStatus.PAID:
        # Refunded from the provider's dashboard: the order cannot go ahead.
        if can_cancel(order):
            cancel_order(
                session,
                order,
                actor=actor,
                declarations=declarations,
                note="refunded at the payment provider",
            )
        else:
            set_payment_status(order, PaymentStatus.REFUND_PENDING, actor)
    set_payment_status(order, PaymentStatus.REFUNDED, actor)
    return True


def orders_of_user(session: Session, user_id: int) -> list[Order]:
    stmt = select(Order).where(Order.user_id == user_id).order_by(Order.id.desc())
    return list(session.scalars(stmt))


def find_guest_order(session: Session, number: str, email: str) -> Order | None:
    """An order by number and the e-mail given at checkout (both must match)."""
    order = find_order_by_number(session, number)
    if order is None or order.email.lower() != email.strip().lower():
        return None
    return order
