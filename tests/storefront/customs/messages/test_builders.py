"""Message builders: schema-valid output, exact element order, formats, and refusal of bad data."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from storefront.customs.messages.builders import (
    build_export_order,
    build_inventory,
    build_inventory_cancel,
    build_summary,
)
from storefront.customs.messages.codes import AppStatus, AppType
from storefront.customs.messages.documents import (
    Enterprise,
    ExportOrderDocument,
    InventoryCancelDocument,
    InventoryDocument,
    Sender,
    SummaryDocument,
    month_period,
)
from storefront.customs.messages.exceptions import DeclarationRejected
from storefront.customs.messages.message_xml import CEB_NAMESPACE
from storefront.customs.messages.schema import SchemaValidator
from storefront.customs.messages.wire_format import is_guid

XS = "{http://www.w3.org/2001/XMLSchema}"
NS = {"ceb": CEB_NAMESPACE}
MESSAGE_GUID = "C0FFEE00-1234-4ABC-8DEF-0123456789AB"
APP_TIME = datetime(2026, 3, 1, 2, 30, 0, tzinfo=UTC)  # 10:30 in Chenzhou


def xsd_sequence(xsd_dir: Path, element: str) -> list[tuple[str, bool]]:
    """(child name, required) in the order of the element's xs:sequence in the export XSD."""
    schema = etree.parse(str(xsd_dir / "ceb-export-202205.xsd")).getroot()
    declaration = schema.find(f"{XS}element[@name='{element}']")
    assert declaration is not None, element
    children = []
    for child in declaration.find(f"{XS}complexType/{XS}sequence"):
        if child.tag == f"{XS}element":
            name = child.get("name") or child.get("ref", "").split(":")[-1]
            children.append((name, child.get("minOccurs", "1") != "0"))
    return children


def assert_schema_order(xsd_dir: Path, element: etree._Element) -> None:
    expected = xsd_sequence(xsd_dir, etree.QName(element).localname)
    order = {name: position for position, (name, _required) in enumerate(expected)}
    actual = [etree.QName(child).localname for child in element]
    positions = [order[name] for name in actual]
    assert positions == sorted(positions), f"{actual} is not in schema order"
    missing = {name for name, required in expected if required} - set(actual)
    assert not missing, f"required elements missing: {missing}"


def text(root: etree._Element, path: str) -> str:
    found = root.find(path, NS)
    assert found is not None, path
    return found.text or ""


def test_export_order_is_schema_valid_and_ordered(
    order: ExportOrderDocument, sender: Sender, validator: SchemaValidator, xsd_dir: Path
) -> None:
    xml = build_export_order(order, sender, app_time=APP_TIME, message_guid=MESSAGE_GUID)
    validator.validate(xml)
    root = etree.fromstring(xml)
    assert etree.QName(root).localname == "CEB303Message"
    assert (root.get("guid"), root.get("version")) == (MESSAGE_GUID, "1.0")
    assert [etree.QName(child).localname for child in root] == ["Order", "BaseTransfer"]
    for path in ("ceb:Order/ceb:OrderHead", "ceb:Order/ceb:OrderList", "ceb:BaseTransfer"):
        for element in root.findall(path, NS):
            assert_schema_order(xsd_dir, element)
    assert text(root, ".//ceb:OrderHead/ceb:orderType") == "E"
    assert text(root, ".//ceb:OrderHead/ceb:guid") == order.guid
    assert text(root, ".//ceb:OrderHead/ceb:appTime") == "20260301103000"
    assert text(root, ".//ceb:OrderHead/ceb:appType") == "1"
    assert text(root, ".//ceb:OrderHead/ceb:appStatus") == "2"
    assert text(root, ".//ceb:OrderHead/ceb:goodsValue") == "264"
    assert text(root, ".//ceb:OrderHead/ceb:freight") == "45"
    assert text(root, ".//ceb:OrderHead/ceb:currency") == "142"
    units = [element.text for element in root.findall(".//ceb:OrderList/ceb:unit", NS)]
    assert units == ["008", "140"]
    assert root.find(".//ceb:OrderHead/ceb:note", NS) is None  # optional and empty: left out
    assert text(root, "ceb:BaseTransfer/ceb:dxpMode") == "DXP"


def test_inventory_is_schema_valid_and_ordered(
    inventory: InventoryDocument, sender: Sender, validator: SchemaValidator, xsd_dir: Path
) -> None:
    xml = build_inventory(inventory, sender, app_time=APP_TIME)
    validator.validate(xml)
    root = etree.fromstring(xml)
    head = root.find("ceb:Inventory/ceb:InventoryHead", NS)
    assert head is not None
    assert_schema_order(xsd_dir, head)
    for line in root.findall("ceb:Inventory/ceb:InventoryList", NS):
        assert_schema_order(xsd_dir, line)
    assert text(head, "ceb:ieFlag") == "E"
    assert text(head, "ceb:tradeMode") == "9610"
    assert text(head, "ceb:statisticsFlag") == "A"
    assert text(head, "ceb:trafMode") == "5"
    assert text(head, "ceb:country") == "132"
    assert text(head, "ceb:ieDate") == "20260302"
    assert text(head, "ceb:grossWeight") == "1.6"
    assert text(head, "ceb:netWeight") == "1.25"
    assert text(head, "ceb:fFlag") == "3"
    duck = root.find("ceb:Inventory/ceb:InventoryList", NS)
    assert duck is not None
    assert text(duck, "ceb:gcode") == "1602399100"
    assert (text(duck, "ceb:unit"), text(duck, "ceb:unit1")) == ("008", "035")
    assert (text(duck, "ceb:qty"), text(duck, "ceb:qty1")) == ("2", "1")
    assert text(duck, "ceb:country") == "132"  # final destination defaults to arrival country


def test_inventory_optional_fields_are_written_in_place(
    inventory: InventoryDocument, sender: Sender, validator: SchemaValidator, xsd_dir: Path
) -> None:
    document = replace(
        inventory,
        pre_no="B20260302000000123",
        invt_no="490020261000000123",
        bill_no="784-12345675",
        voyage_no="SQ851",
        note="试单",
        lines=(
            replace(
                inventory.lines[0],
                second_qty=Decimal("1"),
                second_unit="kg",
                destination_country="MY",
            ),
            inventory.lines[1],
        ),
    )
    xml = build_inventory(document, sender, app_time=APP_TIME, app_type=AppType.CHANGE)
    validator.validate(xml)
    root = etree.fromstring(xml)
    head = root.find("ceb:Inventory/ceb:InventoryHead", NS)
    assert head is not None
    assert_schema_order(xsd_dir, head)
    assert text(head, "ceb:appType") == "2"
    assert text(head, "ceb:preNo") == "B20260302000000123"
    duck = root.find("ceb:Inventory/ceb:InventoryList", NS)
    assert duck is not None
    assert_schema_order(xsd_dir, duck)
    assert (text(duck, "ceb:qty2"), text(duck, "ceb:unit2")) == ("1", "035")
    assert text(duck, "ceb:country") == "122"


def test_cancel_is_schema_valid_and_ordered(
    cancel: InventoryCancelDocument, sender: Sender, validator: SchemaValidator, xsd_dir: Path
) -> None:
    xml = build_inventory_cancel(cancel, sender, app_time=APP_TIME)
    validator.validate(xml)
    entry = etree.fromstring(xml).find("ceb:InvtCancel", NS)
    assert entry is not None
    assert_schema_order(xsd_dir, entry)
    assert text(entry, "ceb:appType") == "1"
    assert text(entry, "ceb:reason") == "买家取消订单，包裹未出境"


def test_summary_by_lists_is_schema_valid(
    summary: SummaryDocument, sender: Sender, validator: SchemaValidator, xsd_dir: Path
) -> None:
    xml = build_summary(summary, sender, app_time=APP_TIME)
    validator.validate(xml)
    apply = etree.fromstring(xml).find("ceb:SummaryApply", NS)
    assert apply is not None
    assert_schema_order(xsd_dir, apply)
    head = apply.find("ceb:SummaryApplyHead", NS)
    assert head is not None
    assert_schema_order(xsd_dir, head)
    assert [e.text for e in apply.findall("ceb:SummaryApplyList/ceb:invtNo", NS)] == list(
        summary.inventory_nos
    )
    assert (text(head, "ceb:msgCount"), text(head, "ceb:msgSeqNo")) == ("1", "1")
    assert head.find("ceb:startTime", NS) is None


def test_monthly_summary_by_period_is_schema_valid(
    summary: SummaryDocument, sender: Sender, validator: SchemaValidator
) -> None:
    start, end = month_period(2026, 2)
    document = replace(summary, inventory_nos=(), period_start=start, period_end=end)
    xml = build_summary(document, sender, app_time=APP_TIME)
    validator.validate(xml)
    head = etree.fromstring(xml).find("ceb:SummaryApply/ceb:SummaryApplyHead", NS)
    assert head is not None
    assert (text(head, "ceb:startTime"), text(head, "ceb:endTime")) == (
        "20260201000000",
        "20260228235959",
    )


def test_output_is_utf8_with_declaration(order: ExportOrderDocument, sender: Sender) -> None:
    xml = build_export_order(order, sender, app_time=APP_TIME)
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert "临武卤鸭".encode() in xml


def test_generated_guid_and_current_time_by_default(
    order: ExportOrderDocument, sender: Sender
) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    root = etree.fromstring(build_export_order(order, sender))
    assert is_guid(root.get("guid"))
    stamp = text(root, ".//ceb:appTime")
    app_time = datetime.strptime(stamp + "+0800", "%Y%m%d%H%M%S%z")
    assert before <= app_time <= datetime.now(UTC)


def test_stash_status(order: ExportOrderDocument, sender: Sender) -> None:
    xml = build_export_order(order, sender, app_time=APP_TIME, app_status=AppStatus.STASH)
    assert text(etree.fromstring(xml), ".//ceb:appStatus") == "1"


def test_amounts_are_plain_decimals(
    order: ExportOrderDocument, sender: Sender, validator: SchemaValidator
) -> None:
    line = replace(
        order.lines[1], qty=Decimal("3"), price=Decimal("33.33333"), total_price=Decimal("99.99999")
    )
    document = replace(
        order,
        lines=(order.lines[0], line),
        goods_value=Decimal("235.99999"),
        freight=Decimal("0E-2"),
    )
    xml = build_export_order(document, sender, app_time=APP_TIME)
    validator.validate(xml)
    root = etree.fromstring(xml)
    assert text(root, ".//ceb:goodsValue") == "235.99999"
    assert text(root, ".//ceb:freight") == "0"
    prices = [element.text for element in root.findall(".//ceb:OrderList/ceb:price", NS)]
    assert prices == ["68", "33.33333"]
    amount_names = ("goodsValue", "freight", "qty", "price", "totalPrice")
    amounts = [e.text or "" for name in amount_names for e in root.iterfind(f".//ceb:{name}", NS)]
    assert len(amounts) == 8
    assert all(re.fullmatch(r"\d+(\.\d{1,5})?", amount) for amount in amounts), amounts


@pytest.mark.parametrize(
    ("builder", "document_fixture", "change", "field"),
    [
        (build_inventory, "inventory", {"lines": ()}, "lines"),
        (build_export_order, "order", {"goods_value": Decimal("1")}, "goods_value"),
        (build_inventory_cancel, "cancel", {"invt_no": ""}, "invt_no"),
        (build_summary, "summary", {"inventory_nos": ()}, "inventory_nos"),
    ],
)
def test_builders_refuse_bad_documents(
    request: pytest.FixtureRequest,
    sender: Sender,
    builder: Callable[..., bytes],
    document_fixture: str,
    change: dict[str, object],
    field: str,
) -> None:
    document = replace(request.getfixturevalue(document_fixture), **change)
    with pytest.raises(DeclarationRejected) as raised:
        builder(document, sender, app_time=APP_TIME)
    assert field in {problem.field for problem in raised.value.problems}
    assert raised.value.message_type.startswith("CEB")


def test_builder_refuses_missing_hs_code_with_every_problem(
    inventory: InventoryDocument, sender: Sender
) -> None:
    lines = (replace(inventory.lines[0], hs_code=None), inventory.lines[1])
    document = replace(inventory, lines=lines, logistics=Enterprise("", "承运人"))
    with pytest.raises(DeclarationRejected) as raised:
        build_inventory(document, sender, app_time=APP_TIME)
    assert {problem.field for problem in raised.value.problems} == {
        "lines[0].hs_code",
        "logistics.code",
    }
    assert "CEB603Message not built, 2 problem(s)" in str(raised.value)


def test_builder_refuses_bad_sender_time_and_guid(
    order: ExportOrderDocument, sender: Sender
) -> None:
    with pytest.raises(DeclarationRejected) as raised:
        build_export_order(
            order,
            replace(sender, dxp_id=""),
            app_time=datetime(2026, 3, 1, 10, 0),  # noqa: DTZ001
            message_guid="not-a-guid",
        )
    assert {problem.field for problem in raised.value.problems} == {
        "sender.dxp_id",
        "app_time",
        "message_guid",
    }


def test_builder_refuses_unknown_app_type(order: ExportOrderDocument, sender: Sender) -> None:
    with pytest.raises(DeclarationRejected) as raised:
        build_export_order(order, sender, app_time=APP_TIME, app_type="9")  # type: ignore[arg-type]
    assert [problem.field for problem in raised.value.problems] == ["app_type"]
