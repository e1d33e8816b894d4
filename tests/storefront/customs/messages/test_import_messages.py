"""Bonded import (1210): CEB311, CEB621, CEB623, CEB625 (and the sandbox parties' CEB411,
CEB511) are valid against ceb-import-202205.xsd, in its element order, signed where the schema
demands a signature, and refused with every problem when the data is wrong."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from storefront.customs.messages.codes import TransportMode
from storefront.customs.messages.documents import Enterprise, Sender
from storefront.customs.messages.exceptions import DeclarationRejected
from storefront.customs.messages.import_builders import (
    build_import_cancel,
    build_import_inventory,
    build_import_order,
    build_import_return,
    build_import_waybill,
    build_payment,
)
from storefront.customs.messages.import_documents import (
    ImportInventoryDocument,
    ImportInventoryLine,
    ImportOrderDocument,
    ImportOrderLine,
    ImportWaybillDocument,
    ListWithdrawalDocument,
    Orderer,
    PaymentDocument,
    ReturnDocument,
    ReturnLine,
)
from storefront.customs.messages.message_xml import CEB_NAMESPACE
from storefront.customs.messages.receipt_builders import ReceiptEntry, build_receipt
from storefront.customs.messages.receipt_parser import parse_receipts
from storefront.customs.messages.signing import verify_signature

XS = "{http://www.w3.org/2001/XMLSchema}"
NS = {"ceb": CEB_NAMESPACE}
PLATFORM = Enterprise("4310960002", "郴州湘南跨境电商平台有限公司")
SELLER = Enterprise("4310960011", "郴州综保优选跨境电商有限公司")
CARRIER = Enterprise("4310980007", "郴州综保区物流配送有限公司")
WAREHOUSE = Enterprise("4310940001", "郴州综保区保税仓储有限公司")
PAY_COMPANY = Enterprise("4310960099", "沙箱支付有限公司")
BUYER = Orderer("王小明", "431002199003077358", "13800138000")
ORDER_NO = "CZB-20260301-0001"
APP_TIME = datetime(2026, 3, 1, 2, 30, tzinfo=UTC)
GUIDS = {
    "order": "6F1C2A9E-3B7D-4E21-9A55-0C8D7B1E4F03",
    "list": "A3E5B7C9-1D2F-4A6B-8C0D-2E4F6A8B0C1E",
    "cancel": "0B1C2D3E-4F5A-4B6C-9D7E-8F9A0B1C2D3F",
    "return": "5D6E7F80-9A1B-4C2D-8E3F-4A5B6C7D8E90",
    "payment": "7A6B5C4D-3E2F-4A1B-9C8D-7E6F5A4B3C2D",
    "waybill": "1A2B3C4D-5E6F-4A7B-8C9D-0E1F2A3B4C5D",
}


@pytest.fixture
def sender() -> Sender:
    return Sender(PLATFORM.code, PLATFORM.name, "DXPENT0000466001")


@pytest.fixture
def import_order() -> ImportOrderDocument:
    return ImportOrderDocument(
        guid=GUIDS["order"],
        order_no=ORDER_NO,
        ebp=PLATFORM,
        ebc=SELLER,
        goods_value=Decimal("596.00"),
        freight=Decimal("0"),
        discount=Decimal("0"),
        tax_total=Decimal("54.24"),
        actual_paid=Decimal("650.24"),
        buyer_reg_no="guest:CZB-20260301-0001",
        buyer=BUYER,
        consignee=BUYER.name,
        consignee_telephone=BUYER.telephone,
        consignee_address="湖南省郴州市北湖区郴州综合保税区跨境商品展示交易中心",
        pay_code=PAY_COMPANY.code,
        pay_name=PAY_COMPANY.name,
        pay_transaction_id="sbx_pi_0001",
        lines=(
            ImportOrderLine(1, "BD-MILK-900", "婴幼儿配方奶粉3段", "900克/罐", "can",
                            Decimal("2"), Decimal("248.00"), Decimal("496.00"), "NZ",
                            bar_code="9421902960017"),
            ImportOrderLine(2, "BD-SNACK-180", "夏威夷果仁", "180克/袋", "bag",
                            Decimal("1"), Decimal("100.00"), Decimal("100.00"), "AU"),
        ),
    )  # fmt: skip


@pytest.fixture
def import_inventory() -> ImportInventoryDocument:
    return ImportInventoryDocument(
        guid=GUIDS["list"],
        order_no=ORDER_NO,
        ebp=PLATFORM,
        ebc=SELLER,
        logistics=CARRIER,
        logistics_no="CZQ2026030100001",
        cop_no=ORDER_NO,
        assure_code=SELLER.code,
        declared_on=date(2026, 3, 1),
        customs_code="4900",
        port_code="4900",
        buyer=BUYER,
        consignee_address="湖南省郴州市北湖区郴州综合保税区跨境商品展示交易中心",
        agent=PLATFORM,
        transport_mode=TransportMode.ROAD,
        freight=Decimal("0"),
        insured_fee=Decimal("0"),
        gross_weight=Decimal("2.300"),
        net_weight=Decimal("1.980"),
        ems_no="T4900W000001",
        area=WAREHOUSE,
        lines=(
            ImportInventoryLine(1, "49002026BD000001", "BD-MILK-900", "婴幼儿配方奶粉3段",
                                "1901101000", "婴幼儿配方奶粉", "900克/罐", "NZ",
                                Decimal("2"), "can", Decimal("1.8"), "kg",
                                Decimal("248.00"), Decimal("496.00"), bar_code="9421902960017"),
            ImportInventoryLine(2, "49002026BD000009", "BD-SNACK-180", "夏威夷果仁",
                                "0802620000", "夏威夷果仁", "180克/袋", "AU",
                                Decimal("1"), "bag", Decimal("0.18"), "kg",
                                Decimal("100.00"), Decimal("100.00")),
        ),
    )  # fmt: skip


def withdrawal(guid: str, reason: str) -> ListWithdrawalDocument:
    return ListWithdrawalDocument(
        guid=guid,
        customs_code="4900",
        order_no=ORDER_NO,
        ebp=PLATFORM,
        ebc=SELLER,
        logistics=CARRIER,
        logistics_no="CZQ2026030100001",
        invt_no="490020261000000123",
        buyer=BUYER,
        agent=PLATFORM,
        reason=reason,
        cop_no=ORDER_NO,
        pre_no="B20260301000000001",
    )


def xsd_sequence(xsd_dir: Path, element: str) -> list[str]:
    """Child element names of ``element`` in the import XSD, in sequence order (any depth)."""
    schema = etree.parse(str(xsd_dir / "ceb-import-202205.xsd")).getroot()
    found = schema.xpath(f"//xs:element[@name='{element}']", namespaces={"xs": XS[1:-1]})
    assert found, element
    sequence = found[0].find(f"{XS}complexType/{XS}sequence")
    return [c.get("name") or c.get("ref", "").split(":")[-1] for c in sequence]


def assert_in_schema_order(xsd_dir: Path, element: etree._Element) -> None:
    expected = xsd_sequence(xsd_dir, etree.QName(element).localname)
    actual = [etree.QName(child).localname for child in element]
    positions = [expected.index(name) for name in actual]
    assert positions == sorted(positions), f"{actual} is not in schema order"


def all_messages(sender, import_order, import_inventory) -> dict[str, bytes]:
    kwargs = {"app_time": APP_TIME}
    return {
        "CEB311": build_import_order(import_order, sender, message_guid=GUIDS["order"], **kwargs),
        "CEB621": build_import_inventory(
            import_inventory, sender, message_guid=GUIDS["list"], **kwargs
        ),
        "CEB623": build_import_cancel(
            withdrawal(GUIDS["cancel"], "订单取消，货物未出区"), sender, **kwargs
        ),
        "CEB625": build_import_return(
            ReturnDocument(
                withdrawal(GUIDS["return"], "买家逾期未提货，退回保税仓"),
                (ReturnLine(1, "1901101000", "婴幼儿配方奶粉", Decimal("2"), "can"),),
            ),
            sender,
            **kwargs,
        ),
        "CEB411": build_payment(
            PaymentDocument(
                GUIDS["payment"], PAY_COMPANY, "sbx_pi_0001", ORDER_NO, PLATFORM, BUYER,
                Decimal("650.24"), APP_TIME,
            ),
            Sender(PAY_COMPANY.code, PAY_COMPANY.name, "DXPENT0000466099"),
            **kwargs,
        ),
        "CEB511": build_import_waybill(
            ImportWaybillDocument(
                GUIDS["waybill"], CARRIER, "CZQ2026030100001", ORDER_NO, Decimal("2.3"),
                BUYER.name, "湖南省郴州市北湖区郴州综合保税区跨境商品展示交易中心", BUYER.telephone,
                goods_info="婴幼儿配方奶粉、夏威夷果仁",
            ),
            Sender(CARRIER.code, CARRIER.name, "DXPLGS0000000002"),
            **kwargs,
        ),
    }  # fmt: skip


def test_every_import_message_is_valid_signed_and_in_schema_order(
    sender, import_order, import_inventory, validator, signer, xsd_dir
):
    for kind, unsigned in all_messages(sender, import_order, import_inventory).items():
        root = etree.fromstring(unsigned)
        assert etree.QName(root).localname == f"{kind}Message"
        for element in root.iter():
            if isinstance(element.tag, str) and len(element) and element is not root:
                if etree.QName(element).localname in ("BaseTransfer",):
                    continue
                assert_in_schema_order(xsd_dir, element)
        signed = signer.sign(unsigned)
        validator.validate(signed)
        assert verify_signature(signed) == signer.certificate
        assert etree.QName(etree.fromstring(signed)[-1]).localname == "Signature"


def test_cancel_return_and_list_refuse_to_validate_without_signature(
    sender, import_order, import_inventory, validator
):
    from storefront.customs.messages.exceptions import SchemaValidationError

    messages = all_messages(sender, import_order, import_inventory)
    for kind in ("CEB621", "CEB623", "CEB625"):
        with pytest.raises(SchemaValidationError):
            validator.validate(messages[kind])  # the import XSD makes ds:Signature mandatory
    validator.validate(messages["CEB311"])  # optional for the order


def test_the_order_carries_identity_tax_and_what_was_paid(sender, import_order):
    root = etree.fromstring(build_import_order(import_order, sender, app_time=APP_TIME))
    head = root.find("ceb:Order/ceb:OrderHead", NS)
    text = {etree.QName(child).localname: child.text for child in head}
    assert text["orderType"] == "I"
    assert text["buyerIdType"] == "1"
    assert text["buyerIdNumber"] == BUYER.id_number
    assert text["taxTotal"] == "54.24"
    assert text["acturalPaid"] == "650.24"  # the spec's spelling
    assert text["currency"] == "142"
    lines = root.findall("ceb:Order/ceb:OrderList", NS)
    assert [line.findtext("ceb:country", namespaces=NS) for line in lines] == ["609", "601"]


def test_the_list_is_bonded_1210_with_account_book_and_warehouse(sender, import_inventory):
    root = etree.fromstring(build_import_inventory(import_inventory, sender, app_time=APP_TIME))
    head = root.find("ceb:Inventory/ceb:InventoryHead", NS)
    assert head.findtext("ceb:tradeMode", namespaces=NS) == "1210"
    assert head.findtext("ceb:ieFlag", namespaces=NS) == "I"
    assert head.findtext("ceb:emsNo", namespaces=NS) == "T4900W000001"
    assert head.findtext("ceb:areaCode", namespaces=NS) == WAREHOUSE.code
    assert head.findtext("ceb:country", namespaces=NS) == "142"
    assert head.findtext("ceb:declTime", namespaces=NS) == "20260301"
    line = root.find("ceb:Inventory/ceb:InventoryList", NS)
    assert line.findtext("ceb:itemRecordNo", namespaces=NS) == "49002026BD000001"
    assert line.findtext("ceb:unit", namespaces=NS) == "122"  # 罐, what is sold
    assert line.findtext("ceb:unit1", namespaces=NS) == "035"  # 千克, the legal unit


def test_bad_documents_are_refused_with_every_problem_and_no_id_number(
    sender, import_order, import_inventory
):
    wrong_paid = replace(import_order, actual_paid=Decimal("600.00"))
    with pytest.raises(DeclarationRejected) as refused:
        build_import_order(wrong_paid, sender)
    assert "goods + freight + tax - discount is 650.24" in str(refused.value)

    usd = replace(import_order, currency="USD")
    with pytest.raises(DeclarationRejected, match="CNY"):
        build_import_order(usd, sender)

    no_book = replace(import_inventory, ems_no=None, area=None)
    no_record = replace(
        import_inventory,
        lines=(replace(import_inventory.lines[0], item_record_no=""), import_inventory.lines[1]),
    )
    for document, field in ((no_book, "ems_no"), (no_book, "area"), (no_record, "item_record_no")):
        with pytest.raises(DeclarationRejected) as refused:
            build_import_inventory(document, sender)
        assert field in str(refused.value)
    long_id = replace(import_inventory, buyer=Orderer("王小明", "4" * 61, "13800138000"))
    with pytest.raises(DeclarationRejected) as refused:
        build_import_inventory(long_id, sender)
    assert "4" * 20 not in str(refused.value)  # the number is never echoed
    assert repr(long_id.buyer) == "Orderer(id=4444…)"

    no_reason = withdrawal(GUIDS["cancel"], " ")
    with pytest.raises(DeclarationRejected, match="reason"):
        build_import_cancel(no_reason, sender)


@pytest.mark.parametrize(
    "message_type, keys",
    [
        ("CEB312Message", (("ebpCode", PLATFORM.code), ("ebcCode", SELLER.code), ("orderNo", ORDER_NO))),
        ("CEB622Message", (("customsCode", "4900"), ("copNo", ORDER_NO),
                           ("preNo", "B20260301000000001"), ("invtNo", "490020261000000123"))),
        ("CEB624Message", (("copNo", ORDER_NO), ("preNo", "B20260301000000001"),
                           ("invtNo", "490020261000000123"))),
        ("CEB626Message", (("copNo", ORDER_NO), ("preNo", "B20260301000000001"),
                           ("invtNo", "490020261000000123"))),
    ],
)  # fmt: skip
def test_import_receipts_are_schema_valid_and_parse(message_type, keys, validator):
    entry = ReceiptEntry(message_type, 800, "放行", APP_TIME, keys)
    data = build_receipt(entry)
    validator.validate(data)
    (receipt,) = parse_receipts(data)
    assert receipt.return_status == 800
    assert receipt.message_type == message_type
    values = dict(keys)
    assert receipt.cop_no == values.get("copNo")
    assert receipt.order_no == values.get("orderNo")


def test_the_in_zone_carriers_waybill_receipt_is_schema_valid(validator):
    """CEB512: what the simulator answers the carrier for its CEB511 (to the carrier side)."""
    keys = (("logisticsCode", "4301980002"), ("logisticsNo", "CZW20260301000001"))
    data = build_receipt(ReceiptEntry("CEB512Message", 120, "运单新增申报成功", APP_TIME, keys))
    validator.validate(data)
    root = etree.fromstring(data)
    assert etree.QName(root).localname == "CEB512Message"
    assert root.xpath("//*[local-name()='logisticsNo']/text()") == ["CZW20260301000001"]
    assert root.xpath("//*[local-name()='returnStatus']/text()") == ["120"]
