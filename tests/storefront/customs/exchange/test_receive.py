"""Receipts drive the declarations: the simulator answers, the receiver records, orders follow."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from storefront.customs.declarations.models import (
    CustomsDeclaration,
    CustomsReceipt,
    DeclarationStatus,
    MessageType,
)
from storefront.customs.declarations.parcels import may_ship
from storefront.customs.exchange.dispatcher import DispatchPolicy, dispatch_batch
from storefront.customs.exchange.receiver import receive_inbox
from storefront.customs.exchange.simulator import CustomsSimulator
from storefront.customs.messages.receipt_builders import ReceiptEntry, build_receipt
from storefront.customs.messages.schema import SchemaValidator
from storefront.orders.models import OrderEvent
from tests.conftest import CUSTOMS_XSD_DIR
from tests.i18n import translated_html


def rows_of(session, sub_order):
    return session.scalars(
        select(CustomsDeclaration)
        .where(CustomsDeclaration.sub_order_id == sub_order.id)
        .order_by(CustomsDeclaration.id)
    ).all()


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def test_an_order_travels_from_outbox_to_released(db_session, place_paid_order, folders):
    order = place_paid_order()
    sub_order = order.sub_orders[0]
    clock = Clock()
    simulator = CustomsSimulator(
        folders, SchemaValidator(CUSTOMS_XSD_DIR), release_delay=60, clock=clock
    )

    dispatch_batch(db_session, folders, DispatchPolicy())
    assert simulator.run_once().answered == 4
    assert (
        sorted(p.name.split("_")[0] for p in folders.sent.iterdir())
        == ["CEB303"] * 2 + ["CEB603"] * 2
    )
    report = receive_inbox(db_session, folders)
    assert (report.recorded, report.failed_files) == (4, [])
    order_row, list_row = rows_of(db_session, sub_order)
    assert order_row.status is DeclarationStatus.ACCEPTED and order_row.return_status == 120
    assert list_row.status is DeclarationStatus.ACCEPTED and list_row.invt_no and list_row.pre_no
    assert not may_ship(db_session, sub_order)

    simulator.run_once()  # not due yet: nothing new
    assert receive_inbox(db_session, folders).files == 0
    clock.now += timedelta(seconds=61)
    assert simulator.run_once().released == 2
    receive_inbox(db_session, folders)
    assert list_row.status is DeclarationStatus.RELEASED and list_row.released_at is not None
    assert [r.return_status for r in list_row.receipts] == [120, 800]
    assert may_ship(db_session, sub_order)
    events = db_session.scalars(
        select(OrderEvent.to_status).where(
            OrderEvent.sub_order_id == sub_order.id, OrderEvent.machine == "customs"
        )
    ).all()
    assert "CEB603:released" in events
    assert len(list(folders.processed.iterdir())) == 6


def sent_list(db_session, place_paid_order, folders):
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    db_session.commit()  # as the dispatcher does; the receiver rolls back a failed file's work
    return rows_of(db_session, order.sub_orders[0])[1]


def receipt_for(row, status, info, *, seconds=0, **fields):
    keys = {"copNo": row.business_no, "orderNo": row.business_no, **fields}
    moment = datetime(2026, 3, 2, 10, 0, tzinfo=UTC) + timedelta(seconds=seconds)
    return ReceiptEntry("CEB604Message", status, info, moment, tuple(keys.items()))


def test_every_status_is_recorded_with_its_text_and_never_moves_back(
    db_session, place_paid_order, folders
):
    row = sent_list(db_session, place_paid_order, folders)
    story = [
        (1, "电子口岸已暂存"),
        (2, "申报中"),
        (3, "发送海关成功"),
        (120, "海关入库"),
        (300, "人工审核"),
        (399, "海关审结"),
        (800, "放行"),
        (899, "结关"),
    ]
    for second, (status, info) in enumerate(story):
        folders.write_inbox(
            f"r{second:02d}.xml",
            build_receipt(
                receipt_for(row, status, info, seconds=second, invtNo="49002026E000000042")
            ),
        )
    late = receipt_for(row, 120, "迟到的回执", seconds=-5)
    folders.write_inbox("r99.xml", build_receipt(late))
    receive_inbox(db_session, folders)
    assert [(r.return_status, r.return_info) for r in row.receipts] == [(120, "迟到的回执"), *story]
    assert row.status is DeclarationStatus.CLOSED and row.invt_no == "49002026E000000042"


def test_the_same_receipt_twice_changes_nothing(db_session, place_paid_order, folders):
    row = sent_list(db_session, place_paid_order, folders)
    data = build_receipt(receipt_for(row, 120, "海关入库"))
    folders.write_inbox("first.xml", data)
    folders.write_inbox("again.xml", data)
    report = receive_inbox(db_session, folders)
    assert (report.recorded, report.duplicates) == (1, 1)
    assert len(row.receipts) == 1
    assert sorted(p.name for p in folders.processed.iterdir()) == ["again.xml", "first.xml"]


def test_gbk_and_prefixed_receipts_are_read(db_session, place_paid_order, folders):
    row = sent_list(db_session, place_paid_order, folders)
    folders.write_inbox("gbk.xml", build_receipt(receipt_for(row, 120, "海关入库"), encoding="GBK"))
    prefixed = build_receipt(receipt_for(row, 800, "放行", seconds=1)).decode()
    prefixed = (
        prefixed.replace('xmlns="', 'xmlns:ceb="')
        .replace("<", "<ceb:")
        .replace("<ceb:/", "</ceb:")
        .replace("<ceb:?xml", "<?xml")
    )
    folders.write_inbox("prefixed.xml", prefixed.encode())
    assert receive_inbox(db_session, folders).recorded == 2
    assert row.status is DeclarationStatus.RELEASED
    assert row.receipts[0].return_info == "海关入库"


def test_rejections_and_errors_put_the_declaration_on_the_attention_list(
    db_session, place_paid_order, folders
):
    row = sent_list(db_session, place_paid_order, folders)
    folders.write_inbox("100.xml", build_receipt(receipt_for(row, 100, "商品编码不存在")))
    receive_inbox(db_session, folders)
    assert row.status is DeclarationStatus.REJECTED and row.needs_attention
    assert row.return_info == "商品编码不存在"

    order_row = db_session.scalars(
        select(CustomsDeclaration).where(
            CustomsDeclaration.sub_order_id == row.sub_order_id,
            CustomsDeclaration.message_type == MessageType.EXPORT_ORDER,
        )
    ).one()
    error = ReceiptEntry(
        "CEB900Message",
        -1001,
        "签名验证失败",
        datetime.now(UTC),
        (("oriCopMsgId", order_row.guid), ("oriMessageType", "CEB303")),
    )
    folders.write_inbox("900.xml", build_receipt(error))
    receive_inbox(db_session, folders)
    assert order_row.status is DeclarationStatus.FAILED and order_row.return_status == -1001


def test_a_failed_transmission_to_customs_needs_attention(db_session, place_paid_order, folders):
    row = sent_list(db_session, place_paid_order, folders)
    folders.write_inbox("4.xml", build_receipt(receipt_for(row, 4, "发送海关失败")))
    receive_inbox(db_session, folders)
    assert row.status is DeclarationStatus.FAILED and row.needs_attention
    assert (row.return_status, row.return_info) == (4, "发送海关失败")


def test_files_that_are_not_receipts_go_to_failed_with_the_reason(
    db_session, place_paid_order, folders
):
    row = sent_list(db_session, place_paid_order, folders)
    folders.write_inbox("garbage.xml", b"<not really xml")
    folders.write_inbox("order.xml", row.payload.encode())  # a declaration, not a receipt
    stranger = ReceiptEntry("CEB604Message", 120, "ok", datetime.now(UTC), (("copNo", "NOBODY-1"),))
    folders.write_inbox("stranger.xml", build_receipt(stranger))
    report = receive_inbox(db_session, folders)
    assert sorted(report.failed_files) == ["garbage.xml", "order.xml", "stranger.xml"]
    reasons = {p.name: p.read_text(encoding="utf-8") for p in folders.failed.glob("*.reason.txt")}
    assert "not a receipt" in reasons["order.xml.reason.txt"]
    assert "NOBODY-1" in reasons["stranger.xml.reason.txt"]
    assert list(folders.inbox.iterdir()) == []
    assert (
        db_session.scalars(
            select(CustomsReceipt).where(CustomsReceipt.declaration_id == row.id)
        ).all()
        == []
    )


def test_the_simulator_refuses_a_list_without_its_electronic_order(
    db_session, place_paid_order, folders
):
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    db_session.commit()
    for path in folders.outbox.glob("CEB303_*.xml"):
        path.unlink()  # the orders never reach customs
    simulator = CustomsSimulator(folders, SchemaValidator(CUSTOMS_XSD_DIR), release_delay=0)
    assert simulator.run_once().rejected == 2
    receive_inbox(db_session, folders)
    list_row = rows_of(db_session, order.sub_orders[0])[1]
    assert list_row.status is DeclarationStatus.REJECTED
    assert "未找到对应的电子订单" in list_row.return_info


def test_the_simulator_answers_a_tampered_message_with_a_format_error(
    db_session, place_paid_order, folders
):
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    db_session.commit()
    path = next(folders.outbox.glob("CEB303_*.xml"))
    path.write_bytes(path.read_bytes().replace(b"<ceb:freight>", b"<ceb:freight>1", 1))
    CustomsSimulator(folders, SchemaValidator(None), release_delay=0).run_once()
    receive_inbox(db_session, folders)
    failed = db_session.scalars(
        select(CustomsDeclaration).where(CustomsDeclaration.status == DeclarationStatus.FAILED)
    ).all()
    assert [row.file_name for row in failed] == [path.name]
    assert failed[0].return_status == -1001 and order.sub_orders


def test_the_receiver_loop_survives_a_failing_pass(monkeypatch, db_session, folders):
    from sqlalchemy.exc import OperationalError

    from storefront.customs.exchange import receiver as receive

    passes = []

    def flaky(session, exchange):
        passes.append(exchange)
        if len(passes) == 1:
            raise OperationalError("SELECT 1", {}, Exception("database is locked"))
        return receive.ReceiveReport(files=1)

    monkeypatch.setattr(receive, "receive_inbox", flaky)
    total = receive.run_receiver(
        db_session, folders, loop=True, interval=0, should_stop=lambda: len(passes) >= 3
    )
    assert len(passes) == 3 and total.files == 2


def test_a_receipt_faster_than_the_dispatcher_commit_waits_in_the_inbox(
    db_session, place_paid_order, folders
):
    order = place_paid_order()  # rows still pending: as if their batch had not committed yet
    row = rows_of(db_session, order.sub_orders[0])[1]
    folders.write_inbox("early.xml", build_receipt(receipt_for(row, 120, "海关入库")))
    report = receive_inbox(db_session, folders)
    assert (report.deferred, report.failed_files) == (1, [])
    assert [p.name for p in folders.inbox.iterdir()] == ["early.xml"]

    dispatch_batch(db_session, folders, DispatchPolicy())
    db_session.commit()
    assert receive_inbox(db_session, folders).recorded == 1
    assert row.status is DeclarationStatus.ACCEPTED


def test_the_buyer_sees_each_parcel_move_from_declared_to_released(
    app, client, db_session, place_paid_order, folders
):
    order = place_paid_order()
    clock = Clock()
    simulator = CustomsSimulator(
        folders, SchemaValidator(CUSTOMS_XSD_DIR), release_delay=60, clock=clock
    )
    with client.session_transaction() as flask_session:
        flask_session["guest_orders"] = [order.number]
    declared = translated_html(
        app, "zh-hant", "Export declaration: submitted to China Customs, waiting for release."
    )
    released = translated_html(app, "zh-hant", "Export declaration: released by China Customs.")
    html = client.get(f"/zh-hant/orders/{order.number}").get_data(as_text=True)
    assert html.count(declared) == 2 and released not in html

    dispatch_batch(db_session, folders, DispatchPolicy())
    simulator.run_once()
    receive_inbox(db_session, folders)
    clock.now += timedelta(seconds=61)
    simulator.run_once()
    receive_inbox(db_session, folders)
    db_session.commit()
    html = client.get(f"/zh-hant/orders/{order.number}").get_data(as_text=True)
    assert html.count(released) == 2 and declared not in html
