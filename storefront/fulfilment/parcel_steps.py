"""A cooperative's parcels, step by step: pack, book the carrier, hand over, or cancel.

Every function takes the producer's id first and finds the parcel (sub-order) by (producer id,
sub-order id): a parcel of another producer is ``NotOwned`` (404). Each step writes an
``OrderEvent`` on the order (machine ``fulfilment``), which the buyer's order page shows.

* ``pack_parcel``: the parcel is packed (it may be booked now).
* ``book_carrier``: the carrier books the packed parcel and returns its waybill number; the
  inventory list that waited for it (``awaiting_waybill``) is declared with it
  (``customs.exchange.parcel_booking``).
* ``hand_over``: after customs released the list, the parcel goes to the carrier with the
  waybill as its tracking number (``parcels.ship_parcel``).
* ``cancel_parcel``: the producer cannot send it. The order's only open parcel cancels the
  whole order (``cancellation.cancel_before_shipping``: stock back, declarations withdrawn,
  refund); otherwise this parcel alone is cancelled and its share (goods + freight) refunded
  through the gateway, the other parcels going on.

Flushes, never commits.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.base import utcnow
from catalog.listings.ownership import NotOwned
from catalog.money import Money
from storefront.customs.adapter import CustomsAdapter
from storefront.fulfilment.cancellation import cancel_before_shipping
from storefront.fulfilment.parcels import ParcelNotShippable, settle_order_fulfilment, ship_parcel
from storefront.inventory.reservations import release_stock
from storefront.orders.actors import Actor
from storefront.orders.models import Order, OrderEvent, SubOrder
from storefront.orders.services import (
    lock_order,
    set_fulfilment_status,
    set_order_status,
    set_payment_status,
    set_sub_order_status,
)
from storefront.orders.states import FulfilmentStatus, OrderStatus, PaymentStatus
from storefront.payments.port import PaymentGateway
from storefront.shipping.carriers.booking import InvalidWaybill, waybill_of

PACKED = "packed"
BOOKED = "booked"


class ParcelStepRefused(ParcelNotShippable):
    """This step is not possible for the parcel now; ``reason`` is a stable key."""


def producer_parcel(session: Session, producer_id: int, sub_order_id: int) -> SubOrder:
    parcel = session.scalars(
        select(SubOrder).where(SubOrder.producer_id == producer_id, SubOrder.id == sub_order_id)
    ).one_or_none()
    if parcel is None:
        raise NotOwned(sub_order_id)
    return parcel


def _open_parcel(session: Session, producer_id: int, sub_order_id: int) -> tuple[Order, SubOrder]:
    parcel = producer_parcel(session, producer_id, sub_order_id)
    order = lock_order(session, parcel.order_id)
    session.refresh(parcel)
    if order.status is not OrderStatus.CONFIRMED:
        raise ParcelStepRefused("order_not_confirmed")
    if parcel.fulfilment_status is not FulfilmentStatus.UNFULFILLED:
        raise ParcelStepRefused("already_handled")
    return order, parcel


def _note(order: Order, parcel: SubOrder, step: str, actor: Actor, note: str = "") -> None:
    order.events.append(
        OrderEvent(
            sub_order_id=parcel.id,
            actor=actor.label,
            actor_user_id=actor.user_id,
            machine="fulfilment",
            from_status=parcel.fulfilment_status.value,
            to_status=step,
            note=note[:500],
        )
    )


def pack_parcel(session: Session, producer_id: int, sub_order_id: int, *, actor: Actor) -> SubOrder:
    order, parcel = _open_parcel(session, producer_id, sub_order_id)
    if parcel.packed_at is not None:
        raise ParcelStepRefused("already_packed")
    parcel.packed_at = utcnow()
    _note(order, parcel, PACKED, actor)
    session.flush()
    return parcel


def book_carrier(
    session: Session,
    producer_id: int,
    sub_order_id: int,
    *,
    customs: CustomsAdapter,
    actor: Actor,
) -> str:
    """Book the packed parcel; returns the waybill number (its list is declared with it)."""
    order, parcel = _open_parcel(session, producer_id, sub_order_id)
    if parcel.packed_at is None:
        raise ParcelStepRefused("not_packed")
    if waybill_of(session, parcel.id) is not None:
        raise ParcelStepRefused("already_booked")
    try:
        number = customs.book_parcel(session, parcel, actor=actor)
    except InvalidWaybill as invalid:
        raise ParcelStepRefused("carrier_answer_invalid") from invalid
    if number is None:
        raise ParcelStepRefused("no_carrier")
    _note(order, parcel, BOOKED, actor, f"waybill {number}")
    session.flush()
    return number


def hand_over(session: Session, producer_id: int, sub_order_id: int, *, actor: Actor) -> str:
    """Released by customs: the parcel goes to the carrier, tracked by its waybill number."""
    parcel = producer_parcel(session, producer_id, sub_order_id)
    waybill = waybill_of(session, parcel.id)
    if waybill is None:
        raise ParcelStepRefused("not_booked")
    ship_parcel(session, parcel, tracking_number=waybill.waybill_no, actor=actor)
    return waybill.waybill_no


def parcel_share(parcel: SubOrder) -> Money:
    return Money(parcel.goods_value + parcel.freight_share, parcel.currency)


def cancel_parcel(
    session: Session,
    producer_id: int,
    sub_order_id: int,
    *,
    reason: str,
    actor: Actor,
    gateway: PaymentGateway,
    customs: CustomsAdapter,
) -> bool:
    """Cancel a parcel the producer cannot send; True when the whole order was cancelled.

    Raises ``ParcelStepRefused`` (shipped, not paid, no reason) and ``PaymentProviderError``
    (the refund could not be started: the caller rolls back and nothing has changed).
    """
    reason = " ".join(reason.split())
    if not reason:
        raise ParcelStepRefused("reason_required")
    order, parcel = _open_parcel(session, producer_id, sub_order_id)
    if order.payment_status is not PaymentStatus.PAID:
        raise ParcelStepRefused("not_paid")
    others = [s for s in order.sub_orders if s.id != parcel.id]
    if not others:
        cancel_before_shipping(session, order, actor=actor, gateway=gateway, declarations=customs)
        _note_reason(order, parcel, actor, reason)
        session.flush()
        return True
    set_sub_order_status(parcel, FulfilmentStatus.CANCELLED, actor, reason)
    release_stock(
        session, [order.id], variant_ids=frozenset(line.variant_id for line in parcel.lines)
    )
    customs.withdraw_cancelled_parcel(session, parcel, actor=actor)
    refund = gateway.refund(
        order_number=parcel.number,
        intent_reference=order.payment_intent_reference,
        payment_reference=order.payment_reference,
        amount=parcel_share(parcel),
    )
    status = order.payment_status
    order.events.append(
        OrderEvent(
            sub_order_id=parcel.id,
            actor=actor.label,
            actor_user_id=actor.user_id,
            machine="payment",
            from_status=status.value,
            to_status=status.value,
            note=f"parcel {parcel.number} refunded: {parcel_share(parcel).amount} "
            f"{parcel.currency} ({refund.reference})"[:500],
        )
    )
    _close_if_nothing_left(order, actor, reason, refunded_now=refund.is_complete)
    settle_order_fulfilment(order, actor)
    session.flush()
    return False


def _note_reason(order: Order, parcel: SubOrder, actor: Actor, reason: str) -> None:
    _note(order, parcel, FulfilmentStatus.CANCELLED.value, actor, f"producer: {reason}")


def _close_if_nothing_left(order: Order, actor: Actor, reason: str, *, refunded_now: bool) -> None:
    """Every parcel cancelled, one by one: the order is cancelled and wholly refunded."""
    if any(s.fulfilment_status is not FulfilmentStatus.CANCELLED for s in order.sub_orders):
        return
    set_fulfilment_status(order, FulfilmentStatus.CANCELLED, actor, reason)
    set_order_status(order, OrderStatus.CANCELLED, actor, reason)
    order.cancelled_at = utcnow()
    set_payment_status(order, PaymentStatus.REFUND_PENDING, actor, reason)
    if refunded_now:
        set_payment_status(order, PaymentStatus.REFUNDED, actor)
