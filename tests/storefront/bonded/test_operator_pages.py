"""The operator's bonded pages: goods listed, created and edited with every value checked at its
field; bonded orders with the payment data customs may ask for (GACC 2018 No.179)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from storefront.accounts.models import User, UserRole
from storefront.pickup.goods import BondedGood
from tests.pickup_ids import THIRD_TOURIST

NEW_GOOD = {
    "sku": "BD-KR-GINSENG",
    "category": "health_food",
    "origin_country": "KR",
    "hs_code": "2106909090",
    "on_positive_list": "y",
    "item_record_no": "49002026BD000099",
    "ems_no": "T4900W000001",
    "barcode": "8801234567893",
    "price": "388.00",
    "vat_rate": "0.13",
    "consumption_tax_rate": "0",
    "high_end_threshold": "",
    "tariff_rate": "0.12",
    "net_content": "240",
    "content_unit": "g",
    "declared_unit": "box",
    "legal_unit": "kg",
    "legal_quantity": "0.24",
    "second_unit": "",
    "second_quantity": "",
    "net_weight_kg": "0.24",
    "gross_weight_kg": "0.4",
    "stock": "25",
    "is_published": "y",
    "name_zh_hans": "韩国红参精 240克",
    "name_en": "Korean red ginseng extract, 240 g",
    "summary_en": "Six-year-old red ginseng.",
}


def sign_in(client, session, role: UserRole) -> User:
    user = User(email=f"{role.value}@example.com", role=role, full_name="Operator")
    user.set_password("demo-password-2026")
    session.add(user)
    session.flush()
    client.post("/en/account/login", data={"email": user.email, "password": "demo-password-2026"})
    return user


def test_only_the_operator_manages_bonded_goods(client, db_session):
    sign_in(client, db_session, UserRole.SHOWROOM_STAFF)
    assert client.get("/en/admin/bonded/").status_code == 403


def test_the_operator_creates_a_good_shown_in_the_shop(client, db_session):
    sign_in(client, db_session, UserRole.OPERATOR)
    listing = client.get("/en/admin/bonded/").get_data(as_text=True)
    assert "BD-DE-KNIFE-7" in listing
    created = client.post("/en/admin/bonded/new", data=NEW_GOOD)
    assert created.status_code == 302
    good = db_session.scalars(select(BondedGood).where(BondedGood.sku == "BD-KR-GINSENG")).one()
    assert good.legal_unit == "kg" and good.price == 388
    assert {row.locale for row in good.translations} == {"zh-hans", "en"}
    assert "Korean red ginseng" in client.get("/en/bonded/").get_data(as_text=True)
    # no French text: the field falls back to the good's source language (Chinese)
    assert "韩国红参精" in client.get("/fr/bonded/goods/BD-KR-GINSENG").get_data(as_text=True)


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("hs_code", "210690909", "10 digits"),
        ("vat_rate", "13", "between 0 and 1"),
        ("consumption_tax_rate", "1", "below 1"),
        ("price", "-5", "between 0.01"),
        ("gross_weight_kg", "0.1", "less than the net weight"),
        ("second_quantity", "1.0", "together"),
        ("name_zh_hans", "", "Chinese name"),
        ("sku", "BD-DE-PAN-28", "already has this SKU"),
        ("barcode", "12ab", "8 to 14 digits"),
    ],
)
def test_a_bad_value_is_refused_at_its_field(client, db_session, field, value, words):
    sign_in(client, db_session, UserRole.OPERATOR)
    response = client.post("/en/admin/bonded/new", data={**NEW_GOOD, field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    block = re.search(rf'data-field="{field}".*?</div>', html, re.S).group(0)
    assert words in block and 'aria-invalid="true"' in block
    assert 'value="韩国红参精 240克"' in html or field == "name_zh_hans"  # nothing lost
    assert db_session.scalar(select(BondedGood.id).where(BondedGood.sku == "BD-KR-GINSENG")) is None


def test_the_operator_edits_stock_and_the_positive_list_flag(client, db_session, goods):
    sign_in(client, db_session, UserRole.OPERATOR)
    pan = goods["BD-DE-PAN-28"]
    page = client.get(f"/en/admin/bonded/{pan.id}").get_data(as_text=True)
    assert 'value="BD-DE-PAN-28"' in page and 'value="7323930000"' in page
    data = {**NEW_GOOD, "sku": pan.sku, "stock": "3", "name_zh_hans": "德国不锈钢煎锅 28厘米"}
    data.pop("on_positive_list")
    assert client.post(f"/en/admin/bonded/{pan.id}", data=data).status_code == 302
    db_session.refresh(pan)
    assert pan.stock == 3 and pan.on_positive_list is False
    assert "BD-DE-PAN-28" not in client.get("/en/bonded/").get_data(as_text=True)


def test_bonded_orders_and_their_payment_record_for_customs(client, db_session, place, pay):
    order = place({"BD-AU-MACA-500": 1}, id_number=THIRD_TOURIST)
    pay(order)
    sign_in(client, db_session, UserRole.OPERATOR)
    listing = client.get("/en/admin/bonded/orders").get_data(as_text=True)
    assert order.number in listing and order.bonded.id_masked in listing
    assert THIRD_TOURIST not in listing
    response = client.get(f"/en/admin/bonded/orders/{order.number}/payment-data.json")
    record = response.get_json()
    head = record["payExchangeInfoHead"]
    assert head["payTransactionId"] == order.payment_intent_reference
    assert head["totalAmount"] == str(order.total) and head["currency"] == "142"
    assert '"state": "paid"' in head["initalResponse"]
    (entry,) = record["payExchangeInfoLists"]
    assert entry["orderNo"] == order.number
    assert entry["goodsInfo"][0]["itemLink"].endswith("/zh-hans/bonded/goods/BD-AU-MACA-500")
    assert THIRD_TOURIST not in response.get_data(as_text=True)


def test_a_bonded_declaration_is_shown_unsealed_with_the_id_masked_and_resubmitted(
    client, db_session, place, pay, customs, goods
):
    from storefront.customs.declarations.models import CustomsDeclaration, DeclarationStatus

    goods["BD-AU-MACA-500"].item_record_no = ""  # data missing at payment: blocked
    db_session.flush()
    order = place({"BD-AU-MACA-500": 1}, id_number=THIRD_TOURIST)
    goods["BD-AU-MACA-500"].item_record_no = "49002026BD000009"
    db_session.flush()
    pay(order)
    sign_in(client, db_session, UserRole.OPERATOR)
    inventory = db_session.scalars(
        select(CustomsDeclaration).where(
            CustomsDeclaration.order_no == order.number,
            CustomsDeclaration.message_type == "CEB621",
        )
    ).one()
    assert inventory.status is DeclarationStatus.BLOCKED
    # the order line kept the good's data as sold; the operator fixes the order's record
    order.bonded.lines[0].item_record_no = "49002026BD000009"
    db_session.flush()
    response = client.post(f"/en/admin/customs/{inventory.id}/resubmit")
    assert response.status_code == 302
    rows = db_session.scalars(
        select(CustomsDeclaration)
        .where(CustomsDeclaration.order_no == order.number)
        .order_by(CustomsDeclaration.id)
    ).all()
    assert [row.status.value for row in rows] == ["superseded", "superseded", "pending", "pending"]
    page = client.get(f"/en/admin/customs/{rows[-1].id}").get_data(as_text=True)
    assert "CEB621Message" in page and "tradeMode" in page
    assert THIRD_TOURIST not in page and THIRD_TOURIST[:4] + "*" * 13 in page
