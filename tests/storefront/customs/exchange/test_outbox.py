"""The outbox: declarations are born in the transaction that marks the order paid."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree
from sqlalchemy import select

from storefront.customs import customs_adapter
from storefront.customs.declarations.destination_ports import destination_ports
from storefront.customs.declarations.mapping import (
    MissingCustomsData,
    documents_for_sub_order,
)
from storefront.customs.declarations.models import (
    CustomsDeclaration,
    DeclarationStatus,
    MessageType,
)
from storefront.customs.messages.schema import SchemaValidator
from storefront.customs.messages.signing import verify_signature
from storefront.orders.states import PaymentStatus
from storefront.shipping.carriers.booking import waybill_of
from storefront.shipping.carriers.waybill_formats import is_valid_waybill
from tests.conftest import CUSTOMS_XSD_DIR

NS = {"ceb": "http://www.chinaport.gov.cn/ceb"}


def declarations(session, order):
    """Parcel by parcel: its order (declared on payment), then its list (once booked)."""
    return session.scalars(
        select(CustomsDeclaration)
        .where(CustomsDeclaration.order_no.like(f"{order.number}-%"))
        .order_by(CustomsDeclaration.sub_order_id, CustomsDeclaration.id)
    ).all()


def test_paying_an_order_puts_an_order_and_a_list_per_sub_order_into_the_outbox(
    db_session, place_paid_order
):
    order = place_paid_order()  # paid, then each parcel packed and booked by its cooperative
    rows = declarations(db_session, order)
    assert len(order.sub_orders) == 2
    assert [(row.message_type, row.business_no) for row in rows] == [
        (kind, sub.number)
        for sub in order.sub_orders
        for kind in (MessageType.EXPORT_ORDER, MessageType.INVENTORY)
    ]
    for row in rows:
        assert row.status is DeclarationStatus.PENDING and row.next_attempt_at is not None
        assert row.app_type == 1 and row.attempts == 0 and row.problems == []
        payload = row.payload.encode()
        verify_signature(payload)  # appStatus 2: always signed
        SchemaValidator(CUSTOMS_XSD_DIR).validate(payload)  # and schema-valid
        root = etree.fromstring(payload)
        assert root.get("guid") == row.guid
        assert root.findtext(".//ceb:appStatus", namespaces=NS) == "2"
        assert root.findtext(".//ceb:orderNo", namespaces=NS) == row.business_no


def test_the_inventory_list_carries_the_derived_parcel_data(db_session, place_paid_order):
    order = place_paid_order()
    sub_order = order.sub_orders[0]
    row = next(
        r
        for r in declarations(db_session, order)
        if r.message_type is MessageType.INVENTORY and r.sub_order_id == sub_order.id
    )
    root = etree.fromstring(row.payload.encode())
    head = root.find(".//ceb:InventoryHead", NS)
    net_kg = Decimal(sub_order.net_weight_g) / 1000
    assert Decimal(head.findtext("ceb:netWeight", namespaces=NS)) == net_kg
    assert Decimal(head.findtext("ceb:grossWeight", namespaces=NS)) == (
        net_kg * Decimal("1.15")
    ).quantize(Decimal("0.001"))
    waybill = waybill_of(db_session, sub_order.id)
    assert waybill is not None and is_valid_waybill(str(order.shipping_method), waybill.waybill_no)
    assert head.findtext("ceb:logisticsNo", namespaces=NS) == waybill.waybill_no
    assert head.findtext("ceb:tradeMode", namespaces=NS) == "9610"
    assert head.findtext("ceb:ieFlag", namespaces=NS) == "E"
    assert head.findtext("ceb:POD", namespaces=NS) == "132"  # customs' entry for Singapore
    assert head.findtext("ceb:country", namespaces=NS) == "132"  # Singapore
    assert head.findtext("ceb:ebcCode", namespaces=NS) == sub_order.producer.customs_code


def test_a_rolled_back_payment_leaves_no_declaration(app, db_session, place_paid_order):
    order = place_paid_order(pay=False)
    savepoint = db_session.begin_nested()
    from storefront.orders.actors import Actor
    from storefront.orders.services import mark_order_paid

    mark_order_paid(db_session, order, actor=Actor("test"), declarations=customs_adapter(app))
    # The two electronic orders, flushed inside the payment transaction (the lists follow when
    # the cooperatives book their parcels).
    assert len(declarations(db_session, order)) == 2
    savepoint.rollback()
    assert declarations(db_session, order) == []
    db_session.refresh(order)
    assert order.payment_status is PaymentStatus.PENDING


def test_missing_customs_data_blocks_the_declaration_but_not_the_payment(
    db_session, place_paid_order, two_coops
):
    tea, duck = two_coops
    tea.producer.customs_code = None
    tea.hs_code = None  # the order line snapshots the catalog at ordering time
    order = place_paid_order()
    assert order.payment_status is PaymentStatus.PAID
    rows = declarations(db_session, order)
    blocked = [row for row in rows if row.producer_id == tea.producer_id]
    fine = [row for row in rows if row.producer_id == duck.producer_id]
    assert {row.status for row in blocked} == {DeclarationStatus.BLOCKED}
    assert all(row.payload is None and row.next_attempt_at is None for row in blocked)
    codes = {problem["code"] for problem in blocked[0].problems}
    assert codes == {"producer_customs_code", "line_hs_code"}
    assert {row.status for row in fine} == {DeclarationStatus.PENDING}


def test_declaring_a_paid_order_twice_adds_nothing(app, db_session, place_paid_order):
    order = place_paid_order()
    assert app.extensions["customs"].outbox.declare_paid_order(db_session, order) == []
    assert len(declarations(db_session, order)) == 4


def test_mapping_reports_every_missing_item_at_once(db_session, place_paid_order, adapter):
    order = place_paid_order(chinese_names=False)
    sub_order = order.sub_orders[0]
    sub_order.order.destination_country = "AQ"  # Antarctica: no customs code, no port
    for line in sub_order.lines:
        line.customs_unit = "999"
    try:
        documents_for_sub_order(
            sub_order,
            adapter.settings,
            order_guid="A" * 36,
            inventory_guid="B" * 36,
            ports=destination_ports(db_session),
            waybill_no=None,
        )
    except MissingCustomsData as missing:
        codes = [item.code for item in missing.missing]
    else:  # pragma: no cover - the assertion below explains
        codes = []
    assert codes[:2] == ["producer_chinese_name", "destination_country"]
    assert "line_customs_unit" in codes
    assert "awaiting_waybill" in codes
