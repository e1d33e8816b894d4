"""What declarations mean for orders: the audit trail and whether a parcel may ship.

A sub-order's parcel may leave once customs released (800) its current inventory list (CEB603).
Every status change of a declaration that belongs to a sub-order leaves an ``OrderEvent``
(machine ``customs``) on its order: who (customs, the operator), when, from, to, and the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from storefront.customs.declarations.models import (
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)
from storefront.orders.models import OrderEvent, SubOrder

CUSTOMS_MACHINE = "customs"
SHIPPABLE_STATUSES = frozenset({DeclarationStatus.RELEASED, DeclarationStatus.CLOSED})


def record_customs_change(
    declaration: CustomsDeclaration,
    before: DeclarationStatus | None,
    after: DeclarationStatus,
    *,
    actor: str,
    actor_user_id: int | None = None,
    note: str = "",
) -> None:
    """An audit row on the order for a status change of one of its declarations."""
    if declaration.sub_order_id is None:
        return
    session = Session.object_session(declaration)
    if session is None:
        return
    sub_order = session.get(SubOrder, declaration.sub_order_id)
    if sub_order is None:
        return
    session.add(
        OrderEvent(
            order_id=sub_order.order_id,
            sub_order_id=sub_order.id,
            actor=actor[:60],
            actor_user_id=actor_user_id,
            machine=CUSTOMS_MACHINE,
            from_status=f"{declaration.message_type.value}:{before.value}" if before else None,
            to_status=f"{declaration.message_type.value}:{after.value}",
            note=note[:500],
        )
    )


def current_inventory_status(
    session: Session, sub_order_ids: Iterable[int]
) -> dict[int, DeclarationStatus]:
    """Status of the current (not superseded) CEB603 list of each sub-order, in one query."""
    ids = list(sub_order_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(CustomsDeclaration.sub_order_id, CustomsDeclaration.status)
        .where(
            CustomsDeclaration.sub_order_id.in_(ids),
            CustomsDeclaration.message_type == MessageType.INVENTORY,
            CustomsDeclaration.status != DeclarationStatus.SUPERSEDED,
        )
        .order_by(CustomsDeclaration.id)
    )
    return {sub_order_id: status for sub_order_id, status in rows}


def may_ship(session: Session, sub_order: SubOrder) -> bool:
    """Customs released this parcel's export list: the producer may hand it to the carrier."""
    status = current_inventory_status(session, [sub_order.id]).get(sub_order.id)
    return status in SHIPPABLE_STATUSES


class BuyerCustomsStage(StrEnum):
    """What a buyer is told about a parcel's export declaration (no customs jargon)."""

    DECLARED = "declared"
    RELEASED = "released"
    WITHDRAWN = "withdrawn"


_BUYER_STAGES = {
    DeclarationStatus.RELEASED: BuyerCustomsStage.RELEASED,
    DeclarationStatus.CLOSED: BuyerCustomsStage.RELEASED,
    DeclarationStatus.CANCELLED: BuyerCustomsStage.WITHDRAWN,
    DeclarationStatus.RETURNED: BuyerCustomsStage.WITHDRAWN,
}


def buyer_customs_stages(
    session: Session, sub_order_ids: Iterable[int]
) -> dict[int, BuyerCustomsStage]:
    """Per sub-order, the stage of its export declaration as the buyer sees it (one query).

    Everything between writing the declaration and release (including a rejection the operator
    is correcting) reads "declared": the buyer has nothing to do about it.
    """
    return {
        sub_order_id: _BUYER_STAGES.get(status, BuyerCustomsStage.DECLARED)
        for sub_order_id, status in current_inventory_status(session, sub_order_ids).items()
    }
