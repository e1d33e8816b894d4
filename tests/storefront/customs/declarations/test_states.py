"""The declaration state machine at its edges, and the audit rows every change leaves."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from catalog.base import utcnow
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    CustomsDeclarationEvent,
    DeclarationStatus,
    MessageType,
)
from storefront.customs.declarations.states import (
    TRANSITIONS,
    DeclarationTransitionNotAllowed,
    change_status,
    check_transition,
)
from storefront.customs.exchange.dispatcher import DispatchPolicy, dispatch_batch
from storefront.customs.exchange.folders import ExchangeFolders
from storefront.customs.messages.wire_format import new_guid
from storefront.orders.actors import Actor
from storefront.orders.models import OrderEvent
from tests.storefront.customs.exchange.test_dispatch import pending_row

ALLOWED = [(before, after) for before, targets in TRANSITIONS.items() for after in targets]


def events_of(session, declaration: CustomsDeclaration) -> list[CustomsDeclarationEvent]:
    return list(
        session.scalars(
            select(CustomsDeclarationEvent)
            .where(CustomsDeclarationEvent.declaration_id == declaration.id)
            .order_by(CustomsDeclarationEvent.id)
        )
    )


def test_every_status_has_a_row_in_the_table():
    assert set(TRANSITIONS) == {None, *DeclarationStatus}


@pytest.mark.parametrize(("before", "after"), ALLOWED, ids=lambda s: getattr(s, "value", "new"))
def test_every_allowed_transition_is_accepted_and_audited(db_session, before, after):
    row = pending_row(1, status=before) if before is not None else pending_row(1)
    if before is None:
        row.status = None
        db_session.add(row)
    else:
        db_session.add(row)
        db_session.flush()
    change_status(db_session, row, after, actor=Actor("test", None), note="edge", on_order=False)
    db_session.flush()
    assert row.status is after
    [event] = events_of(db_session, row)
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        before.value if before is not None else None,
        after.value,
        "test",
        "edge",
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (DeclarationStatus.RELEASED, DeclarationStatus.SENT),  # customs never moves one back
        (DeclarationStatus.HELD, DeclarationStatus.ACCEPTED),
        (DeclarationStatus.CANCELLED, DeclarationStatus.PENDING),  # final
        (DeclarationStatus.SUPERSEDED, DeclarationStatus.CANCELLED),  # final
        (DeclarationStatus.BLOCKED, DeclarationStatus.SENT),  # nothing to send
        (DeclarationStatus.SENT, DeclarationStatus.SENT),  # not a change
        (None, DeclarationStatus.SENT),  # a new row starts pending or blocked
    ],
)
def test_a_forbidden_transition_is_refused_and_changes_nothing(db_session, before, after):
    row = pending_row(2, status=before or DeclarationStatus.PENDING)
    db_session.add(row)
    db_session.flush()
    if before is None:
        with pytest.raises(DeclarationTransitionNotAllowed):
            check_transition(None, after)
        return
    with pytest.raises(DeclarationTransitionNotAllowed, match=f"{before.value} -> {after.value}"):
        change_status(db_session, row, after, actor=Actor("test"))
    db_session.flush()
    assert row.status is before
    assert events_of(db_session, row) == []


class RefusesOne(ExchangeFolders):
    refused: str = ""

    def write_outbox(self, file_name: str, data: bytes) -> Path:
        if file_name == self.refused:
            raise OSError(28, "No space left on device")
        return super().write_outbox(file_name, data)


def test_the_dispatchers_changes_write_audit_rows(db_session, folders):
    sent, doomed = pending_row(3), pending_row(4)
    db_session.add_all([sent, doomed])
    db_session.flush()
    disk = RefusesOne(folders.root)
    object.__setattr__(disk, "refused", doomed.file_name)

    dispatch_batch(db_session, disk, DispatchPolicy(batch_size=10, max_attempts=1))

    assert sent.status is DeclarationStatus.SENT and doomed.status is DeclarationStatus.FAILED
    [written] = events_of(db_session, sent)
    assert (written.actor, written.from_status, written.to_status) == (
        "dispatcher",
        "pending",
        "sent",
    )
    [failed] = events_of(db_session, doomed)
    assert (failed.from_status, failed.to_status) == ("pending", "failed")
    assert failed.note  # the write error


def test_a_queued_monthly_summary_is_audited(
    db_session, adapter, place_paid_order, folders, two_coops
):
    from storefront.customs.declarations.summaries import declare_monthly_summaries
    from tests.storefront.customs.web.test_operator_pages import (
        released_last_month,
        summarised_producers,
    )

    summarised_producers(two_coops)
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    lists = db_session.scalars(
        select(CustomsDeclaration).where(
            CustomsDeclaration.sub_order_id.in_([sub.id for sub in order.sub_orders]),
            CustomsDeclaration.message_type == MessageType.INVENTORY,
        )
    ).all()
    released = utcnow() - timedelta(minutes=5)
    for number, row in enumerate(lists):
        change_status(db_session, row, DeclarationStatus.RELEASED, actor=Actor("customs"))
        row.invt_no, row.released_at = f"49002026E{number:09d}", released
    month = released_last_month(db_session, lists)
    summaries = declare_monthly_summaries(
        db_session, adapter.outbox, month, actor=Actor("operator:1", None)
    )
    assert summaries
    for summary in summaries:
        [created] = events_of(db_session, summary)
        assert (created.from_status, created.to_status, created.actor) == (
            None,
            "pending",
            "operator:1",
        )


def test_declarations_born_with_a_paid_order_are_audited_from_new(db_session, place_paid_order):
    order = place_paid_order()
    rows = db_session.scalars(
        select(CustomsDeclaration).where(
            CustomsDeclaration.sub_order_id.in_([sub.id for sub in order.sub_orders])
        )
    ).all()
    assert len(rows) == 4
    for row in rows:
        [created] = events_of(db_session, row)
        assert (created.from_status, created.to_status) == (None, "pending")
    # the order's own timeline is unchanged: customs' answers, not the shop's bookkeeping
    customs_events = db_session.scalars(
        select(OrderEvent).where(OrderEvent.order_id == order.id, OrderEvent.machine == "customs")
    ).all()
    assert customs_events == []


def test_a_sub_order_declarations_change_is_also_written_on_its_order(db_session, place_paid_order):
    order = place_paid_order()
    row = db_session.scalars(
        select(CustomsDeclaration).where(
            CustomsDeclaration.sub_order_id == order.sub_orders[0].id,
            CustomsDeclaration.message_type == MessageType.INVENTORY,
        )
    ).one()
    change_status(db_session, row, DeclarationStatus.CANCELLED, actor=Actor("operator:9"), note="x")
    db_session.flush()
    [event] = db_session.scalars(
        select(OrderEvent).where(OrderEvent.order_id == order.id, OrderEvent.machine == "customs")
    ).all()
    assert (event.from_status, event.to_status, event.actor) == (
        "CEB603:pending",
        "CEB603:cancelled",
        "operator:9",
    )


def test_new_guid_rows_are_distinct():  # keeps pending_row honest for the tests above
    assert new_guid() != new_guid()
