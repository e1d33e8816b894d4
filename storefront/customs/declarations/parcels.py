"""What declarations mean for a parcel: whether it may ship, and what its buyer is told.

A sub-order's parcel may leave once customs released (800) its current inventory list (CEB603).
The audit rows a declaration leaves on its order are written by ``states.change_status``.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from storefront.customs.declarations.models import CustomsDeclaration, DeclarationStatus
from storefront.customs.messages.channels import INVENTORY_MESSAGES
from storefront.orders.models import SubOrder

SHIPPABLE_STATUSES = frozenset({DeclarationStatus.RELEASED, DeclarationStatus.CLOSED})


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
            CustomsDeclaration.message_type.in_(INVENTORY_MESSAGES),
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
