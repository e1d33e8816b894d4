"""The producer books its packed parcel: the carrier's waybill, then the inventory list.

At payment the electronic order (CEB303) goes at once; the inventory list (CEB603) needs the
waybill as its logisticsNo (customs compares it with the waybill the carrier declares, CEB505),
and the waybill exists only once the parcel is packed and booked. ``book_and_declare`` books the
parcel with the configured carrier (idempotent: a booked parcel keeps its number) and declares
the list with the waybill: a new row when the parcel has none, or a resubmission (appType 1:
customs never took it in) of a list that was blocked waiting for it. Flushes, never commits.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storefront.customs.declarations.models import CustomsDeclaration, DeclarationStatus
from storefront.customs.declarations.operations import resubmit
from storefront.customs.exchange.outbox import (
    DECLARED_CHANNELS,
    CustomsOutbox,
    shipment_request,
)
from storefront.customs.messages.channels import INVENTORY_MESSAGES
from storefront.orders.actors import Actor
from storefront.orders.models import SubOrder
from storefront.shipping.carriers.booking import book_parcel, waybill_of


def waiting_list(session: Session, sub_order_id: int) -> CustomsDeclaration | None:
    """The parcel's current inventory list when it is blocked (waiting for its waybill)."""
    return session.scalars(
        select(CustomsDeclaration)
        .where(
            CustomsDeclaration.sub_order_id == sub_order_id,
            CustomsDeclaration.message_type.in_(INVENTORY_MESSAGES),
            CustomsDeclaration.status == DeclarationStatus.BLOCKED,
        )
        .order_by(CustomsDeclaration.id.desc())
        .limit(1)
    ).first()


def book_and_declare(
    session: Session, outbox: CustomsOutbox, sub_order: SubOrder, *, actor: Actor
) -> str | None:
    """The parcel's waybill number (booked now if needed), its list declared with it.

    None when no carrier is configured (``CUSTOMS_CARRIER_BOOKING=none``) and none was booked.
    Raises ``shipping.carriers.booking.InvalidWaybill`` when the carrier answers a malformed
    number (nothing is recorded).
    """
    waybill = waybill_of(session, sub_order.id)
    if waybill is None:
        if outbox.carrier is None:
            return None
        request = shipment_request(sub_order, outbox.settings)
        waybill = book_parcel(session, outbox.carrier, sub_order.id, request)
    waiting = waiting_list(session, sub_order.id)
    if waiting is not None:
        resubmit(session, outbox, waiting, actor=actor)
    elif not has_list(session, sub_order.id):
        outbox.declare_sub_order(
            session,
            sub_order,
            channel=DECLARED_CHANNELS[sub_order.order.channel],
            actor=actor,
            only=frozenset(INVENTORY_MESSAGES),
        )
    session.flush()
    return waybill.waybill_no


def has_list(session: Session, sub_order_id: int) -> bool:
    return (
        session.scalar(
            select(CustomsDeclaration.id)
            .where(
                CustomsDeclaration.sub_order_id == sub_order_id,
                CustomsDeclaration.message_type.in_(INVENTORY_MESSAGES),
            )
            .limit(1)
        )
        is not None
    )
