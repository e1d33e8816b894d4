"""A buyer cancels an order before anything shipped: stock back, customs withdrawn, money back."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from storefront.orders.actors import Actor
from storefront.orders.models import Order
from storefront.orders.ports import OrderDeclarations
from storefront.orders.services import cancel_order
from storefront.orders.states import FulfilmentStatus
from storefront.payments.port import PaymentGateway
from storefront.payments.refunds import refund_cancelled_order


def cancel_before_shipping(
    session: Session,
    order: Order,
    *,
    actor: Actor,
    gateway: PaymentGateway,
    declarations: OrderDeclarations,
) -> None:
    """Cancel ``order`` and, when it was paid, ask the provider for the refund (flushes).

    Raises ``OrderNotCancellable`` when a parcel has shipped, and ``PaymentProviderError`` when
    the refund cannot be started: the caller rolls back, and nothing has changed.
    """
    already_refunded = refunded_parcels_total(order)
    if cancel_order(session, order, actor=actor, declarations=declarations):
        refund_cancelled_order(session, gateway, order, actor, declarations, already_refunded)
    session.flush()


def refunded_parcels_total(order: Order) -> Decimal:
    """What parcels cancelled one by one (``parcel_steps.cancel_parcel``) refunded already."""
    return sum(
        (
            s.goods_value + s.freight_share
            for s in order.sub_orders
            if s.fulfilment_status is FulfilmentStatus.CANCELLED
        ),
        Decimal(0),
    )
