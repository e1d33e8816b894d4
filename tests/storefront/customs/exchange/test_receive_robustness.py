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
