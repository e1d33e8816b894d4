"""What a receipt from customs does to its declaration.

The receipt's return status says how far customs got (``codes.describe_return_status``); the
declaration moves there through ``states.change_status`` unless that would move it back: a late
or out-of-order receipt (a 120 after the 800) is recorded in the timeline only. Numbers customs
hands out (preNo, invtNo, sumNo) are kept. An approved cancellation (the CEB605's 800) cancels the
inventory list it named.
"""

from __future__ import annotations

import logging
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.base import as_utc
from storefront.customs.declarations.models import CustomsDeclaration, DeclarationStatus
from storefront.customs.declarations.states import change_status
from storefront.customs.messages.channels import (
    CANCEL_MESSAGES,
    RETURN_MESSAGES,
    SUMMARY_MESSAGES,
)
from storefront.customs.messages.codes import ReturnOutcome, describe_return_status
from storefront.customs.messages.exceptions import CustomsError, UnknownCodeError
from storefront.customs.messages.receipt_parser import SUMMARY_RESULT, Receipt
from storefront.orders.actors import Actor
from storefront.pickup.personal_data import is_sealed

log = logging.getLogger(__name__)

CUSTOMS: Final = Actor("customs")
OUTCOME_STATUS: Final = {
    ReturnOutcome.PENDING: DeclarationStatus.SENT,
    ReturnOutcome.ACCEPTED: DeclarationStatus.ACCEPTED,
    ReturnOutcome.HELD: DeclarationStatus.HELD,
    ReturnOutcome.REJECTED: DeclarationStatus.REJECTED,
    ReturnOutcome.FAILED: DeclarationStatus.FAILED,
    ReturnOutcome.RELEASED: DeclarationStatus.RELEASED,
    ReturnOutcome.CLOSED: DeclarationStatus.CLOSED,
    ReturnOutcome.RETURNED: DeclarationStatus.RETURNED,
}
# How far along a declaration is: a receipt never moves it back (late or out-of-order files).
STATUS_RANK: Final = {
    DeclarationStatus.SENT: 0,
    DeclarationStatus.ACCEPTED: 1,
    DeclarationStatus.HELD: 2,
    DeclarationStatus.REJECTED: 3,
    DeclarationStatus.FAILED: 3,
    DeclarationStatus.RELEASED: 4,
    DeclarationStatus.CLOSED: 5,
    DeclarationStatus.RETURNED: 5,
}
FINISHED: Final = frozenset({DeclarationStatus.SUPERSEDED, DeclarationStatus.CANCELLED})
# A CEB606 with any of these says customs approved the cancellation: concluded (399, 审结),
# approved / released (800, 审核通过), closed (899).
CANCEL_APPROVED_STATUSES: Final = frozenset({399, 800, 899})


class ReceiptContradicts(CustomsError):
    """A receipt names our number but contradicts what we declared under it."""


# Receipt element -> the element of our message it must repeat.
_ECHOED = (("order_no", "orderNo"), ("ebc_code", "ebcCode"), ("ebp_code", "ebpCode"))


def refuse_contradicting_receipt(declaration: CustomsDeclaration, receipt: Receipt) -> None:
    """Raise ``ReceiptContradicts`` when the receipt's orderNo / ebcCode / ebpCode differ from
    the message we sent under its number (the receiver then sets the whole file aside)."""
    if not declaration.payload:
        return
    if is_sealed(declaration.payload):  # it names a person: compare with the row's own number
        if receipt.order_no and declaration.order_no and receipt.order_no != declaration.order_no:
            raise ReceiptContradicts(
                f"{receipt.message_type} for {declaration.business_no}: orderNo"
                f" {receipt.order_no!r} contradicts the declared {declaration.order_no!r}"
            )
        return
    for attribute, element in _ECHOED:
        said = getattr(receipt, attribute)
        if not said:
            continue
        ours = _declared(declaration.payload, element)
        if ours and ours != said:
            raise ReceiptContradicts(
                f"{receipt.message_type} for {declaration.business_no}: {element} {said!r}"
                f" contradicts the declared {ours!r}"
            )


def _declared(payload: str, element: str) -> str | None:
    start = payload.find(f"<ceb:{element}>")
    if start < 0:
        return None
    start += len(element) + 6
    end = payload.find("</ceb:", start)
    return payload[start:end].strip() if end > start else None


def match_summary_result(session: Session, receipt: Receipt) -> CustomsDeclaration | None:
    """The CEB701 summary a CEB792 result answers, by the summary number customs gave it."""
    if not receipt.sum_no:
        return None
    return session.scalar(
        select(CustomsDeclaration)
        .where(
            CustomsDeclaration.message_type.in_(SUMMARY_MESSAGES),
            CustomsDeclaration.sum_no == receipt.sum_no,
        )
        .order_by(CustomsDeclaration.id.desc())
        .limit(1)
    )


def apply_receipt(session: Session, declaration: CustomsDeclaration, receipt: Receipt) -> None:
    """Move the declaration along; keep numbers customs returned."""
    if receipt.message_type == SUMMARY_RESULT:
        # Customs' result of a summary: the export declaration it made. No status change.
        declaration.decl_seq_no = (receipt.decl_seq_no or "")[:18] or None
        declaration.entry_id = (receipt.entry_id or "")[:18] or declaration.entry_id
        declaration.dec_state = (receipt.dec_state or "")[:3] or None
        return
    if receipt.pre_no:
        declaration.pre_no = receipt.pre_no[:18]
    if receipt.invt_no:
        declaration.invt_no = receipt.invt_no[:20]
    if receipt.sum_no:
        declaration.sum_no = receipt.sum_no[:18]
    try:
        outcome = describe_return_status(receipt.return_status).outcome
    except UnknownCodeError:
        log.warning("customs receipt with unknown status %s recorded", receipt.return_status)
        return
    if declaration.status in FINISHED:
        return
    if (
        declaration.message_type in CANCEL_MESSAGES
        and receipt.return_status in CANCEL_APPROVED_STATUSES
    ):
        _cancellation_approved(session, declaration)
    if (
        declaration.message_type in RETURN_MESSAGES
        and receipt.return_status in CANCEL_APPROVED_STATUSES
    ):
        _return_approved(session, declaration)
    target = OUTCOME_STATUS[outcome]
    current_rank = STATUS_RANK.get(declaration.status, -1)
    target_rank = STATUS_RANK[target]
    newer = declaration.returned_at is None or receipt.return_time >= as_utc(
        declaration.returned_at
    )
    if target_rank < current_rank or (target_rank == current_rank and not newer):
        return
    if declaration.status is not target:
        change_status(session, declaration, target, actor=CUSTOMS, note=receipt.return_info)
    declaration.return_status = receipt.return_status
    declaration.return_info = receipt.return_info
    declaration.returned_at = receipt.return_time
    if target is DeclarationStatus.RELEASED and declaration.released_at is None:
        declaration.released_at = receipt.return_time


def _return_approved(session: Session, refund: CustomsDeclaration) -> None:
    """A CEB625 return was approved: the released list's goods are back in the zone."""
    inventory = refund.related
    if inventory is None or inventory.status in FINISHED | {DeclarationStatus.RETURNED}:
        return
    change_status(
        session,
        inventory,
        DeclarationStatus.RETURNED,
        actor=CUSTOMS,
        note=refund.message_type.value,
    )


def _cancellation_approved(session: Session, cancel: CustomsDeclaration) -> None:
    inventory = cancel.related
    if inventory is None or inventory.status in FINISHED:
        return
    change_status(
        session,
        inventory,
        DeclarationStatus.CANCELLED,
        actor=CUSTOMS,
        note=cancel.message_type.value,
    )
