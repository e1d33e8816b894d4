"""The operator's declarations pages: filters, XML and receipts, resubmit, cancel, summary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from lxml import etree
from sqlalchemy import select

from catalog.models import CustomsStatisticsFlag
from storefront.accounts.models import User, UserRole
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)
from storefront.customs.exchange.dispatcher import DispatchPolicy, dispatch_batch
from storefront.customs.exchange.receiver import receive_inbox
from storefront.customs.messages.receipt_builders import ReceiptEntry, build_receipt
from storefront.customs.messages.schema import SchemaValidator
from storefront.customs.messages.signing import verify_signature
from storefront.customs.messages.wire_format import CHINA_TIME
from storefront.orders.actors import Actor
from tests.conftest import CUSTOMS_XSD_DIR

NS = {"ceb": "http://www.chinaport.gov.cn/ceb"}
BASE = "/en/admin/customs/"


def sign_in(client, session, role: UserRole) -> User:
    user = User(email=f"{role.value}@chenzhou-zone.cn", role=role, full_name="Zone operator")
    user.set_password("demo-password-2026")
    session.add(user)
    session.flush()
    response = client.post(
        "/en/account/login", data={"email": user.email, "password": "demo-password-2026"}
    )
    assert response.status_code in (302, 303), response.get_data(as_text=True)
    return user


@pytest.fixture
def operator(client, db_session):
    return sign_in(client, db_session, UserRole.OPERATOR)


def rows_of(session, order):
    """The order's declarations parcel by parcel (its order, then its list once booked)."""
    return session.scalars(
        select(CustomsDeclaration)
        .where(CustomsDeclaration.order_no.like(f"{order.number}-%"))
        .order_by(CustomsDeclaration.sub_order_id, CustomsDeclaration.id)
    ).all()


def answer(session, folders, row, status, info, **fields):
    keys = {"copNo": row.business_no, "orderNo": row.business_no, **fields}
    kind = "CEB304Message" if row.message_type is MessageType.EXPORT_ORDER else "CEB604Message"
    entry = ReceiptEntry(kind, status, info, datetime.now(UTC), tuple(keys.items()))
    folders.write_inbox(f"{row.guid}-{status}.xml", build_receipt(entry))
    session.commit()
    receive_inbox(session, folders)


def test_only_operators_get_in(client, db_session):
    response = client.get(BASE)
    assert response.status_code == 302 and "/account/login" in response.location
    sign_in(client, db_session, UserRole.BUYER)
    assert client.get(BASE).status_code == 403


def test_the_list_filters_and_shows_what_needs_attention(
    client, db_session, operator, place_paid_order, two_coops
):
    tea, duck = two_coops
    tea.producer.customs_code = None
    order = place_paid_order()
    page = client.get(BASE).get_data(as_text=True)
    assert "2 declarations need attention" in page
    for sub in order.sub_orders:
        assert sub.number in page

    attention = client.get(BASE + "?status=attention").get_data(as_text=True)
    assert attention.count('class="declaration status-blocked needs-attention"') == 2
    assert "status-pending" not in attention
    by_producer = client.get(BASE + f"?producer={duck.producer_id}").get_data(as_text=True)
    assert by_producer.count('<tr class="declaration') == 2 and "status-blocked" not in by_producer
    today = datetime.now(UTC).date().isoformat()
    assert (
        client.get(BASE + f"?from={today}&to={today}")
        .get_data(as_text=True)
        .count('<tr class="declaration')
        >= 4
    )
    assert '<tr class="declaration' not in client.get(BASE + "?to=2001-01-01").get_data(
        as_text=True
    )

    bad = client.get(BASE + "?from=yesterday&status=nonsense")
    assert bad.status_code == 200
    text = bad.get_data(as_text=True)
    assert (
        "Dates are written YYYY-MM-DD: yesterday was ignored." in text and "Unknown status" in text
    )


def test_the_list_runs_the_same_number_of_queries_for_more_declarations(
    client, db_session, operator, place_paid_order, count_queries
):
    from tests.factories import make_producer
    from tests.storefront.customs.exchange.test_dispatch import pending_row

    place_paid_order()
    client.get(BASE)
    db_session.expire_all()  # measure both pages from a cold identity map
    with count_queries() as few:
        client.get(BASE)
    db_session.add_all(pending_row(n, producer_id=make_producer(db_session).id) for n in range(10))
    db_session.commit()
    db_session.expire_all()
    with count_queries() as more:
        response = client.get(BASE)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count('<tr class="declaration') == 14
    assert len(more) == len(few)


def test_the_detail_shows_the_xml_and_the_receipts_timeline(
    client, db_session, operator, place_paid_order, folders
):
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    row = rows_of(db_session, order)[1]
    answer(db_session, folders, row, 120, "清单新增申报成功", invtNo="49002026E000000077")
    answer(db_session, folders, row, 800, "放行", invtNo="49002026E000000077")
    page = client.get(f"{BASE}{row.id}").get_data(as_text=True)
    assert "CEB603Message" in page and row.guid in page  # the XML, escaped
    timeline = page[page.index('id="receipts"') :]
    assert "Entered into the customs system" in timeline and "Released" in timeline
    assert timeline.index("清单新增申报成功") < timeline.index("放行")
    assert "49002026E000000077" in page


def test_a_blocked_declaration_is_resubmitted_once_the_catalog_is_fixed(
    client, db_session, operator, place_paid_order, two_coops
):
    tea, _duck = two_coops
    tea.hs_code = None
    order = place_paid_order()
    blocked = [row for row in rows_of(db_session, order) if row.status is DeclarationStatus.BLOCKED]
    assert len(blocked) == 2
    page = client.get(f"{BASE}{blocked[1].id}").get_data(as_text=True)
    assert "A product has no HS code" in page

    response = client.post(f"{BASE}{blocked[1].id}/resubmit")  # still missing: a clear refusal
    assert response.status_code == 302
    still = [row for row in rows_of(db_session, order) if row.status is DeclarationStatus.BLOCKED]
    assert len(still) == 2 and {row.id for row in still}.isdisjoint({row.id for row in blocked})

    tea.hs_code = "0902109000"
    client.post(f"{BASE}{still[0].id}/resubmit")
    fresh = [
        row
        for row in rows_of(db_session, order)
        if row.producer_id == tea.producer_id and row.status is DeclarationStatus.PENDING
    ]
    assert [row.message_type for row in fresh] == [MessageType.EXPORT_ORDER, MessageType.INVENTORY]
    assert all(row.app_type == 1 for row in fresh)  # customs never saw the blocked ones
    SchemaValidator(CUSTOMS_XSD_DIR).validate(fresh[1].payload.encode())
    assert {row.status for row in still} == {DeclarationStatus.SUPERSEDED}


def test_a_rejected_list_is_resubmitted_as_a_change_with_the_same_numbers(
    client, db_session, operator, place_paid_order, folders
):
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    row = rows_of(db_session, order)[1]
    answer(db_session, folders, row, 100, "商品编码有误")
    assert row.status is DeclarationStatus.REJECTED
    response = client.post(f"{BASE}{row.id}/resubmit")
    new = db_session.scalars(
        select(CustomsDeclaration).where(CustomsDeclaration.related_id == row.id)
    ).one()
    assert response.location.endswith(f"{BASE}{new.id}")
    root = etree.fromstring(new.payload.encode())
    assert root.findtext(".//ceb:appType", namespaces=NS) == "2"
    assert root.findtext(".//ceb:copNo", namespaces=NS) == row.business_no
    assert new.guid != row.guid and row.status is DeclarationStatus.SUPERSEDED


def test_a_numbered_list_is_cancelled_with_a_ceb605(
    client, db_session, operator, place_paid_order, folders
):
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    db_session.commit()
    row = rows_of(db_session, order)[1]
    response = client.post(f"{BASE}{row.id}/cancel", data={"reason": "买家取消订单"})
    assert response.status_code == 302
    assert "wait for its receipt" in client.get(response.location).get_data(
        as_text=True
    )  # no invtNo yet

    answer(db_session, folders, row, 120, "清单新增申报成功", invtNo="49002026E000000099")
    empty = client.post(f"{BASE}{row.id}/cancel", data={"reason": "  "})
    assert empty.status_code == 400 and "Please give a reason" in empty.get_data(as_text=True)
    client.post(f"{BASE}{row.id}/cancel", data={"reason": "买家取消订单"})
    cancel = db_session.scalars(
        select(CustomsDeclaration).where(
            CustomsDeclaration.message_type == MessageType.INVENTORY_CANCEL
        )
    ).one()
    assert cancel.related_id == row.id and cancel.status is DeclarationStatus.PENDING
    payload = cancel.payload.encode()
    verify_signature(payload)
    SchemaValidator(CUSTOMS_XSD_DIR).validate(payload)
    assert (
        etree.fromstring(payload).findtext(".//ceb:invtNo", namespaces=NS) == "49002026E000000099"
    )

    dispatch_batch(db_session, folders, DispatchPolicy())
    entry = ReceiptEntry(
        "CEB606Message", 800, "撤销申请审核通过", datetime.now(UTC), (("copNo", row.business_no),)
    )
    folders.write_inbox("606.xml", build_receipt(entry))
    db_session.commit()
    receive_inbox(db_session, folders)
    assert cancel.status is DeclarationStatus.RELEASED and row.status is DeclarationStatus.CANCELLED


def test_a_pending_declaration_is_cancelled_here_without_a_message(
    client, db_session, operator, place_paid_order
):
    order = place_paid_order()
    row = rows_of(db_session, order)[0]
    client.post(f"{BASE}{row.id}/cancel", data={"reason": "duplicate order"})
    assert row.status is DeclarationStatus.CANCELLED and row.cancel_reason == "duplicate order"
    assert (
        db_session.scalars(
            select(CustomsDeclaration).where(
                CustomsDeclaration.message_type == MessageType.INVENTORY_CANCEL
            )
        ).all()
        == []
    )


def summarised_producers(two_coops) -> None:
    """Both cooperatives want the export VAT refund: their lists are declared with flag B."""
    for product in two_coops:
        product.producer.customs_statistics_flag = CustomsStatisticsFlag.SUMMARY


def released_last_month(session, lists) -> str:
    """Move the lists' release into the previous (closed) month; return that month."""
    first_of_month = datetime.now(CHINA_TIME).replace(day=1, hour=12, minute=0, second=0)
    released = (first_of_month - timedelta(days=3)).astimezone(UTC)
    for row in lists:
        row.released_at = released
    session.flush()
    return released.astimezone(CHINA_TIME).strftime("%Y-%m")


def test_the_monthly_summary_names_the_released_lists(
    client, db_session, operator, place_paid_order, folders, two_coops
):
    summarised_producers(two_coops)
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    lists = [row for row in rows_of(db_session, order) if row.message_type is MessageType.INVENTORY]
    for number, row in enumerate(lists, start=1):
        answer(db_session, folders, row, 800, "放行", invtNo=f"49002026E00000010{number}")
    month = released_last_month(db_session, lists)

    client.post(BASE + "summaries", data={"month": month})
    summaries = db_session.scalars(
        select(CustomsDeclaration).where(CustomsDeclaration.message_type == MessageType.SUMMARY)
    ).all()
    assert len(summaries) == 2 and {row.summary_month for row in summaries} == {month}
    numbers = {
        etree.fromstring(row.payload.encode()).findtext(".//ceb:invtNo", namespaces=NS)
        for row in summaries
    }
    assert numbers == {"49002026E000000101", "49002026E000000102"}
    SchemaValidator(CUSTOMS_XSD_DIR).validate(summaries[0].payload.encode())

    client.post(BASE + "summaries", data={"month": month})  # asking again queues nothing new
    assert (
        len(
            db_session.scalars(
                select(CustomsDeclaration).where(
                    CustomsDeclaration.message_type == MessageType.SUMMARY
                )
            ).all()
        )
        == 2
    )
    bad = client.post(BASE + "summaries", data={"month": "March"}, follow_redirects=True)
    assert "Write the month as YYYY-MM." in bad.get_data(as_text=True)


def test_actions_need_a_csrf_token(app, client, db_session, operator, place_paid_order):
    order = place_paid_order()
    row = rows_of(db_session, order)[0]
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(f"{BASE}{row.id}/cancel", data={"reason": "no token"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert row.status is DeclarationStatus.PENDING


def test_an_order_message_at_customs_offers_no_cancel_button(
    client, db_session, operator, place_paid_order, folders
):
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    db_session.commit()
    order_row, list_row = rows_of(db_session, order)[:2]
    assert 'id="cancel"' not in client.get(f"{BASE}{order_row.id}").get_data(as_text=True)
    assert 'id="cancel"' in client.get(f"{BASE}{list_row.id}").get_data(as_text=True)
    refused = client.post(
        f"{BASE}{order_row.id}/cancel", data={"reason": "try anyway"}, follow_redirects=True
    )
    assert "can no longer be cancelled" in refused.get_data(as_text=True)
    assert order_row.status is DeclarationStatus.SENT


def test_a_refused_cancellation_keeps_what_the_operator_typed(
    client, db_session, operator, place_paid_order
):
    row = rows_of(db_session, place_paid_order())[1]
    too_long = "买家取消" * 130  # 520 characters
    response = client.post(f"{BASE}{row.id}/cancel", data={"reason": too_long})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "At most 500 characters." in page and too_long in page
    assert row.status is DeclarationStatus.PENDING


def test_a_later_summary_names_only_the_lists_released_since(
    db_session, adapter, place_paid_order, folders, two_coops
):
    from storefront.customs.declarations.summaries import declare_monthly_summaries

    summarised_producers(two_coops)
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    first, second = [
        row for row in rows_of(db_session, order) if row.message_type is MessageType.INVENTORY
    ]
    answer(db_session, folders, first, 800, "放行", invtNo="49002026E000000301")
    month = released_last_month(db_session, [first])
    [summary] = declare_monthly_summaries(db_session, adapter.outbox, month, actor=Actor("test"))
    assert first.summarised_by_id == summary.id

    answer(db_session, folders, second, 800, "放行", invtNo="49002026E000000302")
    released_last_month(db_session, [second])
    assert second.producer_id != first.producer_id  # two cooperatives: one summary each
    [again] = declare_monthly_summaries(db_session, adapter.outbox, month, actor=Actor("test"))
    assert (
        etree.fromstring(again.payload.encode()).findtext(".//ceb:invtNo", namespaces=NS)
        == "49002026E000000302"
    )

    summary.status = DeclarationStatus.REJECTED  # customs refused the first: its list is free again
    db_session.flush()
    [retry] = declare_monthly_summaries(db_session, adapter.outbox, month, actor=Actor("test"))
    assert retry.business_no == summary.business_no + "-2" and first.summarised_by_id == retry.id


def test_operators_find_the_page_in_the_header(client, db_session, operator):
    page = client.get("/zh-hans/").get_data(as_text=True)
    assert 'href="/zh-hans/admin/customs/"' in page


def test_the_detail_page_runs_the_same_number_of_queries_for_more_receipts(
    client, db_session, operator, place_paid_order, folders, count_queries
):
    order = place_paid_order()
    dispatch_batch(db_session, folders, DispatchPolicy())
    row = rows_of(db_session, order)[1]
    answer(db_session, folders, row, 120, "清单新增申报成功", invtNo="49002026E000000401")
    client.get(f"{BASE}{row.id}")
    db_session.expire_all()  # measure both pages from a cold identity map
    with count_queries() as few:
        client.get(f"{BASE}{row.id}")
    for status, info in ((300, "人工审核"), (399, "海关审结"), (800, "放行"), (899, "结关")):
        answer(db_session, folders, row, status, info)
    db_session.expire_all()
    with count_queries() as more:
        page = client.get(f"{BASE}{row.id}").get_data(as_text=True)
    assert page.count('<li class="receipt">') == 5
    assert len(more) == len(few)
