"""What the operator does with a declaration: resubmit corrected data, or cancel.

* Resubmit (a blocked, rejected or failed declaration, with its sibling of the same sub-order
  when that one needs it too): the order lines' customs data (HS code, unit, bar code) is
  refreshed from the catalog, where the operator corrected it, then the messages are built
  again with the same order number / copNo: ``appType`` 2 (change) after a customs rejection
  (100), 1 when customs never took the earlier one in (blocked, format error, not written).
  The old rows become ``superseded``.
* Cancel: an inventory list customs has numbered (``invtNo``) is withdrawn with a CEB605; a
  declaration that never reached customs is simply cancelled here. A list that was sent but has
  no number yet cannot be cancelled until customs answers.

Both lock the rows they change (a dispatcher may hold them) and flush, never commit.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import Product, Variant
from storefront.customs.declarations.bonded_operations import resubmit_bonded
from storefront.customs.declarations.mapping import chinese_name
from storefront.customs.declarations.models import (
    AT_CUSTOMS_STATUSES,
    ATTENTION_STATUSES,
    CustomsDeclaration,
    DeclarationStatus,
)
from storefront.customs.declarations.ports import DeclarationOutbox
from storefront.customs.declarations.states import change_status
from storefront.customs.messages.channels import (
    CANCEL_MESSAGES,
    DECLARED_ON_PAYMENT,
    INVENTORY_MESSAGES,
    Channel,
    channel_of,
)
from storefront.customs.messages.codes import AppType
from storefront.customs.messages.documents import Enterprise, InventoryCancelDocument
from storefront.customs.messages.exceptions import CustomsError
from storefront.customs.messages.wire_format import new_guid
from storefront.orders.actors import Actor
from storefront.orders.models import Order, SubOrder

RESUBMITTABLE = DECLARED_ON_PAYMENT  # what a paid parcel is declared with (CEB303, CEB603)
NOT_AT_CUSTOMS = frozenset({DeclarationStatus.BLOCKED, DeclarationStatus.PENDING})
CANCELLABLE_AT_CUSTOMS = AT_CUSTOMS_STATUSES
# The reason customs reads on a CEB605 when the shop withdraws a cancelled order's list.
CANCELLED_ORDER_REASON = "订单已取消，货物未出境"  # "order cancelled, goods not exported"


class OperationRefused(CustomsError):
    """The declaration is not in a state that allows this action; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # a stable key the operator page translates


def may_resubmit(declaration: CustomsDeclaration) -> bool:
    return declaration.status in ATTENTION_STATUSES and declaration.message_type in RESUBMITTABLE


def may_cancel(declaration: CustomsDeclaration) -> bool:
    """Whether the operator may try: a list at customs still needs its number (checked then)."""
    if declaration.status in NOT_AT_CUSTOMS or declaration.needs_attention:
        return True
    return (
        declaration.message_type in INVENTORY_MESSAGES
        and declaration.status in CANCELLABLE_AT_CUSTOMS
    )


def lock_declaration(session: Session, declaration_id: int) -> CustomsDeclaration | None:
    return session.scalars(
        select(CustomsDeclaration)
        .where(CustomsDeclaration.id == declaration_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()


def resubmit(
    session: Session,
    outbox: DeclarationOutbox,
    declaration: CustomsDeclaration,
    *,
    actor: Actor,
) -> list[CustomsDeclaration]:
    """Build the sub-order's blocked/rejected/failed messages again from corrected data.

    Returns the new rows (``blocked`` again if data is still missing, with the reasons).
    """
    locked = lock_declaration(session, declaration.id)
    if locked is None or locked.status not in ATTENTION_STATUSES:
        raise OperationRefused("not_in_attention")
    if (
        locked.sub_order_id is None
        and locked.message_type in RESUBMITTABLE
        and channel_of(locked.message_type).channel is Channel.BONDED_IMPORT_1210
    ):  # a bonded order is declared as a whole, not per parcel
        return resubmit_bonded(session, outbox, locked, actor=actor)  # type: ignore[arg-type]
    if locked.sub_order_id is None or locked.message_type not in RESUBMITTABLE:
        raise OperationRefused("not_resubmittable")
    sub_order = session.get(SubOrder, locked.sub_order_id)
    assert sub_order is not None
    replacing = {
        row.message_type: row
        for row in session.scalars(
            select(CustomsDeclaration)
            .where(
                CustomsDeclaration.sub_order_id == sub_order.id,
                CustomsDeclaration.message_type.in_(RESUBMITTABLE),
                CustomsDeclaration.status.in_(ATTENTION_STATUSES),
            )
            .order_by(CustomsDeclaration.id)
            .with_for_update()
        )
    }
    refresh_customs_data(session, sub_order)
    app_type = {
        kind: AppType.CHANGE if row.status is DeclarationStatus.REJECTED else AppType.NEW
        for kind, row in replacing.items()
    }
    replacements = outbox.declare_sub_order(
        session,
        sub_order,
        channel=channel_of(locked.message_type).channel,
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


def cancel(
    session: Session,
    outbox: DeclarationOutbox,
    declaration: CustomsDeclaration,
    *,
    reason: str,
    actor: Actor,
    summary_amended: bool = False,
) -> CustomsDeclaration:
    """Withdraw a declaration; returns the CEB605 row or the cancelled declaration itself.

    A list named in a live monthly summary is withdrawn only once the operator confirms
    (``summary_amended``) that the export declaration made from the summary was amended.
    """
    reason = reason.strip()
    if not reason:
        raise OperationRefused("reason_required")
    locked = lock_declaration(session, declaration.id)
    if locked is None:
        raise OperationRefused("not_cancellable")
    if locked.status in NOT_AT_CUSTOMS or locked.status in ATTENTION_STATUSES:  # never at customs
        change_status(session, locked, DeclarationStatus.CANCELLED, actor=actor, note=reason)
        locked.cancel_reason = reason[:500]
        locked.next_attempt_at = None
        session.flush()
        return locked
    if locked.message_type not in INVENTORY_MESSAGES or locked.status not in CANCELLABLE_AT_CUSTOMS:
        raise OperationRefused("not_cancellable")
    if not locked.invt_no:
        raise OperationRefused("awaiting_list_number")
    if in_live_summary(locked) and not summary_amended:
        raise OperationRefused("in_summary")
    if _cancellation_pending(session, locked):
        raise OperationRefused("cancel_already_requested")
    producer = locked.producer
    assert producer is not None
    settings = outbox.settings
    guid = new_guid()
    document = InventoryCancelDocument(
        guid=guid,
        customs_code=settings.customs_code,
        cop_no=locked.business_no,
        invt_no=locked.invt_no,
        pre_no=locked.pre_no,
        reason=reason[:1000],
        agent=settings.agent,
        ebc=Enterprise(producer.customs_code or "", chinese_name(producer) or producer.code),
    )
    spec = channel_of(locked.message_type)
    payload = outbox.finish(spec.build_cancel(document, settings.sender, message_guid=guid))
    row = CustomsDeclaration.new_row(
        spec.cancel,
        guid,
        requested_by=actor.label,
        payload=payload.decode("utf-8"),
        business_no=locked.business_no,
        order_no=locked.order_no,
        sub_order_id=locked.sub_order_id,
        producer_id=locked.producer_id,
        cancel_reason=reason[:500],
        related_id=locked.id,
    )
    outbox.queue(session, row, actor=actor, note=reason)
    locked.cancel_reason = ""  # the CEB605 carries the reason now; nothing is waiting any more
    session.flush()
    return row


def withdraw_order(
    session: Session,
    outbox: DeclarationOutbox,
    order: Order,
    *,
    reason: str,
    actor: Actor,
    sub_orders: list[SubOrder] | None = None,
) -> list[CustomsDeclaration]:
    """The order (or only ``sub_orders`` of it) was cancelled: withdraw what it declared, as far
    as customs allows now.

    Messages that never reached customs are cancelled here; a numbered inventory list gets a
    CEB605; a list customs has not numbered yet is marked and shown on the attention list (the
    operator cancels it once the number arrives). Returns the rows changed or created.
    """
    touched: list[CustomsDeclaration] = []
    parcels = order.sub_orders if sub_orders is None else sub_orders
    sub_order_ids = [sub_order.id for sub_order in parcels]
    if not sub_order_ids:
        return touched
    current = session.scalars(
        select(CustomsDeclaration)
        .where(
            CustomsDeclaration.sub_order_id.in_(sub_order_ids),
            CustomsDeclaration.message_type.in_(RESUBMITTABLE),
            CustomsDeclaration.status.not_in(
                [DeclarationStatus.SUPERSEDED, DeclarationStatus.CANCELLED]
            ),
        )
        .order_by(CustomsDeclaration.id)
    ).all()
    for declaration in current:
        if not may_cancel(declaration):
            continue  # an order message customs took in: the list is what releases goods
        try:
            touched.append(
                cancel(
                    session,
                    outbox,
                    declaration,
                    reason=reason,
                    actor=actor,
                )
            )
        except OperationRefused as refused:
            if refused.reason in ("awaiting_list_number", "in_summary"):
                declaration.cancel_reason = reason[:500]
                touched.append(declaration)
            elif refused.reason != "cancel_already_requested":
                raise
    session.flush()
    return touched


def in_live_summary(inventory: CustomsDeclaration) -> bool:
    """The list is named in a monthly summary customs has (or may have) taken in.

    Withdrawing it then is not a CEB605 alone: the export declaration made from the summary
    must be amended with customs first, so the operator decides (the list stays on the
    attention list with the reason).
    """
    summary = inventory.summarised_by
    return summary is not None and summary.status not in SUMMARY_RELEASED_STATUSES


# A summary in one of these no longer holds its lists (refused, failed, withdrawn).
SUMMARY_RELEASED_STATUSES = frozenset(
    {
        DeclarationStatus.REJECTED,
        DeclarationStatus.FAILED,
        DeclarationStatus.CANCELLED,
        DeclarationStatus.SUPERSEDED,
    }
)


def refresh_customs_data(session: Session, sub_order: SubOrder) -> None:
    """Copy the catalog's current HS code, customs unit and bar code onto the order lines."""
    for line in sub_order.lines:
        product = session.get(Product, line.product_id)
        variant = session.get(Variant, line.variant_id)
        if product is not None:
            line.hs_code = product.hs_code
            line.customs_unit = product.customs_unit
        if variant is not None and variant.barcode:
            line.barcode = variant.barcode
    session.flush()


def _cancellation_pending(session: Session, inventory: CustomsDeclaration) -> bool:
    statuses = session.scalars(
        select(CustomsDeclaration.status).where(
            CustomsDeclaration.message_type.in_(CANCEL_MESSAGES),
            CustomsDeclaration.related_id == inventory.id,
        )
    )
    return any(
        status not in ATTENTION_STATUSES | {DeclarationStatus.CANCELLED} for status in statuses
    )
