"""A paid bonded order through customs: CEB311 + CEB621 in the paid transaction (sealed, signed,
schema-valid), the sandbox's CEB411 and CEB511, the three-document match, 800 -> ready for
pickup with a code and its QR by e-mail; a refusal (annual limit at customs) -> cancelled and
refunded with customs' reason, stock and quota back."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree
from sqlalchemy import select

from storefront.bonded.cli import follow_customs_once
from storefront.bonded.stages import pickup_stage
from storefront.customs.declarations.models import CustomsDeclaration, DeclarationStatus
from storefront.customs.messages.message_xml import CEB_NAMESPACE
from storefront.customs.messages.schema import SchemaValidator
from storefront.customs.messages.signing import verify_signature
from storefront.orders.states import OrderStatus, PaymentStatus
from storefront.pickup.bonded_orders import PickupStage
from storefront.pickup.holds import used_this_year
from tests.conftest import CUSTOMS_XSD_DIR
from tests.i18n import translated
from tests.pickup_ids import SECOND_TOURIST, TOURIST

NS = {"ceb": CEB_NAMESPACE}


def declarations_of(session, order):
    return session.scalars(
        select(CustomsDeclaration)
        .where(CustomsDeclaration.order_no == order.number)
        .order_by(CustomsDeclaration.id)
    ).all()


def test_payment_declares_order_and_list_sealed_signed_and_valid(
    app, db_session, place, pay, customs, vault
):
    order = place({"BD-NZ-MILK-3": 2, "BD-JP-SERUM-30": 1})
    assert pay(order).newly_paid
    rows = declarations_of(db_session, order)
    assert [row.message_type.value for row in rows] == ["CEB311", "CEB621"]
    assert all(row.status is DeclarationStatus.PENDING for row in rows)
    for row in rows:
        assert TOURIST not in row.payload  # sealed at rest
        xml = vault.unseal(row.payload).encode("utf-8")
        SchemaValidator(CUSTOMS_XSD_DIR).validate(xml)
        verify_signature(xml)
    order_xml = etree.fromstring(vault.unseal(rows[0].payload).encode())
    head = order_xml.find("ceb:Order/ceb:OrderHead", NS)
    assert head.findtext("ceb:buyerIdNumber", namespaces=NS) == TOURIST
    assert Decimal(head.findtext("ceb:taxTotal", namespaces=NS)) == order.tax_total
    assert Decimal(head.findtext("ceb:acturalPaid", namespaces=NS)) == order.total
    list_xml = etree.fromstring(vault.unseal(rows[1].payload).encode())
    list_head = list_xml.find("ceb:Inventory/ceb:InventoryHead", NS)
    assert list_head.findtext("ceb:tradeMode", namespaces=NS) == "1210"
    assert list_head.findtext("ceb:logisticsNo", namespaces=NS) == order.bonded.logistics_no
    # the sandbox payment company and in-zone carrier declared their parts
    assert len(list((customs.folders.root / "payment").glob("CEB411_*.xml"))) == 1
    assert len(list((customs.folders.root / "carrier").glob("CEB511_*.xml"))) == 1
    assert order.bonded.payment_record["provider"] == "sandbox"


def test_released_by_customs_the_order_is_ready_with_a_code_and_a_qr_by_mail(
    app, db_session, place, pay, customs_round, mailbox, vault
):
    order = place({"BD-NZ-MILK-3": 1, "BD-AU-MACA-500": 2})
    pay(order)
    customs_round()
    customs_round()  # the 800 after the 120
    written = sorted(
        p.name.split("_")[0] for p in (app.extensions["customs"].folders.sent).iterdir()
    )
    assert written == ["CEB311", "CEB621"]  # unsealed on their way to the folder
    rows = declarations_of(db_session, order)
    assert rows[1].status is DeclarationStatus.RELEASED
    ready, refused = follow_customs_once()
    assert (ready, refused) == (1, 0)
    db_session.refresh(order)
    assert pickup_stage(order) is PickupStage.READY
    bonded = order.bonded
    assert bonded.pickup_code_digest and bonded.pickup_deadline and bonded.ready_at
    code = vault.unseal(bonded.pickup_code_sealed)
    (mail,) = [m for m in mailbox if order.number in m["Subject"]]
    # in the buyer's language (the order was placed in zh-hans), whatever sends it
    assert mail["Subject"] == translated(
        app, "zh-hans", "Your order %(number)s is ready for pickup", number=order.number
    )
    body = mail.get_body(("plain",)).get_content()
    assert f"{code[:4]}-{code[4:8]}-{code[8:]}" in body
    attachment = next(mail.iter_attachments())
    assert attachment.get_content_type() == "image/svg+xml"
    assert b"<svg" in attachment.get_content()
    events = [e for e in order.events if e.machine == "pickup"]
    assert events[-1].to_status == "ready"


def test_a_refusal_for_the_annual_limit_cancels_and_refunds_with_the_reason(
    app, db_session, place, pay, customs, customs_round, mailbox, vault, goods
):
    # bought elsewhere this year: customs counts across every platform
    simulator = customs.simulator()
    from catalog.base import utcnow

    simulator.bonded.record_purchases(SECOND_TOURIST, Decimal("25800.00"), utcnow())
    stock_before = goods["BD-FR-BDX-750"].stock
    order = place({"BD-FR-BDX-750": 1}, id_number=SECOND_TOURIST)
    assert used_this_year(
        db_session, vault.lookup_hash(SECOND_TOURIST), order.bonded.quota_year
    ) == Decimal("268.00")
    pay(order)
    customs_round()
    rows = declarations_of(db_session, order)
    assert rows[1].status is DeclarationStatus.REJECTED
    assert "订购人超过年度限额" in rows[1].return_info
    ready, refused = follow_customs_once()
    assert (ready, refused) == (0, 1)
    db_session.refresh(order)
    assert order.status is OrderStatus.CANCELLED
    assert order.payment_status is PaymentStatus.REFUNDED  # the sandbox refunds at once
    assert pickup_stage(order) is PickupStage.CANCELLED
    assert order.bonded.closing_reason == "customs_refused"
    assert "订购人超过年度限额" in order.bonded.closing_note
    db_session.refresh(goods["BD-FR-BDX-750"])
    assert goods["BD-FR-BDX-750"].stock == stock_before  # back on the shelf
    assert (
        used_this_year(db_session, vault.lookup_hash(SECOND_TOURIST), order.bonded.quota_year) == 0
    )
    (mail,) = [m for m in mailbox if order.number in m["Subject"]]
    assert "订购人超过年度限额" in mail.get_body(("plain",)).get_content()


def test_without_the_payment_declaration_customs_refuses_the_list(
    app, db_session, place, pay, customs, customs_round
):
    order = place({"BD-US-VITC-250": 1})
    pay(order)
    for path in (customs.folders.root / "payment").glob("*.xml"):
        path.unlink()  # the payment company never declared it
    customs_round()
    rows = declarations_of(db_session, order)
    assert rows[1].status is DeclarationStatus.REJECTED
    assert "未找到对应的支付单" in rows[1].return_info
