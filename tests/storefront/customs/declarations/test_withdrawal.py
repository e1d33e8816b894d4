"""A paid order cancelled before shipping withdraws its declarations as far as customs allows."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from storefront.customs import customs_adapter
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)
from storefront.customs.declarations.operations import CANCELLED_ORDER_REASON, cancel
from storefront.customs.declarations.queries import DeclarationFilter, list_declarations
from storefront.customs.exchange.dispatcher import DispatchPolicy, dispatch_batch
from storefront.customs.exchange.receiver import receive_inbox
from storefront.customs.messages.receipt_builders import ReceiptEntry, build_receipt
from storefront.orders.actors import Actor
from storefront.orders.services import cancel_order


def rows_of(session, order, kind=None):
    stmt = select(CustomsDeclaration).where(CustomsDeclaration.order_no.like(f"{order.number}-%"))
    if kind is not None:
        stmt = stmt.where(CustomsDeclaration.message_type == kind)
    return session.scalars(stmt.order_by(CustomsDeclaration.id)).all()


def numbered(session, folders, row, invt_no):
    entry = ReceiptEntry(
        "CEB604Message",
        120,
        "清单新增申报成功",
        datetime.now(UTC),
        (("copNo", row.business_no), ("invtNo", invt_no)),
    )
    folders.write_inbox(f"{invt_no}.xml", build_receipt(entry))
    session.commit()
    receive_inbox(session, folders)


def test_declarations_not_yet_sent_are_simply_cancelled(app, db_session, place_paid_order):
    order = place_paid_order()
    declarations = customs_adapter(app)
    # refund needed
    assert cancel_order(db_session, order, actor=Actor("buyer"), declarations=declarations) is True
    rows = rows_of(db_session, order)
    assert {row.status for row in rows} == {DeclarationStatus.CANCELLED}
    assert {row.cancel_reason for row in rows} == {CANCELLED_ORDER_REASON}
    assert rows_of(db_session, order, MessageType.INVENTORY_CANCEL) == []


def test_numbered_lists_get_a_ceb605_and_unnumbered_ones_wait_on_the_attention_list(
    app, db_session, place_paid_order, folders, adapter
):
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    first, second = rows_of(db_session, order, MessageType.INVENTORY)
    numbered(db_session, folders, first, "49002026E000000201")

    cancel_order(db_session, order, actor=Actor("buyer"), declarations=customs_adapter(app))

    [withdrawal] = rows_of(db_session, order, MessageType.INVENTORY_CANCEL)
    assert withdrawal.related_id == first.id and withdrawal.status is DeclarationStatus.PENDING
    assert withdrawal.cancel_reason == CANCELLED_ORDER_REASON and first.cancel_reason == ""
    assert second.status is DeclarationStatus.SENT and second.cancellation_waiting
    attention = list_declarations(db_session, DeclarationFilter(attention=True))
    assert second in attention and first not in attention
    assert {row.status for row in rows_of(db_session, order, MessageType.EXPORT_ORDER)} == {
        DeclarationStatus.SENT  # customs keeps the electronic order; the list is what releases
    }

    numbered(db_session, folders, second, "49002026E000000202")  # the operator can finish it now
    cancel(db_session, adapter.outbox, second, reason=second.cancel_reason, actor=Actor("operator"))
    assert not second.cancellation_waiting
    assert len(rows_of(db_session, order, MessageType.INVENTORY_CANCEL)) == 2
