"""One bad receipt file never jams the inbox: it goes to failed/ with its reason, the pass goes on."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from storefront.customs.declarations.models import CustomsDeclaration
from storefront.customs.exchange.dispatcher import DispatchPolicy, dispatch_batch
from storefront.customs.exchange.receiver import receive_inbox
from storefront.customs.messages.receipt_builders import ReceiptEntry, build_receipt


def receipt(row, status=120, moment=None) -> bytes:
    keys = (("copNo", row.business_no), ("orderNo", row.business_no))
    moment = moment or datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    return build_receipt(ReceiptEntry("CEB604Message", status, "海关入库", moment, keys))


def with_field(data: bytes, name: str, value: str) -> bytes:
    pattern = re.compile(rb"(<(?:\w+:)?" + name.encode() + rb">)[^<]*(</)")
    changed, count = pattern.subn(rb"\g<1>" + value.encode() + rb"\g<2>", data)
    assert count == 1
    return changed


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("returnTime", "00010101000000000"),
        ("returnStatus", "9223372036854775808"),
        ("returnStatus", "12345678901234567890"),
        ("returnStatus", "-99999999999999999999"),
    ],
)
def test_a_receipt_the_database_cannot_store_goes_to_failed_and_the_pass_goes_on(
    db_session, place_paid_order, folders, field, value
):
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    db_session.commit()
    row = db_session.scalars(
        select(CustomsDeclaration)
        .where(CustomsDeclaration.sub_order_id == order.sub_orders[0].id)
        .order_by(CustomsDeclaration.id)
    ).all()[1]  # the inventory list (CEB603), answered by CEB604
    folders.write_inbox("a-bad.xml", with_field(receipt(row), field, value))
    folders.write_inbox("b-good.xml", receipt(row, 120))
    report = receive_inbox(db_session, folders)
    assert report.failed_files == ["a-bad.xml"]
    assert report.recorded == 1 and list(folders.inbox.iterdir()) == []
    reason = (folders.failed / "a-bad.xml.reason.txt").read_text(encoding="utf-8")
    assert reason.strip()
    assert [r.return_status for r in row.receipts] == [120]


def malformed_receipts(count: int, good: bytes) -> list[tuple[str, bytes]]:
    """Files of every bad kind: not XML, empty, binary, truncated, wrong root, no keys, huge."""
    kinds = [
        b"",
        b"not xml at all",
        b"\x00\xff\xfe" * 50,
        good[: len(good) // 2],  # cut off mid-way
        b'<?xml version="1.0"?><CEB999Message/>',
        good.replace(b"copNo", b"copNoX").replace(b"orderNo", b"orderNoX"),
        b"<" * 5000,
        '<?xml version="1.0" encoding="GBK"?><a>\u4e2d</a>'.encode(),
        b'<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
    ]
    return [(f"bad-{n:04d}.xml", kinds[n % len(kinds)]) for n in range(count)]


def test_a_thousand_malformed_receipts_all_go_to_failed_and_the_receiver_goes_on(
    db_session, place_paid_order, folders
):
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    db_session.commit()
    row = db_session.scalars(
        select(CustomsDeclaration)
        .where(CustomsDeclaration.sub_order_id == order.sub_orders[0].id)
        .order_by(CustomsDeclaration.id)
    ).all()[1]
    good = receipt(row, 120)
    for name, data in malformed_receipts(1000, good):
        (folders.inbox / name).write_bytes(data)
    folders.write_inbox("zz-good.xml", good)  # sorted last: read after every bad one
    report = receive_inbox(db_session, folders)
    assert len(report.failed_files) == 1000 and report.recorded == 1
    assert list(folders.inbox.iterdir()) == [] and list(folders.receiving.iterdir()) == []
    failed = {path.name for path in folders.failed.iterdir()}
    assert {f"bad-{n:04d}.xml" for n in range(1000)} <= failed
    assert len([name for name in failed if name.endswith(".reason.txt")]) == 1000
    assert [r.return_status for r in row.receipts] == [120]


def test_two_receivers_on_one_inbox_handle_each_file_once(folders):
    """Each receiver claims a file by renaming it into receiving/: of two, one wins."""
    names = [f"r-{n:03d}.xml" for n in range(300)]
    for name in names:
        (folders.inbox / name).write_bytes(b"x")
    claimed: list[list[str]] = [[], []]

    def receiver(index: int) -> None:
        for path in sorted(folders.inbox.iterdir()):
            mine = folders.claim_receipt(path)
            if mine is not None:
                claimed[index].append(mine.name)
                folders.move(mine, folders.processed)

    import threading

    threads = [threading.Thread(target=receiver, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(claimed[0] + claimed[1]) == names  # each file once, none lost
    assert sorted(path.name for path in folders.processed.iterdir()) == names


def test_a_file_left_in_receiving_by_a_dead_receiver_comes_back_to_the_inbox(folders):
    import os
    import time

    path = folders.write_inbox("late.xml", b"<x/>")
    claimed = folders.claim_receipt(path)
    assert claimed is not None and not path.exists()
    assert folders.stale_claims_back() == 0  # a live claim stays
    old = time.time() - 3600
    os.utime(claimed, (old, old))
    assert folders.stale_claims_back() == 1 and (folders.inbox / "late.xml").exists()
