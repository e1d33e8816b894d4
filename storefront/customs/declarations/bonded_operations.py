"""Withdrawing a bonded (1210) order's declarations when the order is cancelled.

As far as customs allows now, like ``operations.withdraw_order`` for parcels:

* messages that never reached customs (blocked, pending, refused, failed) are cancelled here;
* a list customs numbered but has not released is withdrawn with a CEB623 (撤单, no tax);
* a released list (800) is returned with a CEB625 (退货, GACC 2020 No.45: no tax, the quota
  comes back), naming every line;
* a list at customs without its number yet is marked (``cancel_reason``) and withdrawn by the
  pickup worker once the number arrives (``withdrawal_waiting``).

The orderer's identity (needed in both messages) is unsealed by the outbox, which also seals
the new message before it is stored. Flushes, never commits.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Final, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from storefront.customs.declarations.models import (
    AT_CUSTOMS_STATUSES,
    ATTENTION_STATUSES,
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)
from storefront.customs.declarations.ports import DeclarationOutbox
from storefront.customs.declarations.states import change_status
from storefront.customs.messages.channels import CHANNELS, Channel
from storefront.customs.messages.codes import AppType
from storefront.customs.messages.import_documents import (
    ListWithdrawalDocument,
    Orderer,
    ReturnDocument,
    ReturnLine,
)
from storefront.customs.messages.wire_format import new_guid

if TYPE_CHECKING:
    from storefront.orders.actors import Actor
    from storefront.orders.models import Order

SPEC: Final = CHANNELS[Channel.BONDED_IMPORT_1210]
DECLARED: Final = (SPEC.order, SPEC.inventory)
RELEASED_STATUSES: Final = frozenset({DeclarationStatus.RELEASED, DeclarationStatus.CLOSED})
NOT_AT_CUSTOMS: Final = frozenset({DeclarationStatus.BLOCKED, DeclarationStatus.PENDING})
FINISHED: Final = frozenset({DeclarationStatus.SUPERSEDED, DeclarationStatus.CANCELLED})
# What customs reads in the CEB623 / CEB625 ``reason``, by why the order closed.
CANCEL_REASONS: Final = {
    "not_collected": "买家未在提货期限内提货，订单撤销，商品未出区",
    "buyer_cancelled": "买家取消订单，商品未出区",
}
RETURN_REASONS: Final = {
    "not_collected": "买家未在提货期限内提货，商品退回保税仓库",
    "buyer_cancelled": "买家取消订单，商品退回保税仓库",
}
DEFAULT_CANCEL_REASON: Final = "订单已取消，商品未出区"
DEFAULT_RETURN_REASON: Final = "订单已取消，商品退回保税仓库"


class BondedOutbox(DeclarationOutbox, Protocol):
    def orderer_of(self, order: Order) -> Orderer:
        """The orderer with the ID number unsealed."""
        ...

    def store_payload(self, message: bytes) -> str:
        """A finished message as it is kept in the outbox table (sealed: it holds an ID)."""
        ...


def current_bonded_declarations(
    session: Session, order_number: str
) -> dict[MessageType, CustomsDeclaration]:
    """The order's live CEB311 and CEB621 (not superseded, not cancelled), by type."""
    rows = session.scalars(
        select(CustomsDeclaration)
        .where(
            CustomsDeclaration.message_type.in_(DECLARED),
            CustomsDeclaration.business_no == order_number,
            CustomsDeclaration.status.not_in(FINISHED),
        )
        .order_by(CustomsDeclaration.id)
    )
    return {row.message_type: row for row in rows}


def withdrawal_requested(session: Session, inventory: CustomsDeclaration) -> bool:
    """A CEB623 or CEB625 for this list is on its way or approved."""
    statuses = session.scalars(
        select(CustomsDeclaration.status).where(
            CustomsDeclaration.message_type.in_((SPEC.cancel, SPEC.return_)),
            CustomsDeclaration.related_id == inventory.id,
        )
    )
    return any(s not in ATTENTION_STATUSES | {DeclarationStatus.CANCELLED} for s in statuses)


def withdraw_bonded_order(
    session: Session, outbox: BondedOutbox, order: Order, *, actor: Actor
) -> list[CustomsDeclaration]:
    """The bonded order was cancelled: withdraw what it declared. Returns rows changed or made."""
    touched: list[CustomsDeclaration] = []
    reason_key = order.bonded.closing_reason if order.bonded is not None else ""
    current = current_bonded_declarations(session, order.number)
    for row in current.values():
        if row.status in NOT_AT_CUSTOMS or row.status in ATTENTION_STATUSES:
            change_status(
                session, row, DeclarationStatus.CANCELLED, actor=actor, note="order cancelled"
            )
            row.cancel_reason = CANCEL_REASONS.get(reason_key, DEFAULT_CANCEL_REASON)
            row.next_attempt_at = None
            touched.append(row)
    inventory = current.get(SPEC.inventory)
    if inventory is None or inventory.status not in AT_CUSTOMS_STATUSES | RELEASED_STATUSES:
        session.flush()
        return touched
    if withdrawal_requested(session, inventory):
        session.flush()
        return touched
    released = inventory.status in RELEASED_STATUSES
    reason = (RETURN_REASONS if released else CANCEL_REASONS).get(
        reason_key, DEFAULT_RETURN_REASON if released else DEFAULT_CANCEL_REASON
    )
    if not inventory.invt_no:  # customs has not numbered it yet: the worker retries
        inventory.cancel_reason = reason
        touched.append(inventory)
        session.flush()
        return touched
    touched.append(_queue_withdrawal(session, outbox, order, inventory, reason, released, actor))
    inventory.cancel_reason = ""
    session.flush()
    return touched


def resubmit_bonded(
    session: Session, outbox: BondedOutbox, locked: CustomsDeclaration, *, actor: Actor
) -> list[CustomsDeclaration]:
    """Build a paid, open bonded order's blocked or failed messages again (same order number).

    A list customs refused (100) closes the order (refund): only an order still waiting for
    customs is declared again; ``appType`` 2 after a refusal, 1 otherwise.
    """
    from storefront.customs.declarations.operations import OperationRefused  # (it imports us)
    from storefront.orders.models import Order
    from storefront.orders.states import OrderStatus

    order = session.scalars(select(Order).where(Order.number == locked.business_no)).one_or_none()
    if order is None or order.bonded is None or order.status is not OrderStatus.CONFIRMED:
        raise OperationRefused("not_resubmittable")
    replacing = {
        row.message_type: row
        for row in session.scalars(
            select(CustomsDeclaration)
            .where(
                CustomsDeclaration.business_no == order.number,
                CustomsDeclaration.message_type.in_(DECLARED),
                CustomsDeclaration.status.in_(ATTENTION_STATUSES),
            )
            .order_by(CustomsDeclaration.id)
            .with_for_update()
        )
    }
    app_type = {
        kind: AppType.CHANGE if row.status is DeclarationStatus.REJECTED else AppType.NEW
        for kind, row in replacing.items()
    }
    replacements = outbox.declare_order(
        session,
        order,
        app_type=app_type,
        actor=actor,
        replacing=replacing,
        only=frozenset(replacing),
    )
    for row in replacing.values():
        change_status(session, row, DeclarationStatus.SUPERSEDED, actor=actor, note="resubmitted")
        row.next_attempt_at = None
    session.flush()
    return replacements


def withdrawal_waiting(session: Session, limit: int = 200) -> list[CustomsDeclaration]:
    """Cancelled orders' lists that waited for their number and have it now."""
    return list(
        session.scalars(
            select(CustomsDeclaration)
            .where(
                CustomsDeclaration.message_type == SPEC.inventory,
                CustomsDeclaration.cancel_reason != "",
                CustomsDeclaration.invt_no.is_not(None),
                CustomsDeclaration.status.in_(AT_CUSTOMS_STATUSES | RELEASED_STATUSES),
            )
            .order_by(CustomsDeclaration.id)
            .limit(limit)
        )
    )


def _queue_withdrawal(
    session: Session,
    outbox: BondedOutbox,
    order: Order,
    inventory: CustomsDeclaration,
    reason: str,
    released: bool,
    actor: Actor,
) -> CustomsDeclaration:
    settings = outbox.settings
    guid = new_guid()
    head = ListWithdrawalDocument(
        guid=guid,
        customs_code=settings.customs_code,
        order_no=order.number,
        ebp=settings.platform,
        ebc=settings.bonded.seller,
        logistics=settings.bonded.zone_carrier,
        logistics_no=(order.bonded.logistics_no if order.bonded else None) or "",
        invt_no=inventory.invt_no or "",
        buyer=outbox.orderer_of(order),
        agent=settings.agent,
        reason=reason,
        cop_no=inventory.business_no,
        pre_no=inventory.pre_no,
    )
    if released:
        assert order.bonded is not None and SPEC.build_return is not None
        document = ReturnDocument(
            head,
            tuple(
                ReturnLine(
                    line.gnum,
                    line.hs_code,
                    line.name_zh,
                    Decimal(line.quantity),
                    line.declared_unit,
                )
                for line in order.bonded.lines
            ),
        )
        message = SPEC.build_return(document, settings.sender, message_guid=guid)
        kind = SPEC.return_
    else:
        message = SPEC.build_cancel(head, settings.sender, message_guid=guid)
        kind = SPEC.cancel
    assert kind is not None
    row = CustomsDeclaration.new_row(
        kind,
        guid,
        requested_by=actor.label,
        payload=outbox.store_payload(outbox.finish(message)),
        business_no=inventory.business_no,
        order_no=order.number,
        cancel_reason=reason[:500],
        related_id=inventory.id,
    )
    outbox.queue(session, row, actor=actor, note=reason, on_order=False)
    return row
