"""Receipts the operator reads, summary flags per producer, cancelling a summarised list, who
declares."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from catalog.models import CustomsStatisticsFlag
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)
from storefront.customs.declarations.operations import OperationRefused, cancel, withdraw_order
from storefront.customs.declarations.summaries import MonthNotClosed, declare_monthly_summaries
from storefront.customs.exchange.dispatcher import DispatchPolicy, dispatch_batch
from storefront.customs.exchange.receiver import receive_inbox
from storefront.customs.messages.receipt_builders import ReceiptEntry, build_receipt
from storefront.customs.messages.receipt_parser import parse_receipts
from storefront.customs.messages.schema import SchemaValidator
from storefront.customs.settings import CustomsSettings
from storefront.exceptions import ConfigurationError
from storefront.orders.actors import Actor
from tests.conftest import CUSTOMS_XSD_DIR
from tests.storefront.customs.web.test_operator_pages import (
    BASE,
    answer,
    operator,
    released_last_month,
    rows_of,
    summarised_producers,
)

__all__ = ["operator"]
OPERATOR = Actor("operator:test")


def lists_of(session, order):
    return [row for row in rows_of(session, order) if row.message_type is MessageType.INVENTORY]


def test_an_english_operator_reads_a_label_beside_customs_own_words(
    client, db_session, operator, place_paid_order, folders
):
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    row = lists_of(db_session, order)[0]
    answer(db_session, folders, row, 800, "放行", invtNo="49002026E000000401")
    page = client.get(f"{BASE}{row.id}").get_data(as_text=True)
    assert '<span class="status-label">Released</span> · <span lang="zh-Hans">放行</span>' in page
    listing = client.get(BASE).get_data(as_text=True)
    assert 'Released · <span lang="zh-Hans">放行</span>' in listing


def test_a_list_held_for_inspection_is_on_the_attention_list(
    client, db_session, operator, place_paid_order, folders
):
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    row = lists_of(db_session, order)[0]
    answer(db_session, folders, row, 500, "查验", invtNo="49002026E000000402")
    assert row.status is DeclarationStatus.HELD and row.needs_attention
    page = client.get(f"{BASE}?status=attention").get_data(as_text=True)
    assert row.business_no in page


def test_a_message_left_unanswered_too_long_is_flagged(
    client, db_session, operator, place_paid_order, folders
):
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    rows = rows_of(db_session, order)
    fresh = rows[0]
    stale = rows[1]
    stale.sent_at = datetime.now(UTC) - timedelta(hours=5)  # default threshold: 120 minutes
    db_session.commit()
    page = client.get(f"{BASE}?status=attention").get_data(as_text=True)
    assert stale.business_no in page and "No answer from customs yet" in page
    assert fresh.business_no not in page or fresh.business_no == stale.business_no


@pytest.mark.parametrize("status", [399, 800, 899])
def test_every_approving_status_cancels_the_list(
    db_session, adapter, place_paid_order, folders, status
):
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    row = lists_of(db_session, order)[0]
    answer(db_session, folders, row, 120, "清单新增申报成功", invtNo="49002026E000000403")
    request = cancel(db_session, adapter.outbox, row, reason="买家取消订单", actor=OPERATOR)
    db_session.commit()
    dispatch_batch(db_session, folders, DispatchPolicy())
    entry = ReceiptEntry(
        "CEB606Message", status, "撤销审核", datetime.now(UTC), (("copNo", row.business_no),)
    )
    folders.write_inbox(f"606-{status}.xml", build_receipt(entry))
    db_session.commit()
    receive_inbox(db_session, folders)
    assert request.return_status == status and row.status is DeclarationStatus.CANCELLED


def test_only_lists_declared_with_flag_b_are_summarised(
    db_session, adapter, place_paid_order, folders, two_coops
):
    tea, duck = two_coops
    tea.producer.customs_statistics_flag = CustomsStatisticsFlag.SUMMARY  # duck's stays A
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    lists = lists_of(db_session, order)
    for number, row in enumerate(lists, start=1):
        answer(db_session, folders, row, 800, "放行", invtNo=f"49002026E00000050{number}")
    flags = {row.producer_id: "<ceb:statisticsFlag>B<" in row.payload for row in lists}
    assert flags == {tea.producer_id: True, duck.producer_id: False}
    # the flag declared is stored on the row, and the summary reads it from there
    assert {row.producer_id: row.statistics_flag for row in lists} == {
        tea.producer_id: "B",
        duck.producer_id: "A",
    }
    # changing the producer's setting later does not change what its lists were declared with
    duck.producer.customs_statistics_flag = CustomsStatisticsFlag.SUMMARY
    month = released_last_month(db_session, lists)
    summaries = declare_monthly_summaries(db_session, adapter.outbox, month, actor=OPERATOR)
    assert [row.producer_id for row in summaries] == [tea.producer_id]


def test_a_summary_of_the_running_or_a_future_month_is_refused(
    client, db_session, operator, adapter
):
    now = datetime.now(UTC)
    for month in (f"{now:%Y-%m}", f"{now.year + 1}-01"):
        with pytest.raises(MonthNotClosed):
            declare_monthly_summaries(db_session, adapter.outbox, month, actor=OPERATOR)
    page = client.post(
        BASE + "summaries", data={"month": f"{now.year + 1}-01"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "is not over yet" in page
    assert (
        db_session.scalars(
            select(CustomsDeclaration).where(CustomsDeclaration.message_type == MessageType.SUMMARY)
        ).all()
        == []
    )


def test_a_list_named_in_a_summary_is_not_withdrawn_silently(
    client, db_session, operator, adapter, place_paid_order, folders, two_coops
):
    summarised_producers(two_coops)
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    row = lists_of(db_session, order)[0]
    answer(db_session, folders, row, 800, "放行", invtNo="49002026E000000601")
    month = released_last_month(db_session, [row])
    [summary] = declare_monthly_summaries(db_session, adapter.outbox, month, actor=OPERATOR)
    with pytest.raises(OperationRefused) as refused:
        cancel(db_session, adapter.outbox, row, reason="买家取消订单", actor=OPERATOR)
    assert refused.value.reason == "in_summary"
    withdraw_order(db_session, adapter.outbox, order, reason="买家取消订单", actor=OPERATOR)
    db_session.commit()
    assert row.status is DeclarationStatus.RELEASED and row.needs_attention  # waits
    page = client.get(f"{BASE}{row.id}").get_data(as_text=True)
    assert 'id="cancellation-in-summary"' in page and summary.business_no in page
    refused = client.post(f"{BASE}{row.id}/cancel", data={"reason": "买家取消订单"})
    assert "must be amended with customs" in client.get(refused.location).get_data(as_text=True)
    client.post(
        f"{BASE}{row.id}/cancel", data={"reason": "买家取消订单", "summary_amended": "y"}
    )  # the operator had the export declaration amended: now the CEB605 goes
    cancels = db_session.scalars(
        select(CustomsDeclaration).where(
            CustomsDeclaration.message_type == MessageType.INVENTORY_CANCEL,
            CustomsDeclaration.related_id == row.id,
        )
    ).all()
    assert len(cancels) == 1 and cancels[0].status is DeclarationStatus.PENDING


def test_the_summary_result_is_parsed_and_shown(
    client, db_session, operator, adapter, place_paid_order, folders, two_coops
):
    summarised_producers(two_coops)
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    row = lists_of(db_session, order)[0]
    answer(db_session, folders, row, 800, "放行", invtNo="49002026E000000701")
    month = released_last_month(db_session, [row])
    [summary] = declare_monthly_summaries(db_session, adapter.outbox, month, actor=OPERATOR)
    db_session.commit()
    dispatch_batch(db_session, folders, DispatchPolicy())
    now = datetime.now(UTC)
    accepted = ReceiptEntry(
        "CEB702Message",
        120,
        "汇总申请成功",
        now,
        (
            ("agentCode", "4310960002"),
            ("ebcCode", summary.producer.customs_code),
            ("copNo", summary.business_no),
            ("preNo", "B20261201000000001"),
            ("sumNo", "490020261201000001"),
            ("msgSeqNo", "1"),
        ),
    )
    result = ReceiptEntry(
        "CEB792Message",
        0,
        "",
        now + timedelta(seconds=1),
        (
            ("customsCode", "4900"),
            ("sumNo", "490020261201000001"),
            ("declSeqNo", "S20261201000000001"),
            ("entryId", "490020261000000001"),
            ("decState", "A"),
            ("agentCode", "4310960002"),
            ("agentName", "平台"),
            ("ebcCode", summary.producer.customs_code),
            ("ebcName", "合作社"),
            ("declAgentCode", "4310960002"),
            ("declAgentName", "平台"),
            ("grossWeight", "1.2"),
            ("netWeight", "1"),
            ("msgCount", "1"),
            ("msgSeqNo", "1"),
            ("line", "49002026E000000701|RR473124829CN|1|1|0902109000"),
        ),
    )
    SchemaValidator(CUSTOMS_XSD_DIR).validate(build_receipt(accepted))
    SchemaValidator(CUSTOMS_XSD_DIR).validate(build_receipt(result))
    (parsed,) = parse_receipts(build_receipt(result))
    assert parsed.entry_id == "490020261000000001" and parsed.inventory_nos == (
        "49002026E000000701",
    )
    folders.write_inbox("702.xml", build_receipt(accepted))
    folders.write_inbox("792.xml", build_receipt(result))
    db_session.commit()
    receive_inbox(db_session, folders)
    assert not list(folders.failed.glob("*.xml"))
    assert (summary.entry_id, summary.decl_seq_no, summary.dec_state) == (
        "490020261000000001",
        "S20261201000000001",
        "A",
    )
    page = client.get(f"{BASE}{summary.id}").get_data(as_text=True)
    assert 'id="entry-id">490020261000000001' in page and "Summary result" in page


def test_the_producer_page_explains_and_changes_the_flag(client, db_session, operator, two_coops):
    tea, _duck = two_coops
    page = client.get(f"{BASE}producers").get_data(as_text=True)
    assert 'id="flag-explained"' in page and "VAT refund" in page
    client.post(f"{BASE}producers/{tea.producer_id}/flag", data={"flag": "B"})
    db_session.refresh(tea.producer)
    assert tea.producer.customs_statistics_flag is CustomsStatisticsFlag.SUMMARY
    client.post(f"{BASE}producers/{tea.producer_id}/flag", data={"flag": "C"})
    db_session.refresh(tea.producer)
    assert tea.producer.customs_statistics_flag is CustomsStatisticsFlag.SUMMARY


def test_who_declares_and_who_transmits_agree(app):
    base = dict(app.config)
    broker = {**base, "CUSTOMS_DECLARANT": "broker", "CUSTOMS_COP_CODE": base["CUSTOMS_AGENT_CODE"]}
    assert CustomsSettings.from_mapping(broker).agent.code == base["CUSTOMS_AGENT_CODE"]
    platform = CustomsSettings.from_mapping({**base, "CUSTOMS_DECLARANT": "platform"})
    assert platform.agent == platform.platform
    assert platform.sender.cop_code == platform.platform.code
    with pytest.raises(ConfigurationError, match="must be the declaring enterprise"):
        CustomsSettings.from_mapping({**base, "CUSTOMS_DECLARANT": "broker"})
    with pytest.raises(ConfigurationError):
        CustomsSettings.from_mapping({**base, "CUSTOMS_DECLARANT": "somebody"})


def test_a_receipt_that_contradicts_the_declaration_is_set_aside_whole(
    db_session, place_paid_order, folders
):
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    row = lists_of(db_session, order)[0]
    answer(db_session, folders, row, 800, "放行", invtNo="49002026E000000801", ebcCode="9999999999")
    failed = list(folders.failed.glob("*.xml"))
    assert len(failed) == 1
    reason = failed[0].with_name(failed[0].name + ".reason.txt")
    assert "contradicts the declared" in (
        reason.read_text()
        if reason.exists()
        else "".join(p.read_text() for p in folders.failed.glob("*.txt"))
    )
    assert row.status is DeclarationStatus.SENT and row.receipts == []  # nothing half-written


def test_the_tax_refund_csv_lists_the_months_released_lines(
    client, db_session, operator, adapter, place_paid_order, folders, two_coops
):
    tea, _duck = two_coops
    summarised_producers(two_coops)
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    row = next(r for r in lists_of(db_session, order) if r.producer_id == tea.producer_id)
    answer(db_session, folders, row, 800, "放行", invtNo="49002026E000000901")
    month = released_last_month(db_session, [row])
    [summary] = declare_monthly_summaries(db_session, adapter.outbox, month, actor=OPERATOR)
    summary.sum_no, summary.entry_id = "490020261201000009", "490020261000000009"
    db_session.commit()
    response = client.get(f"{BASE}producers/{tea.producer_id}/tax-refund.csv?month={month}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    header, line = text.splitlines()[:2]
    assert header.startswith("日期 date,清单编号 invtNo")
    cells = line.split(",")
    assert cells[1] == "49002026E000000901" and cells[-1] == "490020261000000009"
    assert cells[6] == "盒 (140)" and cells[7] == "2" and cells[9] == "116"  # 2 x 58.00
    bad = client.get(f"{BASE}producers/{tea.producer_id}/tax-refund.csv?month=May")
    assert bad.status_code == 302
